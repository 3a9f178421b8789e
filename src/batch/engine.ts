/**
 * The one batch engine, for the CLI and the service alike. A batch is: a ROW SOURCE checked
 * row by row before anything renders (the same check, caps and duplicate-reference rule
 * whatever the rows come from), a QUEUE of the rows that passed, claimed a few at a time and
 * rendered on worker threads, and an OUTCOME SINK that keeps what happened to every row.
 *
 * | seam   | CLI (`plainly batch`)                  | service (`POST /api/batches`, the web page) |
 * |--------|----------------------------------------|---------------------------------------------|
 * | source | the CSV/XLSX file (`SpreadsheetRows`)  | the stored upload, or the JSON rows (`JsonRows`) |
 * | queue  | in process, over the file's second pass (`StreamQueue`) | in process over the store's pending rows (SQLite, `StoredRowQueue`); a PostgreSQL queue can take its place |
 * | sink   | files + ZIP on disk (`FileOutcomeSink`) | the store, the letters folder and the document log (`StoreOutcomeSink`) |
 *
 * Nothing is dropped silently: every row ends up produced, held back, invalid or skipped, and
 * each sink checks the total before it reports the batch done.
 */
import { AppError } from '../core/index.js';
import type { LetterOutcome, LetterTask } from './letters.js';
import type { ProblemGroup, RowProblem } from './problems.js';
import type { WorkerPool } from './pool.js';
import { renderRows } from './render-rows.js';
import type { EncodingReport } from './encoding.js';
import type { PreparedTemplate, ValidRow } from './validate.js';

/** Problems (and held-back letters' findings) a service batch keeps in full; the rest are counted. */
export const LISTED_PER_BATCH = 1000;

/** What the check (pass 1) found, whatever the rows came from. */
export interface CheckReport {
  /** The file's name as people know it (`rows.json` for rows sent as JSON). */
  file: string;
  format: 'csv' | 'xlsx' | 'json';
  encoding?: EncodingReport;
  /** Rows that are letters. */
  total: number;
  valid: number;
  invalid: number;
  /** Row numbers of invalid rows, ascending. */
  invalidRows: number[];
  /** The reference of each invalid row that has one, for the manifest. */
  invalidReferences: Record<number, string>;
  /** Every problem, in row order (the first `maxProblems` of them when that was set). */
  problems: RowProblem[];
  /** How many problems there are, kept in `problems` or not. */
  problemTotal: number;
  /** How many problems each invalid row has (kept or not). */
  problemsPerRow: Map<number, number>;
  /** Problems grouped for people, largest group first. */
  summary: ProblemGroup[];
  /** Things worth knowing that are not row problems. */
  notes: string[];
}

/** Options for the check. */
export interface CheckOptions {
  /** Problems kept in full (default: all); the rest are counted and summarised. */
  maxProblems?: number;
  signal?: AbortSignal;
  /** Rows read so far, now and then. */
  onProgress?: (rowsRead: number) => void;
}

/**
 * ROW SOURCE: where a batch's rows come from. Checked in full first (pass 1, nothing rendered,
 * no row data kept), then read again for the rows that passed (pass 2), so memory holds only
 * the problems, never the rows.
 */
export interface RowSource {
  /** Pass 1: every row checked against the template. @throws AppError for input that cannot be used at all. */
  check(template: PreparedTemplate, options?: CheckOptions): Promise<CheckReport>;
  /** Pass 2: the rows that passed the check, with their data, in row order. */
  validRows(template: PreparedTemplate, report: CheckReport): AsyncIterable<ValidRow>;
}

/** A row that is not rendered: invalid (with its problems) or skipped (already sent). */
export type SettledRow =
  | {
      row: number;
      reference?: string;
      status: 'invalid';
      /** Why, in plain words (problems past the cap counted, not named). */
      reason: string;
      /** The problems kept in full (maybe none, past the cap). */
      problems: RowProblem[];
    }
  | { row: number; reference?: string; status: 'skipped'; reason: string };

/**
 * QUEUE: the rows to render, claimed a few at a time by whoever renders them.
 *
 * `StreamQueue` (the CLI) and `StoredRowQueue` (the service on SQLite, where one process holds
 * a batch under a lease) run in one process. A PostgreSQL queue (pg-boss, or `SELECT … FOR
 * UPDATE SKIP LOCKED` over the batch's pending rows) lets several instances render one batch;
 * it must guarantee:
 * - each row is produced exactly once across instances: a row claimed by one instance is not
 *   handed to another while that claim is alive, and a row whose outcome was stored is never
 *   handed out again (`done`, in the same transaction as the sink's write, or the sink's
 *   write itself made idempotent: the service records each row's document under the key
 *   `batch:<id>`/`row:<n>`, so a repeated row gets the same document back);
 * - a row claimed by an instance that died (no heartbeat within its lease) is claimed again
 *   by another, so no row is left pending for ever;
 * - `claim` returns rows in ascending row order within one call (output in row order), and
 *   an empty list only when no row is left unclaimed;
 * - `heartbeat` renews this instance's claims and says `false` once they were lost (then the
 *   caller stops: another instance has the rows).
 */
export interface RowQueue {
  /** Hands over the rows that passed the check, in row order (kept lazily, or stored). */
  enqueue(rows: AsyncIterable<ValidRow>): Promise<void>;
  /** Up to `max` rows to render now; none when there is nothing left to claim. */
  claim(max: number): Promise<ValidRow[]>;
  /** The row's outcome is kept by the sink: it is never handed out again. */
  done(row: number): Promise<void>;
  /** Renews this process's claims; false when they were lost (stop rendering). */
  heartbeat(): Promise<boolean>;
}

/** OUTCOME SINK: keeps what happened to every row. */
export interface OutcomeSink {
  /** The check's report (not called when a stored batch resumes after its check). */
  checked(report: CheckReport): Promise<void>;
  /** A row that is not rendered, in row order. */
  settle(entry: SettledRow): Promise<void>;
  /** Every row is now with the queue or settled (before rendering starts); a stored batch is then safe to resume. */
  queued?(): Promise<void>;
  /** A rendered row's outcome (in row order within one run). */
  outcome(row: ValidRow, outcome: LetterOutcome): Promise<void>;
  /** Every row is accounted for: write the last files, or mark the batch done. @throws AppError INTERNAL when rows do not add up. */
  finish(): Promise<void>;
}

/** An invalid row's reason: its problems, those past the cap counted rather than named. */
export function invalidReason(problems: readonly Pick<RowProblem, 'label' | 'message'>[]): string {
  return problems.map((problem) => (problem.label ? `${problem.label} ${problem.message}` : problem.message)).join('; ');
}

/** An invalid row's reason when only `kept` of its `count` problems are listed. */
export function cappedReason(kept: readonly RowProblem[], count: number): string {
  if (kept.length >= count) return invalidReason(kept);
  const more = count - kept.length;
  const counted = `${more === 1 ? '1 problem' : `${more.toLocaleString('en-GB')} problems`} not listed (only the first ${LISTED_PER_BATCH.toLocaleString('en-GB')} problems of a batch are listed)`;
  return kept.length > 0 ? `${invalidReason(kept)}; and ${counted}` : counted.charAt(0).toUpperCase() + counted.slice(1);
}

/** The invalid rows of a report as settled rows, in row order. */
export function* invalidEntries(report: CheckReport): Generator<SettledRow> {
  const byRow = new Map<number, RowProblem[]>();
  for (const problem of report.problems) {
    const list = byRow.get(problem.row);
    if (list) list.push(problem);
    else byRow.set(problem.row, [problem]);
  }
  for (const row of report.invalidRows) {
    const kept = byRow.get(row) ?? [];
    const count = report.problemsPerRow.get(row) ?? kept.length;
    yield { row, reference: report.invalidReferences[row], status: 'invalid', reason: cappedReason(kept, count), problems: kept };
  }
}

/** Options for `runEngine`. */
export interface EngineOptions {
  source: RowSource;
  template: PreparedTemplate;
  queue: RowQueue;
  /** The sink, or a function that opens it once the check passed (so unusable input writes nothing). */
  sink: OutcomeSink | ((report: CheckReport) => Promise<OutcomeSink>);
  /** Starts the worker pool, when there is a row to render (the engine closes it). */
  pool: () => Promise<WorkerPool<LetterTask, LetterOutcome>>;
  /** referenceKey of a row's reference → why it is skipped ("already sent on …"). */
  skip?: (reference: string | undefined) => string | undefined;
  check?: CheckOptions;
  signal?: AbortSignal;
  /** Stop between rows (the service shutting down): the rows left stay queued. */
  stopped?: () => boolean;
}

/**
 * Checks every row, hands the rows that passed to the queue and the others to the sink (in
 * row order), then renders. Returns the check's report.
 */
export async function runEngine(options: EngineOptions): Promise<{ report: CheckReport; finished: boolean }> {
  const { report, sink } = await checkRows(options);
  const finished = await produceRows({ ...options, sink });
  if (finished) await sink.finish();
  return { report, finished };
}

/**
 * The first half of `runEngine`: checks every row, hands the rows that passed to the queue and
 * the others to the sink (in row order), and tells the sink they are all queued. Nothing is
 * rendered: the service runs this on a thread of its own (check-thread.ts), then renders
 * from the stored queue.
 */
export async function checkRows(options: Omit<EngineOptions, 'pool' | 'stopped'>): Promise<{ report: CheckReport; sink: OutcomeSink }> {
  const report = await options.source.check(options.template, { ...options.check, signal: options.signal });
  const sink = typeof options.sink === 'function' ? await options.sink(report) : options.sink;
  await sink.checked(report);
  await options.queue.enqueue(routeRows({ ...options, sink }, report));
  await sink.queued?.();
  return { report, sink };
}

/**
 * Every row in row order: invalid rows (from the report) and skipped rows go to the sink as
 * they come; the rows to render are yielded, for the queue.
 */
async function* routeRows(options: Pick<EngineOptions, 'source' | 'template' | 'skip'> & { sink: OutcomeSink }, report: CheckReport): AsyncGenerator<ValidRow> {
  const invalid = invalidEntries(report);
  let nextInvalid = invalid.next();
  for await (const row of options.source.validRows(options.template, report)) {
    while (!nextInvalid.done && nextInvalid.value.row < row.row) {
      await options.sink.settle(nextInvalid.value);
      nextInvalid = invalid.next();
    }
    const skipped = options.skip?.(row.reference);
    if (skipped) await options.sink.settle({ row: row.row, reference: row.reference, status: 'skipped', reason: skipped });
    else yield row;
  }
  for (; !nextInvalid.done; nextInvalid = invalid.next()) await options.sink.settle(nextInvalid.value);
}

/**
 * Renders every row the queue hands out, until it has none left (true) or the run was
 * stopped or lost its claim (false). Outcomes reach the sink in row order.
 */
export async function produceRows(options: Pick<EngineOptions, 'queue' | 'pool' | 'signal' | 'stopped'> & { sink: OutcomeSink }): Promise<boolean> {
  const { queue, sink } = options;
  let pool: WorkerPool<LetterTask, LetterOutcome> | undefined;
  let lost = false;
  if (options.stopped?.()) return false;
  try {
    const first = await queue.claim(1);
    if (first.length === 0) return !options.stopped?.();
    pool = await options.pool();
    const chunk = pool.threads * 16;
    // Rows are claimed a chunk at a time as the pool takes them, so every thread stays busy.
    const claimed = async function* (): AsyncGenerator<ValidRow> {
      yield* first;
      for (;;) {
        if (options.stopped?.()) return;
        if (!(await queue.heartbeat())) {
          lost = true;
          return;
        }
        const rows = await queue.claim(chunk);
        if (rows.length === 0) return;
        yield* rows;
      }
    };
    await renderRows(
      claimed(),
      pool,
      async (row, outcome) => {
        if (options.stopped?.()) return; // left in the queue for the next run
        await sink.outcome(row, outcome);
        await queue.done(row.row);
      },
      { signal: options.signal },
    );
  } finally {
    await pool?.close();
  }
  return !lost && !options.stopped?.();
}

/** Options for a queue in one process. */
export interface StreamQueueOptions {
  /** Renews the process's hold on the batch (a lease); default: always held. */
  heartbeat?: () => Promise<boolean>;
}

/**
 * The in-process queue over a stream of rows (the CLI: the file's second pass). Rows are read
 * from the stream only as they are claimed, so none wait in memory.
 */
export class StreamQueue implements RowQueue {
  private rows: AsyncIterator<ValidRow> | undefined;

  constructor(private readonly options: StreamQueueOptions = {}) {}

  async enqueue(rows: AsyncIterable<ValidRow>): Promise<void> {
    if (this.rows) throw new AppError('INTERNAL', 'This batch queue already has its rows.');
    this.rows = rows[Symbol.asyncIterator]();
  }

  async claim(max: number): Promise<ValidRow[]> {
    const out: ValidRow[] = [];
    while (this.rows && out.length < max) {
      const next = await this.rows.next();
      if (next.done) {
        this.rows = undefined;
        break;
      }
      out.push(next.value);
    }
    return out;
  }

  async done(_row: number): Promise<void> {}

  heartbeat(): Promise<boolean> {
    return this.options.heartbeat?.() ?? Promise.resolve(true);
  }
}

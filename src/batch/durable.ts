/**
 * Durable batches for the HTTP service: the upload is kept on disk, every row and what
 * happened to it is stored, and a background loop in each service process claims unfinished
 * batches with a lease. Killing the process mid-batch loses nothing: on start the loop finds
 * the batch (its lease runs out), and only rows still `pending` are rendered. A letter whose
 * document was recorded just before the kill is not recorded twice: each row records its
 * document under the idempotency key `batch:<id>` / `row:<n>`, so the retry gets the same
 * document back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { AppError, type Config, describeError, type Finding, isAppError, sha256 } from '../core/index.js';
import type { Actor, Store } from '../store/index.js';
import { BatchRepository, type BatchRecord, type BatchRowRecord, type BatchRowStatus } from '../store/batches.js';
import type { Template } from '../pipeline/light.js';
import { LISTED_PER_BATCH, type OutcomeSink, produceRows } from './engine.js';
import { type CheckThread, checkInThread } from './check-thread.js';
import { checkStoredBatch, storedTemplate } from './stored-check.js';
import { excelSafeCsvLine } from './excel-safe.js';
import { HELD_BACK_FILE, HeldBackWriter, RENDER_FAILED_REASON } from './held-back.js';
import type { LetterOutcome, LetterTask, LetterWorkerOptions } from './letters.js';
import { MemoryProbe, memoryReportWanted } from './memory-probe.js';
import { CsvFileWriter, MANIFEST_HEADER, manifestCells } from './manifest.js';
import { ZipStreamWriter } from './output.js';
import { createWorkerPool, type WorkerPool } from './pool.js';
import { PrintPdfWriter } from './print.js';
import { PROBLEM_CSV_HEADER, problemCsvRow, type RowProblem } from './problems.js';
import { LETTER_WORKER } from './runner.js';
import { type ProblemListing, StoreOutcomeSink } from './store-sink.js';
import { StoredRowQueue } from './store-queue.js';
import type { SharedRowQueues } from './pg-queue.js';
import { type PreparedTemplate, prepareTemplate } from './validate.js';

export { LISTED_PER_BATCH } from './engine.js';

/** Options for the service. */
export interface BatchServiceOptions {
  store: Store;
  config: Config;
  /** Worker threads per batch (default: every core). */
  threads?: number;
  /** How long a claim on a batch lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** How often an idle process looks for work (default 2 s). */
  pollMs?: number;
  workerModule?: URL;
  /**
   * The stored template version a batch uses, parsed as the service parses it everywhere else
   * (with the partials of PLAINLY_TEMPLATES_DIR). Default: parsed here with those partials.
   */
  templateVersion?: (id: string, version: number) => Promise<Template>;
  /** Called when a batch fails for a reason that is not its input (never with row data). */
  onError?: (batchId: string, error: unknown) => void;
  /**
   * How many times in a row a batch may be claimed by a process that then dies holding it
   * (without progress) before it is failed rather than tried again (default 2,
   * `PLAINLY_BATCH_MAX_ATTEMPTS`). A spreadsheet that takes the process down would otherwise
   * take it down again on every restart.
   */
  maxAttempts?: number;
  /**
   * The rows' queue shared by several instances (PostgreSQL: pg-queue.ts). Without it a batch's
   * rows are claimed in process by the one process holding its lease (StoredRowQueue); with it,
   * every instance also claims rows of running batches it does not hold.
   */
  rowQueues?: SharedRowQueues;
  /**
   * Check each batch's upload and store its rows on a thread of its own that ends with the
   * check (check-thread.ts), so the main thread's heap does not grow by what the check
   * allocates (the service: true; default false). It opens its own connection to the store
   * of `config`, so `store` must be that store, and parses the batch's template version itself
   * with the partials of `config.templatesDir` (as `templateVersion` does in the service). Not
   * with `rowQueues`, nor on a PostgreSQL store (the check runs in the main thread then).
   */
  checkInThread?: boolean;
}

/** A new batch: an uploaded spreadsheet on disk, or rows given as JSON. */
export type BatchInput =
  | { kind: 'file'; path: string; name: string }
  | { kind: 'rows'; rows: Record<string, unknown>[] };

/** What `GET /api/batches/:id` shows. */
export interface BatchView {
  id: string;
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  status: BatchRecord['status'];
  fileName: string;
  createdAt: string;
  updatedAt: string;
  totals: { total: number; produced: number; heldBack: number; invalid: number; pending: number; skipped: number };
  progress: { done: number; total: number; percent: number };
  /** Problems grouped for people ("Postcode is not a UK postcode in 3 rows: rows 4, 17 and 203"). */
  summary: string[];
  notes: string[];
  /** Row problems, in row order (the first 1,000 of the batch; GET …/problems has the same ones). */
  problems: Array<Pick<RowProblem, 'row' | 'column' | 'field' | 'message'>>;
  /** Every problem found, listed or not. */
  problemsTotal: number;
  /** Problems past the first 1,000: counted (and grouped in `summary`), not listed or stored. */
  problemsNotListed: number;
  /** Letters held back, with the reason (the first 1,000). */
  heldBack: Array<{ row: number; reference: string | null; reason: string | null }>;
  /** Rows not made because their reference was already sent ("already sent on …"; the first 1,000). */
  skipped: Array<{ row: number; reference: string | null; reason: string | null }>;
  error: string | null;
}

const SHOWN = LISTED_PER_BATCH;

/** The sentence people read when some problems are not listed. */
export function notListedNote(notListed: number): string {
  return `Only the first ${LISTED_PER_BATCH.toLocaleString('en-GB')} problems are listed; ${notListed.toLocaleString('en-GB')} more ${notListed === 1 ? 'is' : 'are'} counted in the summary but not listed. Fix the rows listed and send the file again to see the rest.`;
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Batches run in the background of the HTTP service. */
export class BatchService {
  readonly repo: BatchRepository;
  private readonly owner = randomUUID();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private activePool: WorkerPool<LetterTask, LetterOutcome> | null = null;
  private activeCheck: CheckThread | null = null;

  constructor(private readonly options: BatchServiceOptions) {
    this.repo = new BatchRepository(options.store.runtime);
    this.leaseMs = options.leaseMs ?? Number(process.env.PLAINLY_BATCH_LEASE_MS ?? 30_000);
    this.pollMs = options.pollMs ?? 2000;
    this.maxAttempts = options.maxAttempts ?? Number(process.env.PLAINLY_BATCH_MAX_ATTEMPTS ?? 2);
    this.threads = options.threads ?? options.config.batchThreads;
    this.checkApart = options.checkInThread ?? false;
  }

  /** Whether a batch's check runs on a thread of its own (BatchServiceOptions.checkInThread). */
  private readonly checkApart: boolean;

  /** Rendering threads per batch (undefined: the pool's default, one per core). */
  private readonly threads: number | undefined;

  private readonly maxAttempts: number;

  /** Where a batch's files live. */
  batchDir(id: string): string {
    return path.join(this.options.config.dataDir, 'batches', id);
  }

  /** Starts the background loop (it also picks up batches a stopped process left unfinished). */
  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops the loop after the row in hand; the batch is left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.activeCheck?.stop();
    await this.activePool?.close();
    await this.loop;
    this.loop = null;
    await this.options.rowQueues?.stop();
  }

  /**
   * Erases the personal data of batches older than the retention period (the same period as
   * the document log): stored letters, row data and problem details. Counts and statuses stay.
   */
  async eraseExpired(cutoff: Date): Promise<number> {
    const ids = await this.repo.expired(cutoff);
    for (const id of ids) {
      const batch = await this.repo.get(id);
      await rm(this.batchDir(id), { recursive: true, force: true });
      await this.repo.erase(id, { ...((batch?.report as object | null) ?? {}), summary: [], notes: [], erased: true });
    }
    return ids.length;
  }

  private lastSweep = 0;

  private async sweep(): Promise<void> {
    const now = this.options.store.runtime.now().getTime();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    await this.eraseExpired(new Date(now - this.options.config.retentionDays * 86_400_000)).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sweep();
      let batch: BatchRecord | undefined;
      try {
        batch = await this.repo.claim(this.owner, this.leaseMs);
      } catch {
        batch = undefined; // the store is busy or closing: look again later
      }
      if (batch) {
        // `attempts` counts this claim: more than maxAttempts means the processes that claimed
        // it before all died holding it, without progress. Trying again would only do that again.
        if (batch.attempts > this.maxAttempts) await this.giveUp(batch);
        else await this.process(batch);
        // With a shared queue the rows left may be in other instances' hands: pause, do not claim it again at once.
        if (!this.options.rowQueues) continue;
      } else if (this.options.rowQueues && (await this.helpWithRows())) {
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /**
   * Creates a batch (202 in the API). The same input sent again with the same Idempotency-Key
   * by the same caller returns the first batch; the same key with different input is refused.
   * @throws AppError TEMPLATE_NOT_FOUND, CONFLICT (key reused for other input), VALIDATION_FAILED (no rows).
   */
  async submit(input: { templateId: string; input: BatchInput; mapping?: Record<string, string>; actor: Actor; idempotencyKey?: string; skip?: Record<string, string> }): Promise<{ batch: BatchRecord; replayed: boolean }> {
    const { store } = this.options;
    const mapping = input.mapping ?? {};
    const contentHash = input.input.kind === 'file' ? await fileSha256(input.input.path) : sha256(JSON.stringify(input.input.rows));
    const requestSha256 = sha256([input.templateId, JSON.stringify(mapping), contentHash].join('\n'));
    if (input.idempotencyKey) {
      const earlier = await this.repo.findIdempotent(input.actor.id, input.idempotencyKey);
      if (earlier) {
        if (earlier.requestSha256 !== requestSha256) {
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used for a different batch. Use a new key for a new file.');
        }
        return { batch: earlier, replayed: true };
      }
    }
    const published = (await store.templates.published()).find((t) => t.id === input.templateId);
    if (!published) throw new AppError('TEMPLATE_NOT_FOUND', `There is no published template "${input.templateId}".`, { id: input.templateId });
    const lexiconVersion = await store.lexicon.currentVersion();
    const id = randomUUID();
    const dir = this.batchDir(id);
    await mkdir(path.join(dir, 'letters'), { recursive: true });
    // References to skip (already sent: src/batch/already-sent.ts), kept until validation.
    if (input.skip && Object.keys(input.skip).length > 0) await writeFile(path.join(dir, 'skip.json'), JSON.stringify(input.skip));
    let fileName: string;
    let inputKind: string;
    if (input.input.kind === 'file') {
      fileName = path.basename(input.input.name) || 'upload';
      inputKind = 'file';
      await rename(input.input.path, path.join(dir, 'input'));
    } else {
      fileName = 'rows.json';
      inputKind = 'rows';
      await writeFile(path.join(dir, 'input'), JSON.stringify(input.input.rows));
    }
    try {
      const batch = await this.repo.create({
        id,
        templateId: input.templateId,
        templateVersion: published.version,
        lexiconVersion,
        fileName,
        inputKind,
        mapping,
        actor: input.actor,
        requestSha256,
        idempotency: input.idempotencyKey ? { principal: input.actor.id, key: input.idempotencyKey } : undefined,
      });
      this.wake?.();
      return { batch, replayed: false };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      // Two requests with one key at the same moment: the unique index lets one through.
      if (input.idempotencyKey) {
        const earlier = await this.repo.findIdempotent(input.actor.id, input.idempotencyKey);
        if (earlier && earlier.requestSha256 === requestSha256) return { batch: earlier, replayed: true };
      }
      throw error;
    }
  }

  /** The template and lexicon the batch was created with (the same on every resume). */
  private async versions(batch: BatchRecord): Promise<{ template: PreparedTemplate; worker: LetterWorkerOptions }> {
    const { store, config } = this.options;
    const version = await store.templates.version(batch.templateId, batch.templateVersion);
    if (!version) throw new AppError('TEMPLATE_NOT_FOUND', `Template ${batch.templateId} version ${batch.templateVersion} is no longer in the store.`);
    const snapshot = await store.lexicon.snapshot(batch.lexiconVersion);
    if (!snapshot) throw new AppError('NOT_FOUND', `Lexicon version ${batch.lexiconVersion} is no longer in the store.`);
    const file = `db:${batch.templateId}@${batch.templateVersion}`;
    // Parsed with the configured partials, as every other use of a stored version is (the
    // workers are told the same folder), so a batch letter re-creates byte for byte.
    const template = this.options.templateVersion
      ? prepareTemplate(await this.options.templateVersion(batch.templateId, batch.templateVersion))
      : await storedTemplate(store, batch, config.templatesDir);
    return {
      template,
      worker: { templateId: batch.templateId, templateSource: { source: version.source, file }, templatesDir: config.templatesDir, lexiconEntries: snapshot.entries, brandingFile: config.brandingFile },
    };
  }

  /**
   * Runs a claimed batch on the engine: the stored upload is the row source, the batch's
   * pending rows the queue, the store the sink. The check (checkStoredBatch) stores every row,
   * on a thread of its own when `checkInThread` is set; then the pending rows are rendered. A
   * batch claimed again after its check (the process that checked it stopped) only renders
   * its rows still pending.
   */
  private async process(batch: BatchRecord): Promise<void> {
    const hold = () => this.repo.renew(batch.id, this.owner, this.leaseMs);
    const heartbeat = setInterval(() => void hold().catch(() => undefined), Math.max(200, this.leaseMs / 3));
    heartbeat.unref();
    let probe: MemoryProbe | undefined;
    try {
      const { template, worker } = await this.versions(batch);
      const dir = this.batchDir(batch.id);
      const stored = await StoreOutcomeSink.open(this.options.store, this.repo, batch, dir, hold);
      // PLAINLY_BATCH_MEMORY_REPORT=1 (the bench): each thread's memory, written to memory.json.
      probe = memoryReportWanted() ? new MemoryProbe() : undefined;
      const sink = probe ? probedSink(stored, probe) : stored;
      const queue = this.options.rowQueues?.queue(this.repo, batch.id) ?? new StoredRowQueue(this.repo, batch.id, hold);
      const pool = async () => {
        probe?.mark('render');
        const started = await createWorkerPool<LetterTask, LetterOutcome>(this.options.workerModule ?? LETTER_WORKER, { threads: this.threads, options: worker });
        this.activePool = started;
        return started;
      };
      const stopped = () => this.stopped;
      if (batch.status === 'validating') {
        const { store, config } = this.options;
        // The thread opens the store from the configuration, so only a SQLite store (the one in
        // config.dataDir) is checked there; on PostgreSQL the check stays here, as it does with
        // a shared row queue (a store opened apart from its configuration, as the PostgreSQL
        // test runs do, would otherwise be checked in the wrong database).
        if (this.checkApart && !this.options.rowQueues && store.dialect === 'sqlite') {
          // On a thread of its own, which gives its memory back when it ends (check-thread.ts).
          const thread = await checkInThread({ batchId: batch.id, dir, dataDir: config.dataDir, databaseUrl: config.databaseUrl, templatesDir: config.templatesDir, spreadsheetLimitBytes: config.spreadsheetLimitBytes, owner: this.owner, leaseMs: this.leaseMs });
          this.activeCheck = thread;
          try {
            await thread.done;
          } finally {
            this.activeCheck = null;
          }
        } else {
          await checkStoredBatch({ store, repo: this.repo, batch, dir, template, spreadsheetLimitBytes: config.spreadsheetLimitBytes, hold, queue });
        }
      }
      if (await produceRows({ queue, sink, pool, stopped })) await sink.finish();
    } catch (error) {
      if (this.stopped) return;
      const message = isAppError(error) ? describeError(error) : 'Something went wrong on our side while making this batch.';
      if (!isAppError(error)) this.options.onError?.(batch.id, error);
      await this.fail(batch.id, message);
    } finally {
      await probe?.write(this.batchDir(batch.id)).catch(() => undefined);
      this.activePool = null;
      clearInterval(heartbeat);
      await this.repo.release(batch.id, this.owner).catch(() => undefined);
    }
  }

  /**
   * Renders rows of a running batch another instance holds, from the shared queue (PostgreSQL).
   * True when there was one.
   */
  private async helpWithRows(): Promise<boolean> {
    const waiting = await this.options.rowQueues!.waiting().catch(() => [] as string[]);
    for (const id of waiting) {
      const batch = await this.repo.get(id);
      // Only once its check is over: until then its rows are being stored by the instance checking it.
      if (batch?.status === 'running') {
        await this.process(batch);
        return true;
      }
    }
    return false;
  }

  /**
   * Marks a batch failed and deletes its uploaded spreadsheet (personal data that will never
   * be read again: docs/batch.md promises it is not kept). Rows already stored stay, for the
   * status page, until the retention period ends.
   */
  private async fail(id: string, message: string): Promise<void> {
    // The file goes first: once the status says failed, nothing of the upload is left.
    await rm(path.join(this.batchDir(id), 'input'), { force: true }).catch(() => undefined);
    await this.repo.update(id, { status: 'failed', error: message }).catch(() => undefined);
  }

  /** Fails a batch that processes keep dying on, saying why, instead of claiming it forever. */
  private async giveUp(batch: BatchRecord): Promise<void> {
    const tries = batch.attempts - 1;
    const during = batch.status === 'validating' ? 'while it read the spreadsheet' : 'while it made the letters';
    await this.fail(
      batch.id,
      `Plainly stopped ${tries} times ${during}, so it has stopped trying (the most is ${this.maxAttempts}). A spreadsheet that needs more memory than the service has can do this: check the file, split it into smaller files, or save it as "CSV UTF-8", and send it again.`,
    );
    this.options.onError?.(batch.id, new Error(`batch abandoned after ${tries} attempts`));
    await this.repo.release(batch.id, this.owner).catch(() => undefined);
  }

  /** What the status page and `GET /api/batches/:id` show. @throws AppError NOT_FOUND. */
  async view(id: string): Promise<BatchView> {
    const batch = await this.repo.get(id);
    if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${id}.`);
    const counts = await this.repo.counts(id);
    const report = (batch.report ?? {}) as { summary?: string[]; notes?: string[]; problems?: ProblemListing };
    const invalid = await this.repo.rows(id, { status: ['invalid'], limit: SHOWN });
    const held = await this.repo.rows(id, { status: ['held'], limit: SHOWN });
    const skipped = counts.skipped > 0 ? await this.repo.rows(id, { status: ['skipped'], limit: SHOWN }) : [];
    const problems = invalid.flatMap((row) => ((row.detail as RowProblem[] | null) ?? []).map((p) => ({ row: p.row, column: p.column, field: p.field, message: p.label ? `${p.label} ${p.message}` : p.message }))).slice(0, SHOWN);
    const done = counts.produced + counts.held + counts.invalid + counts.skipped;
    const total = batch.total || done + counts.pending;
    // Batches from before the cap have no listing: every problem they found is stored.
    const problemsTotal = report.problems?.total ?? problems.length;
    const problemsNotListed = report.problems ? report.problems.total - report.problems.listed : 0;
    const notes = [...(report.notes ?? [])];
    if (problemsNotListed > 0) notes.push(notListedNote(problemsNotListed));
    return {
      id,
      templateId: batch.templateId,
      templateVersion: batch.templateVersion,
      lexiconVersion: batch.lexiconVersion,
      status: batch.status,
      fileName: batch.fileName,
      createdAt: batch.createdAt,
      updatedAt: batch.updatedAt,
      totals: { total, produced: counts.produced, heldBack: counts.held, invalid: counts.invalid, pending: counts.pending, skipped: counts.skipped },
      progress: { done, total, percent: total === 0 ? 0 : Math.floor((done / total) * 100) },
      summary: report.summary ?? [],
      notes,
      problems,
      problemsTotal,
      problemsNotListed,
      heldBack: held.map((row) => ({ row: row.row, reference: row.reference, reason: row.reason })),
      skipped: skipped.map((row) => ({ row: row.row, reference: row.reference, reason: `skipped: ${row.reason ?? 'already sent'}` })),
      error: batch.error,
    };
  }

  /** Every row problem of a batch as an Excel-safe CSV. */
  async writeProblems(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    out.write('\ufeff' + excelSafeCsvLine([...PROBLEM_CSV_HEADER]));
    for await (const row of this.allRows(id, ['invalid'])) {
      for (const problem of (row.detail as RowProblem[] | null) ?? []) out.write(excelSafeCsvLine(problemCsvRow(problem)));
    }
    const notListed = notListedOf(batch);
    // The last line says so when the list stops short, so nobody takes it for every problem.
    if (notListed > 0) out.write(excelSafeCsvLine(['', '', '', notListedNote(notListed)]));
    out.end();
  }

  private async requireBatch(id: string): Promise<BatchRecord> {
    const batch = await this.repo.get(id);
    if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${id}.`);
    return batch;
  }

  private async *allRows(id: string, status?: BatchRowStatus[]): AsyncGenerator<Omit<BatchRowRecord, 'data'>> {
    let after = 0;
    for (;;) {
      const page = await this.repo.rows(id, { afterRow: after, limit: 1000, status });
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1].row;
    }
  }

  /**
   * Streams one print-ready PDF of the batch's letters in row order, each starting on an odd
   * page. Built on request from the stored letters, in a temporary file (flat memory).
   * @throws AppError NOT_FOUND, or CONFLICT while the batch is still running or has no letters.
   */
  async writePrint(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    if ((batch.report as { erased?: boolean } | null)?.erased) {
      throw new AppError('NOT_FOUND', `The letters of batch ${id} were deleted at the end of the retention period; the document log still records each one.`);
    }
    if (batch.status !== 'done') throw new AppError('CONFLICT', `Batch ${id} is not finished; its print PDF can be downloaded when its status is "done".`);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plainly-print-'));
    try {
      const writer = await PrintPdfWriter.open(path.join(folder, 'print.pdf'));
      const letters = path.join(this.batchDir(id), 'letters');
      for await (const row of this.allRows(id, ['produced'])) {
        if (row.file) await writer.addLetter(await readFile(path.join(letters, row.file)));
      }
      const summary = await writer.finish();
      if (summary.letters === 0) throw new AppError('CONFLICT', `Batch ${id} produced no letters, so there is nothing to print.`);
      await pipeline(createReadStream(writer.file), out);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Streams the batch's ZIP: the letters, manifest.csv, problems.csv and held-back.csv.
   * @throws AppError NOT_FOUND, or CONFLICT while the batch is still running.
   */
  async writeZip(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    if ((batch.report as { erased?: boolean } | null)?.erased) {
      throw new AppError('NOT_FOUND', `The letters of batch ${id} were deleted at the end of the retention period; the document log still records each one.`);
    }
    if (batch.status !== 'done') {
      throw new AppError('CONFLICT', batch.status === 'failed' ? `Batch ${id} failed: ${batch.error ?? 'see its status'}` : `Batch ${id} is still being made; its letters can be downloaded when its status is "done".`);
    }
    const manifest = await CsvFileWriter.open('manifest.csv', [...MANIFEST_HEADER]);
    const problems = await CsvFileWriter.open('problems.csv', [...PROBLEM_CSV_HEADER]);
    const held = await HeldBackWriter.open();
    // The writer owns every entry from the moment it is added (letters are read into it, the
    // CSV files are opened by it), so removing the temporary files below can never race it.
    const zip = new ZipStreamWriter(out, { mtime: new Date(batch.createdAt) });
    try {
      const letters = path.join(this.batchDir(id), 'letters');
      let anyProblem = false;
      let heldUnlisted = 0;
      for await (const row of this.allRows(id)) {
        // One letter in memory at a time; the writer waits while 16 MB are queued (a slow client).
        if (row.status === 'produced' && row.file) await zip.add(row.file, await readFile(path.join(letters, row.file)));
        await manifest.row(manifestCells({ row: row.row, reference: row.reference ?? undefined, documentId: row.documentId ?? undefined, file: row.file ?? undefined, sha256: row.sha256 ?? undefined, status: row.status as Exclude<BatchRowStatus, 'pending'>, reason: row.reason ?? undefined }));
        if (row.status === 'invalid') {
          for (const problem of (row.detail as RowProblem[] | null) ?? []) {
            if ('label' in problem) {
              anyProblem = true;
              await problems.row(problemCsvRow(problem));
            }
          }
        }
        if (row.status === 'held') {
          if (row.detail === null && row.reason !== RENDER_FAILED_REASON) heldUnlisted++;
          await held.add(row.row, row.reference, (row.detail as Finding[] | null) ?? []);
        }
      }
      const notListed = notListedOf(batch);
      if (notListed > 0) {
        anyProblem = true;
        await problems.row(['', '', '', notListedNote(notListed)]);
      }
      await held.notListed(heldUnlisted);
      await Promise.all([manifest.close(), problems.close(), held.close()]);
      await zip.addFromDisk('manifest.csv', manifest.file);
      if (anyProblem) await zip.addFromDisk('problems.csv', problems.file);
      if (held.lines > 0) await zip.addFromDisk(HELD_BACK_FILE, held.file);
      await zip.finish();
    } catch (error) {
      await zip.abort();
      throw error;
    } finally {
      await Promise.all([manifest.remove(), problems.remove(), held.remove()]);
    }
  }
}

/** The sink, with each rendering thread's memory (sent back with every row) handed to the probe. */
function probedSink(sink: StoreOutcomeSink, probe: MemoryProbe): OutcomeSink {
  return {
    checked: (report) => sink.checked(report),
    settle: (entry) => sink.settle(entry),
    queued: () => sink.queued(),
    outcome: (row, outcome) => {
      probe.addThread(outcome.memory);
      return sink.outcome(row, outcome);
    },
    finish: () => sink.finish(),
  };
}

/** Problems a batch found but did not list (0 for batches from before the cap). */
function notListedOf(batch: BatchRecord): number {
  const listing = (batch.report as { problems?: ProblemListing } | null)?.problems;
  return listing ? listing.total - listing.listed : 0;
}

const services = new WeakMap<object, BatchService>();

/** Starts the batch service of an app (one per app context) and returns it. */
export function startBatchService(key: object, options: BatchServiceOptions): BatchService {
  let service = services.get(key);
  if (!service) {
    service = new BatchService(options);
    services.set(key, service);
  }
  service.start();
  return service;
}

/** The batch service of an app context. @throws AppError INTERNAL when the app did not start one. */
export function batchServiceOf(key: object): BatchService {
  const service = services.get(key);
  if (!service) throw new AppError('INTERNAL', 'Batches are not available in this process.');
  return service;
}


/**
 * Runs a batch locally (the CLI) on the batch engine (engine.ts): the spreadsheet is the row
 * source, an in-process queue reads its second pass as rows are claimed, and the letters are
 * streamed into a ZIP or folder with a manifest, the full list of row problems, and the
 * findings of every letter held back (file-sink.ts).
 *
 * Nothing is dropped silently: every row that is a letter ends up produced, held back or
 * invalid, and the sink checks that total = produced + held back + invalid before it
 * reports success.
 */
import type { FindingSummary } from '../core/index.js';
import { runEngine, StreamQueue } from './engine.js';
import { FileOutcomeSink } from './file-sink.js';
import type { LetterOutcome, LetterTask, LetterWorkerOptions, ThreadMemory } from './letters.js';
import type { InputLimits } from './limits.js';
import { createWorkerPool, type WorkerPool } from './pool.js';
import type { SpreadsheetSource } from './source.js';
import { SpreadsheetRows } from './sources.js';
import { type BatchTemplate, prepareTemplate, type ValidationReport } from './validate.js';

export { heldReason } from './held-back.js';
export { invalidReason } from './engine.js';

/** Where a batch is up to, for progress bars. */
export interface BatchProgress {
  phase: 'validating' | 'rendering' | 'finishing';
  /** Rows read (validating) or rows finished (rendering). */
  done: number;
  /** Rows to do, once known. */
  total?: number;
  produced: number;
  held: number;
  invalid: number;
}

/** Options for a local batch. */
export interface RunBatchOptions {
  /** The template, as loaded by src/templates (its fields and `validate`). */
  template: BatchTemplate;
  source: SpreadsheetSource;
  /** A folder, or a file ending `.zip`. */
  out: string;
  /** What each worker needs to build its pipeline. */
  worker: LetterWorkerOptions;
  /** The task module workers run (default: the real letter worker). */
  workerModule?: URL;
  threads?: number;
  mapping?: Record<string, string>;
  limits?: InputLimits;
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
  /** Time stamped on ZIP entries. */
  mtime?: Date;
  /** Also write print.pdf: every letter in row order, each starting on an odd page (duplex). */
  print?: boolean;
}

/** What a batch did. */
export interface BatchResult {
  validation: ValidationReport;
  total: number;
  produced: number;
  held: number;
  invalid: number;
  /** Where the output was written. */
  output: string;
  /** Files written beside the letters. */
  files: string[];
  /** Findings (warnings and suggestions) across produced letters. */
  findings: FindingSummary;
  elapsedMs: number;
  /** The largest heap each rendering thread had after a row (the bench reports them). */
  threads: ThreadMemory[];
  /** How the worker threads loaded the letter worker (none when no row was valid). */
  loader?: WorkerPool<LetterTask, LetterOutcome>['loader'];
}

/** The letter worker: fills, lints and renders one row with the pipeline. */
export const LETTER_WORKER = new URL('./letter-worker.ts', import.meta.url);

/**
 * Runs a batch to the end.
 * @throws AppError for input that cannot be used at all (nothing is written then), or
 *   INTERNAL if the row counts ever failed to add up.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const template = prepareTemplate(options.template);
  const source = new SpreadsheetRows(options.source, { limits: options.limits, mapping: options.mapping });
  let report: ValidationReport | undefined;
  let sink: FileOutcomeSink | undefined;
  const progress = (phase: BatchProgress['phase'], done: number, total?: number) =>
    options.onProgress?.({ phase, done, total, produced: sink?.counts.produced ?? 0, held: sink?.counts.held ?? 0, invalid: sink?.counts.invalid ?? 0 });
  let loader: WorkerPool<LetterTask, LetterOutcome>['loader'] | undefined;
  try {
    await runEngine({
      source,
      template,
      check: { onProgress: (done) => progress('validating', done) },
      queue: new StreamQueue(),
      // Opened once the check passed, so unusable input writes nothing.
      sink: async (checked) => {
        report = checked as ValidationReport;
        sink = await FileOutcomeSink.open(options.out, { mtime: options.mtime, print: options.print, onRendered: (done) => progress('rendering', done, checked.valid), onFinish: () => progress('finishing', checked.total, checked.total) });
        if (checked.valid > 0) progress('rendering', 0, checked.valid);
        return sink;
      },
      pool: async () => {
        const pool = await createWorkerPool<LetterTask, LetterOutcome>(options.workerModule ?? LETTER_WORKER, { threads: options.threads, options: options.worker });
        loader = pool.loader;
        return pool;
      },
      signal: options.signal,
    });
  } catch (error) {
    await sink?.abort();
    throw error;
  } finally {
    await sink?.cleanup();
  }
  const done = sink!;
  return {
    validation: report!,
    total: report!.total,
    produced: done.counts.produced,
    held: done.counts.held,
    invalid: done.counts.invalid,
    output: done.location,
    files: done.files,
    findings: done.findings,
    elapsedMs: Date.now() - started,
    threads: done.memory.list(),
    loader,
  };
}

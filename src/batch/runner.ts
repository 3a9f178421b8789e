/**
 * Runs a batch locally (the CLI): validate every row, then fill, check and render the valid
 * ones on a worker pool, streaming letters into a ZIP or folder with a manifest, the full
 * list of row problems, and the findings of every letter held back.
 *
 * Nothing is dropped silently: every row that is a letter ends up produced, held back or
 * invalid, and the runner checks that total = produced + held back + invalid before it
 * reports success.
 */
import { AppError, type Finding, type FindingSummary } from '../core/index.js';
import { type LetterOutcome, type LetterTask, type LetterWorkerOptions, type ThreadMemory, ThreadMemoryPeaks } from './letters.js';
import type { InputLimits } from './limits.js';
import { CsvFileWriter, MANIFEST_HEADER, type ManifestEntry, manifestCells } from './manifest.js';
import { letterFileName } from './names.js';
import { openOutput, type OutputSink } from './output.js';
import { PrintPdfWriter } from './print.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorkerPool, type WorkerPool } from './pool.js';
import { PROBLEM_CSV_HEADER, problemCsvRow, type RowProblem } from './problems.js';
import { renderRows } from './render-rows.js';
import type { SpreadsheetSource } from './source.js';
import { openSpreadsheet } from './spreadsheet.js';
import { type BatchTemplate, prepareTemplate, type ValidationReport, validateSpreadsheet, validRows, type ValidRow } from './validate.js';

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

/** A letter held back, with the findings that stopped it. */
export interface HeldLetter {
  row: number;
  reference?: string;
  findings: Finding[];
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

/** Header of held-back.csv: one line per error finding. */
const HELD_HEADER = ['row', 'reference', 'rule', 'words', 'why', 'say instead', 'where'] as const;

/** The reason a held-back letter gives in the manifest. */
export function heldReason(findings: readonly Finding[]): string {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const list = errors.map((finding) => `"${finding.actual}" (${finding.ruleId})`).join('; ');
  return `${errors.length === 1 ? '1 wording problem' : `${errors.length} wording problems`} to change before it can be sent: ${list}`;
}

/** The reason an invalid row gives in the manifest. */
export function invalidReason(problems: readonly Pick<RowProblem, 'label' | 'message'>[]): string {
  return problems.map((problem) => (problem.label ? `${problem.label} ${problem.message}` : problem.message)).join('; ');
}

function where(finding: Finding): string {
  if (finding.origin?.kind === 'data') return `data: ${finding.origin.path}`;
  if (finding.origin?.kind === 'template') return `template: ${finding.origin.file}:${finding.origin.line}:${finding.origin.column}`;
  return `line ${finding.start.line}, column ${finding.start.column}`;
}

/**
 * Runs a batch to the end.
 * @throws AppError for input that cannot be used at all (nothing is written then), or
 *   INTERNAL if the row counts ever failed to add up.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const template = prepareTemplate(options.template);
  const counts = { produced: 0, held: 0, invalid: 0 };
  const progress = (phase: BatchProgress['phase'], done: number, total?: number) => options.onProgress?.({ phase, done, total, ...counts });

  const sheet = await openSpreadsheet(options.source, options.limits);
  const report = await validateSpreadsheet(sheet, template, { mapping: options.mapping, signal: options.signal, onProgress: (done) => progress('validating', done) });

  const sink = await openOutput(options.out, { mtime: options.mtime });
  const manifest = await CsvFileWriter.open('manifest.csv', [...MANIFEST_HEADER]);
  const heldFile = await CsvFileWriter.open('held-back.csv', [...HELD_HEADER]);
  let pool: WorkerPool<LetterTask, LetterOutcome> | undefined;
  const printFolder = options.print ? await mkdtemp(path.join(os.tmpdir(), 'plainly-print-')) : undefined;
  const print = printFolder ? await PrintPdfWriter.open(path.join(printFolder, 'print.pdf')) : undefined;
  const findings: FindingSummary = { error: 0, warning: 0, suggestion: 0, total: 0 };
  const memory = new ThreadMemoryPeaks();
  try {
    // Invalid rows go into the manifest in row order, between the rendered ones.
    const problemsByRow = groupByRow(report.problems);
    const invalidQueue = [...report.invalidRows];
    const writeInvalidBefore = async (row: number) => {
      while (invalidQueue.length > 0 && invalidQueue[0] < row) {
        const invalidRow = invalidQueue.shift()!;
        counts.invalid++;
        await manifest.row(manifestCells({ row: invalidRow, reference: report.invalidReferences[invalidRow], status: 'invalid', reason: invalidReason(problemsByRow.get(invalidRow) ?? []) }));
      }
    };

    if (report.valid > 0) {
      pool = await createWorkerPool<LetterTask, LetterOutcome>(options.workerModule ?? LETTER_WORKER, { threads: options.threads, options: options.worker });
      let done = 0;
      progress('rendering', 0, report.valid);
      await renderRows(
        validRows(sheet, template, report),
        pool,
        async (row: ValidRow, outcome: LetterOutcome) => {
          await writeInvalidBefore(row.row);
          memory.add(outcome.memory);
          await writeOutcome(row, outcome, { sink, manifest, heldFile, counts, findings });
          if (print && outcome.status === 'produced') await print.addLetter(outcome.pdf);
          done++;
          progress('rendering', done, report.valid);
        },
        { signal: options.signal },
      );
    }
    await writeInvalidBefore(Number.POSITIVE_INFINITY);

    progress('finishing', report.total, report.total);
    const files: string[] = [];
    await manifest.close();
    await sink.addFromDisk('manifest.csv', manifest.file);
    files.push('manifest.csv');
    if (report.problems.length > 0) {
      const problemsFile = await CsvFileWriter.open('problems.csv', [...PROBLEM_CSV_HEADER]);
      try {
        for (const problem of report.problems) await problemsFile.row(problemCsvRow(problem));
        await problemsFile.close();
        await sink.addFromDisk('problems.csv', problemsFile.file);
      } finally {
        await problemsFile.remove();
      }
      files.push('problems.csv');
    }
    await heldFile.close();
    if (counts.held > 0) {
      await sink.addFromDisk('held-back.csv', heldFile.file);
      files.push('held-back.csv');
    }
    if (print) {
      await print.finish();
      await sink.addFromDisk('print.pdf', print.file);
      files.push('print.pdf');
    }
    const accounted = counts.produced + counts.held + counts.invalid;
    if (accounted !== report.total) {
      throw new AppError('INTERNAL', `The batch lost track of rows: ${report.total} rows, but ${counts.produced} produced + ${counts.held} held back + ${counts.invalid} invalid = ${accounted}.`);
    }
    await sink.finish();
    return { validation: report, total: report.total, ...counts, output: sink.location, files, findings, elapsedMs: Date.now() - started, threads: memory.list(), loader: pool?.loader };
  } catch (error) {
    await sink.abort();
    await print?.abort();
    throw error;
  } finally {
    await pool?.close();
    if (printFolder) await rm(printFolder, { recursive: true, force: true });
    await manifest.remove();
    await heldFile.remove();
  }
}

function groupByRow(problems: readonly RowProblem[]): Map<number, RowProblem[]> {
  const byRow = new Map<number, RowProblem[]>();
  for (const problem of problems) {
    const list = byRow.get(problem.row);
    if (list) list.push(problem);
    else byRow.set(problem.row, [problem]);
  }
  return byRow;
}

/** Writes one outcome: the PDF into the output, a manifest line, and held-back findings. */
async function writeOutcome(
  row: ValidRow,
  outcome: LetterOutcome,
  out: { sink: OutputSink; manifest: CsvFileWriter; heldFile: CsvFileWriter; counts: { produced: number; held: number; invalid: number }; findings: FindingSummary },
): Promise<void> {
  const entry: ManifestEntry = { row: row.row, reference: row.reference, status: 'produced' };
  switch (outcome.status) {
    case 'produced': {
      const file = letterFileName(row.reference, row.row);
      await out.sink.add(file, outcome.pdf);
      out.counts.produced++;
      for (const key of ['error', 'warning', 'suggestion', 'total'] as const) out.findings[key] += outcome.summary[key];
      Object.assign(entry, { file, sha256: outcome.sha256 });
      break;
    }
    case 'held':
      out.counts.held++;
      Object.assign(entry, { status: 'held', reason: heldReason(outcome.findings) });
      for (const finding of outcome.findings.filter((f) => f.severity === 'error')) {
        await out.heldFile.row([row.row, row.reference ?? '', finding.ruleId, finding.actual, finding.reason, finding.expected.join(' / '), where(finding)]);
      }
      break;
    case 'invalid':
      out.counts.invalid++;
      Object.assign(entry, { status: 'invalid', reason: outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
      break;
    case 'failed':
      // Not the row's fault, but it was not produced: held back, with the reason, so it is seen.
      out.counts.held++;
      // The error's own text stays out of the manifest: it may quote the row's data.
      Object.assign(entry, { status: 'held', reason: 'Plainly could not render this letter: try the batch again, and report it if it happens again' });
      break;
  }
  await out.manifest.row(manifestCells(entry));
}

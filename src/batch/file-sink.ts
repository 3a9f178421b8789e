/**
 * The CLI's outcome sink: letters streamed into a ZIP or a folder, with manifest.csv (every
 * row, in row order), problems.csv (every row problem), held-back.csv (the wording of every
 * letter held back) and, when asked, print.pdf.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError, type FindingSummary } from '../core/index.js';
import type { CheckReport, OutcomeSink, SettledRow } from './engine.js';
import { HELD_BACK_FILE, heldReason, HeldBackWriter, RENDER_FAILED_REASON } from './held-back.js';
import { type LetterOutcome, ThreadMemoryPeaks } from './letters.js';
import { CsvFileWriter, MANIFEST_HEADER, type ManifestEntry, manifestCells } from './manifest.js';
import { letterFileName } from './names.js';
import { openOutput, type OutputSink, type SinkOptions } from './output.js';
import { PrintPdfWriter } from './print.js';
import { PROBLEM_CSV_HEADER, problemCsvRow } from './problems.js';
import type { ValidRow } from './validate.js';

/** Rows counted by what happened to them. */
export interface RowCounts {
  produced: number;
  held: number;
  invalid: number;
  skipped: number;
}

/** Writes a batch's files to disk. */
export class FileOutcomeSink implements OutcomeSink {
  readonly counts: RowCounts = { produced: 0, held: 0, invalid: 0, skipped: 0 };
  /** Findings (warnings and suggestions) across produced letters. */
  readonly findings: FindingSummary = { error: 0, warning: 0, suggestion: 0, total: 0 };
  /** The largest heap each rendering thread had after a row. */
  readonly memory = new ThreadMemoryPeaks();
  /** Files written beside the letters. */
  readonly files: string[] = [];
  private report: CheckReport | undefined;
  /** Rows settled early (the queue reads ahead of rendering), written once the rows before them are. */
  private readonly waiting: SettledRow[] = [];

  private constructor(
    private readonly output: OutputSink,
    private readonly manifest: CsvFileWriter,
    private readonly held: HeldBackWriter,
    private readonly print: { writer: PrintPdfWriter; folder: string } | undefined,
    private readonly onRendered: (done: number) => void,
    private readonly onFinish: () => void,
  ) {}

  /**
   * Opens the output (a folder, or a file ending `.zip`) and the temporary files.
   * @throws AppError USAGE for a folder that already holds files.
   */
  static async open(out: string, options: SinkOptions & { print?: boolean; onRendered?: (done: number) => void; onFinish?: () => void } = {}): Promise<FileOutcomeSink> {
    const output = await openOutput(out, { mtime: options.mtime });
    const manifest = await CsvFileWriter.open('manifest.csv', [...MANIFEST_HEADER]);
    const held = await HeldBackWriter.open();
    let print: { writer: PrintPdfWriter; folder: string } | undefined;
    if (options.print) {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'plainly-print-'));
      print = { folder, writer: await PrintPdfWriter.open(path.join(folder, 'print.pdf')) };
    }
    return new FileOutcomeSink(output, manifest, held, print, options.onRendered ?? (() => undefined), options.onFinish ?? (() => undefined));
  }

  /** Where the output is. */
  get location(): string {
    return this.output.location;
  }

  private rendered = 0;

  async checked(report: CheckReport): Promise<void> {
    this.report = report;
  }

  async settle(entry: SettledRow): Promise<void> {
    this.waiting.push(entry);
  }

  /** Writes the settled rows that come before `row`, in row order. */
  private async writeSettledBefore(row: number): Promise<void> {
    while (this.waiting.length > 0 && this.waiting[0].row < row) {
      const entry = this.waiting.shift()!;
      if (entry.status === 'invalid') this.counts.invalid++;
      else this.counts.skipped++;
      await this.manifest.row(manifestCells(entry));
    }
  }

  async outcome(row: ValidRow, outcome: LetterOutcome): Promise<void> {
    await this.writeSettledBefore(row.row);
    this.memory.add(outcome.memory);
    const entry: ManifestEntry = { row: row.row, reference: row.reference, status: 'produced' };
    switch (outcome.status) {
      case 'produced': {
        const file = letterFileName(row.reference, row.row);
        await this.output.add(file, outcome.pdf);
        if (this.print) await this.print.writer.addLetter(outcome.pdf);
        this.counts.produced++;
        for (const key of ['error', 'warning', 'suggestion', 'total'] as const) this.findings[key] += outcome.summary[key];
        Object.assign(entry, { file, sha256: outcome.sha256 });
        break;
      }
      case 'held':
        this.counts.held++;
        Object.assign(entry, { status: 'held', reason: heldReason(outcome.findings) });
        await this.held.add(row.row, row.reference, outcome.findings);
        break;
      case 'invalid':
        this.counts.invalid++;
        Object.assign(entry, { status: 'invalid', reason: outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
        break;
      case 'failed':
        // Not the row's fault, but it was not produced: held back, with the reason, so it is seen.
        this.counts.held++;
        Object.assign(entry, { status: 'held', reason: RENDER_FAILED_REASON });
        break;
    }
    await this.manifest.row(manifestCells(entry));
    this.onRendered(++this.rendered);
  }

  async finish(): Promise<void> {
    const report = this.report;
    if (!report) throw new AppError('INTERNAL', 'The batch finished before its rows were checked.');
    this.onFinish();
    await this.writeSettledBefore(Number.POSITIVE_INFINITY);
    await this.manifest.close();
    await this.output.addFromDisk('manifest.csv', this.manifest.file);
    this.files.push('manifest.csv');
    if (report.problems.length > 0) {
      const problems = await CsvFileWriter.open('problems.csv', [...PROBLEM_CSV_HEADER]);
      try {
        for (const problem of report.problems) await problems.row(problemCsvRow(problem));
        await problems.close();
        await this.output.addFromDisk('problems.csv', problems.file);
      } finally {
        await problems.remove();
      }
      this.files.push('problems.csv');
    }
    await this.held.close();
    if (this.held.lines > 0) {
      await this.output.addFromDisk(HELD_BACK_FILE, this.held.file);
      this.files.push(HELD_BACK_FILE);
    }
    if (this.print) {
      await this.print.writer.finish();
      await this.output.addFromDisk('print.pdf', this.print.writer.file);
      this.files.push('print.pdf');
    }
    const { produced, held, invalid, skipped } = this.counts;
    const accounted = produced + held + invalid + skipped;
    if (accounted !== report.total) {
      throw new AppError('INTERNAL', `The batch lost track of rows: ${report.total} rows, but ${produced} produced + ${held} held back + ${invalid} invalid = ${accounted}.`);
    }
    await this.output.finish();
  }

  /** Removes anything partial (after a failure). */
  async abort(): Promise<void> {
    await this.output.abort();
    await this.print?.writer.abort();
  }

  /** Removes the temporary files (always, at the end). */
  async cleanup(): Promise<void> {
    if (this.print) await rm(this.print.folder, { recursive: true, force: true });
    await this.manifest.remove();
    await this.held.remove();
  }
}

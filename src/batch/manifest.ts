/**
 * The manifest: one line for every row of the spreadsheet that is a letter, in row order, saying
 * what happened to it. Written to a temporary file as the batch goes, so 100,000 rows do not
 * sit in memory, then added to the output at the end. Excel-safe, like every CSV we write.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { excelSafeCsvLine } from './excel-safe.js';

/** What happened to one row. */
export type RowStatus = 'produced' | 'held' | 'invalid' | 'skipped';

/** One manifest line. */
export interface ManifestEntry {
  row: number;
  reference?: string;
  /** The recorded document's id (when the batch records documents). */
  documentId?: string;
  /** The letter's file name in the output. */
  file?: string;
  sha256?: string;
  status: RowStatus;
  /** Why a row was not produced, in plain words. */
  reason?: string;
}

/** Column headings of manifest.csv: the six columns in its order, then the letter's file name. */
export const MANIFEST_HEADER = ['row', 'reference', 'document id', 'sha256', 'status', 'reason', 'file'] as const;

/** Status words as people read them in the manifest. */
const STATUS_TEXT: Record<RowStatus, string> = { produced: 'produced', held: 'held back', invalid: 'invalid', skipped: 'skipped' };

/** One manifest line as CSV cells. */
export function manifestCells(entry: ManifestEntry): Array<string | number> {
  return [entry.row, entry.reference ?? '', entry.documentId ?? '', entry.sha256 ?? '', STATUS_TEXT[entry.status], entry.reason ?? '', entry.file ?? ''];
}

/** Writes a CSV file line by line to a temporary file, with back-pressure. */
export class CsvFileWriter {
  private constructor(
    readonly file: string,
    private readonly folder: string,
    private readonly stream: WriteStream,
  ) {}

  /** Opens a temporary CSV file (with a byte order mark, so Excel reads it as UTF-8) and writes its heading row. */
  static async open(name: string, header: readonly string[]): Promise<CsvFileWriter> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plainly-batch-'));
    const file = path.join(folder, name);
    const stream = createWriteStream(file);
    const writer = new CsvFileWriter(file, folder, stream);
    await writer.write('\ufeff' + excelSafeCsvLine(header));
    return writer;
  }

  /** Appends one row. */
  async row(cells: ReadonlyArray<string | number | null | undefined>): Promise<void> {
    await this.write(excelSafeCsvLine(cells));
  }

  private async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Closes the file (it can then be added to the output). */
  async close(): Promise<void> {
    this.stream.end();
    if (!this.stream.closed) await once(this.stream, 'close');
  }

  /** Removes the temporary file. */
  async remove(): Promise<void> {
    if (!this.stream.closed) this.stream.destroy();
    await rm(this.folder, { recursive: true, force: true });
  }
}

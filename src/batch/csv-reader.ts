/**
 * Reads CSV rows with csv-parse, streaming, in whichever encoding the file was written.
 * Structural faults that make the rest of the file unreadable (a quote mark never closed) are
 * refused with the line they start on; everything row-level is left to validation.
 */
import { type CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Readable } from 'node:stream';
import { AppError } from '../core/index.js';
import type { SheetRow } from './cells.js';
import { type EncodingReport, sniffBuffer, sniffChunks } from './encoding.js';
import { MAX_RECORD_CHARS } from './limits.js';
import { openByteStream, type SpreadsheetSource, sourceName } from './source.js';

/** Works out the CSV file's encoding (reading the file once, a chunk at a time). */
export async function detectCsvEncoding(source: SpreadsheetSource): Promise<EncodingReport> {
  return 'buffer' in source ? sniffBuffer(source.buffer, source.name) : sniffChunks(openByteStream(source), sourceName(source));
}

/** Turns a csv-parse error into a message that names the line and says what to do. */
function csvProblem(error: CsvError, file: string): AppError {
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const where = line !== undefined ? `${file} line ${line}` : file;
  const location = { file, line };
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new AppError('INPUT_UNREADABLE', `${where}: a quote mark (") opens a cell that is never closed, so the rest of the file cannot be read. Check the cell for a missing closing quote mark.`, { location });
    case 'CSV_MAX_RECORD_SIZE':
      return new AppError('INPUT_UNREADABLE', `${where}: one row is longer than ${MAX_RECORD_CHARS / 1024} KB, which usually means a quote mark (") is not closed. Check the row before it for a stray quote mark.`, { location });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new AppError('INPUT_UNREADABLE', `${where}: a quoted cell has more text after its closing quote mark. Put the whole cell in quotes and double any quote marks inside it ("").`, { location });
    default:
      return new AppError('INPUT_UNREADABLE', `${where} could not be read as CSV. Save the file from Excel as "CSV UTF-8 (Comma delimited)" and try again.`, { location });
  }
}

/**
 * Streams the rows of a CSV file. Row numbers count records (a cell with a line break inside
 * is still one row), starting at 1, as Excel numbers them. Every record is yielded, blank ones
 * too, so row numbers stay true; callers decide what a blank row means.
 * @throws AppError INPUT_UNREADABLE for a file that is not well-formed CSV.
 */
export async function* readCsvRows(source: SpreadsheetSource, report: EncodingReport): AsyncGenerator<SheetRow> {
  const file = sourceName(source);
  let input: Readable | NodeJS.ReadWriteStream = openByteStream(source);
  if (report.encoding !== 'utf-8') {
    // iconv-lite removes a UTF-16 byte order mark itself.
    input = (input as Readable).pipe(iconv.decodeStream(report.encoding));
  }
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // A quote mark inside an unquoted cell (5" tablet) is kept as written rather than refused.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  (input as Readable).on('error', (error) => parser.destroy(error));
  (input as Readable).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record.map((cell) => (cell === '' ? null : cell)) };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof (error as CsvError).code === 'string' && String((error as CsvError).code).startsWith('CSV_')) {
      throw csvProblem(error as CsvError, file);
    }
    if (error instanceof AppError) throw error;
    throw new AppError('INPUT_UNREADABLE', `${file} could not be read.`, { location: { file } });
  } finally {
    (input as Readable).unpipe?.();
    if (typeof (input as Readable).destroy === 'function') (input as Readable).destroy();
  }
}

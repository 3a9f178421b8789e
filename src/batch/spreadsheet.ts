/**
 * Opens a spreadsheet (CSV or XLSX, told apart by content), checks its size before reading,
 * and streams its rows with the row limit enforced. Rows can be read more than once (the
 * runner validates every row first, then reads them again to render), each pass streaming.
 */
import { AppError } from '../core/index.js';
import { isBlankCell, type SheetRow } from './cells.js';
import { detectCsvEncoding, readCsvRows } from './csv-reader.js';
import type { EncodingReport } from './encoding.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';
import { checkSourceSize, detectFileKind, type SpreadsheetSource, sourceName } from './source.js';
import { checkXlsx } from './xlsx-guard.js';

/** An opened spreadsheet, ready to stream its rows. */
export interface Spreadsheet {
  /** The file name, for messages. */
  name: string;
  format: 'csv' | 'xlsx';
  /** For CSV: the encoding it was read in (Windows-1252 exports are converted). */
  encoding?: EncodingReport;
  /** Size in bytes. */
  size: number;
  /**
   * Streams every row (blank ones included, so row numbers are true), in order.
   * @throws AppError INPUT_TOO_LARGE once more than `maxRows` non-blank rows follow the heading row.
   */
  rows(): AsyncGenerator<SheetRow>;
}

/**
 * Opens a spreadsheet for reading.
 * @throws AppError INPUT_TOO_LARGE (file too big, before reading it), INPUT_LIMIT_EXCEEDED (a
 *   workbook that unpacks to more than Plainly reads), INPUT_UNREADABLE (empty file, old .xls,
 *   damaged workbook, unreadable text encoding).
 */
export async function openSpreadsheet(source: SpreadsheetSource, limits: InputLimits = DEFAULT_LIMITS): Promise<Spreadsheet> {
  const name = sourceName(source);
  const size = await checkSourceSize(source, limits);
  const kind = await detectFileKind(source);
  if (kind === 'empty') {
    throw new AppError('INPUT_UNREADABLE', `${name} is empty: it needs a heading row naming the fields, then one row for each letter.`, { location: { file: name } });
  }
  if (kind === 'xls') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${name} is an old-style Excel file (.xls). Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then try again.`, { location: { file: name } });
  }
  // A workbook is checked for what it unpacks to before anything reads it (xlsx-guard.ts).
  if (kind === 'xlsx') await checkXlsx(source, size, limits.xlsx);
  const encoding = kind === 'csv' ? await detectCsvEncoding(source) : undefined;
  const read = kind === 'csv' ? () => readCsvRows(source, encoding!) : () => readXlsxLazily(source, limits);
  return {
    name,
    format: kind,
    encoding,
    size,
    rows: () => limitRows(read(), limits.maxRows, name),
  };
}

/** Passes rows through, refusing the file once it holds more than `maxRows` data rows. */
async function* limitRows(rows: AsyncGenerator<SheetRow>, maxRows: number, name: string): AsyncGenerator<SheetRow> {
  let nonBlank = 0;
  for await (const row of rows) {
    if (!row.cells.every(isBlankCell)) {
      nonBlank++;
      // The first non-blank row is the heading row.
      if (nonBlank > maxRows + 1) {
        await rows.return(undefined);
        throw new AppError(
          'INPUT_TOO_LARGE',
          `${name} has more than ${maxRows.toLocaleString('en-GB')} rows of letters; the most one batch takes is ${maxRows.toLocaleString('en-GB')}. Split it into smaller files and send them as separate batches.`,
          { location: { file: name, line: row.row }, maxRows },
        );
      }
    }
    yield row;
  }
}

/**
 * The XLSX reader: exceljs runs in a worker thread with a capped heap (xlsx-thread.ts), so
 * the main thread never loads it (about 20 MB) and a workbook that needs too much memory stops
 * that thread, not the process.
 */
async function* readXlsxLazily(source: SpreadsheetSource, limits: InputLimits): AsyncGenerator<SheetRow> {
  const { readXlsxRowsInWorker } = await import('./xlsx-thread.js');
  yield* readXlsxRowsInWorker(source, limits.xlsx);
}

/**
 * The checks `openSpreadsheet` makes before reading any row — the file's size and, for a
 * workbook, what it unpacks to — without reading it. The service runs them on an upload, so
 * a file that will never be read is refused at once (422) rather than failing later.
 * @throws AppError INPUT_TOO_LARGE, INPUT_LIMIT_EXCEEDED, INPUT_UNREADABLE.
 */
export async function checkSpreadsheetLimits(source: SpreadsheetSource, limits: InputLimits = DEFAULT_LIMITS): Promise<void> {
  const size = await checkSourceSize(source, limits);
  if ((await detectFileKind(source)) === 'xlsx') await checkXlsx(source, size, limits.xlsx);
}

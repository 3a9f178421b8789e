/**
 * Reads rows from the first worksheet of an XLSX workbook with exceljs's streaming reader,
 * so a large workbook is never held in memory whole. Formula cells give the result Excel
 * saved with the file; a formula with no saved result (a file written by a program that does
 * not calculate) is reported for that cell rather than guessed.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../core/errors.js';
import type { Cell, SheetRow } from './cells.js';
import { DEFAULT_XLSX_LIMITS } from './limits.js';
import { openByteStream, type SpreadsheetSource, sourceName } from './source.js';

/** Turns one exceljs cell value into a `Cell`. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { issue: 'error-value', detail: 'a number Excel could not work out' };
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { issue: 'error-value', detail: 'a date Excel could not work out' } : value;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('formula' in record || 'sharedFormula' in record) {
      const result = record.result;
      if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) {
        return { issue: 'formula-without-result', detail: 'a formula with no saved result' };
      }
      return toCell(result);
    }
    if ('error' in record) return { issue: 'error-value', detail: String(record.error) };
    if (Array.isArray(record.richText)) {
      const text = (record.richText as Array<{ text?: unknown }>).map((part) => String(part.text ?? '')).join('');
      return text === '' ? null : text;
    }
    if ('text' in record) return toCell(record.text);
  }
  return { issue: 'error-value', detail: 'a kind of cell Plainly cannot read' };
}

/**
 * Streams the rows of the first worksheet. Row numbers are the sheet's own (what Excel shows).
 * Run it on a workbook `checkXlsx` has passed, in a worker thread (`readXlsxRowsInWorker`):
 * exceljs keeps every shared string in memory.
 * @throws AppError INPUT_UNREADABLE when the file is not an XLSX workbook; INPUT_LIMIT_EXCEEDED
 *   once the sheet has more than `maxCells` cells (counted again here, as they arrive).
 */
export async function* readXlsxRows(source: SpreadsheetSource, maxCells = DEFAULT_XLSX_LIMITS.maxCells): AsyncGenerator<SheetRow> {
  const file = sourceName(source);
  const input = openByteStream(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell a date cell from a number; without them every date arrives as a serial number.
    styles: 'cache',
    entries: 'ignore',
  });
  let sheets = 0;
  let cellCount = 0;
  try {
    for await (const worksheet of reader) {
      sheets++;
      if (sheets > 1) {
        // Later sheets are not read, but the workbook stream must be drained for the reader to finish.
        for await (const _row of worksheet) void _row;
        continue;
      }
      // exceljs applies the workbook's date system to cells formatted as dates, but a date
      // in a "General" cell arrives as a bare serial number, which the converter must count
      // from the right day. workbook.xml is read before the first worksheet.
      const date1904 = Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904);
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        cellCount += values.length;
        if (cellCount > maxCells) {
          throw new AppError('INPUT_LIMIT_EXCEEDED', `${file} has more than ${maxCells.toLocaleString('en-GB')} cells (the most Plainly reads is ${maxCells.toLocaleString('en-GB')} cells). Split it into smaller files and send them as separate batches.`, { location: { file, line: row.number }, limit: 'maxCells', maxCells });
        }
        const cells: Cell[] = [];
        // exceljs row values are 1-based (index 0 is always empty) and sparse.
        for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
        yield date1904 ? { row: row.number, cells, date1904 } : { row: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'INPUT_UNREADABLE',
      `${file} could not be read as an Excel workbook (.xlsx). Open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then try again.`,
      { location: { file } },
    );
  } finally {
    input.destroy();
  }
  if (sheets === 0) {
    throw new AppError('INPUT_UNREADABLE', `${file} has no worksheets.`, { location: { file } });
  }
}

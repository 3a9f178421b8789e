/**
 * Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, so a
 * CSV we write could run whatever a spreadsheet's author typed into a name or note ("CSV
 * injection"). Every cell we write goes through `excelSafe`.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make a spreadsheet treat a cell as a formula. Tab and carriage return are
 * included because some programs strip them and then read what follows as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes one cell safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, tab
 * or carriage return gets a leading apostrophe (which Excel shows as text and does not
 * display); anything else is returned unchanged.
 */
export function excelSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A value for a CSV cell; `null`/`undefined` become an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

/** Turns one cell into safe text. Numbers go through the same check: a negative number would start with "-". */
function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  return excelSafe(String(value));
}

/**
 * Writes rows as CSV text (RFC 4180, CRLF line ends, quotes where needed) with every cell
 * neutralised by `excelSafe`. Starts with a UTF-8 byte order mark when `bom` is true so Excel
 * reads "£" and accented letters correctly.
 */
export function toExcelSafeCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: { bom?: boolean } = {}): string {
  const records: string[][] = [header.map((cell) => excelSafe(cell))];
  for (const row of rows) records.push(row.map(cellText));
  return stringify(records, { record_delimiter: 'windows', bom: options.bom ?? false });
}

/** One CSV line (with its CRLF), every cell neutralised; for writing large files row by row. */
export function excelSafeCsvLine(row: readonly CsvCell[]): string {
  return stringify([row.map(cellText)], { record_delimiter: 'windows' });
}

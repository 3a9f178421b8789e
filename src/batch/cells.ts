/**
 * The values a spreadsheet cell can hold once read, whatever the file type. CSV gives text;
 * XLSX also gives numbers, booleans, dates, and cells we cannot use (formula errors).
 */

/** A cell that holds something we cannot use, with the reason in plain words. */
export interface CellIssue {
  issue: 'formula-without-result' | 'error-value';
  /** Plain words for the message, e.g. "#N/A". Never the cell's data. */
  detail: string;
}

/** One cell: text, number, true/false, a date (from XLSX), empty (`null`), or an issue. */
export type Cell = string | number | boolean | Date | null | CellIssue;

/** One row as read from the file. `row` is the row number people see in Excel (the heading row is usually 1). */
export interface SheetRow {
  row: number;
  cells: Cell[];
  /**
   * Set for rows of an XLSX workbook saved with Excel's 1904 date system (old Mac workbooks):
   * a date held as a bare serial number counts its days from 1 January 1904, not 1900.
   */
  date1904?: true;
}

/** True for a `CellIssue`. */
export function isCellIssue(cell: Cell): cell is CellIssue {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

/** True for a cell with nothing in it (empty, or only spaces). */
export function isBlankCell(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as heading text. */
export function cellAsText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (isCellIssue(cell)) return '';
  return String(cell);
}

/** Spreadsheet column letters for a 0-based column index (0 → A, 26 → AA), as Excel shows them. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

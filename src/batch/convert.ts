/**
 * Turns one spreadsheet cell into the JSON value a template field takes (docs/templates.md):
 * dates become "YYYY-MM-DD", money becomes integer pence, yes/no becomes true/false. Only the
 * spreadsheet's own habits are handled here (Excel serial dates, "£1,234.56", "Yes");
 * everything else (a postcode's shape, a string's length) is the template schema's job, so
 * the rules live in one place.
 *
 * Problems are phrased to follow the field's name ("Date of the letter" + "is not a real
 * date"), and never quote the cell, so summaries carry no personal data.
 */
import type { Cell } from './cells.js';
import { isCellIssue } from './cells.js';
import type { FieldSpec } from './fields.js';

/** The converted value, or a problem in plain words. */
export type Conversion = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Conversion => ({ ok: true, value });
const problem = (message: string): Conversion => ({ ok: false, message });

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Days since 1899-12-30 (Excel's day 0, allowing for its 1900 leap-year bug) of the latest date Excel holds. */
const MAX_EXCEL_SERIAL = 2_958_465;

/** Formats a validated year, month, day as ISO. */
function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Converts an Excel serial day number to ISO. In the 1900 date system (the default) serial 60
 * is Excel's 29 February 1900, which never existed, and serials after it count from
 * 30 December 1899. In the 1904 date system (`date1904`, old Mac workbooks) serial 0 is
 * 1 January 1904.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (date1904) {
    if (!Number.isFinite(serial) || serial < 0 || serial > MAX_EXCEL_SERIAL - 1462) return null;
    return new Date(Date.UTC(1904, 0, 1) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
  }
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_EXCEL_SERIAL) return null;
  const days = Math.floor(serial);
  if (days === 60) return null;
  const base = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(base + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

const NOT_A_DATE = 'is not a date Plainly can read: write it as day/month/year, like 31/01/2021';
const NOT_REAL = 'is not a real date (dates are day/month/year)';

/** Reads a date written as text: ISO, day/month/year, "31 January 2021", or an Excel serial number. */
export function parseDateText(text: string): Conversion {
  const value = text.trim();
  // ISO, maybe with a time (as some exports add): 2021-01-31, 2021-01-31T00:00:00, 2021-01-31 00:00
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (match) return dateOrProblem(isoDate(Number(match[1]), Number(match[2]), Number(match[3])));
  // Day/month/year with /, - or . between, maybe with a time after a space.
  match = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(value);
  if (match) {
    if (match[3].length === 2) return problem('has a 2-digit year: write the year in full, like 31/01/2021');
    return dateOrProblem(isoDate(Number(match[3]), Number(match[2]), Number(match[1])));
  }
  // 31 January 2021, 31 Jan 2021, Sunday 31 January 2021
  match = /^(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$/i.exec(value);
  if (match) {
    const name = match[2].toLowerCase();
    const month = MONTHS.findIndex((full) => full === name || (name.length >= 3 && full.startsWith(name)));
    if (month < 0) return problem(NOT_A_DATE);
    return dateOrProblem(isoDate(Number(match[3]), month + 1, Number(match[1])));
  }
  // An Excel serial number, as a CSV exported from a column formatted "General" holds.
  if (/^\d{1,7}(?:\.\d+)?$/.test(value)) {
    const iso = excelSerialToIso(Number(value));
    return iso ? ok(iso) : problem(NOT_A_DATE);
  }
  return problem(NOT_A_DATE);
}

function dateOrProblem(iso: string | null): Conversion {
  return iso ? ok(iso) : problem(NOT_REAL);
}

/** Converts a cell to an ISO date. */
function toDate(cell: Exclude<Cell, null>, date1904: boolean): Conversion {
  if (cell instanceof Date) {
    // exceljs gives dates as UTC midnight (plus any time of day): the UTC calendar date is the one typed.
    return ok(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') {
    const iso = excelSerialToIso(cell, date1904);
    return iso ? ok(iso) : problem(NOT_A_DATE);
  }
  if (typeof cell === 'boolean') return problem(NOT_A_DATE);
  return parseDateText(String(cell));
}

const NOT_MONEY = 'is not an amount of money Plainly can read: write it like £1,234.56 or 1234.56';
const TOO_PRECISE = 'has more than 2 decimal places: amounts of money are to the penny';

/**
 * Reads money written as text into integer pence: "£1,234.56", "1234.5", "-£12.50",
 * "(£12.50)" (accounting style for a negative amount), "75p". Commas must group thousands.
 */
export function parseMoneyText(text: string): Conversion {
  let value = text.trim().replace(/\s+/g, '');
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(value);
  if (bracketed) {
    negative = true;
    value = bracketed[1];
  }
  if (/^[-\u2212]/.test(value)) {
    negative = !negative;
    value = value.slice(1);
  }
  value = value.replace(/^(?:£|GBP)/i, '');
  if (/^[-\u2212]/.test(value)) {
    negative = !negative;
    value = value.slice(1);
  }
  const pence = /^(\d+)p$/i.exec(value);
  if (pence) return ok((negative ? -1 : 1) * Number(pence[1]) || 0);
  const match = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[1] === '' && !match[2])) return problem(NOT_MONEY);
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return problem(TOO_PRECISE);
  const pounds = match[1].replace(/,/g, '') || '0';
  if (pounds.length > 13) return problem(NOT_MONEY);
  const total = Number(pounds) * 100 + Number(decimals.padEnd(2, '0'));
  return ok(negative && total !== 0 ? -total : total);
}

/** Converts a cell to integer pence. A number in an XLSX cell is pounds, as people type it. */
function toMoney(cell: Exclude<Cell, null>): Conversion {
  if (typeof cell === 'number') {
    const pence = cell * 100;
    const rounded = Math.round(pence);
    if (Math.abs(pence - rounded) > 1e-6 * Math.max(1, Math.abs(pence))) return problem(TOO_PRECISE);
    if (!Number.isSafeInteger(rounded)) return problem(NOT_MONEY);
    return ok(rounded === 0 ? 0 : rounded);
  }
  if (typeof cell !== 'string') return problem(NOT_MONEY);
  return parseMoneyText(cell);
}

/** Reads a number written with optional thousands commas. */
function parseNumberText(text: string): number | null {
  const value = text.trim();
  if (!/^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/.test(value) || !/\d/.test(value)) return null;
  return Number(value.replace(/,/g, ''));
}

function toNumber(cell: Exclude<Cell, null>, whole: boolean): Conversion {
  const number = typeof cell === 'number' ? cell : typeof cell === 'string' ? parseNumberText(cell) : null;
  if (number === null || !Number.isFinite(number)) return problem(whole ? 'is not a whole number' : 'is not a number');
  if (whole && !Number.isInteger(number)) return problem('is not a whole number');
  return ok(number);
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

function toBoolean(cell: Exclude<Cell, null>): Conversion {
  if (typeof cell === 'boolean') return ok(cell);
  if (cell === 1 || cell === 0) return ok(cell === 1);
  if (typeof cell === 'string') {
    const word = cell.trim().toLowerCase();
    if (YES.has(word)) return ok(true);
    if (NO.has(word)) return ok(false);
  }
  return problem('is not yes or no');
}

/** A number as text without exponent noise (references typed as numbers: 123456). */
function numberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

function toText(cell: Exclude<Cell, null>, spec: FieldSpec): Conversion {
  if (typeof cell === 'number') {
    if (spec.type === 'phone') return problem('was stored as a number, so its leading 0 is lost: format the column as Text in Excel and type the number again');
    return ok(numberText(cell));
  }
  if (typeof cell === 'boolean') return ok(cell ? 'TRUE' : 'FALSE');
  if (cell instanceof Date) return ok(cell.toISOString().slice(0, 10));
  const text = String(cell).trim();
  if (spec.type === 'enum' && spec.values) {
    // "Yes" in a column whose values are "yes"/"no": people should not have to match case.
    const canonical = spec.values.find((allowed) => allowed.toLowerCase() === text.toLowerCase());
    if (canonical !== undefined) return ok(canonical);
  }
  return ok(text);
}

/**
 * Converts one non-blank cell for a single-value field.
 * Returns the value in the template's JSON form, or a problem phrased to follow the field's name.
 * `date1904`: the cell comes from a workbook in Excel's 1904 date system (see `SheetRow`).
 */
export function convertCell(cell: Exclude<Cell, null>, spec: FieldSpec, date1904 = false): Conversion {
  if (isCellIssue(cell)) {
    return cell.issue === 'formula-without-result'
      ? problem('is a formula with no saved result: open the file in Excel, save it, and try again (or paste the column as values)')
      : problem(`holds an Excel error (${cell.detail}): fix the formula or type the value`);
  }
  switch (spec.type) {
    case 'date':
      return toDate(cell, date1904);
    case 'money':
      return toMoney(cell);
    case 'integer':
      return toNumber(cell, true);
    case 'number':
      return toNumber(cell, false);
    case 'boolean':
      return toBoolean(cell);
    default:
      return toText(cell, spec);
  }
}

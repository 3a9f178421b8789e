/**
 * Parsers for the field types' values. Each returns `{ ok: true, value }` or
 * `{ ok: false, message }` with a message a finance officer understands; the zod schemas in
 * `data-schema.ts` wrap them, so one rule decides what a valid postcode or amount is.
 */

/** Outcome of parsing one value. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

// C0/C1 controls and the Unicode line/paragraph separators: they break layouts and hide text.
// eslint-disable-next-line no-control-regex
const CONTROL_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Free text may hold line breaks and tabs, nothing else invisible.
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/u;
// Private-use code points are the renderer's own placeholders; data may not contain them.
const PRIVATE_USE = /[\ue000-\uf8ff]/u;

/** Counts characters as people do (code points), so an emoji is one, not two. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const thousands = (n: number): string => n.toLocaleString('en-GB');

/** A one-line string: no control characters, within length limits. */
export function parseString(input: unknown, options: { min?: number; max: number; pattern?: RegExp; patternHelp?: string }): Parsed<string> {
  if (typeof input === 'number' && Number.isFinite(input)) input = String(input); // spreadsheet cells
  if (typeof input !== 'string') return fail('must be text');
  const value = input.trim();
  const length = characterCount(value);
  if (length > options.max) return fail(`must be at most ${thousands(options.max)} characters (it has ${thousands(length)})`);
  if (options.min !== undefined && length < options.min) return fail(`must be at least ${thousands(options.min)} characters`);
  if (CONTROL_ONE_LINE.test(value)) return fail('must be one line, without control characters');
  if (PRIVATE_USE.test(value)) return fail('contains a private-use character that cannot be printed');
  if (options.pattern && !options.pattern.test(value)) return fail(options.patternHelp ?? `does not have the expected form (${options.pattern.source})`);
  return ok(value);
}

/** Free text written by staff: may have line breaks; normalised to `\n`. */
export function parseText(input: unknown, options: { max: number; min?: number }): Parsed<string> {
  if (typeof input !== 'string') return fail('must be text');
  const value = input.replace(/\r\n?/g, '\n').trim();
  const length = characterCount(value);
  if (length > options.max) return fail(`must be at most ${thousands(options.max)} characters (it has ${thousands(length)})`);
  if (options.min !== undefined && length < options.min) return fail(`must be at least ${thousands(options.min)} characters`);
  if (CONTROL_MULTI_LINE.test(value)) return fail('contains control characters');
  if (PRIVATE_USE.test(value)) return fail('contains a private-use character that cannot be printed');
  return ok(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2021-02-30 is not). */
export function isRealIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A date, held as `YYYY-MM-DD`. Spreadsheet readers may hand over a `Date` (taken as UTC). */
export function parseDate(input: unknown, options: { min?: string; max?: string } = {}): Parsed<string> {
  let text: string;
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail('is not a real date');
    text = input.toISOString().slice(0, 10);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return fail('must be a date written YYYY-MM-DD, for example 2021-01-31');
  }
  if (!ISO_DATE.test(text)) return fail(`must be a date written YYYY-MM-DD, for example 2021-01-31`);
  if (!isRealIsoDate(text)) return fail(`is not a real date (there is no such day in the calendar)`);
  if (options.min && text < options.min) return fail(`must be on or after ${options.min}`);
  if (options.max && text > options.max) return fail(`must be on or before ${options.max}`);
  return ok(text);
}

const POUNDS = /^(-|−)?\s*£?\s*(-|−)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/u;

/**
 * Money, held as integer pence: a JSON integer is pence; a string is pounds
 * (`"£1,234.56"`, `"1234.5"`, `"-£5"`).
 */
export function parseMoney(input: unknown, options: { min?: number; max?: number; negative?: boolean } = {}): Parsed<number> {
  let pence: number;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) return fail('must be a whole number of pence, or pounds written as text like "£12.50"');
    pence = input;
  } else if (typeof input === 'string') {
    const match = POUNDS.exec(input.trim());
    if (!match || (match[1] && match[2])) return fail(`must be an amount of money like £1,234.56`);
    const pounds = Number(match[3].replace(/,/g, ''));
    const fraction = match[4] ? Number(match[4].padEnd(2, '0')) : 0;
    pence = pounds * 100 + fraction;
    if (!Number.isSafeInteger(pence)) return fail('is too large an amount');
    if (match[1] || match[2]) pence = -pence;
  } else {
    return fail('must be an amount of money like £1,234.56');
  }
  if (pence < 0 && !options.negative) return fail('must not be negative');
  if (options.min !== undefined && pence < options.min) return fail(`must be at least ${formatPence(options.min)}`);
  if (options.max !== undefined && pence > options.max) return fail(`must be at most ${formatPence(options.max)}`);
  return ok(Object.is(pence, -0) ? 0 : pence);
}

/** Formats integer pence as "£1,234.56", or "£75" for whole pounds; negative as "−£5". */
export function formatPence(pence: number): string {
  const negative = pence < 0;
  const abs = Math.abs(Math.trunc(pence));
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  const text = `£${pounds.toLocaleString('en-GB')}${rest === 0 ? '' : '.' + String(rest).padStart(2, '0')}`;
  // U+2212 MINUS SIGN: screen readers say "minus", where a hyphen may be read as "dash".
  return negative ? `\u2212${text}` : text;
}

/** A whole number (digit strings from spreadsheets accepted). */
export function parseInteger(input: unknown, options: { min?: number; max?: number } = {}): Parsed<number> {
  const value = typeof input === 'string' && /^\s*-?\d+\s*$/.test(input) ? Number(input) : input;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('must be a whole number');
  if (options.min !== undefined && value < options.min) return fail(`must be at least ${options.min}`);
  if (options.max !== undefined && value > options.max) return fail(`must be at most ${options.max}`);
  return ok(value);
}

/** A number, optionally with at most `decimals` decimal places. */
export function parseNumber(input: unknown, options: { min?: number; max?: number; decimals?: number } = {}): Parsed<number> {
  const value = typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input) ? Number(input) : input;
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a number');
  if (options.decimals !== undefined) {
    const factor = 10 ** options.decimals;
    if (Math.abs(Math.round(value * factor) - value * factor) > 1e-6) return fail(`must have at most ${options.decimals} decimal places`);
  }
  if (options.min !== undefined && value < options.min) return fail(`must be at least ${options.min}`);
  if (options.max !== undefined && value > options.max) return fail(`must be at most ${options.max}`);
  return ok(value);
}

const TRUE_WORDS = new Set(['yes', 'y', 'true']);
const FALSE_WORDS = new Set(['no', 'n', 'false']);

/** A yes/no value; spreadsheet words yes/no/true/false/y/n are accepted. */
export function parseBoolean(input: unknown): Parsed<boolean> {
  if (typeof input === 'boolean') return ok(input);
  if (typeof input === 'string') {
    const word = input.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return fail('must be yes or no');
}

// Deliberately simple: one @, something before it, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/** An email address. */
export function parseEmail(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('must be an email address');
  const value = input.trim();
  if (value.length > 254 || !EMAIL.test(value)) return fail(`is not an email address`);
  return ok(value);
}

/** A UK phone number (landline, mobile, 03/08 numbers; +44 accepted). Kept as written. */
export function parsePhone(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('must be a UK phone number');
  const value = input.trim();
  const digits = value.replace(/[\s().-]/g, '');
  const national = digits.replace(/^(\+44|0044)/, '0');
  if (!/^0\d{9,10}$/.test(national)) return fail(`is not a UK phone number`);
  return ok(value.replace(/\s+/g, ' '));
}

// Outward code + inward code, as the Royal Mail format (and GOV.UK Notify) allows; GIR 0AA too.
const POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$/;

/** Normalises a UK postcode to `SW1A 1AA`, or returns undefined when it is not one. */
export function normalisePostcode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return undefined;
  const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE.test(spaced) ? spaced : undefined;
}

/** A UK postcode, normalised to `SW1A 1AA`. */
export function parsePostcode(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('must be a UK postcode');
  const value = normalisePostcode(input);
  return value ? ok(value) : fail(`is not a UK postcode`);
}

/** Characters a postal address line may not start with (GOV.UK Notify refuses them). */
export const ADDRESS_FORBIDDEN_START = ['=', '@', '+', '-'];

/**
 * A UK postal address checked as GOV.UK Notify checks it: 3 to 7 lines, a real-looking
 * postcode on the last line, no line starting with = @ + or -. Given as a list of lines or as
 * one text with a line per line; blank lines are dropped; the postcode is normalised.
 */
export function parseAddress(input: unknown): Parsed<string[]> {
  let lines: unknown[];
  if (Array.isArray(input)) lines = input;
  else if (typeof input === 'string') lines = input.split(/\r\n?|\n/);
  else return fail('must be a postal address, one line for each line of the address');
  const clean: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === null || line === undefined) continue;
    if (typeof line !== 'string') return fail(`line ${index + 1} must be text`);
    const trimmed = line.trim().replace(/\s+/g, ' ');
    if (trimmed === '') continue;
    if (CONTROL_ONE_LINE.test(trimmed) || PRIVATE_USE.test(trimmed)) return fail(`line ${index + 1} contains characters that cannot be printed`);
    if (characterCount(trimmed) > 80) return fail(`line ${index + 1} is longer than 80 characters`);
    if (ADDRESS_FORBIDDEN_START.includes(trimmed[0])) return fail(`line ${index + 1} must not start with ${trimmed[0]} (it could be read as a formula)`);
    clean.push(trimmed);
  }
  if (clean.length < 3 || clean.length > 7) return fail(`must have 3 to 7 lines (it has ${clean.length})`);
  const postcode = normalisePostcode(clean[clean.length - 1]);
  if (!postcode) return fail(`the last line must be a UK postcode`);
  clean[clean.length - 1] = postcode;
  return ok(clean);
}

/** One of a fixed set of values. */
export function parseEnum(input: unknown, values: readonly string[]): Parsed<string> {
  if (typeof input === 'string' && values.includes(input.trim())) return ok(input.trim());
  return fail(`must be one of: ${values.join(', ')}`);
}

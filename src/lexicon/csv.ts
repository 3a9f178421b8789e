/**
 * Lexicon as CSV, for co-production groups who prefer a spreadsheet. One row per entry; a
 * list cell holds one item per line (Alt+Enter in a spreadsheet). Inside an item, a line
 * break is written `\n` and a backslash `\\`, so example sentences that contain a line break
 * survive the trip. YAML -> CSV -> YAML gives back exactly the same entries.
 *
 * Safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return would be run as a formula (CSV injection), so it is written with a leading
 * apostrophe, which spreadsheets read as "this is text". A cell that really starts with an
 * apostrophe gets a second one. Reading takes off a leading apostrophe that comes before one
 * of those characters, so both come back exactly.
 */
import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse/sync';
import type * as CsvStringify from 'csv-stringify/sync';
import { type FieldProblem } from '../core/index.js';
import { LexiconEntrySchema, type LexiconEntry } from './schema.js';
import { describePath, setEntrySource, throwProblems } from './yaml.js';

// The CSV libraries are required on first use (both ship CommonJS for Node): `plainly lint`
// reaches this module through lexicon/index.ts but never reads or writes CSV, and should not
// load them at every start.
const require = createRequire(import.meta.url);
const csvParse = (): typeof CsvParse => require('csv-parse/sync') as typeof CsvParse;
const csvStringify = (): typeof CsvStringify => require('csv-stringify/sync') as typeof CsvStringify;

/** CSV columns, in order. The later optional fields come last, so older spreadsheets line up. */
export const CSV_COLUMNS = ['id', 'terms', 'replace', 'severity', 'reason', 'kinds', 'profiles', 'unless', 'exact', 'flag', 'pass', 'explained', 'once', 'pattern'] as const;
type Column = (typeof CSV_COLUMNS)[number];

function escapeItem(item: string): string {
  return item.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function unescapeItem(item: string): string {
  return item.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

/** Characters that make a spreadsheet read a cell as a formula, and the apostrophe that guards them. */
const FORMULA_START = /^[=+\-@\t\r']/;

/** A cell as written: a leading apostrophe before anything a spreadsheet would run (or a real apostrophe). */
export function guardCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A cell as read: the guard taken off, that is a leading apostrophe before a character that
 * needs one (the guard, or the first of two for a real apostrophe). Any other leading
 * apostrophe is the writer's own ("'Tis") and stays.
 */
export function unguardCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function listCell(items: readonly string[] | undefined): string {
  return items ? items.map(escapeItem).join('\n') : '';
}

/** Writes entries as CSV with a header row. The `pattern` column is written only when an entry has a pattern. */
export function lexiconToCsv(entries: LexiconEntry[]): string {
  const withPattern = entries.some((entry) => entry.pattern !== undefined);
  const columns = withPattern ? [...CSV_COLUMNS] : CSV_COLUMNS.filter((c) => c !== 'pattern');
  const rows = entries.map((entry) => [
    entry.id,
    listCell(entry.terms),
    listCell(entry.replace),
    entry.severity,
    entry.reason,
    listCell(entry.kinds),
    listCell(entry.profiles),
    listCell(entry.unless),
    entry.exact ? 'true' : '',
    listCell(entry.examples.flag),
    listCell(entry.examples.pass),
    listCell(entry.explained),
    entry.once ? 'true' : '',
    ...(withPattern ? [entry.pattern ?? ''] : []),
  ]);
  return csvStringify().stringify([columns, ...rows.map((row) => row.map(guardCell))], { record_delimiter: '\n' });
}

function splitList(cell: string): string[] {
  return cell
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(unescapeItem);
}

/** Header names are matched ignoring case, spaces, `_` and `-` (as spreadsheets vary). */
function columnKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]/g, '');
}

/**
 * Reads lexicon CSV (a header row naming the columns, then one row per entry).
 * @throws AppError LEXICON_INVALID naming `file`, the row (the header is row 1) and the column.
 */
export function lexiconFromCsv(text: string, file: string): LexiconEntry[] {
  let records: string[][];
  try {
    records = csvParse().parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throwProblems(file, [{ path: file, message: `this is not valid CSV: ${message}` }]);
  }
  if (records.length < 2) throwProblems(file, [{ path: file, message: 'the file needs a header row and at least one entry' }]);
  const header = records[0].map(columnKey);
  const problems: FieldProblem[] = [];
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    const column = CSV_COLUMNS.find((c) => c === name);
    if (!column) problems.push({ path: `${file}: row 1, column ${i + 1}`, message: `unknown column "${records[0][i]}"; the columns are ${CSV_COLUMNS.join(', ')}` });
    else index.set(column, i);
  });
  for (const required of ['id', 'terms', 'replace', 'severity', 'reason', 'flag', 'pass'] as const) {
    if (!index.has(required)) problems.push({ path: `${file}: row 1`, message: `the column "${required}" is missing` });
  }
  if (problems.length > 0) throwProblems(file, problems);

  const entries: LexiconEntry[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    const cell = (column: Column): string | undefined => {
      const at = index.get(column);
      return at === undefined ? undefined : unguardCell(record[at] ?? '');
    };
    const raw: Record<string, unknown> = {};
    for (const column of ['id', 'severity', 'reason'] as const) raw[column] = cell(column);
    for (const column of ['terms', 'replace'] as const) raw[column] = splitList(cell(column) ?? '');
    for (const column of ['kinds', 'profiles', 'unless', 'explained'] as const) {
      const value = cell(column);
      if (value !== undefined && value.trim() !== '') raw[column] = splitList(value);
    }
    for (const column of ['exact', 'once'] as const) {
      const value = (cell(column) ?? '').trim().toLowerCase();
      if (value !== '') raw[column] = ['true', 'yes', 'y'].includes(value) ? true : ['false', 'no', 'n'].includes(value) ? false : value;
    }
    const pattern = cell('pattern');
    if (pattern !== undefined && pattern.trim() !== '') raw.pattern = pattern;
    raw.examples = { flag: splitList(cell('flag') ?? ''), pass: splitList(cell('pass') ?? '') };
    const parsed = LexiconEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw.id === 'string' && raw.id ? `entry "${raw.id}"` : 'entry';
      for (const issue of parsed.error.issues) {
        const column = issue.path[0] === 'examples' ? String(issue.path[1] ?? 'flag') : String(issue.path[0] ?? 'id');
        problems.push({ path: `${file}: row ${row}, column "${column}"`, message: `${id}, ${describePath(issue.path)}: ${issue.message}` });
      }
      return;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      problems.push({ path: `${file}: row ${row}`, message: `entry "${parsed.data.id}": the id is used twice (first in row ${earlier}); every entry needs its own id` });
      return;
    }
    seen.set(parsed.data.id, row);
    setEntrySource(parsed.data, { file: `${file} (row ${row})` });
    entries.push(parsed.data);
  });
  if (problems.length > 0) throwProblems(file, problems);
  return entries;
}

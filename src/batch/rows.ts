/**
 * Builds one row's data from its cells (through the header mapping and cell conversion), then
 * checks it against the template's own schema, naming every problem by row and column.
 */
import type { SheetRow } from './cells.js';
import { columnLetter, isBlankCell } from './cells.js';
import { convertCell } from './convert.js';
import { countOption, type FieldMap, type FieldSpec } from './fields.js';
import { type HeaderMapping, type MappedColumn, type PathSegment, pathToHeading, pathToKey } from './headers.js';
import type { RowProblem } from './problems.js';

/**
 * Checks one row's data against the template: its field schema, then its cross-field checks.
 * `Template.validate` from src/templates fits. Error paths are dotted, list indices 0-based
 * (`documents.1` is the second item), as the template's data schema writes them.
 */
export type RowValidator = (data: unknown) => { ok: true } | { ok: false; errors: ReadonlyArray<{ path: string; message: string }> };

/** A row's data, and whatever is wrong with it. */
export interface BuiltRow {
  row: number;
  data: Record<string, unknown>;
  problems: RowProblem[];
}

/** Splits a cell holding several lines (an address typed with Alt+Enter) into its non-empty lines. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function columnText(column: MappedColumn): string {
  return column.header ? `${column.letter} ("${column.header}")` : column.letter;
}

function labelOf(spec: FieldSpec | undefined, fallback: string): string {
  return spec?.label ?? fallback;
}

/** Sets a value at a path, making objects and arrays (for numeric segments) on the way. */
function setPath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (node[key] === undefined) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Reads the value at a path, or undefined. */
export function getPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The field spec at a data path. */
export function specAt(fields: FieldMap, path: readonly PropertyKey[]): FieldSpec | undefined {
  let spec: FieldSpec | undefined = { type: 'object', fields };
  for (const key of path) {
    if (!spec) return undefined;
    if (spec.type === 'object') spec = spec.fields?.[String(key)];
    else if (spec.type === 'list') spec = spec.of;
    else return spec; // inside an address (a line): report against the address
  }
  return spec;
}

/** An address being put together from its line and postcode columns. */
interface AddressParts {
  path: PathSegment[];
  lines: Array<{ line: number; text: string }>;
  postcode?: string;
}

/**
 * Builds the data for one row from its cells. Conversion problems (a date that is not a
 * date) are collected, never thrown.
 */
export function buildRow(sheetRow: SheetRow, mapping: HeaderMapping, fields: FieldMap): BuiltRow {
  const data: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  const addresses = new Map<string, AddressParts>();
  const push = (column: MappedColumn | null, field: string, label: string, message: string) =>
    problems.push({ row: sheetRow.row, column: column ? columnText(column) : '', field, label, message });

  for (const column of mapping.columns) {
    const cell = sheetRow.cells[column.index] ?? null;
    if (!column.target) {
      if (column.header === '' && !isBlankCell(cell)) {
        push(column, '', '', `has something in column ${column.letter}, which has no heading: give the column a heading, or check the row for a stray comma`);
      }
      continue;
    }
    if (isBlankCell(cell)) continue;
    const { path, spec, role } = column.target;
    const field = pathToHeading(path);
    const label = labelOf(spec, column.header);
    switch (role.kind) {
      case 'value': {
        const converted = convertCell(cell!, spec, sheetRow.date1904);
        if (converted.ok) setPath(data, path, converted.value);
        else push(column, field, label, converted.message);
        break;
      }
      case 'lines': {
        const lines = splitLines(typeof cell === 'string' ? cell : String(cell));
        if (spec.type === 'address') setPath(data, path, lines);
        else {
          const items: unknown[] = [];
          lines.forEach((line, i) => {
            const converted = convertCell(line, spec.of!);
            if (converted.ok) items.push(converted.value);
            else push(column, `${field}.${i + 1}`, label, `line ${i + 1} of the cell ${converted.message}`);
          });
          setPath(data, path, items);
        }
        break;
      }
      case 'address-line':
      case 'address-postcode': {
        const key = pathToKey(path);
        const parts = addresses.get(key) ?? { path, lines: [] };
        const converted = convertCell(cell!, { type: 'string' });
        const text = converted.ok ? String(converted.value) : '';
        if (role.kind === 'address-postcode') parts.postcode = text;
        else parts.lines.push({ line: role.line, text });
        addresses.set(key, parts);
        break;
      }
    }
  }
  // A ragged row: cells past the last heading. In a CSV that usually means a stray comma has
  // moved every later cell one column right, so none of the row can be trusted.
  const extra = sheetRow.cells.findIndex((cell, index) => index >= mapping.columns.length && !isBlankCell(cell));
  if (extra >= 0) {
    problems.push({
      row: sheetRow.row,
      column: columnLetter(extra),
      field: '',
      label: '',
      message: 'has more cells than there are headings: check the row for a stray comma, or a cell with a comma in it that needs quote marks',
    });
  }
  // Address lines: empty lines are skipped (as GOV.UK Notify does), the postcode goes last.
  for (const parts of addresses.values()) {
    const lines = parts.lines.sort((a, b) => a.line - b.line).flatMap((part) => splitLines(part.text));
    if (parts.postcode) lines.push(parts.postcode);
    if (lines.length > 0) setPath(data, parts.path, lines);
  }
  tidyLists(data, fields, [], mapping, (field, label, message) => {
    const column = mapping.columns.find((c) => c.target && pathToHeading(c.target.path) === field) ?? null;
    push(column, field, label, message);
  });
  return { row: sheetRow.row, data, problems };
}

/**
 * Lists end at their first empty item ("empty cells end the list"). An item filled in after a
 * gap is reported rather than dropped, so nothing a person typed disappears without a word.
 * A list with columns but no items becomes `[]`, so "needs at least 1" is what is reported.
 */
function tidyLists(
  node: Record<string, unknown>,
  fields: FieldMap,
  prefix: PathSegment[],
  mapping: HeaderMapping,
  report: (field: string, label: string, message: string) => void,
): void {
  for (const [name, spec] of Object.entries(fields)) {
    const path = [...prefix, name];
    const value = node[name];
    if (spec.type === 'object' && value && typeof value === 'object') {
      tidyLists(value as Record<string, unknown>, spec.fields ?? {}, path, mapping, report);
    } else if (spec.type === 'list') {
      const key = pathToKey(path);
      const hasColumns = mapping.columns.some((c) => c.target && (pathToKey(c.target.path) === key || pathToKey(c.target.path).startsWith(key + '.')));
      if (!Array.isArray(value)) {
        // Columns all empty: a list that may be empty is `[]`; otherwise it stays missing ("is empty").
        if (hasColumns && !spec.optional && (countOption(spec.min) ?? 0) === 0) node[name] = [];
        continue;
      }
      let end = 0;
      while (end < value.length && value[end] !== undefined) end++;
      const late = value.findIndex((item, i) => i > end && item !== undefined);
      if (late >= 0) {
        report(pathToHeading([...path, late]), labelOf(spec, pathToHeading(path)), `has an item in column ${pathToHeading([...path, late])} after an empty ${pathToHeading([...path, end])}: fill list columns from the first, with no gaps`);
      }
      value.length = end;
      if (spec.of?.type === 'object') {
        value.forEach((item, i) => tidyLists(item as Record<string, unknown>, spec.of!.fields ?? {}, [...path, i], mapping, report));
      }
    }
  }
}

/** Splits a dotted data path into segments, digits becoming 0-based list indices. */
export function parseDataPath(path: string): PathSegment[] {
  if (path === '' || path === '(data)') return [];
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Checks built data against the template and turns each error into a row problem naming the
 * column it came from. A required field left empty reads "is empty".
 */
export function checkRow(built: BuiltRow, validate: RowValidator, mapping: HeaderMapping, fields: FieldMap): RowProblem[] {
  const result = validate(built.data);
  if (result.ok) return built.problems;
  const problems = [...built.problems];
  const reported = new Set(built.problems.map((p) => p.field));
  for (const error of result.errors) {
    const path = parseDataPath(error.path);
    const field = pathToHeading(path);
    if (reported.has(field)) continue; // already explained by the cell conversion
    const key = pathToKey(path);
    let columns = mapping.columns.filter((c) => c.target && pathToKey(c.target.path) === key);
    // An address built from several columns: a postcode problem belongs to the postcode column.
    const postcodeColumns = columns.filter((c) => c.target!.role.kind === 'address-postcode');
    if (postcodeColumns.length > 0 && /postcode/i.test(error.message)) columns = postcodeColumns;
    const containing = columns.length ? columns : mapping.columns.filter((c) => c.target && (key.startsWith(pathToKey(c.target.path) + '.') || pathToKey(c.target.path).startsWith(key + '.')));
    const spec = specAt(fields, path);
    const label = labelOf(spec, field || 'The row');
    const missing = path.length > 0 && getPath(built.data, path) === undefined && spec !== undefined;
    problems.push({
      row: built.row,
      column: containing.map(columnText).join(', '),
      field,
      label,
      message: missing ? 'is empty' : readOn(withoutLabel(error.message, spec?.label)),
    });
  }
  return problems;
}

/** The template schema starts its messages with the field's label; the summary adds its own. */
function withoutLabel(message: string, label: string | undefined): string {
  return label && message.startsWith(label + ' ') ? message.slice(label.length + 1) : message;
}

/** Makes a schema message read on from a field's name: "Must be…" → "must be…". */
function readOn(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}

/**
 * Maps spreadsheet headings to template fields. Matching ignores case, spaces, `_` and `-`
 * (as GOV.UK Notify does), so "Letter date", "letter_date" and "LETTERDATE" all fill
 * `letterDate`. Dots reach nested fields (`recipient.address.postcode`); numbers pick list
 * items (`documents.1`, `documents.2`, …). Everything about the headings is checked here,
 * before a single row is read: a missing column would otherwise fail every row.
 */
import { AppError, type FieldProblem } from '../core/index.js';
import { type Cell, cellAsText, columnLetter } from './cells.js';
import { countOption, type FieldMap, type FieldSpec, isScalar } from './fields.js';

/** Most lines a postal address can have (GOV.UK Notify: 3 to 7, postcode on the last). */
export const MAX_ADDRESS_LINES = 7;
const MIN_ADDRESS_LINES = 3;

/** One step in a path through the data: a field name, or a 0-based list index. */
export type PathSegment = string | number;

/** What a column fills. */
export type ColumnRole =
  /** one value (a string, a date, money …). */
  | { kind: 'value' }
  /** a whole list or address in one cell, one item per line of the cell. */
  | { kind: 'lines' }
  /** one line of an address (1-based). */
  | { kind: 'address-line'; line: number }
  /** the postcode of an address: added as its last line. */
  | { kind: 'address-postcode' };

/** The field a column fills. */
export interface ColumnTarget {
  path: PathSegment[];
  spec: FieldSpec;
  role: ColumnRole;
}

/** One column of the spreadsheet and what it fills (`null`: not used). */
export interface MappedColumn {
  /** 0-based column index. */
  index: number;
  /** Column letter as Excel shows it (A, B, …, AA). */
  letter: string;
  /** The heading as written. */
  header: string;
  target: ColumnTarget | null;
  /** For unused columns: a field the heading was probably meant to name. */
  suggestion?: string;
}

/** The result of mapping a heading row. */
export interface HeaderMapping {
  columns: MappedColumn[];
  /** Columns with a heading that names no field: their cells are not used. */
  unknown: MappedColumn[];
}

/** Options for mapping headings. */
export interface MapHeadersOptions {
  /** Headings the user has confirmed, heading → field path (`"Client name": "recipient.name"`). */
  mapping?: Record<string, string>;
}

/** Normalises a heading or field name for matching: lower case, no spaces, `_` or `-`. */
export function normaliseHeading(text: string): string {
  return text
    .replace(/[\u200b\ufeff]/g, '')
    .toLowerCase()
    .replace(/[\s_\-]+/g, '');
}

/** Writes a path the way headings write it: list indices 1-based (`documents.1`). */
export function pathToHeading(path: readonly PathSegment[]): string {
  return path.map((segment) => (typeof segment === 'number' ? String(segment + 1) : segment)).join('.');
}

/** Writes a path the way the data (and the template schema's errors) write it: 0-based. */
export function pathToKey(path: readonly PathSegment[]): string {
  return path.join('.');
}

/** A key saying which slot a column fills, so two columns filling one slot are caught. */
function slotKey(target: ColumnTarget): string {
  const base = pathToKey(target.path);
  switch (target.role.kind) {
    case 'address-line':
      return `${base}#line${target.role.line}`;
    case 'address-postcode':
      return `${base}#postcode`;
    default:
      return base;
  }
}

const ADDRESS_LINE = /^(?:addressline|line)?(\d+)$/;

/**
 * Resolves a dotted heading against the fields. Returns the target, `null` for a heading
 * that names no field, or a string saying why a heading that names a field cannot be used.
 */
export function resolveHeading(fields: FieldMap, heading: string): ColumnTarget | string | null {
  const segments = heading.split('.').map(normaliseHeading);
  if (segments.some((segment) => segment === '')) return null;
  let spec: FieldSpec = { type: 'object', fields };
  const path: PathSegment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const rest = segments.length - i - 1;
    if (spec.type === 'object') {
      const entry = Object.entries(spec.fields ?? {}).find(([name]) => normaliseHeading(name) === segment);
      if (!entry) return null;
      path.push(entry[0]);
      spec = entry[1];
    } else if (spec.type === 'list') {
      if (!/^\d+$/.test(segment) || Number(segment) < 1) return null;
      const position = Number(segment);
      const max = countOption(spec.max);
      if (max !== undefined && position > max) return `${pathToHeading(path)} holds at most ${max} items, so there cannot be a column for item ${position}`;
      path.push(position - 1);
      spec = spec.of!;
    } else if (spec.type === 'address') {
      if (rest > 0) return null;
      if (segment === 'postcode') return { path, spec, role: { kind: 'address-postcode' } };
      const match = ADDRESS_LINE.exec(segment);
      if (!match) return null;
      const line = Number(match[1]);
      if (line < 1 || line > MAX_ADDRESS_LINES) return `an address has at most ${MAX_ADDRESS_LINES} lines, so there cannot be a column for line ${line}`;
      return { path, spec, role: { kind: 'address-line', line } };
    } else {
      return null; // a dot after a single-value field
    }
  }
  if (isScalar(spec)) return { path, spec, role: { kind: 'value' } };
  if (spec.type === 'address') return { path, spec, role: { kind: 'lines' } };
  if (spec.type === 'list' && spec.of && isScalar(spec.of)) return { path, spec, role: { kind: 'lines' } };
  if (spec.type === 'list') return `${pathToHeading(path)} is a list of groups of fields: give each its own columns, e.g. ${pathToHeading([...path, 0])}.${Object.keys(spec.of?.fields ?? {})[0] ?? 'name'}`;
  return `${pathToHeading(path) || 'this heading'} is a group of fields: give each its own column, e.g. ${pathToHeading([...path, Object.keys(spec.fields ?? {})[0] ?? 'name'])}`;
}

/** Every single-value field reachable without list items, with its path (for labels and suggestions). */
function plainLeaves(fields: FieldMap, prefix: PathSegment[] = []): Array<{ path: PathSegment[]; spec: FieldSpec }> {
  const leaves: Array<{ path: PathSegment[]; spec: FieldSpec }> = [];
  for (const [name, spec] of Object.entries(fields)) {
    const path = [...prefix, name];
    if (spec.type === 'object') leaves.push(...plainLeaves(spec.fields ?? {}, path));
    else leaves.push({ path, spec });
  }
  return leaves;
}

/** Address fields outside lists: GOV.UK Notify headings fill one when it is the only one. */
function addressFields(fields: FieldMap): Array<{ path: PathSegment[]; spec: FieldSpec }> {
  return plainLeaves(fields).filter((leaf) => leaf.spec.type === 'address');
}

/** Edit distance, for "did you mean" suggestions on headings with a typo. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = saved;
    }
  }
  return previous[b.length];
}

/** The field a mistyped heading was probably meant to name, if one is close. */
function suggest(fields: FieldMap, heading: string): string | undefined {
  const wanted = normaliseHeading(heading);
  let best: { name: string; distance: number } | undefined;
  for (const leaf of plainLeaves(fields)) {
    const name = pathToHeading(leaf.path);
    const distance = Math.min(editDistance(wanted, normaliseHeading(name)), editDistance(wanted, normaliseHeading(String(leaf.path.at(-1)))));
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(wanted.length / 5)) ? best.name : undefined;
}

/** Describes a column for messages: `column C ("Postcode")`. */
export function describeColumn(column: Pick<MappedColumn, 'letter' | 'header'>): string {
  return column.header ? `column ${column.letter} ("${column.header}")` : `column ${column.letter}`;
}

/**
 * Maps a heading row to fields, and checks that every required field has a column.
 * @throws AppError VALIDATION_FAILED listing every missing, duplicated or unusable column at once,
 *   each with the heading as its `path`.
 */
export function mapHeaders(fields: FieldMap, headingCells: readonly Cell[], options: MapHeadersOptions = {}): HeaderMapping {
  const problems: FieldProblem[] = [];
  const labels = new Map<string, { path: PathSegment[]; spec: FieldSpec } | null>();
  for (const leaf of plainLeaves(fields)) {
    if (!leaf.spec.label || leaf.spec.type === 'address') continue;
    const key = normaliseHeading(leaf.spec.label);
    labels.set(key, labels.has(key) ? null : leaf); // a label used twice matches neither
  }
  const addresses = addressFields(fields);
  const confirmed = new Map(Object.entries(options.mapping ?? {}).map(([heading, field]) => [normaliseHeading(heading), field]));

  const columns: MappedColumn[] = headingCells.map((cell, index) => {
    const header = cellAsText(cell).trim();
    const column: MappedColumn = { index, letter: columnLetter(index), header, target: null };
    if (header === '') return column;
    const chosen = confirmed.get(normaliseHeading(header));
    let target = resolveHeading(fields, chosen ?? header);
    if (target === null && chosen !== undefined) {
      problems.push({ path: header, message: `the mapping says this column fills "${chosen}", but the template has no field ${chosen}` });
      return column;
    }
    if (target === null) {
      const normal = normaliseHeading(header);
      const labelled = labels.get(normal);
      if (labelled) target = { path: labelled.path, spec: labelled.spec, role: { kind: 'value' } };
      else if (addresses.length === 1) {
        // GOV.UK Notify's letter headings: "address line 1" … "address line 7" and "postcode".
        const line = /^addressline(\d+)$/.exec(normal);
        const address = addresses[0];
        if (line) {
          const number = Number(line[1]);
          target =
            number >= 1 && number <= MAX_ADDRESS_LINES
              ? { path: address.path, spec: address.spec, role: { kind: 'address-line', line: number } }
              : `an address has at most ${MAX_ADDRESS_LINES} lines, so there cannot be a column for line ${number}`;
        } else if (normal === 'postcode') target = { path: address.path, spec: address.spec, role: { kind: 'address-postcode' } };
      }
    }
    if (typeof target === 'string') {
      problems.push({ path: header, message: target });
      return column;
    }
    if (target === null) {
      column.suggestion = suggest(fields, header);
      return column;
    }
    column.target = target;
    return column;
  });

  // Two columns filling one slot: we cannot tell which the user meant.
  const bySlot = new Map<string, MappedColumn[]>();
  for (const column of columns) {
    if (!column.target) continue;
    const key = slotKey(column.target);
    bySlot.set(key, [...(bySlot.get(key) ?? []), column]);
  }
  for (const same of bySlot.values()) {
    if (same.length > 1) {
      problems.push({
        path: same[0].header,
        message: `${same.map(describeColumn).join(' and ')} both fill ${pathToHeading(same[0].target!.path)}; keep one of them`,
      });
    }
  }
  // A list or address given both in one cell and in numbered columns.
  for (const column of columns) {
    if (column.target?.role.kind !== 'lines') continue;
    const key = pathToKey(column.target.path);
    const parts = columns.filter((other) => {
      if (other === column || !other.target) return false;
      const otherKey = pathToKey(other.target.path);
      return otherKey.startsWith(key + '.') || (otherKey === key && other.target.role.kind !== 'lines');
    });
    if (parts.length > 0) {
      problems.push({ path: column.header, message: `${describeColumn(column)} holds all of ${pathToHeading(column.target.path)}, but ${parts.map(describeColumn).join(' and ')} also fill parts of it; use one way or the other` });
    }
  }

  const mapped = columns.filter((column) => column.target !== null);
  problems.push(...missingColumns(fields, mapped));
  if (problems.length > 0) {
    const count = problems.length === 1 ? 'There is a problem' : `There are ${problems.length} problems`;
    throw new AppError('VALIDATION_FAILED', `${count} with the spreadsheet's column headings, so no rows were read:\n${problems.map((p) => `- ${p.path || '(no heading)'}: ${p.message}`).join('\n')}`, { errors: problems });
  }
  return { columns, unknown: columns.filter((column) => column.target === null && column.header !== '') };
}

/** Every required field without a column, walking the fields the way a row is built. */
function missingColumns(fields: FieldMap, mapped: readonly MappedColumn[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys = mapped.map((column) => ({ key: pathToKey(column.target!.path), column }));
  const hasUnder = (path: PathSegment[]): boolean => {
    const key = pathToKey(path);
    return keys.some((entry) => entry.key === key || entry.key.startsWith(key + '.'));
  };
  const at = (path: PathSegment[]): MappedColumn[] => keys.filter((entry) => entry.key === pathToKey(path)).map((entry) => entry.column);

  const walk = (spec: FieldSpec, path: PathSegment[], name: string): void => {
    if (spec.optional && !hasUnder(path)) return;
    const label = spec.label ? `"${spec.label}" (${pathToHeading(path)})` : pathToHeading(path);
    switch (spec.type) {
      case 'object':
        for (const [child, childSpec] of Object.entries(spec.fields ?? {})) walk(childSpec, [...path, child], child);
        return;
      case 'address': {
        const here = at(path);
        if (here.some((column) => column.target!.role.kind === 'lines')) return;
        if (here.length < MIN_ADDRESS_LINES) {
          const heading = pathToHeading(path);
          problems.push({
            path: heading,
            message: `${label} needs at least ${MIN_ADDRESS_LINES} columns (${heading}.1, ${heading}.2, … and ${heading}.postcode), or one column ${heading} with each line of the address on its own line in the cell${here.length ? `; there ${here.length === 1 ? 'is' : 'are'} only ${here.length}` : ''}`,
          });
        }
        return;
      }
      case 'list': {
        if (at(path).length > 0) return; // the whole list in one cell
        const min = Math.max(1, countOption(spec.min) ?? 0);
        for (let i = 0; i < min; i++) {
          const itemPath = [...path, i];
          if (spec.of && isScalar(spec.of)) {
            if (!hasUnder(itemPath)) problems.push({ path: pathToHeading(itemPath), message: `there is no column for ${label}${spec.optional ? '' : ', which is needed'}: add a column headed ${pathToHeading(itemPath)}` });
          } else if (spec.of) walk({ ...spec.of, optional: false }, itemPath, name);
        }
        return;
      }
      default:
        if (at(path).length === 0) problems.push({ path: pathToHeading(path), message: `there is no column for ${label}, which is needed: add a column headed ${pathToHeading(path)}` });
    }
  };
  for (const [name, spec] of Object.entries(fields)) walk(spec, [name], name);
  return problems;
}

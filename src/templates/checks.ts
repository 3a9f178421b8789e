/**
 * Cross-field checks (docs/templates.md, "Checks"): rules the data must pass as a whole, such
 * as totals that add up or a change date at least 28 days after the letter. Each failure is
 * reported on the path of the field at fault, like any other data problem.
 */
import { z } from 'zod';
import type { FieldProblem } from '../core/index.js';
import { type FieldSpec, fieldAt } from './fields.js';
import { formatDate } from './format.js';
import { formatPence } from './values.js';

const path = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.([A-Za-z][A-Za-z0-9_]*|\*))*$/, 'must be a field path like recipient.name or items.*.cost');

/** zod schema for one check in front matter. */
export const CheckSchema = z.discriminatedUnion(
  'rule',
  [
    z.strictObject({ rule: z.literal('date-order'), from: path, to: path }),
    z.strictObject({ rule: z.literal('min-days-between'), from: path, to: path, days: z.number().int().nonnegative(), unless: path.optional() }),
    z.strictObject({ rule: z.literal('sum'), of: z.array(path).min(1), equals: path }),
    z.strictObject({ rule: z.literal('difference'), of: path, minus: path, equals: path }),
    z.strictObject({ rule: z.literal('product'), of: z.tuple([path, path]), equals: path, per: z.number().positive().optional() }),
  ],
  { error: () => 'rule must be one of: date-order, min-days-between, sum, difference, product' },
);

/** One cross-field check. */
export type Check = z.infer<typeof CheckSchema>;

const NUMERIC = new Set(['money', 'integer', 'number']);

/** The part of a path up to and including its last `*` (`lines.*` of `lines.*.cost`), or undefined. */
function listPrefix(fieldPath: string): string | undefined {
  const at = fieldPath.lastIndexOf('*');
  return at < 0 ? undefined : fieldPath.slice(0, at + 1);
}

/**
 * The paths of a check that are compared item by item, and the one that must be a list path
 * for that to make sense. A check is *per item* when a path it compares or tests steps into a
 * list; then every list path in it must step into the same list (`lines.*`), and single
 * fields are used for every item. The one exception is `sum` with a single `equals`: its list
 * paths are added up over all items (`of: [items.*.cost], equals: total`).
 */
function perItemPaths(check: Check): { paths: { key: string; path: string }[]; result?: { key: string; path: string } } {
  switch (check.rule) {
    case 'date-order':
      return { paths: [{ key: 'from', path: check.from }, { key: 'to', path: check.to }] };
    case 'min-days-between':
      return { paths: [{ key: 'from', path: check.from }, { key: 'to', path: check.to }, ...(check.unless ? [{ key: 'unless', path: check.unless }] : [])] };
    case 'sum':
      if (!listPrefix(check.equals)) return { paths: [] };
      return { paths: [...check.of.map((p, i) => ({ key: `of.${i}`, path: p })), { key: 'equals', path: check.equals }], result: { key: 'equals', path: check.equals } };
    case 'difference':
      return { paths: [{ key: 'of', path: check.of }, { key: 'minus', path: check.minus }, { key: 'equals', path: check.equals }], result: { key: 'equals', path: check.equals } };
    case 'product':
      return { paths: [...check.of.map((p, i) => ({ key: `of.${i}`, path: p })), { key: 'equals', path: check.equals }], result: { key: 'equals', path: check.equals } };
  }
}

/** The list (`lines.*`) a per-item check goes through, or undefined for a check on single fields. */
function itemList(check: Check): string | undefined {
  for (const { path: p } of perItemPaths(check).paths) {
    const prefix = listPrefix(p);
    if (prefix) return prefix;
  }
  return undefined;
}

/**
 * Checks that a check's paths name fields of the right type, and that list paths in a per-item
 * check go through one list. Returns problems with the path inside the check (`from`,
 * `of.1`, ...) so they can be placed in the front matter.
 */
export function validateCheckDefinition(check: Check, fields: Record<string, FieldSpec>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const expect = (key: string, fieldPath: string, types: Set<string>, what: string) => {
    const spec = fieldAt(fields, fieldPath);
    if (!spec) problems.push({ key, message: `"${fieldPath}" is not a field of this template` });
    else if (!types.has(spec.type)) problems.push({ key, message: `"${fieldPath}" must be ${what} (it is ${spec.type})` });
  };
  const dates = new Set(['date']);
  switch (check.rule) {
    case 'date-order':
      expect('from', check.from, dates, 'a date');
      expect('to', check.to, dates, 'a date');
      break;
    case 'min-days-between':
      expect('from', check.from, dates, 'a date');
      expect('to', check.to, dates, 'a date');
      if (check.unless && !fieldAt(fields, check.unless)) problems.push({ key: 'unless', message: `"${check.unless}" is not a field of this template` });
      break;
    case 'sum':
      check.of.forEach((p, i) => expect(`of.${i}`, p, NUMERIC, 'money or a number'));
      expect('equals', check.equals, NUMERIC, 'money or a number');
      break;
    case 'difference':
      expect('of', check.of, NUMERIC, 'money or a number');
      expect('minus', check.minus, NUMERIC, 'money or a number');
      expect('equals', check.equals, NUMERIC, 'money or a number');
      break;
    case 'product':
      check.of.forEach((p, i) => expect(`of.${i}`, p, NUMERIC, 'money or a number'));
      expect('equals', check.equals, NUMERIC, 'money or a number');
      break;
  }
  const list = itemList(check);
  if (list) {
    const { paths, result } = perItemPaths(check);
    for (const { key, path: p } of paths) {
      const prefix = listPrefix(p);
      if (prefix && prefix !== list) problems.push({ key, message: `"${p}" steps into another list than ${list}: a check compares the items of one list (or single fields)` });
    }
    if (result && !listPrefix(result.path)) {
      problems.push({ key: result.key, message: `must be a list path like ${list}.… when the values it is compared with are list items (each item gets its own result); to add items up use rule: sum` });
    }
  }
  return problems;
}

/**
 * The concrete paths of the items of a list: `lines.*` → `lines.0`, `lines.1`, …
 * (`a.*.b.*` → `a.0.b.0`, `a.0.b.1`, `a.1.b.0`, …), in order.
 */
function itemPaths(data: unknown, list: string): string[] {
  let current: { path: string; value: unknown }[] = [{ path: '', value: data }];
  for (const part of list.split('.')) {
    const next: { path: string; value: unknown }[] = [];
    for (const { path: at, value } of current) {
      const join = (key: string | number) => (at ? `${at}.${key}` : String(key));
      if (part === '*') {
        if (Array.isArray(value)) value.forEach((item, i) => next.push({ path: join(i), value: item }));
      } else if (value && typeof value === 'object' && Object.hasOwn(value, part)) {
        next.push({ path: join(part), value: (value as Record<string, unknown>)[part] });
      }
    }
    current = next;
  }
  return current.map((c) => c.path);
}

/** Every value at a path; `*` steps into each list item. */
function valuesAt(data: unknown, fieldPath: string): unknown[] {
  let current: unknown[] = [data];
  for (const part of fieldPath.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (part === '*' && Array.isArray(value)) next.push(...value);
      else if (value && typeof value === 'object' && Object.hasOwn(value, part)) next.push((value as Record<string, unknown>)[part]);
    }
    current = next;
  }
  return current;
}

function single(data: unknown, fieldPath: string): unknown {
  return valuesAt(data, fieldPath)[0];
}

function total(data: unknown, paths: readonly string[]): number {
  let sum = 0;
  for (const p of paths) for (const value of valuesAt(data, p)) if (typeof value === 'number') sum += value;
  return sum;
}

const DAY_MS = 86_400_000;
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Formats a number for a message in the field's own terms (money as pounds). */
function show(fields: Record<string, FieldSpec>, fieldPath: string, value: number): string {
  return fieldAt(fields, fieldPath)?.type === 'money' ? formatPence(value) : String(Math.round(value * 1e6) / 1e6);
}

/** A check with its list paths made concrete for one item (`lines.*.cost` → `lines.1.cost`). */
function forItem(check: Check, list: string, item: string): Check {
  const at = (p: string) => (listPrefix(p) === list ? item + p.slice(list.length) : p);
  switch (check.rule) {
    case 'date-order': return { ...check, from: at(check.from), to: at(check.to) };
    case 'min-days-between': return { ...check, from: at(check.from), to: at(check.to), ...(check.unless ? { unless: at(check.unless) } : {}) };
    case 'sum': return { ...check, of: check.of.map(at), equals: at(check.equals) };
    case 'difference': return { ...check, of: at(check.of), minus: at(check.minus), equals: at(check.equals) };
    case 'product': return { ...check, of: [at(check.of[0]), at(check.of[1])], equals: at(check.equals) };
  }
}

/** The label of the field a path names (`lines.1.cost` → the label of `lines.*.cost`). */
function name(fields: Record<string, FieldSpec>, fieldPath: string): string {
  const label = fieldAt(fields, fieldPath)?.label;
  if (label) return label;
  // Without a label, an item's field is named by its own name (`cost` for `lines.1.cost`).
  const parts = fieldPath.split('.');
  const last = parts.findLastIndex((p) => p === '*' || /^\d+$/.test(p));
  return last < 0 ? fieldPath : parts.slice(last + 1).join('.');
}

/**
 * Runs a check whose paths are all single fields (list paths only in an aggregate `sum`).
 * `itemFrom`: `from` is a list item compared with a single `to`, so the item is at fault.
 */
function runOne(check: Check, fields: Record<string, FieldSpec>, data: unknown, problems: FieldProblem[], itemFrom = false): void {
  switch (check.rule) {
    case 'date-order': {
      const from = single(data, check.from);
      const to = single(data, check.to);
      if (typeof from === 'string' && typeof to === 'string' && to < from) {
        if (itemFrom) {
          problems.push({ path: check.from, message: `must be on or before ${name(fields, check.to)} (${formatDate(to)})` });
        } else {
          problems.push({ path: check.to, message: `must be on or after ${name(fields, check.from)} (${formatDate(from)})` });
        }
      }
      break;
    }
    case 'min-days-between': {
      const from = single(data, check.from);
      const to = single(data, check.to);
      const excused = check.unless !== undefined && !isEmpty(single(data, check.unless));
      if (!excused && typeof from === 'string' && typeof to === 'string' && daysBetween(from, to) < check.days) {
        const unless = check.unless ? `, unless ${name(fields, check.unless)} is given` : '';
        problems.push({ path: check.to, message: `must be at least ${check.days} days after ${name(fields, check.from)} (${formatDate(from)})${unless}` });
      }
      break;
    }
    case 'sum': {
      const expected = total(data, check.of);
      const actual = single(data, check.equals);
      if (typeof actual === 'number' && Math.abs(actual - expected) > 1e-9) {
        problems.push({ path: check.equals, message: `must equal ${check.of.map((p) => name(fields, p)).join(' + ')} = ${show(fields, check.equals, expected)} (it is ${show(fields, check.equals, actual)})` });
      }
      break;
    }
    case 'difference': {
      const a = single(data, check.of);
      const b = single(data, check.minus);
      const actual = single(data, check.equals);
      const expected = (typeof a === 'number' ? a : 0) - (typeof b === 'number' ? b : 0);
      if (typeof actual === 'number' && Math.abs(actual - expected) > 1e-9) {
        problems.push({ path: check.equals, message: `must equal ${name(fields, check.of)} − ${name(fields, check.minus)} = ${show(fields, check.equals, expected)} (it is ${show(fields, check.equals, actual)})` });
      }
      break;
    }
    case 'product': {
      const a = single(data, check.of[0]);
      const b = single(data, check.of[1]);
      const actual = single(data, check.equals);
      if (typeof a === 'number' && typeof b === 'number' && typeof actual === 'number') {
        const expected = Math.round((a * b) / (check.per ?? 1));
        if (actual !== expected) {
          problems.push({ path: check.equals, message: `must equal ${name(fields, check.of[0])} × ${name(fields, check.of[1])}${check.per && check.per !== 1 ? ` ÷ ${check.per}` : ''} = ${show(fields, check.equals, expected)} (it is ${show(fields, check.equals, actual)})` });
        }
      }
      break;
    }
  }
}

/**
 * Runs the checks on data that already passed the field schema. A check with list paths runs
 * once for every item of its list and reports the item's own path (`lines.1.cost`, 0-based
 * like every data path); single fields in it apply to every item. Optional values that are
 * missing count as 0 in arithmetic and make date rules not apply.
 */
export function runChecks(checks: readonly Check[], fields: Record<string, FieldSpec>, data: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const check of checks) {
    const list = itemList(check);
    if (list === undefined) runOne(check, fields, data, problems);
    else {
      const itemFrom = check.rule === 'date-order' && listPrefix(check.from) !== undefined && listPrefix(check.to) === undefined;
      for (const item of itemPaths(data, list)) runOne(forItem(check, list, item), fields, data, problems, itemFrom);
    }
  }
  return problems;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

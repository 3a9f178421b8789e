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

/**
 * Checks that a check's paths name fields of the right type. Returns problems with the
 * path inside the check (`from`, `of.1`, ...) so they can be placed in the front matter.
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
  return problems;
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

function name(fields: Record<string, FieldSpec>, fieldPath: string): string {
  return fieldAt(fields, fieldPath)?.label ?? fieldPath;
}

/**
 * Runs the checks on data that already passed the field schema. Optional values that are
 * missing count as 0 in arithmetic and make date rules not apply.
 */
export function runChecks(checks: readonly Check[], fields: Record<string, FieldSpec>, data: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const check of checks) {
    switch (check.rule) {
      case 'date-order': {
        const from = single(data, check.from);
        const to = single(data, check.to);
        if (typeof from === 'string' && typeof to === 'string' && to < from) {
          problems.push({ path: check.to, message: `must be on or after ${name(fields, check.from)} (${formatDate(from)})` });
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
            problems.push({ path: check.equals, message: `must equal ${name(fields, check.of[0])} × ${name(fields, check.of[1])}${check.per ? ` ÷ ${check.per}` : ''} = ${show(fields, check.equals, expected)} (it is ${show(fields, check.equals, actual)})` });
          }
        }
        break;
      }
    }
  }
  return problems;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

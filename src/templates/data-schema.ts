/**
 * Compiles a template's field definitions into one zod schema for its data. Every problem is
 * collected (zod does not stop at the first), then turned into `{ path, message }` pairs with
 * dotted paths (`recipient.address`, `documents.2`), the shape the CLI, HTTP API and batch
 * reports all print.
 */
import { z } from 'zod';
import type { FieldProblem } from '../core/index.js';
import type { FieldSpec } from './fields.js';
import {
  type Parsed,
  parseAddress,
  parseBoolean,
  parseDate,
  parseEmail,
  parseEnum,
  parseInteger,
  parseMoney,
  parseNumber,
  parsePhone,
  parsePostcode,
  parseString,
  parseText,
} from './values.js';

/** Data as it comes out of validation: money in pence, dates as `YYYY-MM-DD`, etc. */
export type TemplateData = Record<string, unknown>;

/** True for values that count as "not filled in" (a blank spreadsheet cell is ''). */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** True when the schema itself lets the field be empty: optional, or required only under a condition. */
function mayBeEmpty(spec: FieldSpec | undefined): boolean {
  return Boolean(spec && (spec.optional || spec.requiredWhen));
}

/** Prefixes a message with the field's label, so it reads as a sentence: "Our reference must be…". */
function say(spec: FieldSpec, message: string): string {
  return spec.label ? `${spec.label} ${message}` : message;
}

/** A schema for a leaf value parsed by one of the value parsers. */
function leaf<T>(spec: FieldSpec, parse: (input: unknown) => Parsed<T>): z.ZodType<T | undefined> {
  return z.unknown().transform((input, ctx) => {
    if (isBlank(input)) {
      if (mayBeEmpty(spec)) return undefined;
      ctx.addIssue({ code: 'custom', message: say(spec, 'is required') });
      return z.NEVER;
    }
    const parsed = parse(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: say(spec, parsed.message) });
      return z.NEVER;
    }
    return parsed.value;
  });
}

/** A schema for a group of fields; unexpected keys are reported one by one. */
export function objectSchema(fields: Record<string, FieldSpec>, spec?: FieldSpec): z.ZodType<TemplateData | undefined> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(fields)) shape[name] = fieldSchema(field);
  const inner = z.strictObject(shape);
  return z.unknown().transform((input, ctx) => {
    if (isBlank(input)) {
      if (mayBeEmpty(spec)) return undefined;
      ctx.addIssue({ code: 'custom', message: spec ? say(spec, 'is required') : 'data is required' });
      return z.NEVER;
    }
    if (typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: spec ? say(spec, 'must be a group of fields') : 'data must be a JSON object' });
      return z.NEVER;
    }
    const result = inner.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
      return z.NEVER;
    }
    // Drop keys of optional fields that were left empty, so `{{#if note}}` sees nothing.
    const out: TemplateData = {};
    for (const [key, value] of Object.entries(result.data)) if (value !== undefined) out[key] = value;
    return out;
  });
}

function listSchema(spec: Extract<FieldSpec, { type: 'list' }>): z.ZodType<unknown[] | undefined> {
  const item = fieldSchema({ ...spec.of, optional: false, requiredWhen: undefined } as FieldSpec);
  const inner = z.array(item);
  return z.unknown().transform((input, ctx) => {
    if (isBlank(input) || (Array.isArray(input) && input.length === 0 && mayBeEmpty(spec))) {
      if (mayBeEmpty(spec)) return undefined;
      ctx.addIssue({ code: 'custom', message: say(spec, 'is required') });
      return z.NEVER;
    }
    if (!Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: say(spec, 'must be a list') });
      return z.NEVER;
    }
    if (spec.min !== undefined && input.length < spec.min) ctx.addIssue({ code: 'custom', message: say(spec, `needs at least ${spec.min} item${spec.min === 1 ? '' : 's'} (it has ${input.length})`) });
    if (spec.max !== undefined && input.length > spec.max) ctx.addIssue({ code: 'custom', message: say(spec, `can have at most ${spec.max} items (it has ${input.length})`) });
    const result = inner.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
      return z.NEVER;
    }
    return result.data;
  });
}

/** The zod schema for one field definition. */
export function fieldSchema(spec: FieldSpec): z.ZodType {
  // Optional fields may be absent altogether (zod skips absent optional keys).
  return mayBeEmpty(spec) ? baseSchema(spec).optional() : baseSchema(spec);
}

function baseSchema(spec: FieldSpec): z.ZodType {
  switch (spec.type) {
    case 'string': {
      const pattern = spec.pattern ? new RegExp(spec.pattern, 'u') : undefined;
      return leaf(spec, (v) => parseString(v, { max: spec.max ?? 200, min: spec.min, pattern }));
    }
    case 'text':
      return leaf(spec, (v) => parseText(v, { max: spec.max ?? 2000, min: spec.min }));
    case 'date':
      return leaf(spec, (v) => parseDate(v, spec));
    case 'money':
      return leaf(spec, (v) => parseMoney(v, spec));
    case 'integer':
      return leaf(spec, (v) => parseInteger(v, spec));
    case 'number':
      return leaf(spec, (v) => parseNumber(v, spec));
    case 'boolean':
      return leaf(spec, parseBoolean);
    case 'email':
      return leaf(spec, parseEmail);
    case 'phone':
      return leaf(spec, parsePhone);
    case 'postcode':
      return leaf(spec, parsePostcode);
    case 'address':
      return leaf(spec, parseAddress);
    case 'enum':
      return leaf(spec, (v) => parseEnum(v, spec.values));
    case 'list':
      return listSchema(spec);
    case 'object':
      return objectSchema(spec.fields, spec);
  }
}

/** Turns zod issues into field problems, one per bad or unexpected field. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const join = (parts: readonly PropertyKey[]) => [prefix, ...parts.map(String)].filter(Boolean).join('.');
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: join([...issue.path, key]), message: 'is not a field of this template' });
    } else {
      problems.push({ path: join(issue.path) || '(data)', message: issue.message });
    }
  }
  return problems;
}

/**
 * Examples that take every branch. Publishing checks a template with its own example, the
 * named `examples:` of its front matter, and examples made from the field schema: for each
 * field a `{{#if}}`, `{{#unless}}`, `{{#each}}` or `{{#with}}` reads, the example with that
 * field truthy and falsy (true/false, filled in/left out, a list with items/empty; compared
 * values of `(eq field "x")` too). Conditional fields are then filled in or left out as their
 * `requiredWhen` says, as a real row would be. Data that still does not pass the schema is
 * not used (the branch it was for is then checked in the template source only).
 */
import type { ConditionSite } from './branches.js';
import { conditionWords } from './branches.js';
import { conditionHolds, conditionalFields } from './conditions.js';
import { type FieldSpec, fieldAt } from './fields.js';

/** One set of example data, and what it is for. */
export interface BranchExample {
  /** `example`, a named example's name, or what the generated one changes (`prepaidCard: true`). */
  name: string;
  /** "with its example", "with the example \"prepaid card\"", "when prepaidCard is true". */
  label: string;
  data: Record<string, unknown>;
  generated: boolean;
}

/** A value of a field's type that passes its own limits. */
export function sampleValue(spec: FieldSpec): unknown {
  switch (spec.type) {
    case 'string':
      return 'Example'.slice(0, spec.max ?? 200).padEnd(spec.min ?? 0, 'x');
    case 'text':
      return 'An example.'.padEnd(spec.min ?? 0, '.');
    case 'date':
      return spec.min ?? spec.max ?? '2021-01-31';
    case 'money':
      return Math.max(spec.min ?? 100, 0) <= (spec.max ?? Infinity) ? Math.max(spec.min ?? 100, 0) : spec.max;
    case 'integer':
    case 'number':
      return spec.min ?? (spec.max !== undefined && spec.max < 1 ? spec.max : 1);
    case 'boolean':
      return true;
    case 'email':
      return 'name@example.org';
    case 'phone':
      return '0161 496 0000';
    case 'postcode':
      return 'SK4 3QT';
    case 'address':
      return ['1 Example Street', 'Exampletown', 'SK4 3QT'];
    case 'enum':
      return spec.values[0];
    case 'list':
      return Array.from({ length: Math.max(1, spec.min ?? 1) }, () => sampleValue(spec.of));
    case 'object':
      return Object.fromEntries(Object.entries(spec.fields).filter(([, f]) => !f.optional && !f.requiredWhen).map(([name, f]) => [name, sampleValue(f)]));
  }
}

const clone = <T>(value: T): T => structuredClone(value);

/** Sets (or with `undefined` removes) the value at a path; `*` sets it in every item of a list. */
function setAt(data: Record<string, unknown>, parts: string[], value: unknown, fields: Record<string, FieldSpec>, done: string[] = []): void {
  const [head, ...rest] = parts;
  if (rest.length === 0) {
    if (value === undefined) delete data[head];
    else data[head] = clone(value);
    return;
  }
  const here = [...done, head];
  if (rest[0] === '*') {
    let list = data[head];
    const spec = fieldAt(fields, here.join('.'));
    if (!Array.isArray(list) || list.length === 0) {
      if (spec?.type !== 'list') return;
      list = data[head] = sampleValue(spec);
    }
    for (const item of list as unknown[]) {
      if (item && typeof item === 'object' && !Array.isArray(item) && rest.length > 1) setAt(item as Record<string, unknown>, rest.slice(1), value, fields, [...here, '*']);
    }
    return;
  }
  let next = data[head];
  if (!next || typeof next !== 'object' || Array.isArray(next)) {
    const spec = fieldAt(fields, here.join('.'));
    if (spec?.type !== 'object') return;
    next = data[head] = sampleValue(spec);
  }
  setAt(next as Record<string, unknown>, rest, value, fields, here);
}

function getAt(data: unknown, parts: string[]): unknown {
  let current = data;
  for (const part of parts) {
    if (part === '*') current = Array.isArray(current) ? current[0] : undefined;
    else current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  }
  return current;
}

/** Fills in conditional fields that the data now needs, and leaves out those it does not. */
function applyConditions(data: Record<string, unknown>, fields: Record<string, FieldSpec>, sources: Record<string, unknown>[]): void {
  for (const site of conditionalFields(fields)) {
    if (site.path.includes('*')) continue;
    const needed = conditionHolds(site.spec.requiredWhen!, data);
    const current = getAt(data, site.path);
    const empty = current === undefined || current === null || (Array.isArray(current) && current.length === 0) || current === '';
    if (needed && empty) {
      const known = sources.map((s) => getAt(s, site.path)).find((v) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0));
      setAt(data, site.path, known ?? sampleValue(site.spec), fields);
    } else if (!needed && !empty) {
      setAt(data, site.path, undefined, fields);
    }
  }
}

function describe(path: string, value: unknown, spec: FieldSpec | undefined, truthy?: boolean): string {
  if (truthy !== undefined) return `when ${path} ${conditionWords(spec, truthy)}`;
  return `when ${path} is ${JSON.stringify(value)}`;
}

/** Canonical JSON (sorted keys), to tell equal data apart from different data. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

/**
 * The examples to check a template with: its own, its named ones, then one for each side of
 * each condition (those equal to an earlier one are left out).
 */
export function branchExamples(template: { fields: Record<string, FieldSpec>; example: Record<string, unknown>; examples: Readonly<Record<string, Record<string, unknown>>> }, conditions: readonly ConditionSite[]): BranchExample[] {
  const { fields, example } = template;
  const out: BranchExample[] = [{ name: 'example', label: 'with its example', data: example, generated: false }];
  for (const [name, data] of Object.entries(template.examples)) out.push({ name, label: `with the example "${name}"`, data, generated: false });
  const sources = out.map((e) => e.data);
  const seen = new Set(out.map((e) => canonical(e.data)));

  const variants: { label: string; name: string; change: (data: Record<string, unknown>) => void }[] = [];
  const planned = new Set<string>();
  for (const condition of conditions) {
    for (const field of condition.fields) {
      const spec = fieldAt(fields, field.path);
      if (!spec) continue;
      const parts = field.path.split('.');
      const plan = (key: string, label: string, name: string, value: unknown) => {
        if (planned.has(key)) return;
        planned.add(key);
        variants.push({ label, name, change: (data) => setAt(data, parts, value, fields) });
      };
      if (field.equals !== undefined) {
        plan(`${field.path}=${JSON.stringify(field.equals)}`, describe(field.path, field.equals, spec), `${field.path}: ${JSON.stringify(field.equals)}`, field.equals);
        if (typeof field.equals === 'number') {
          const next = field.equals + 1;
          plan(`${field.path}=${next}`, describe(field.path, next, spec), `${field.path}: ${next}`, next);
        }
        if (spec.type === 'enum') {
          for (const other of spec.values) plan(`${field.path}=${JSON.stringify(other)}`, describe(field.path, other, spec), `${field.path}: ${JSON.stringify(other)}`, other);
        }
      }
      // Leaving a field out is tried only where the fields allow it.
      const mayBeLeftOut = Boolean(spec.optional || spec.requiredWhen) || (spec.type === 'list' && (spec.min ?? 0) === 0);
      const present = sources.map((s) => getAt(s, parts)).find((v) => v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0));
      if (spec.type === 'boolean') {
        plan(`${field.path}:true`, describe(field.path, true, spec, true), `${field.path}: true`, true);
        plan(`${field.path}:false`, describe(field.path, false, spec, false), `${field.path}: false`, false);
      } else if (spec.type === 'list' || spec.type === 'address') {
        plan(`${field.path}:true`, describe(field.path, null, spec, true), `${field.path}: items`, present ?? sampleValue(spec));
        if (mayBeLeftOut) plan(`${field.path}:false`, describe(field.path, null, spec, false), `${field.path}: empty`, spec.type === 'list' ? [] : undefined);
      } else {
        plan(`${field.path}:true`, describe(field.path, null, spec, true), `${field.path}: filled in`, present ?? sampleValue(spec));
        if (mayBeLeftOut) plan(`${field.path}:false`, describe(field.path, null, spec, false), `${field.path}: left out`, undefined);
      }
    }
  }
  for (const variant of variants) {
    const data = clone(example);
    variant.change(data);
    applyConditions(data, fields, sources);
    const key = canonical(data);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: variant.name, label: variant.label, data, generated: true });
  }
  return out;
}

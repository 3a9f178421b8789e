/**
 * Conditional fields (docs/templates.md, "Conditional fields"): a field with
 * `requiredWhen: { prepaidCard: false }` must be filled in only when every named field has the
 * value given (a list of values means any of them); otherwise it may be left empty. The field
 * schema lets such a field be empty; the rule is applied after it, on the whole data, so the
 * condition can name any field of the template.
 */
import type { FieldProblem } from '../core/index.js';
import { type FieldSpec, type RequiredWhenValue, fieldAt } from './fields.js';

/** Types a condition may name: fields with one value that reads as a word or a number. */
const CONDITION_TYPES = new Set(['boolean', 'enum', 'string', 'integer', 'number']);

/** A field definition, with where it is in the data (`documents`, `lines.*.cost`) and in the front matter. */
interface FieldSite {
  spec: FieldSpec;
  /** Data path; list items are `*`. */
  path: string[];
  /** Path of the definition in the front matter (for `file:line:col`). */
  yamlPath: (string | number)[];
}

function sites(fields: Record<string, FieldSpec>, path: string[] = [], yamlPath: (string | number)[] = ['fields']): FieldSite[] {
  const out: FieldSite[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    const here = [...path, name];
    const yamlHere = [...yamlPath, name];
    out.push({ spec, path: here, yamlPath: yamlHere });
    if (spec.type === 'object') out.push(...sites(spec.fields, here, [...yamlHere, 'fields']));
    if (spec.type === 'list' && spec.of.type === 'object') out.push(...sites(spec.of.fields, [...here, '*'], [...yamlHere, 'of', 'fields']));
  }
  return out;
}

/** Every field that has `requiredWhen`. */
export function conditionalFields(fields: Record<string, FieldSpec>): FieldSite[] {
  return sites(fields).filter((site) => site.spec.requiredWhen);
}

const asList = (value: RequiredWhenValue): (boolean | string | number)[] => (Array.isArray(value) ? value : [value]);

/** The value at a dotted path of the data (top level down; no list steps). */
export function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** True when `data` makes a field with these conditions required. */
export function conditionHolds(conditions: Record<string, RequiredWhenValue>, data: unknown): boolean {
  return Object.entries(conditions).every(([path, wanted]) => {
    const value = valueAt(data, path);
    return asList(wanted).some((w) => (typeof value === 'string' && typeof w === 'string' ? value.trim() === w.trim() : value === w));
  });
}

function wordFor(value: boolean | string | number, spec: FieldSpec | undefined): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  return spec?.type === 'enum' || spec?.type === 'string' ? `"${value}"` : value;
}

/** "Paid on a prepaid card is no" (labels where the fields have them). */
export function describeCondition(fields: Record<string, FieldSpec>, conditions: Record<string, RequiredWhenValue>): string {
  return Object.entries(conditions)
    .map(([path, wanted]) => {
      const spec = fieldAt(fields, path);
      const words = asList(wanted).map((w) => wordFor(w, spec));
      const values = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
      return `${spec?.label ?? path} is ${values}`;
    })
    .join(' and ');
}

/**
 * Problems in the `requiredWhen` definitions, each with the front-matter path to report it at.
 */
export function requiredWhenDefinitionProblems(fields: Record<string, FieldSpec>): { yamlPath: (string | number)[]; message: string }[] {
  const problems: { yamlPath: (string | number)[]; message: string }[] = [];
  for (const site of conditionalFields(fields)) {
    const name = site.path.join('.');
    const conditions = site.spec.requiredWhen!;
    if (site.spec.optional) {
      problems.push({ yamlPath: [...site.yamlPath, 'optional'], message: `fields.${name}: a field is either optional or requiredWhen, not both` });
    }
    for (const [path, wanted] of Object.entries(conditions)) {
      const at = [...site.yamlPath, 'requiredWhen', path];
      const spec = fieldAt(fields, path);
      if (!spec) {
        problems.push({ yamlPath: at, message: `fields.${name}.requiredWhen: "${path}" is not a field of this template` });
        continue;
      }
      if (path === name || name.startsWith(path + '.')) {
        problems.push({ yamlPath: at, message: `fields.${name}.requiredWhen: a field cannot depend on itself` });
        continue;
      }
      if (!CONDITION_TYPES.has(spec.type)) {
        problems.push({ yamlPath: at, message: `fields.${name}.requiredWhen: "${path}" is a ${spec.type} field; a condition can name only a boolean, enum, string, integer or number field` });
        continue;
      }
      for (const value of asList(wanted)) {
        const fits =
          spec.type === 'boolean'
            ? typeof value === 'boolean'
            : spec.type === 'enum'
              ? typeof value === 'string' && spec.values.includes(value)
              : spec.type === 'string'
                ? typeof value === 'string'
                : typeof value === 'number';
        if (!fits) {
          const expected =
            spec.type === 'boolean' ? 'true or false' : spec.type === 'enum' ? `one of: ${spec.values.join(', ')}` : spec.type === 'string' ? 'a word or phrase' : 'a number';
          problems.push({ yamlPath: at, message: `fields.${name}.requiredWhen.${path}: ${JSON.stringify(value)} is not a value "${path}" can have (${expected})` });
        }
      }
    }
  }
  return problems;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'string' && value.trim() === '');
}

/** Every value of a data path with `*` steps, with its concrete path (`lines.1.cost`). */
function valuesAt(data: unknown, path: string[], done: string[] = []): { path: string[]; value: unknown }[] {
  if (path.length === 0) return [{ path: done, value: data }];
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(data)) return [];
    return data.flatMap((item, index) => valuesAt(item, rest, [...done, String(index)]));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  return valuesAt((data as Record<string, unknown>)[head], rest, [...done, head]);
}

/**
 * Applies `requiredWhen` to validated data: a conditional field that is empty while its
 * condition holds is a problem, worded for the person filling it in.
 */
export function requiredWhenProblems(fields: Record<string, FieldSpec>, data: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const site of conditionalFields(fields)) {
    if (!conditionHolds(site.spec.requiredWhen!, data)) continue;
    // The field's parent must exist (an optional group left out has no required members).
    const parent = site.path.slice(0, -1);
    const name = site.path[site.path.length - 1];
    for (const holder of valuesAt(data, parent)) {
      if (!holder.value || typeof holder.value !== 'object') continue;
      const value = (holder.value as Record<string, unknown>)[name];
      if (!isEmpty(value)) continue;
      const label = site.spec.label ?? name;
      problems.push({ path: [...holder.path, name].join('.'), message: `${label} is required when ${describeCondition(fields, site.spec.requiredWhen!)}` });
    }
  }
  return problems;
}

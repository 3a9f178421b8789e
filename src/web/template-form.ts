/**
 * A template's source as people edit it on the web, without YAML: its details (title, kind,
 * profile, language), its fields (label, type, needed or needed when, help, example value) and
 * its body. Converts the source's front matter to a form and the form back to front matter,
 * keeping everything the form does not show (checks, layout, named examples, a field's own
 * limits) exactly as it was. The data rules of each field are said in words.
 */
import { stringify } from 'yaml';
import type { FieldSpec } from '../app/index.js';
import { readFrontMatter as readFrontMatterOf, splitFrontMatter } from '../core/index.js';

/** A source split at its front matter fences. `frontMatter` is the YAML between them. */
export interface SplitSource {
  frontMatter: string;
  body: string;
}

/** Splits `---\n…\n---\n body` (core's one front-matter reader); undefined when the source has no front matter. */
export function splitSource(source: string): SplitSource | undefined {
  const split = splitFrontMatter(source);
  return 'problem' in split ? undefined : { frontMatter: split.yaml, body: split.body };
}

/** The front matter as data (an empty object when it is missing or not a YAML map). */
export function readFrontMatter(source: string): Record<string, unknown> {
  return readFrontMatterOf(source) ?? {};
}

/** One field at its dotted path (`recipient.name`); list items are described with their list. */
export interface FieldAt {
  path: string;
  spec: FieldSpec;
  depth: number;
}

/** Every field, groups first and their fields after them, in the order they are written. */
export function flattenFields(fields: unknown, prefix = '', depth = 0): FieldAt[] {
  if (!fields || typeof fields !== 'object') return [];
  const out: FieldAt[] = [];
  for (const [name, raw] of Object.entries(fields as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const spec = raw as FieldSpec;
    const path = prefix ? `${prefix}.${name}` : name;
    out.push({ path, spec, depth });
    if (spec.type === 'object') out.push(...flattenFields(spec.fields, path, depth + 1));
  }
  return out;
}

/** Field types as people say them, for choosing one and for describing a field. */
export const FIELD_TYPE_WORDS: Record<FieldSpec['type'], string> = {
  string: 'Short text (one line)',
  text: 'Longer text (several lines)',
  date: 'A date',
  money: 'An amount of money',
  integer: 'A whole number',
  number: 'A number',
  boolean: 'Yes or no',
  email: 'An email address',
  phone: 'A UK phone number',
  postcode: 'A UK postcode',
  address: 'A postal address',
  enum: 'One of a list of choices',
  list: 'A list',
  object: 'A group of fields',
};

function pounds(pence: number): string {
  const whole = pence % 100 === 0;
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}

function conditionWords(conditions: Record<string, unknown>): string {
  return Object.entries(conditions)
    .map(([path, wanted]) => {
      const values = (Array.isArray(wanted) ? wanted : [wanted]).map((v) => (v === true ? 'yes' : v === false ? 'no' : String(v)));
      return `${path} is ${values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : values[0]}`;
    })
    .join(' and ');
}

/**
 * A field's data rules in words: "A date. Needed.", "An amount of money, at least £1.
 * Optional.", "A list of short text (one line), 1 to 10 items. Needed when prepaidCard is no."
 */
export function describeField(spec: FieldSpec): string {
  const parts: string[] = [];
  const limits: string[] = [];
  const s = spec as FieldSpec & { min?: number | string; max?: number | string; decimals?: number; negative?: boolean; pattern?: string };
  switch (spec.type) {
    case 'string':
    case 'text':
      if (s.min !== undefined) limits.push(`at least ${s.min} characters`);
      limits.push(`up to ${s.max ?? (spec.type === 'string' ? 200 : 2000)} characters`);
      if (s.pattern) limits.push('in a set form');
      break;
    case 'date':
      if (s.min) limits.push(`on or after ${s.min}`);
      if (s.max) limits.push(`on or before ${s.max}`);
      break;
    case 'money':
      if (typeof s.min === 'number') limits.push(`at least ${pounds(s.min)}`);
      if (typeof s.max === 'number') limits.push(`at most ${pounds(s.max)}`);
      if (s.negative) limits.push('may be below £0');
      break;
    case 'integer':
    case 'number':
      if (s.min !== undefined) limits.push(`at least ${s.min}`);
      if (s.max !== undefined) limits.push(`at most ${s.max}`);
      if (s.decimals !== undefined) limits.push(`up to ${s.decimals} decimal places`);
      break;
    case 'list': {
      const of = spec.of ? FIELD_TYPE_WORDS[spec.of.type]?.replace(/^(A|An) /, '').toLowerCase() : undefined;
      parts.push(of ? `A list of ${of.replace(/^one of a list of choices$/, 'choices')}` : 'A list');
      if (s.min !== undefined && s.max !== undefined) limits.push(`${s.min} to ${s.max} items`);
      else if (s.min !== undefined) limits.push(`at least ${s.min} items`);
      else if (s.max !== undefined) limits.push(`up to ${s.max} items`);
      break;
    }
    case 'enum':
      parts.push(`One of: ${(spec.values ?? []).join(', ')}`);
      break;
    default:
      break;
  }
  if (parts.length === 0) parts.push(FIELD_TYPE_WORDS[spec.type] ?? String(spec.type));
  let first = parts[0];
  if (limits.length) first += `, ${limits.join(', ')}`;
  const sentences = [`${first}.`];
  if (spec.requiredWhen && Object.keys(spec.requiredWhen).length) sentences.push(`Needed when ${conditionWords(spec.requiredWhen)}.`);
  else sentences.push(spec.optional ? 'Optional.' : 'Needed.');
  return sentences.join(' ');
}

/** Exposed for the other modules that write YAML the same way. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

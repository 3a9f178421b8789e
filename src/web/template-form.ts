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

/** Field types the editor offers for a field of its own (lists and groups stay as they are, in the source). */
export const SIMPLE_FIELD_TYPES = ['string', 'text', 'date', 'money', 'integer', 'number', 'boolean', 'email', 'phone', 'postcode', 'address', 'enum'] as const;
export type SimpleFieldType = (typeof SIMPLE_FIELD_TYPES)[number];

/** One field as the form shows it. `kept` fields (lists, groups) are shown but edited in the source. */
export interface FieldRow {
  /** The name in {{placeholders}} (`replyBy`). */
  name: string;
  /** The name it had in the saved version ('' for a new field), so its other settings and example are kept. */
  was: string;
  label: string;
  type: string;
  /** `needed`, `optional` or `when` (needed when another field has a value). */
  needed: 'needed' | 'optional' | 'when';
  whenField: string;
  whenValue: string;
  help: string;
  /** The example value as text (address lines one per line; yes/no for yes-or-no). */
  example: string;
  /** The choices of a one-of-a-list field, one per line. */
  values: string;
  /** A list or a group: not edited here (the advanced source edits it). */
  kept: boolean;
  /** The data rules in words. */
  rules: string;
}

/** The editor's form. */
export interface TemplateForm {
  title: string;
  kind: string;
  profile: string;
  lang: string;
  fields: FieldRow[];
  body: string;
}

function exampleText(value: unknown, type?: string): string {
  if (value === undefined || value === null) return '';
  // Money is held in pence; people read and write pounds.
  if (type === 'money' && typeof value === 'number') return `${value < 0 ? '-' : ''}${pounds(Math.abs(value)).replace(/^£(\d+)$/, '£$1.00')}`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String).join('\n');
  if (typeof value === 'object') return '';
  return String(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** The form for a template's source. */
export function formFromSource(source: string): TemplateForm {
  const meta = readFrontMatter(source);
  const example = (meta.example && typeof meta.example === 'object' ? meta.example : {}) as Record<string, unknown>;
  const fields = (meta.fields && typeof meta.fields === 'object' ? meta.fields : {}) as Record<string, FieldSpec>;
  const rows: FieldRow[] = Object.entries(fields).map(([name, spec]) => {
    const when = spec.requiredWhen ? Object.entries(spec.requiredWhen)[0] : undefined;
    const wanted = when ? (Array.isArray(when[1]) ? when[1] : [when[1]]) : [];
    return {
      name,
      was: name,
      label: str(spec.label),
      type: spec.type,
      needed: spec.requiredWhen ? 'when' : spec.optional ? 'optional' : 'needed',
      whenField: when ? when[0] : '',
      whenValue: wanted.map((v) => (v === true ? 'yes' : v === false ? 'no' : String(v))).join(', '),
      help: str(spec.help),
      example: exampleText(example[name], spec.type),
      values: spec.type === 'enum' ? (spec.values ?? []).join('\n') : '',
      kept: spec.type === 'list' || spec.type === 'object',
      rules: describeField(spec),
    };
  });
  return { title: str(meta.title), kind: str(meta.kind), profile: str(meta.profile) || 'standard', lang: str(meta.lang) || 'en', fields: rows, body: splitSource(source)?.body ?? source };
}

/** Reads the form as sent (`f0_name`, `f0_label`, … for each field, `fieldCount`). */
export function formFromBody(body: Record<string, unknown>): TemplateForm {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).replace(/\r\n?/g, '\n') : '');
  const count = Math.min(200, Math.max(0, Number(text('fieldCount')) || 0));
  const fields: FieldRow[] = [];
  for (let i = 0; i < count; i++) {
    const at = (key: string) => text(`f${i}_${key}`);
    const needed = at('needed');
    const row: FieldRow = {
      name: at('name').trim(),
      was: at('was').trim(),
      label: at('label').trim(),
      type: at('type') || 'string',
      needed: needed === 'optional' || needed === 'when' ? needed : 'needed',
      whenField: at('whenField').trim(),
      whenValue: at('whenValue').trim(),
      help: at('help').trim(),
      example: at('example'),
      values: at('values'),
      kept: at('kept') === 'yes',
      rules: '',
    };
    fields.push(row);
  }
  return { title: text('title').trim(), kind: text('kind'), profile: text('profile') || 'standard', lang: text('lang') || 'en', fields, body: text('body') };
}

/** A condition's value as YAML would hold it: yes/no as true/false, numbers as numbers. */
function conditionValue(text: string): boolean | string | number {
  const t = text.trim();
  if (/^(yes|true)$/i.test(t)) return true;
  if (/^(no|false)$/i.test(t)) return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** An example value typed for its field. */
function exampleValue(type: string, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  switch (type) {
    case 'boolean':
      return /^(yes|true)$/i.test(t) ? true : /^(no|false)$/i.test(t) ? false : t;
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
    case 'address':
      return text.split('\n').map((line) => line.trim()).filter(Boolean);
    case 'text':
      return text.trim();
    default:
      return t;
  }
}

/** One problem with the form, named by the field it is in (`f2_name`) for the error summary. */
export interface FormProblem {
  field: string;
  message: string;
}

/** What is wrong with the form before it is turned into a source (the template check says the rest). */
export function formProblems(form: TemplateForm): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!form.title) problems.push({ field: 'title', message: 'Enter the title of the template' });
  const seen = new Set<string>();
  form.fields.forEach((row, i) => {
    const n = i + 1;
    if (!row.name) problems.push({ field: `f${i}_name`, message: `Enter a name for field ${n}, like replyBy` });
    else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(row.name)) problems.push({ field: `f${i}_name`, message: `The name of field ${n} must start with a letter and have only letters, digits and _, like replyBy` });
    else if (seen.has(row.name)) problems.push({ field: `f${i}_name`, message: `The name of field ${n} is used by another field: each field needs its own name` });
    seen.add(row.name);
    if (row.kept) return;
    if (!(SIMPLE_FIELD_TYPES as readonly string[]).includes(row.type)) problems.push({ field: `f${i}_type`, message: `Choose what kind of information field ${n} holds` });
    if (row.type === 'enum' && row.values.split('\n').every((v) => !v.trim())) problems.push({ field: `f${i}_values`, message: `Enter the choices for field ${n}, one on each line` });
    if (row.needed === 'when' && !row.whenField) problems.push({ field: `f${i}_whenField`, message: `Enter the name of the field that makes field ${n} needed` });
    if (row.needed === 'when' && row.whenField && !row.whenValue) problems.push({ field: `f${i}_whenValue`, message: `Enter the value that makes field ${n} needed, like yes` });
  });
  return problems;
}

/**
 * The source with the form's details, fields, examples and body, starting from `original` so
 * everything the form does not show (layout, checks, named examples, a field's own limits,
 * lists and groups) is kept as it was. Field order follows the form.
 */
export function sourceFromForm(original: string, form: TemplateForm): string {
  const meta = readFrontMatter(original);
  const oldFields = (meta.fields && typeof meta.fields === 'object' ? meta.fields : {}) as Record<string, Record<string, unknown>>;
  const oldExample = (meta.example && typeof meta.example === 'object' ? meta.example : {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  const example: Record<string, unknown> = {};
  for (const row of form.fields) {
    const old = row.was ? oldFields[row.was] : undefined;
    if (row.kept && old) {
      fields[row.name] = old;
      if (oldExample[row.was] !== undefined) example[row.name] = oldExample[row.was];
      continue;
    }
    // A field keeps its own limits (max, min, pattern…) while its kind of information stays the same.
    const spec: Record<string, unknown> = old && old.type === row.type ? { ...old } : { type: row.type };
    spec.type = row.type;
    for (const key of ['label', 'help', 'optional', 'requiredWhen', 'values']) delete spec[key];
    if (row.type === 'enum') spec.values = row.values.split('\n').map((v) => v.trim()).filter(Boolean);
    if (row.needed === 'optional') spec.optional = true;
    if (row.needed === 'when' && row.whenField) {
      const values = row.whenValue.split(',').map(conditionValue).filter((v) => v !== '');
      spec.requiredWhen = { [row.whenField]: values.length === 1 ? values[0] : values };
    }
    if (row.label) spec.label = row.label;
    if (row.help) spec.help = row.help;
    // Short keys first, as people write them.
    const ordered: Record<string, unknown> = {};
    for (const key of ['type', 'label', 'help', 'optional', 'requiredWhen', 'values']) if (spec[key] !== undefined) ordered[key] = spec[key];
    for (const [key, value] of Object.entries(spec)) if (!(key in ordered)) ordered[key] = value;
    fields[row.name] = ordered;
    // An example left as it was shown keeps its value exactly as written (pence stay pence).
    const was = row.was ? oldExample[row.was] : undefined;
    const value = was !== undefined && old?.type === row.type && exampleText(was, row.type) === row.example ? was : exampleValue(row.type, row.example);
    if (value !== undefined) example[row.name] = value;
  }
  // Example values of fields the form does not list (none today) are dropped with the field.
  const next: Record<string, unknown> = {};
  const details: Record<string, unknown> = { title: form.title, kind: form.kind || meta.kind, profile: form.profile, lang: form.lang };
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'fields') next.fields = fields;
    else if (key === 'example') next.example = example;
    else if (key in details) next[key] = details[key];
    else next[key] = value;
  }
  for (const [key, value] of Object.entries(details)) if (!(key in next) && value) next[key] = value;
  if (!('fields' in next)) next.fields = fields;
  if (!('example' in next)) next.example = example;
  const body = form.body.endsWith('\n') || form.body === '' ? form.body : `${form.body}\n`;
  return `---\n${toYaml(next)}---\n${body}`;
}

/** A new, empty field row. */
export function emptyFieldRow(): FieldRow {
  return { name: '', was: '', label: '', type: 'string', needed: 'needed', whenField: '', whenValue: '', help: '', example: '', values: '', kept: false, rules: '' };
}

/** The partials a body can insert (`{{> name}}`), from the templates' partials folder. */
export function fieldPlaceholder(row: Pick<FieldRow, 'name' | 'type'>): string {
  switch (row.type) {
    case 'date':
      return `{{date ${row.name}}}`;
    case 'money':
      return `{{money ${row.name}}}`;
    default:
      return `{{${row.name}}}`;
  }
}

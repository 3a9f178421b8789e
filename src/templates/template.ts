/**
 * One template file: YAML front matter + Markdown/Handlebars body (docs/templates.md).
 * `parseTemplate` checks everything it can before any data arrives — front matter, field
 * definitions, checks, the body's helpers/partials/fields, the layout's required fields and
 * the example data — and reports every problem at once with its `file:line:col`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  AppError,
  DOCUMENT_KINDS,
  type DocumentKind,
  type FieldProblem,
  formatLocation,
  PROFILES,
  type Profile,
  PROJECT_ROOT,
  sha256,
  splitFrontMatter,
} from '../core/index.js';
import { type CompiledBody, compileBody, type PartialSource } from './body.js';
import { type TemplateBranches, templateBranches } from './branches.js';
import { type Check, CheckSchema, runChecks, validateCheckDefinition } from './checks.js';
import { requiredWhenDefinitionProblems, requiredWhenProblems } from './conditions.js';
import { issuesToProblems, objectSchema, type TemplateData } from './data-schema.js';
import { type FieldSpec, FieldsSchema, fieldAt } from './fields.js';
import { TEMPLATE_HELPERS } from './helpers.js';
import { parseYaml } from './yaml.js';

/** Page layouts (docs/templates.md, "Layouts"). */
export const LAYOUTS = ['letter', 'document', 'easy-read', 'form'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The descriptive part of a template: what `templates list` shows. */
export interface TemplateMeta {
  id: string;
  title: string;
  kind: DocumentKind;
  profile: Profile;
  layout: Layout;
  /** BCP 47 language, `en` by default; `cy` for Welsh. */
  lang: string;
  description?: string;
}

/** Result of validating data against a template. */
export type DataValidation = { ok: true; data: TemplateData } | { ok: false; errors: FieldProblem[] };

/** A parsed, checked, compiled template. Immutable; safe to share between requests. */
export interface Template extends TemplateMeta {
  /** Where it came from (a path, or a name like `db:financial-checkup@3`). */
  file: string;
  /** The whole file as given. */
  source: string;
  /** Content hash of the template and the partials it uses: changes whenever output could. */
  version: string;
  fields: Record<string, FieldSpec>;
  checks: Check[];
  /** The example data, as written (before validation). */
  example: Record<string, unknown>;
  /**
   * Named examples from `examples:` in the front matter, each merged over `example` (a field
   * set to null is left out), so every one is a whole set of data. They must pass too.
   */
  examples: Readonly<Record<string, Record<string, unknown>>>;
  /** The body (after the front matter) and the line of the file it starts on. */
  bodySource: string;
  bodyFirstLine: number;
  /** Names of the partials the body includes (directly or through other partials). */
  partials: string[];
  /** Every block's sides (with names like "when prepaidCard is true") and the fields conditions read. */
  branches: TemplateBranches;
  /** Compiled once; fills the body with data. */
  body: CompiledBody;
  /** Validates data: field schema first, then the cross-field checks. */
  validate(data: unknown): DataValidation;
}

const TemplateMetaSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must use only lowercase letters, digits and single hyphens'),
  title: z.string().min(1).max(200),
  kind: z.enum(DOCUMENT_KINDS, { error: () => `must be one of: ${DOCUMENT_KINDS.join(', ')}` }),
  profile: z.enum(PROFILES, { error: () => `must be one of: ${PROFILES.join(', ')}` }),
  layout: z.enum(LAYOUTS, { error: () => `must be one of: ${LAYOUTS.join(', ')}` }),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or cy').default('en'),
  description: z.string().min(1).max(500).optional(),
  fields: FieldsSchema,
  checks: z.array(CheckSchema).default([]),
  example: z.record(z.string(), z.unknown(), {
    error: (issue) => (issue.input === undefined ? 'is missing: every template needs example data that passes its checks' : 'must be a set of field values'),
  }),
  examples: z
    .record(z.string().min(1).max(100), z.record(z.string(), z.unknown(), { error: () => 'must be a set of field values (merged over example; null leaves a field out)' }), {
      error: () => 'must be named examples, e.g. { prepaid card: { prepaidCard: true, documents: null } }',
    })
    .default({}),
});

/** A named example merged over the template's `example`: its fields replace the example's; null leaves one out. */
export function mergeExample(example: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...example };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

const RESERVED_FIELDS = new Set(['council', 'this', ...Object.keys(TEMPLATE_HELPERS), 'if', 'unless', 'each', 'with', 'lookup', 'log']);

/** Options for `parseTemplate`. */
export interface ParseTemplateOptions {
  /** Partials by name; default: `templates/partials/` of the project. */
  partials?: ReadonlyMap<string, PartialSource>;
}

/** Splits `---\nfront matter\n---\nbody` (core's one reader), or throws TEMPLATE_INVALID saying what is missing. */
function frontMatterOf(source: string, file: string): { yaml: string; body: string; bodyFirstLine: number } {
  const split = splitFrontMatter(source);
  if ('problem' in split) {
    const message = split.problem === 'no-front-matter' ? 'a template starts with front matter between two "---" lines' : 'the front matter is not closed with a "---" line';
    throw new AppError('TEMPLATE_INVALID', `${formatLocation({ file, line: 1, column: 1 })}: ${message}`, {
      errors: [{ path: formatLocation({ file, line: 1, column: 1 }), message }],
      location: { file, line: 1, column: 1 },
    });
  }
  return split;
}

/** Content hash for versioning (short, stable). */
function versionOf(source: string, partials: readonly PartialSource[]): string {
  // One string hashed is the same digest as the parts fed in turn.
  return sha256(source + partials.map((partial) => '\0' + partial.name + '\0' + partial.source).join('')).slice(0, 16);
}

/** Fields a layout needs, as [path, allowed types]. */
const LAYOUT_FIELDS: [string, string[]][] = [
  ['reference', ['string']],
  ['letterDate', ['date']],
  ['recipient.name', ['string']],
  ['recipient.address', ['address']],
];

/** Throws TEMPLATE_INVALID listing every problem. */
function fail(file: string, problems: FieldProblem[]): never {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
  const [, line, column] = /:(\d+):(\d+)$/.exec(first.path) ?? [];
  throw new AppError('TEMPLATE_INVALID', `Template ${file} is not valid: ${first.path}: ${first.message}${more}`, {
    errors: problems,
    location: { file, line: line ? Number(line) : undefined, column: column ? Number(column) : undefined },
  });
}

/**
 * Parses and checks one template.
 * @throws AppError TEMPLATE_INVALID with `details.errors` listing every problem as
 *   `{ path: "file:line:col", message }`.
 */
export function parseTemplate(source: string, file: string, options: ParseTemplateOptions = {}): Template {
  const partials = options.partials ?? defaultPartials();
  const { yaml: yamlText, body: bodySource, bodyFirstLine } = frontMatterOf(source, file);
  const yaml = parseYaml(yamlText, file, 2);
  if (yaml.errors.length) fail(file, yaml.errors.map((e) => ({ path: e.path, message: `front matter: ${e.message}` })));

  const problems: FieldProblem[] = [];
  const place = (p: readonly PropertyKey[]) => formatLocation(yaml.locate(p));
  const parsed = TemplateMetaSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ path: place([...issue.path, key]), message: `${[...issue.path, key].join('.')}: is not a front matter field` });
      } else {
        problems.push({ path: place(issue.path), message: `${issue.path.join('.') || 'front matter'}: ${issue.message}` });
      }
    }
    fail(file, problems);
  }
  const meta = parsed.data;

  // Field names that would be ambiguous in {{placeholders}}.
  for (const name of Object.keys(meta.fields)) {
    if (RESERVED_FIELDS.has(name)) problems.push({ path: place(['fields', name]), message: `fields.${name}: "${name}" is a reserved name (a helper or council branding); choose another` });
  }
  // Layout rules.
  if (meta.layout === 'letter' || meta.kind === 'letter') {
    for (const [fieldPath, types] of LAYOUT_FIELDS) {
      const spec = fieldAt(meta.fields, fieldPath);
      if (!spec) problems.push({ path: place(['fields']), message: `fields: a letter needs the field ${fieldPath} (${types.join(' or ')}) for the address and header` });
      else if (!types.includes(spec.type)) problems.push({ path: place(['fields', ...fieldPath.split('.')]), message: `fields.${fieldPath}: must be of type ${types.join(' or ')} for a letter (it is ${spec.type})` });
    }
  }
  if ((meta.layout === 'easy-read') !== (meta.profile === 'easy-read')) {
    problems.push({ path: place(['layout']), message: 'layout: the easy-read layout goes with profile: easy-read (and only with it)' });
  }
  for (const problem of requiredWhenDefinitionProblems(meta.fields)) problems.push({ path: place(problem.yamlPath), message: problem.message });
  meta.checks.forEach((check, index) => {
    for (const problem of validateCheckDefinition(check, meta.fields)) {
      problems.push({ path: place(['checks', index, problem.key.split('.')[0]]), message: `checks.${index}.${problem.key}: ${problem.message}` });
    }
  });

  const compiled = compileBody(bodySource, { file, firstLine: bodyFirstLine, fields: meta.fields, partials });
  problems.push(...compiled.problems);
  if (problems.length) fail(file, problems);

  const schema = objectSchema(meta.fields);
  const validate = (data: unknown): DataValidation => {
    const result = schema.safeParse(data);
    if (!result.success) return { ok: false, errors: issuesToProblems(result.error.issues) };
    const conditional = requiredWhenProblems(meta.fields, result.data as TemplateData);
    if (conditional.length) return { ok: false, errors: conditional };
    const checkProblems = runChecks(meta.checks, meta.fields, result.data);
    if (checkProblems.length) return { ok: false, errors: checkProblems };
    return { ok: true, data: result.data as TemplateData };
  };

  // The example must pass the schema and the checks (its lint runs in `templates check`).
  const exampleResult = validate(meta.example);
  if (!exampleResult.ok) {
    fail(file, exampleResult.errors.map((e) => ({
      path: place(['example', ...e.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))]),
      message: `example.${e.path}: ${e.message}`,
    })));
  }

  const examples: Record<string, Record<string, unknown>> = {};
  const exampleProblems: FieldProblem[] = [];
  for (const [name, changes] of Object.entries(meta.examples)) {
    examples[name] = mergeExample(meta.example, changes);
    const checked = validate(examples[name]);
    if (checked.ok) continue;
    for (const e of checked.errors) {
      const parts = e.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      exampleProblems.push({ path: place(Object.hasOwn(changes, String(parts[0])) ? ['examples', name, ...parts] : ['examples', name]), message: `examples.${name}.${e.path}: ${e.message}` });
    }
  }
  if (exampleProblems.length) fail(file, exampleProblems);

  const used = compiled.partialsUsed.map((name) => partials.get(name)!);
  return Object.freeze({
    id: meta.id,
    title: meta.title,
    kind: meta.kind,
    profile: meta.profile,
    layout: meta.layout,
    lang: meta.lang,
    description: meta.description,
    file,
    source,
    version: versionOf(source, used),
    fields: meta.fields,
    checks: meta.checks,
    example: meta.example,
    examples: Object.freeze(examples),
    bodySource,
    bodyFirstLine,
    partials: compiled.partialsUsed,
    branches: templateBranches(bodySource, file, bodyFirstLine, meta.fields, partials),
    body: compiled.body!,
    validate,
  });
}

/* ----------------------------------------------------------------------------------------
 * Partials
 * -------------------------------------------------------------------------------------- */

/** Reads `<dir>/*.md` as partials named by file name. A missing folder means no partials. */
export function loadPartials(dir: string): Map<string, PartialSource> {
  const partials = new Map<string, PartialSource>();
  if (!fs.existsSync(dir)) return partials;
  for (const entry of fs.readdirSync(dir).sort()) {
    if (!entry.endsWith('.md')) continue;
    const file = path.join(dir, entry);
    const name = entry.slice(0, -3);
    partials.set(name, { name, file: path.relative(PROJECT_ROOT, file) || file, source: fs.readFileSync(file, 'utf8') });
  }
  return partials;
}

let cachedDefaultPartials: Map<string, PartialSource> | undefined;

/** The project's partials (`templates/partials/`), read once. */
export function defaultPartials(): Map<string, PartialSource> {
  cachedDefaultPartials ??= loadPartials(path.join(PROJECT_ROOT, 'templates', 'partials'));
  return cachedDefaultPartials;
}

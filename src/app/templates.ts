/**
 * Use cases on templates: list them, read one version's front matter, save a draft, check a
 * version the way publishing judges it, publish it, compare two versions and check data against
 * one. The API and the web pages both call these, so the publish gate is one rule. A version
 * that fails its check is an outcome (`{ status: 'blocked', findings }`), not an exception.
 */
import { createTwoFilesPatch, diffLines } from 'diff';
import { AppError, type FindingSummary, hasErrors, isAppError } from '../core/index.js';
import { type CheckResult, type Template, type TemplateCheck, type TemplateFinding, describeTemplateFinding } from '../pipeline/light.js';
import { frontMatterId } from '../core/index.js';
import type { ChangeContext, PublishExpectation, TemplateRecord, TemplateVersionRecord } from '../store/index.js';
import type { AppContext } from './context.js';
import { loadPipeline } from './pipeline-loader.js';
import { toProblem } from './problem.js';

export type { Template, TemplateCheck, TemplateFinding };

/** A template source is at most this long (the longest shipped guide is about 12 KB). */
export const MAX_TEMPLATE_CHARACTERS = 200_000;

/** A template's front matter as the API and the pages show it. */
export interface TemplateDetail {
  id: string;
  title: string;
  kind: string;
  profile: string;
  layout: string;
  lang: string;
  description: string | null;
  fields: Template['fields'];
  checks: Template['checks'];
  example: Template['example'];
  examples: Template['examples'];
}

/** The front matter of a parsed template. */
export function templateDetail(template: Template): TemplateDetail {
  return {
    id: template.id,
    title: template.title,
    kind: template.kind,
    profile: template.profile,
    layout: template.layout,
    lang: template.lang,
    description: template.description ?? null,
    fields: template.fields,
    checks: template.checks,
    example: template.example,
    examples: template.examples,
  };
}

/** A template in the list: its record, and its front matter when its version compiles. */
export interface TemplateListing {
  record: TemplateRecord;
  /** From the published version, else the latest; absent for a draft that does not compile yet. */
  template?: Template;
}

/** Every template with the front matter of its published version (else its latest). */
export async function listTemplates(app: AppContext): Promise<TemplateListing[]> {
  const rows: TemplateListing[] = [];
  for (const record of await app.store.templates.list()) {
    let template: Template | undefined;
    try {
      template = await app.pipeline.templateVersion(record.id, record.publishedVersion ?? record.latestVersion);
    } catch (error) {
      if (!isAppError(error)) throw error; // a draft that does not compile yet: listed by its id
    }
    rows.push({ record, template });
  }
  return rows;
}

/**
 * A template's record.
 * @throws AppError TEMPLATE_NOT_FOUND.
 */
export async function getTemplate(app: AppContext, id: string): Promise<TemplateRecord> {
  const record = await app.store.templates.get(id);
  if (!record) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${id}".`, { id });
  return record;
}

/**
 * One stored version with its source.
 * @throws AppError TEMPLATE_NOT_FOUND / NOT_FOUND naming the versions there are.
 */
export async function getTemplateVersion(app: AppContext, id: string, version: number): Promise<TemplateVersionRecord> {
  const stored = await app.store.templates.version(id, version);
  if (stored) return stored;
  await app.pipeline.templateVersion(id, version); // throws the right 404
  throw new AppError('NOT_FOUND', `Template "${id}" has no version ${version}.`);
}

/**
 * Throws the right error for a template with no published version.
 * @throws AppError TEMPLATE_NOT_FOUND, CONFLICT.
 */
export async function publishedOrThrow(app: AppContext, id: string): Promise<never> {
  const record = await getTemplate(app, id);
  throw new AppError('CONFLICT', `Template "${id}" has no published version yet (its latest is version ${record.latestVersion}, a draft). Publish it, or ask for a draft.`);
}

/**
 * Saves a new draft version (creating the template if it is new). Every save is a new version.
 * @throws AppError VALIDATION_FAILED when the front matter names another id.
 */
export async function saveTemplateDraft(app: AppContext, change: ChangeContext, id: string, source: string, comment = ''): Promise<TemplateVersionRecord> {
  const declared = frontMatterId(source);
  if (declared !== undefined && declared !== id) {
    throw new AppError('VALIDATION_FAILED', `The template's front matter says id: ${declared}, but it is being saved as "${id}". They must be the same.`, {
      errors: [{ path: 'source', message: `front matter id must be "${id}"` }],
      declared,
    });
  }
  return app.store.templates.saveDraft(change, id, source, comment);
}

/** Checks of versions by context, kept per lexicon version: a version never changes, and the check lays out a PDF per example. */
const checks = new WeakMap<object, Map<string, Promise<TemplateCheck>>>();

/**
 * The one check of a stored version (`checkTemplate`: every example and branch, page rules
 * included, and the source), as a version's `check`, publishing and the web pages use it.
 * @throws AppError TEMPLATE_INVALID when it does not compile or an example fails; NOT_FOUND.
 */
export async function templateVersionCheck(app: AppContext, id: string, version: number): Promise<{ template: Template; check: TemplateCheck }> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx, lexiconVersion } = await app.pipeline.context();
  // Keyed by the pipeline service: the API's and the pages' contexts share one.
  let byApp = checks.get(app.pipeline);
  if (!byApp) checks.set(app.pipeline, (byApp = new Map()));
  const key = `${id}@${version}/${lexiconVersion}`;
  let check = byApp.get(key);
  if (!check) {
    const { checkTemplate } = await loadPipeline();
    check = checkTemplate(ctx, template);
    check.catch(() => byApp.delete(key));
    if (byApp.size >= 32) byApp.delete(byApp.keys().next().value!);
    byApp.set(key, check);
  }
  return { template, check: await check };
}

/** A version's `check` as the API and the web pages show it. */
export type VersionCheck = { ok: boolean; problem?: Record<string, unknown> } & Partial<Pick<TemplateCheck, 'findings' | 'summary' | 'readability' | 'pages' | 'examples' | 'unreached'>>;

/**
 * Checks a stored version the way publishing does: it must compile (with its examples
 * passing the field schema and checks), and no example, branch or line of the source may
 * have an error finding. A version that does not compile is `{ ok: false, problem }`.
 * @throws AppError NOT_FOUND / TEMPLATE_NOT_FOUND.
 */
export async function checkVersion(app: AppContext, id: string, version: number): Promise<VersionCheck> {
  try {
    const { check } = await templateVersionCheck(app, id, version);
    return {
      ok: check.ok,
      findings: check.findings,
      summary: check.summary,
      readability: check.readability,
      ...(check.pages !== undefined ? { pages: check.pages } : {}),
      examples: check.examples,
      unreached: check.unreached,
    };
  } catch (error) {
    if (!isAppError(error) || error.status >= 500 || error.code === 'NOT_FOUND' || error.code === 'TEMPLATE_NOT_FOUND') throw error;
    const { type: _type, instance: _instance, ...problem } = toProblem(error);
    return { ok: false, problem };
  }
}

/** Why a checked version cannot be published, in one sentence that names each error's line and branch. */
export function blockedMessage(id: string, version: number, template: Template, check: TemplateCheck): string {
  const errors = check.findings.filter((f) => f.severity === 'error');
  const listed = errors.slice(0, 5).map((f) => describeTemplateFinding(f, template.file)).join('; ');
  return `Version ${version} of "${id}" cannot be published: ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first: ${listed}${errors.length > 5 ? '; …' : ''}.`;
}

/** What publishing did. */
export type PublishOutcome =
  | { status: 'published'; version: TemplateVersionRecord & { replaced: number | null }; record: TemplateRecord; findings: TemplateFinding[]; summary: FindingSummary }
  | { status: 'blocked'; template: Template; findings: TemplateFinding[]; summary: FindingSummary; message: string };

/**
 * Publishes a version after the same check as its `check`: final documents use it from then on.
 * Error findings in any example, branch or line are an outcome (`blocked`), and nothing changes.
 * @param expect the published version this one replaces (`*`: whatever is published now).
 * @throws AppError TEMPLATE_INVALID (does not compile, or an example fails its fields),
 *   NOT_FOUND, PRECONDITION_FAILED (someone published another version since).
 */
export async function publishTemplateVersion(
  app: AppContext,
  change: ChangeContext,
  id: string,
  version: number,
  options: { comment?: string; replaces: PublishExpectation['replaces']; via?: string },
): Promise<PublishOutcome> {
  const { template, check } = await templateVersionCheck(app, id, version);
  if (hasErrors(check.findings)) {
    return { status: 'blocked', template, findings: check.findings, summary: check.summary, message: blockedMessage(id, version, template, check) };
  }
  const detail: Record<string, unknown> = { findings: check.summary, comment: options.comment };
  if (options.via) detail.via = options.via;
  const published = await app.store.templates.publish(change, id, version, detail, { replaces: options.replaces });
  return { status: 'published', version: published, record: await getTemplate(app, id), findings: check.findings, summary: check.summary };
}

/** One side of a comparison. */
export interface ComparedVersion {
  info: Omit<TemplateVersionRecord, 'source'>;
  source: string;
  check: VersionCheck;
}

/** Old versus new: both versions with their checks, and a diff of their sources. */
export interface VersionComparison {
  a: ComparedVersion;
  b: ComparedVersion;
  diff: { unified: string; added: number; removed: number; changes: { kind: 'same' | 'added' | 'removed'; text: string }[] };
}

/**
 * Compares two versions: a line diff of the sources and each one's check.
 * @throws AppError NOT_FOUND / TEMPLATE_NOT_FOUND.
 */
export async function compareTemplateVersions(app: AppContext, id: string, a: number, b: number): Promise<VersionComparison> {
  const side = async (version: number): Promise<ComparedVersion> => {
    const { source, ...info } = await getTemplateVersion(app, id, version);
    return { info, source, check: await checkVersion(app, id, version) };
  };
  const [left, right] = [await side(a), await side(b)];
  const changes = diffLines(left.source, right.source).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }) as const);
  const lines = (kind: string) => changes.filter((c) => c.kind === kind).reduce((n, c) => n + c.text.split('\n').filter((_, i, all) => i < all.length - 1 || all[i] !== '').length, 0);
  return {
    a: left,
    b: right,
    diff: { unified: createTwoFilesPatch(`${id}@${a}`, `${id}@${b}`, left.source, right.source), added: lines('added'), removed: lines('removed'), changes },
  };
}

/**
 * Checks data against a template without rendering: every bad field (DATA_INVALID), then the
 * findings. Uses the published version, or `version`.
 * @throws AppError DATA_INVALID, TEMPLATE_NOT_FOUND, CONFLICT (nothing published), NOT_FOUND.
 */
export async function checkTemplateData(app: AppContext, id: string, data: unknown, version?: number): Promise<{ version: number; lexiconVersion: number; result: CheckResult }> {
  const sc = await app.pipeline.context();
  const chosen = version ?? sc.publishedVersions.get(id);
  if (chosen === undefined) await publishedOrThrow(app, id);
  const template = await app.pipeline.templateVersion(id, chosen!);
  const { checkDocument } = await loadPipeline();
  return { version: chosen!, lexiconVersion: sc.lexiconVersion, result: checkDocument(sc.ctx, template, data) };
}

/**
 * Templates and their versions: list and read (any role), save a draft and publish (policy),
 * compare two versions (the council's "old versus new letter" view), and check data against
 * a template without rendering (finance, policy).
 */
import { createTwoFilesPatch, diffLines } from 'diff';
import { z } from 'zod';
import { AppError, hasErrors, isAppError } from '../../core/index.js';
import { type TemplateCheck, checkDocument, checkTemplate, describeTemplateFinding } from '../../pipeline/index.js';
import type { Template } from '../../pipeline/index.js';
import type { AppContext } from '../context.js';
import { toProblem } from '../problem.js';
import { publishExpectationFromIfMatch, templateEtag } from '../preconditions.js';
import { CommentSchema, FindingSchema, FindingSummarySchema, IdSchema, IfMatchHeaders, VersionSchema } from '../schemas.js';
import { LintResultSchema } from './lint.js';
import { type AnyRoute, defineRoute } from './registry.js';

const tags = ['Templates'];
const POLICY = ['policy'] as const;

/** A template source is at most this long (the longest shipped guide is about 12 KB). */
export const MAX_TEMPLATE_CHARACTERS = 200_000;

const TemplateSummarySchema = z
  .object({
    id: z.string(),
    title: z.string().nullable(),
    kind: z.string().nullable(),
    profile: z.string().nullable(),
    layout: z.string().nullable(),
    lang: z.string().nullable(),
    description: z.string().nullable(),
    publishedVersion: z.number().int().nullable(),
    latestVersion: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TemplateSummary' });

const TemplateDetailSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'published', 'superseded']),
    title: z.string(),
    kind: z.string(),
    profile: z.string(),
    layout: z.string(),
    lang: z.string(),
    description: z.string().nullable(),
    fields: z.record(z.string(), z.unknown()),
    checks: z.array(z.unknown()),
    example: z.record(z.string(), z.unknown()),
    examples: z.record(z.string(), z.record(z.string(), z.unknown())).meta({ description: 'Named examples (front matter `examples:`), each merged over `example`.' }),
    publishedVersion: z.number().int().nullable(),
    latestVersion: z.number().int(),
  })
  .meta({ id: 'Template' });

const VersionInfoSchema = z
  .object({
    templateId: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'published', 'superseded']),
    comment: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
  })
  .meta({ id: 'TemplateVersion' });

/** A finding of a version check: positions are lines of the template file (as the editor numbers them). */
const TemplateFindingSchema = FindingSchema.extend({
  branch: z.string().optional().meta({ description: 'The side of a block the words are in, e.g. "when prepaidCard is true"; absent when they are always sent.', example: 'when prepaidCard is true' }),
  example: z.string().optional().meta({ description: 'The example that showed it: `example`, a named example, or one made for a branch (e.g. `prepaidCard: true`); absent when only the check of the source found it.' }),
}).meta({ id: 'TemplateFinding' });

/** How a version fares: compiles? examples pass? findings in every branch. */
const VersionCheckSchema = z
  .object({
    ok: z.boolean().meta({ description: 'True when the version could be published: it compiles, its examples pass, no error finding in any branch.' }),
    problem: z.unknown().optional().meta({ description: 'Why it does not compile or an example fails (a Problem), when it does not.' }),
    findings: z.array(TemplateFindingSchema).optional().meta({ description: 'From every example (its own, its named examples, one for each side of each {{#if}}/{{#unless}}/{{#each}}) and from the source and partials; start/end are positions in the template file (origin.file).' }),
    summary: FindingSummarySchema.optional(),
    readability: LintResultSchema.shape.readability.optional().meta({ description: 'Of the document made with its own example.' }),
    pages: z.number().int().optional(),
    examples: z
      .array(z.object({ name: z.string(), label: z.string(), generated: z.boolean(), summary: FindingSummarySchema.optional(), pages: z.number().int().optional(), skipped: z.string().optional() }))
      .optional()
      .meta({ description: 'Each example checked, and why a generated one was not used.' }),
    unreached: z.array(z.string()).optional().meta({ description: 'Sides of blocks no example takes; their words were checked in the source only.' }),
  })
  .meta({ id: 'TemplateVersionCheck' });

const IdParams = z.strictObject({ id: IdSchema });
const VersionParams = z.strictObject({ id: IdSchema, version: VersionSchema });

/** The front matter of a parsed template as the API shows it. */
function detail(template: Template) {
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

/** Checks of versions by app, kept per lexicon version: a version never changes, and the check lays out a PDF per example. */
const checks = new WeakMap<object, Map<string, Promise<TemplateCheck>>>();

/**
 * The one check of a stored version (`checkTemplate`: every example and branch, page rules
 * included, and the source), as the version's `check`, publishing and the web pages use it.
 * @throws AppError TEMPLATE_INVALID when it does not compile or an example fails; NOT_FOUND.
 */
export async function templateVersionCheck(app: AppContext, id: string, version: number): Promise<{ template: Template; check: TemplateCheck }> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx, lexiconVersion } = await app.pipeline.context();
  let byApp = checks.get(app);
  if (!byApp) checks.set(app, (byApp = new Map()));
  const key = `${id}@${version}/${lexiconVersion}`;
  let check = byApp.get(key);
  if (!check) {
    check = checkTemplate(ctx, template);
    check.catch(() => byApp.delete(key));
    if (byApp.size >= 32) byApp.delete(byApp.keys().next().value!);
    byApp.set(key, check);
  }
  return { template, check: await check };
}

/** A version's `check` as the API and the web pages show it. */
export type VersionCheck = { ok: boolean; problem?: Record<string, unknown> } & Partial<Pick<TemplateCheck, 'findings' | 'summary' | 'readability' | 'pages' | 'examples' | 'unreached'>>;

/** Why a checked version cannot be published, in one sentence that names each error's line and branch. */
export function blockedMessage(id: string, version: number, template: Template, check: TemplateCheck): string {
  const errors = check.findings.filter((f) => f.severity === 'error');
  const listed = errors.slice(0, 5).map((f) => describeTemplateFinding(f, template.file)).join('; ');
  return `Version ${version} of "${id}" cannot be published: ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first: ${listed}${errors.length > 5 ? '; …' : ''}.`;
}

/**
 * Checks a stored version the way publishing does: it must compile (with its examples
 * passing the field schema and checks), and no example, branch or line of the source may
 * have an error finding.
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

/** Reads the `id:` from front matter, when it can be read, to catch a template saved under the wrong address. */
function frontMatterId(source: string): string | undefined {
  const match = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (!match) return undefined;
  const line = /^id:[ \t]*["']?([^"'\s#]+)["']?[ \t]*(?:#.*)?$/m.exec(match[1]);
  return line?.[1];
}

export const templateRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/templates',
    summary: 'Every template with its published and latest version',
    tags,
    access: 'any',
    responses: { 200: { description: 'Templates by id', schema: z.object({ templates: z.array(TemplateSummarySchema) }) } },
    handler: async ({ res, app }) => {
      const records = await app.store.templates.list();
      const templates = [];
      for (const record of records) {
        let meta: Partial<ReturnType<typeof detail>> = {};
        try {
          meta = detail(await app.pipeline.templateVersion(record.id, record.publishedVersion ?? record.latestVersion));
        } catch (error) {
          if (!isAppError(error)) throw error; // a draft that does not compile yet: list it without front matter
        }
        templates.push({
          id: record.id,
          title: meta.title ?? null,
          kind: meta.kind ?? null,
          profile: meta.profile ?? null,
          layout: meta.layout ?? null,
          lang: meta.lang ?? null,
          description: meta.description ?? null,
          publishedVersion: record.publishedVersion,
          latestVersion: record.latestVersion,
          updatedAt: record.updatedAt,
        });
      }
      res.json({ templates });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/templates/:id',
    summary: 'A template: front matter, fields, checks and example data (the published version unless ?version= is given)',
    tags,
    access: 'any',
    params: IdParams,
    query: z.strictObject({ version: VersionSchema.optional() }),
    responses: {
      200: { description: 'The template', schema: TemplateDetailSchema, headers: { ETag: 'Names the published and latest versions; send it in If-Match to publish' } },
      404: { description: 'No such template or version' },
    },
    handler: async ({ res, app, params, query }) => {
      const record = await app.store.templates.get(params.id);
      if (!record) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${params.id}".`, { id: params.id });
      res.setHeader('ETag', templateEtag(params.id, record.publishedVersion, record.latestVersion));
      const version = query.version ?? record.publishedVersion ?? record.latestVersion;
      const template = await app.pipeline.templateVersion(params.id, version);
      const stored = (await app.store.templates.version(params.id, version))!;
      res.json({ ...detail(template), version, status: stored.status, publishedVersion: record.publishedVersion, latestVersion: record.latestVersion });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/templates/:id',
    summary: 'Save a new draft version (creating the template if it is new)',
    description:
      'Every save is a new version, so nothing is ever overwritten. The response says whether this version could be published (`check`); a draft that does not compile yet is still saved.',
    tags,
    access: POLICY,
    params: IdParams,
    body: z.strictObject({
      source: z.string().min(1, 'must not be empty').max(MAX_TEMPLATE_CHARACTERS, `must be at most ${MAX_TEMPLATE_CHARACTERS} characters`).meta({ description: 'The whole template file: front matter and body.' }),
      comment: CommentSchema.optional(),
    }),
    responses: {
      201: { description: 'Saved as a draft', schema: VersionInfoSchema.extend({ check: VersionCheckSchema }), headers: { Location: 'The new version' } },
    },
    handler: async ({ res, app, params, body, change }) => {
      const declared = frontMatterId(body.source);
      if (declared !== undefined && declared !== params.id) {
        throw new AppError('VALIDATION_FAILED', `The template's front matter says id: ${declared}, but it is being saved as "${params.id}". They must be the same.`, {
          errors: [{ path: 'source', message: `front matter id must be "${params.id}"` }],
        });
      }
      const saved = await app.store.templates.saveDraft(change(), params.id, body.source, body.comment ?? '');
      const { source: _source, ...info } = saved;
      res.setHeader('Location', `/api/templates/${params.id}/versions/${saved.version}`);
      res.status(201).json({ ...info, check: await checkVersion(app, params.id, saved.version) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/templates/:id/versions',
    summary: 'Every version of a template, newest first',
    tags,
    access: 'any',
    params: IdParams,
    responses: { 200: { description: 'Versions', schema: z.object({ versions: z.array(VersionInfoSchema) }) } },
    handler: async ({ res, app, params }) => {
      if (!(await app.store.templates.get(params.id))) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${params.id}".`, { id: params.id });
      res.json({ versions: await app.store.templates.versions(params.id) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/templates/:id/versions/:version',
    summary: 'One version with its source and whether it could be published',
    tags,
    access: 'any',
    params: VersionParams,
    responses: { 200: { description: 'The version', schema: VersionInfoSchema.extend({ source: z.string(), check: VersionCheckSchema }) } },
    handler: async ({ res, app, params }) => {
      const stored = await app.store.templates.version(params.id, params.version);
      if (!stored) await app.pipeline.templateVersion(params.id, params.version); // throws the right 404
      res.json({ ...stored!, check: await checkVersion(app, params.id, params.version) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/templates/:id/versions/:version/publish',
    summary: 'Publish a version: final documents use it from now on',
    description:
      'Names the version it replaces: If-Match is the ETag of GET /api/templates/:id (or `*` for whatever is published now); missing is 428, and 412 when someone published another version since (nothing changes). ' +
      'Refused (422) when the version does not compile or an example fails its fields (TEMPLATE_INVALID, with every problem in `errors`), or when the check finds an error in any branch: with its example, its named examples, examples made for each side of every {{#if}}/{{#unless}}/{{#each}}, or in the source and partials (BLOCKED_BY_FINDINGS, with the `findings`, each naming its `branch` and its line in the template file). The same check as a version\'s `check`.',
    tags,
    access: POLICY,
    params: VersionParams,
    headers: IfMatchHeaders,
    body: z.strictObject({ comment: CommentSchema.optional() }),
    bodyOptional: true,
    responses: {
      200: { description: 'Published', schema: VersionInfoSchema.extend({ findings: z.array(TemplateFindingSchema), summary: FindingSummarySchema, replaced: z.number().int().nullable() }), headers: { ETag: 'The template’s new ETag' } },
      412: { description: 'Someone published another version since the ETag was read; nothing changed' },
      428: { description: 'If-Match is missing' },
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const replaces = publishExpectationFromIfMatch(headers['if-match'], params.id);
      const { template, check: result } = await templateVersionCheck(app, params.id, params.version);
      if (hasErrors(result.findings)) {
        throw new AppError('BLOCKED_BY_FINDINGS', blockedMessage(params.id, params.version, template, result), { findings: result.findings, summary: result.summary });
      }
      const published = await app.store.templates.publish(change(), params.id, params.version, { findings: result.summary, comment: body?.comment }, { replaces });
      const after = (await app.store.templates.get(params.id))!;
      res.setHeader('ETag', templateEtag(params.id, after.publishedVersion, after.latestVersion));
      const { source: _source, ...info } = published;
      res.json({ ...info, findings: result.findings, summary: result.summary });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/templates/:id/versions/:a/compare/:b',
    summary: 'Old versus new: a text diff of two versions, and the findings and readability of each with its example data',
    tags,
    access: 'any',
    params: z.strictObject({ id: IdSchema, a: VersionSchema, b: VersionSchema }),
    responses: {
      200: {
        description: 'The comparison',
        schema: z.object({
          templateId: z.string(),
          a: VersionInfoSchema.extend({ check: VersionCheckSchema }),
          b: VersionInfoSchema.extend({ check: VersionCheckSchema }),
          diff: z.object({
            unified: z.string().meta({ description: 'A unified diff of the two sources.' }),
            added: z.number().int(),
            removed: z.number().int(),
            changes: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })),
          }),
        }),
      },
    },
    handler: async ({ res, app, params }) => {
      const side = async (version: number) => {
        const stored = await app.store.templates.version(params.id, version);
        if (!stored) await app.pipeline.templateVersion(params.id, version); // throws the right 404
        const { source, ...info } = stored!;
        return { info, source, check: await checkVersion(app, params.id, version) };
      };
      const [a, b] = [await side(params.a), await side(params.b)];
      const changes = diffLines(a.source, b.source).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }) as const);
      const lines = (kind: string) => changes.filter((c) => c.kind === kind).reduce((n, c) => n + c.text.split('\n').filter((_, i, all) => i < all.length - 1 || all[i] !== '').length, 0);
      res.json({
        templateId: params.id,
        a: { ...a.info, check: a.check },
        b: { ...b.info, check: b.check },
        diff: {
          unified: createTwoFilesPatch(`${params.id}@${params.a}`, `${params.id}@${params.b}`, a.source, b.source),
          added: lines('added'),
          removed: lines('removed'),
          changes,
        },
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/templates/:id/check',
    summary: 'Check data against a template without rendering: every bad field, then the findings',
    description: 'Uses the published version, or with `version` any saved version.',
    tags,
    access: ['finance', 'policy'],
    params: IdParams,
    body: z.strictObject({ data: z.unknown().meta({ description: 'The data, as the template fields describe it.' }), version: VersionSchema.optional() }),
    responses: {
      200: {
        description: 'The findings for the filled document',
        schema: z.object({
          templateId: z.string(),
          version: z.number().int(),
          lexiconVersion: z.number().int(),
          text: z.string().meta({ description: 'The filled Markdown that was checked; positions index into it.' }),
          findings: z.array(FindingSchema),
          summary: FindingSummarySchema,
          readability: LintResultSchema.shape.readability,
          notApplied: z.array(z.string()).meta({ description: 'Rules not applied because they work only in English (templates in another language)' }),
        }),
      },
      422: { description: 'The data does not fit the template (every bad field in `errors`)' },
    },
    handler: async ({ res, app, params, body }) => {
      const sc = await app.pipeline.context();
      const version = body.version ?? sc.publishedVersions.get(params.id);
      if (version === undefined) await publishedOrThrow(app, params.id);
      const template = await app.pipeline.templateVersion(params.id, version!);
      const result = checkDocument(sc.ctx, template, body.data);
      res.json({
        templateId: params.id,
        version,
        lexiconVersion: sc.lexiconVersion,
        text: result.text,
        findings: result.findings,
        summary: result.summary,
        readability: result.readability,
        notApplied: result.notApplied,
      });
    },
  }),
];

/** Throws the right error for a template with no published version. */
export async function publishedOrThrow(app: AppContext, id: string): Promise<never> {
  const record = await app.store.templates.get(id);
  if (!record) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${id}".`, { id });
  throw new AppError('CONFLICT', `Template "${id}" has no published version yet (its latest is version ${record.latestVersion}, a draft). Publish it, or ask for a draft.`);
}

/**
 * Templates and their versions: list and read (any role), save a draft and publish (policy),
 * compare two versions (the council's "old versus new letter" view), and check data against
 * a template without rendering (finance, policy).
 */
import { z } from 'zod';
import { AppError } from '../../core/index.js';
import {
  CommentSchema,
  FindingSchema,
  FindingSummarySchema,
  IdSchema,
  IfMatchHeaders,
  MAX_TEMPLATE_CHARACTERS,
  VersionSchema,
  checkTemplateData,
  checkVersion,
  compareTemplateVersions,
  getTemplate,
  getTemplateVersion,
  listTemplates,
  publishTemplateVersion,
  saveTemplateDraft,
  templateDetail,
} from '../../app/index.js';
import { publishExpectationFromIfMatch, templateEtag } from '../preconditions.js';
import { LintResultSchema } from './lint.js';
import { sendProblem } from '../problem.js';
import { type AnyRoute, defineRoute } from './registry.js';

const tags = ['Templates'];
const POLICY = ['policy'] as const;

export { MAX_TEMPLATE_CHARACTERS };

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

export const templateRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/templates',
    summary: 'Every template with its published and latest version',
    tags,
    access: 'any',
    responses: { 200: { description: 'Templates by id', schema: z.object({ templates: z.array(TemplateSummarySchema) }) } },
    handler: async ({ res, app }) => {
      const templates = (await listTemplates(app)).map(({ record, template }) => ({
        id: record.id,
        title: template?.title ?? null,
        kind: template?.kind ?? null,
        profile: template?.profile ?? null,
        layout: template?.layout ?? null,
        lang: template?.lang ?? null,
        description: template?.description ?? null,
        publishedVersion: record.publishedVersion,
        latestVersion: record.latestVersion,
        updatedAt: record.updatedAt,
      }));
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
      const record = await getTemplate(app, params.id);
      res.setHeader('ETag', templateEtag(params.id, record.publishedVersion, record.latestVersion));
      const version = query.version ?? record.publishedVersion ?? record.latestVersion;
      const template = await app.pipeline.templateVersion(params.id, version);
      const stored = await getTemplateVersion(app, params.id, version);
      res.json({ ...templateDetail(template), version, status: stored.status, publishedVersion: record.publishedVersion, latestVersion: record.latestVersion });
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
      const saved = await saveTemplateDraft(app, change(), params.id, body.source, body.comment ?? '');
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
      await getTemplate(app, params.id);
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
      const stored = await getTemplateVersion(app, params.id, params.version);
      res.json({ ...stored, check: await checkVersion(app, params.id, params.version) });
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
      const outcome = await publishTemplateVersion(app, change(), params.id, params.version, { comment: body?.comment, replaces });
      if (outcome.status === 'blocked') return sendProblem(res, new AppError('BLOCKED_BY_FINDINGS', outcome.message, { findings: outcome.findings, summary: outcome.summary }));
      const { record: after, version: published, findings, summary } = outcome;
      res.setHeader('ETag', templateEtag(params.id, after.publishedVersion, after.latestVersion));
      const { source: _source, ...info } = published;
      res.json({ ...info, findings, summary });
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
      const { a, b, diff } = await compareTemplateVersions(app, params.id, params.a, params.b);
      res.json({ templateId: params.id, a: { ...a.info, check: a.check }, b: { ...b.info, check: b.check }, diff });
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
      const { version, lexiconVersion, result } = await checkTemplateData(app, params.id, body.data, body.version);
      res.json({
        templateId: params.id,
        version,
        lexiconVersion,
        text: result.text,
        findings: result.findings,
        summary: result.summary,
        readability: result.readability,
        notApplied: result.notApplied,
      });
    },
  }),
];

/**
 * The lexicon workflow: co-production groups own the words. New entries, changes and
 * retirements are proposed (role coproduction) and approved or rejected (role approver); an
 * approver can also retire an entry directly. Lint uses approved entries only. Every change
 * needs the entry's ETag in If-Match.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../core/index.js';
import {
  BooleanQuerySchema,
  CommentSchema,
  FindingSummarySchema,
  IdSchema,
  IfMatchHeaders,
  LEXICON_ACTIONS,
  LEXICON_STATUSES,
  type LexiconEntry,
  type LexiconEntryRecord,
  LexiconEntrySchema,
  approveEntry,
  exportLexicon,
  getEntry,
  importLexicon,
  lexiconImpact,
  proposeEntry,
  proposeEntryChange,
  proposeRetirement,
  readLexiconFile,
  rejectEntry,
  retireEntry,
  selfTest,
} from '../../app/index.js';
import { lexiconExportEtag, lexiconVersionFromIfMatch, revisionFromIfMatch } from '../preconditions.js';
import { type AnyRoute, defineRoute } from './registry.js';
import { decideApproval } from '../../app/lexicon-governance.js';

const tags = ['Lexicon'];
const PROPOSERS = ['coproduction', 'approver'] as const;
const APPROVERS = ['approver'] as const;

/** An entry in the lexicon file format. */
const EntrySchema = (LexiconEntrySchema as z.ZodType<LexiconEntry>).meta({ id: 'LexiconEntry', description: 'An entry in the lexicon file format (DESIGN.md).' });

/**
 * A proposal: `{ entry, comment? }`, or the bare entry in the file format (DESIGN.md), which
 * then has no comment.
 */
const ProposalSchema = z.preprocess(
  (value) => (value && typeof value === 'object' && !Array.isArray(value) && 'entry' in value ? value : { entry: value }),
  z.strictObject({ entry: EntrySchema, comment: CommentSchema.optional() }),
);

const EntryRecordSchema = z
  .object({
    id: z.string(),
    status: z.enum(LEXICON_STATUSES),
    revision: z.number().int(),
    etag: z.string(),
    approved: EntrySchema.nullable(),
    pending: EntrySchema.nullable(),
    pendingRetirement: z.boolean().meta({ description: 'Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LexiconEntryRecord' });

const SelfTestSchema = z
  .object({
    passed: z.boolean(),
    failures: z.array(z.object({ expectation: z.enum(['flag', 'pass']), example: z.string(), message: z.string() })),
  })
  .meta({ id: 'LexiconSelfTest' });

const RevisionSchema = z
  .object({
    entryId: z.string(),
    revision: z.number().int(),
    action: z.enum(LEXICON_ACTIONS),
    content: EntrySchema.nullable(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    reason: z.string(),
    at: z.string(),
    lexiconVersion: z.number().int().nullable(),
  })
  .meta({ id: 'LexiconRevision' });

function sendEntry(res: import('express').Response, status: number, record: LexiconEntryRecord, extra: Record<string, unknown> = {}): void {
  res.setHeader('ETag', record.etag);
  res.status(status).json({ ...record, ...extra });
}

const IdParams = z.strictObject({ id: IdSchema });

/** What every change to an entry can answer about its If-Match. */
const IF_MATCH_ANSWERS = {
  412: { description: 'Stale If-Match: someone changed the entry since you read it; nothing was written' },
  428: { description: 'If-Match is missing' },
} as const;

/** `{entry}` (or a bare entry): what if this entry were approved; `{retire: id}`: what if it were retired. */
// One object with both keys optional (not a union): a union's error is only "Invalid input",
// while this names the field that is wrong (`entry.terms`).
const ImpactSchema = z.preprocess(
  (value) => (value && typeof value === 'object' && !Array.isArray(value) && ('entry' in value || 'retire' in value) ? value : { entry: value }),
  z
    .strictObject({ entry: EntrySchema.optional(), retire: IdSchema.optional() })
    .refine((body) => (body.entry === undefined) !== (body.retire === undefined), { message: 'give either entry (a proposed entry) or retire (the id of an entry), not both' }),
);

const ChangedFindingSchema = z.object({ ruleId: z.string(), severity: z.enum(SEVERITIES), actual: z.string(), line: z.number().int(), column: z.number().int() });

const ExportQuery = z.strictObject({ format: z.enum(['yaml', 'csv'], { error: 'must be yaml or csv' }).default('yaml') });

export const lexiconRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/lexicon',
    summary: 'The approved lexicon (what lint uses), with its version',
    description: 'Send If-None-Match with the ETag to get 304 when nothing changed.',
    tags,
    access: 'any',
    responses: {
      200: {
        description: 'The approved entries',
        schema: z.object({ version: z.number().int(), entries: z.array(EntrySchema) }),
        headers: { ETag: 'The lexicon version as an ETag' },
      },
      304: { description: 'Not changed since the ETag you sent' },
    },
    handler: async ({ req, res, app }) => {
      const lexicon = await app.pipeline.lexicon();
      const etag = `"lexicon-${lexicon.version}"`;
      res.setHeader('ETag', etag);
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.json({ version: lexicon.version, entries: lexicon.entries });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lexicon/entries',
    summary: 'Every entry with its status, approved content and any change waiting for approval',
    tags,
    access: 'any',
    query: z.strictObject({ status: z.enum(LEXICON_STATUSES).optional() }),
    responses: { 200: { description: 'Entries by id', schema: z.object({ entries: z.array(EntryRecordSchema) }) } },
    handler: async ({ res, app, query }) => {
      res.json({ entries: await app.store.lexicon.list(query.status) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lexicon/entries/:id',
    summary: 'One entry (its ETag is what a change must send in If-Match)',
    tags,
    access: 'any',
    params: IdParams,
    responses: { 200: { description: 'The entry', schema: EntryRecordSchema, headers: { ETag: 'Send in If-Match to change the entry' } } },
    handler: async ({ res, app, params }) => {
      sendEntry(res, 200, await getEntry(app, params.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/entries',
    summary: 'Propose a new entry (status proposed)',
    description:
      'Body: `{entry, comment?}` or the bare entry in the file format. The entry is checked against the file format at once; its own examples are run and reported (`selfTest`) and must pass before it can be approved.',
    tags,
    access: PROPOSERS,
    body: ProposalSchema,
    responses: { 201: { description: 'Proposed', schema: EntryRecordSchema.extend({ selfTest: SelfTestSchema }), headers: { ETag: 'The new entry ETag' } } },
    handler: async ({ res, app, body, change }) => {
      const { record, selfTest } = await proposeEntry(app, change(), body.entry, body.comment ?? '');
      res.setHeader('Location', `/api/lexicon/entries/${record.id}`);
      sendEntry(res, 201, record, { selfTest });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/lexicon/entries/:id',
    summary: 'Propose a change to an entry (the approved content stays in use until approved)',
    tags,
    access: PROPOSERS,
    params: IdParams,
    headers: IfMatchHeaders,
    body: ProposalSchema,
    responses: {
      200: { description: 'Change proposed', schema: EntryRecordSchema.extend({ selfTest: SelfTestSchema }), headers: { ETag: 'The new ETag' } },
      ...IF_MATCH_ANSWERS,
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const revision = revisionFromIfMatch(headers['if-match'], params.id);
      const { record, selfTest } = await proposeEntryChange(app, change(), params.id, revision, body.entry, body.comment ?? '');
      sendEntry(res, 200, record, { selfTest });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/entries/:id/approve',
    summary: 'Approve what is proposed: new content (its own examples must pass) or a retirement; the lexicon version goes up',
    tags,
    access: APPROVERS,
    params: IdParams,
    headers: IfMatchHeaders,
    body: z.strictObject({ comment: CommentSchema.optional() }),
    responses: {
      200: { description: 'Approved', schema: EntryRecordSchema.extend({ lexiconVersion: z.number().int() }) },
      202: { description: 'Your approval is recorded and waits for a second approver (PLAINLY_LEXICON_TWO_APPROVALS: error-level entries and retirements need two people)' },
      403: { description: 'You proposed this yourself (nobody approves their own suggestion), or you already gave the first approval' },
      409: { description: 'Nothing is waiting for approval' },
      422: { description: "The entry's own examples fail" },
      ...IF_MATCH_ANSWERS,
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const revision = revisionFromIfMatch(headers['if-match'], params.id);
      const governed = await decideApproval(app, change(), params.id, 'approve', body.comment ?? '');
      if (!governed.apply) return sendEntry(res, 202, (await app.store.lexicon.get(params.id))!, { waiting: { approvals: governed.approvals, needed: governed.needed }, message: governed.message });
      const { entry, lexiconVersion } = await approveEntry(app, change(), params.id, revision, body.comment ?? '');
      sendEntry(res, 200, entry, { lexiconVersion });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/entries/:id/reject',
    summary: 'Reject the proposed content, saying why',
    tags,
    access: APPROVERS,
    params: IdParams,
    headers: IfMatchHeaders,
    body: z.strictObject({ comment: CommentSchema }),
    responses: {
      200: { description: 'Rejected', schema: EntryRecordSchema },
      409: { description: 'Nothing is waiting for approval' },
      ...IF_MATCH_ANSWERS,
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const revision = revisionFromIfMatch(headers['if-match'], params.id);
      sendEntry(res, 200, await rejectEntry(app, change(), params.id, revision, body.comment));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/entries/:id/propose-retirement',
    summary: 'Propose retiring an entry, saying why; an approver approves (it is retired) or rejects (it stays in use)',
    description: 'Lint keeps using the entry until an approver decides. Replaces any change waiting for a decision (the If-Match shows you saw it).',
    tags,
    access: PROPOSERS,
    params: IdParams,
    headers: IfMatchHeaders,
    body: z.strictObject({ comment: CommentSchema.meta({ description: 'Why it should no longer be used.' }) }),
    responses: {
      200: { description: 'Retirement proposed', schema: EntryRecordSchema, headers: { ETag: 'The new ETag' } },
      409: { description: 'The entry is not in use (proposed, rejected or already retired)' },
      ...IF_MATCH_ANSWERS,
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const revision = revisionFromIfMatch(headers['if-match'], params.id);
      sendEntry(res, 200, await proposeRetirement(app, change(), params.id, revision, body.comment));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/lexicon/entries/:id',
    summary: 'Retire an entry directly (approvers): lint stops using it (the lexicon version goes up if it was approved)',
    tags,
    access: APPROVERS,
    params: IdParams,
    headers: IfMatchHeaders,
    body: z.strictObject({ comment: CommentSchema.optional() }),
    bodyOptional: true,
    responses: {
      200: { description: 'Retired', schema: EntryRecordSchema.extend({ lexiconVersion: z.number().int().nullable() }) },
      202: { description: 'Your approval to retire it is recorded and waits for a second approver (PLAINLY_LEXICON_TWO_APPROVALS)' },
      403: { description: 'You proposed retiring it yourself, or you already gave the first approval' },
      409: { description: 'Already retired' },
      ...IF_MATCH_ANSWERS,
    },
    handler: async ({ res, app, params, headers, body, change }) => {
      const revision = revisionFromIfMatch(headers['if-match'], params.id);
      const governed = await decideApproval(app, change(), params.id, 'retire', body?.comment ?? '');
      if (!governed.apply) return sendEntry(res, 202, (await app.store.lexicon.get(params.id))!, { waiting: { approvals: governed.approvals, needed: governed.needed }, message: governed.message });
      const { entry, lexiconVersion } = await retireEntry(app, change(), params.id, revision, body?.comment ?? '');
      sendEntry(res, 200, entry, { lexiconVersion });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lexicon/history',
    summary: 'Every step of every entry: who, when, why, and the content at each step',
    tags,
    access: 'any',
    query: z.strictObject({
      entry: IdSchema.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
    responses: { 200: { description: 'Newest first', schema: z.object({ history: z.array(RevisionSchema) }) } },
    handler: async ({ res, app, query }) => {
      res.json({ history: await app.store.lexicon.history({ entryId: query.entry, limit: query.limit }) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/validate',
    summary: "Check an entry against the file format and run its own examples, without saving",
    tags,
    access: 'any',
    body: ProposalSchema,
    responses: { 200: { description: 'The self-test result', schema: z.object({ entry: EntrySchema, selfTest: SelfTestSchema }) } },
    handler: async ({ res, body }) => {
      res.json({ entry: body.entry, selfTest: await selfTest(body.entry) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/impact',
    summary: 'Before anyone approves: which published templates (with their example data) would gain or lose findings',
    description:
      'Send a proposed entry (`{entry}` or the bare entry) to see what approving it would change, or `{retire: id}` to see what retiring an entry would change. Nothing is saved.',
    tags,
    access: 'any',
    body: ImpactSchema,
    responses: {
      200: {
        description: 'Templates whose findings would change, with what is gained and lost',
        schema: z.object({
          lexiconVersion: z.number().int(),
          change: z.object({ kind: z.enum(['approve', 'retire']), id: z.string() }),
          templates: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              version: z.number().int(),
              before: FindingSummarySchema,
              after: FindingSummarySchema,
              gained: z.array(ChangedFindingSchema),
              lost: z.array(ChangedFindingSchema),
              gainedBySeverity: FindingSummarySchema,
              lostBySeverity: FindingSummarySchema,
              worst: z.enum(SEVERITIES).nullable().meta({ description: 'The most severe gained finding, or null when only findings would be lost.' }),
            }),
          ),
          unaffected: z.array(z.string()).meta({ description: 'Published templates that would not change.' }),
          blocking: z.boolean().meta({ description: 'True when a published template would gain an error finding, so it could not be sent until someone changes it.' }),
        }),
      },
    },
    handler: async ({ res, app, body }) => {
      res.json(await lexiconImpact(app, body.retire !== undefined ? { retire: body.retire } : { entry: body.entry! }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lexicon/export',
    summary: 'The approved lexicon as a file: YAML (the file format) or CSV (for spreadsheets)',
    tags,
    access: 'any',
    query: ExportQuery,
    responses: { 200: { description: 'The file', contentTypes: ['application/yaml', 'text/csv'], headers: { ETag: 'The lexicon version' } } },
    handler: async ({ res, app, query }) => {
      const file = await exportLexicon(app, query.format);
      res.setHeader('ETag', lexiconExportEtag(file.version, query.format));
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.type(query.format === 'yaml' ? 'application/yaml; charset=utf-8' : 'text/csv; charset=utf-8').send(file.text);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/lexicon/import',
    summary: 'Import a YAML or CSV lexicon file as approved entries (all or nothing)',
    description:
      'Every entry is validated and its own examples run; any problem refuses the whole file. Entries that are identical to the approved ones are left alone. With `retireMissing=true`, approved entries not in the file are retired, so importing an export gives back exactly the same lexicon. `If-Match` is the ETag of the export the file came from: if the lexicon has changed since, the import is refused (412) rather than undo those changes; `If-Match: *` replaces the lexicon whatever it is now.',
    tags,
    access: APPROVERS,
    headers: z.object({ 'if-match': z.string().optional().meta({ description: 'The ETag of the export the file came from ("lexicon-7-csv"), or *' }) }),
    query: z.strictObject({ retireMissing: BooleanQuerySchema.default(false), comment: CommentSchema.optional() }),
    textBody: { contentTypes: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/csv'], description: 'A lexicon file' },
    responses: {
      200: {
        description: 'What changed',
        schema: z.object({
          lexiconVersion: z.number().int(),
          created: z.array(z.string()),
          updated: z.array(z.string()),
          retired: z.array(z.string()),
          unchanged: z.array(z.string()),
        }),
      },
      412: { description: 'The lexicon changed after the file was exported (or If-Match is not a lexicon ETag)' },
      428: { description: 'No If-Match header' },
    },
    handler: async ({ req, res, app, headers, query, body, change }) => {
      const basedOn = lexiconVersionFromIfMatch(headers['if-match']);
      const text = body as unknown as string;
      const isCsv = req.is('text/csv') !== false;
      const entries = readLexiconFile(text, isCsv ? 'csv' : 'yaml', isCsv ? 'uploaded CSV' : 'uploaded YAML');
      const result = await importLexicon(app, change(), entries, {
        comment: query.comment ?? `imported from ${isCsv ? 'CSV' : 'YAML'}`,
        retireMissing: query.retireMissing,
        basedOn: basedOn === '*' ? undefined : basedOn,
      });
      res.json(result);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lexicon/versions/:version',
    summary: 'The approved entries at a past lexicon version',
    tags,
    access: 'any',
    params: z.strictObject({ version: z.coerce.number().int().min(1) }),
    responses: { 200: { description: 'The snapshot', schema: z.object({ version: z.number().int(), entries: z.array(EntrySchema) }) } },
    handler: async ({ res, app, params }) => {
      const lexicon = await app.pipeline.lexiconAt(params.version);
      res.json({ version: lexicon.version, entries: lexicon.entries });
    },
  }),
];

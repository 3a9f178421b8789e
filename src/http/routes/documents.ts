/**
 * Rendering and the document log. `POST /api/templates/:id/render` makes a document; a
 * final one (not a draft) is recorded with everything needed to make it again, and
 * `GET /api/documents/:id/pdf` does make it again and checks its sha256 against the record:
 * a document that would come out different is an error, never a silent difference.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/index.js';
import { type DocumentRecord, FindingSummarySchema, FormatSchema, IdSchema, type ProducedDocument, VersionSchema, getDocument, renderDocument, reproduceDocument } from '../../app/index.js';
import { sendProblem } from '../problem.js';
import { type AnyRoute, defineRoute } from './registry.js';

const FINANCE = ['finance'] as const;
const RENDERERS = ['finance', 'policy'] as const;

const RenderBodySchema = z
  .strictObject({
    data: z.unknown().meta({ description: 'The data, as the template fields describe it.' }),
    format: FormatSchema,
    draft: z.boolean().default(false).meta({ description: 'A draft renders whatever the findings, marked DRAFT, and is not recorded.' }),
    version: VersionSchema.optional().meta({ description: 'Drafts only: render this saved version (default: the latest). Final documents always use the published version.' }),
  })
  .meta({ id: 'RenderRequest' });

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters')
    .optional()
    .meta({ description: 'Send the same key again (with the same request) to get the same document back instead of a second one.' }),
});

const DocumentRecordSchema = z
  .object({
    id: z.string(),
    templateId: z.string(),
    templateVersion: z.number().int(),
    lexiconVersion: z.number().int(),
    format: FormatSchema,
    createdAt: z.string(),
    createdBy: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
    data: z.unknown().meta({ description: 'The data, or null once erased after the retention period.' }),
    dataSha256: z.string(),
    findingsSummary: FindingSummarySchema,
    outputs: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number().int() })),
    erasedAt: z.string().nullable(),
    batchId: z.string().nullable(),
  })
  .meta({ id: 'DocumentRecord' });

/** Sends a document's bytes with the headers that say what it is. */
function sendDocument(res: Response, produced: ProducedDocument, extra: Record<string, string>): void {
  for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
  res.setHeader('X-Findings', `error=${produced.summary.error}, warning=${produced.summary.warning}, suggestion=${produced.summary.suggestion}`);
  if (produced.notApplied.length) res.setHeader('X-Not-Applied', produced.notApplied.join(', '));
  res.setHeader('Content-Disposition', `inline; filename="${produced.filename.replace(/[^A-Za-z0-9._-]/g, '')}"`);
  res.status(200).type(produced.contentType).send(produced.body);
}

function documentHeaders(record: DocumentRecord, replayed: boolean): Record<string, string> {
  return {
    'X-Document-Id': record.id,
    'X-Template-Version': String(record.templateVersion),
    'X-Lexicon-Version': String(record.lexiconVersion),
    ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
  };
}

export const documentRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/templates/:id/render',
    summary: 'Render a document (PDF, HTML or plain text); a final document is recorded',
    description:
      'A final document uses the published version and is refused (422 BLOCKED_BY_FINDINGS, with `findings`) when lint finds an error; it is recorded and its id is in the `X-Document-Id` header. A draft renders whatever the findings, marked DRAFT, and is not recorded. Bad data is 422 DATA_INVALID with every bad field in `errors`.',
    tags: ['Documents'],
    access: RENDERERS,
    params: z.strictObject({ id: IdSchema }),
    headers: IdempotencyHeaders,
    body: RenderBodySchema,
    responses: {
      200: {
        description: 'The document',
        contentTypes: ['application/pdf', 'text/html', 'text/plain'],
        headers: {
          'X-Document-Id': 'The recorded document (final documents only)',
          'X-Template-Version': 'The template version used',
          'X-Lexicon-Version': 'The lexicon version it was checked against',
          'X-Findings': 'Counts of findings by severity',
          'X-Not-Applied': 'Rules that were not applied because they work only in English (documents in another language, e.g. `cy`), comma-separated',
          'Idempotent-Replayed': '"true" when an earlier request with the same Idempotency-Key made this document',
        },
      },
      409: { description: 'The Idempotency-Key was used for a different request, or the template has no published version' },
      422: { description: 'Bad data (errors), blocked by findings (findings), or a draft version that does not compile' },
    },
    handler: async ({ res, app, params, body, headers, change }) => {
      const outcome = await renderDocument(app, change(), {
        templateId: params.id,
        data: body.data,
        format: body.format,
        draft: body.draft,
        version: body.version,
        idempotencyKey: headers['idempotency-key'],
      });
      if (outcome.status === 'blocked') return sendProblem(res, new AppError('BLOCKED_BY_FINDINGS', outcome.message, { findings: outcome.findings, summary: outcome.summary, templateId: outcome.templateId }));
      if (outcome.draft) {
        sendDocument(res, outcome.document, { 'X-Template-Version': String(outcome.templateVersion), 'X-Lexicon-Version': String(outcome.lexiconVersion), 'X-Draft': 'true' });
      } else {
        sendDocument(res, outcome.document, documentHeaders(outcome.record!, outcome.replayed));
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/documents',
    summary: 'Recorded documents, newest first (without their data)',
    description: '`?reference=` finds the letters with that reference, ignoring capital letters ("dp-004217" finds "DP-004217"); documents whose data was erased under retention are not found by reference.',
    tags: ['Documents'],
    access: FINANCE,
    query: z.strictObject({
      templateId: IdSchema.optional(),
      batchId: z.string().max(100).optional(),
      reference: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    responses: { 200: { description: 'Documents', schema: z.object({ documents: z.array(DocumentRecordSchema.omit({ data: true })) }) } },
    handler: async ({ res, app, query }) => {
      if (query.reference !== undefined) {
        const found = await app.store.documents.findByReference(query.reference, query.templateId || query.batchId ? 1000 : query.limit);
        const documents = found.filter((d) => (!query.templateId || d.templateId === query.templateId) && (!query.batchId || d.batchId === query.batchId)).slice(0, query.limit);
        res.json({ documents });
        return;
      }
      res.json({ documents: await app.store.documents.list(query) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/documents/:id',
    summary: 'The record of a document: who, when, template and lexicon versions, data, findings summary, checksums',
    tags: ['Documents'],
    access: FINANCE,
    params: z.strictObject({ id: z.uuid({ error: 'is not a document id' }) }),
    responses: { 200: { description: 'The record', schema: DocumentRecordSchema } },
    handler: async ({ res, app, params }) => {
      res.json(await getDocument(app, params.id));
    },
  }),
  ...(['pdf', 'html', 'text'] as const).map((format) =>
    defineRoute({
      method: 'get',
      path: `/api/documents/:id/${format}`,
      summary: `The document as ${format === 'text' ? 'plain text' : format.toUpperCase()}, made again from its record and checked against its sha256`,
      description: format === 'pdf' ? 'Every final document has its PDF checksum recorded.' : `Only for documents that were rendered as ${format}.`,
      tags: ['Documents'],
      access: FINANCE,
      params: z.strictObject({ id: z.uuid({ error: 'is not a document id' }) }),
      responses: {
        200: { description: 'The same bytes as when it was made', contentTypes: [format === 'pdf' ? 'application/pdf' : format === 'html' ? 'text/html' : 'text/plain'] },
        404: { description: 'No such document, or not recorded in this format' },
        410: { description: 'Its personal data was erased under the retention policy' },
        500: { description: 'INTEGRITY_FAILED: it would come out different from what was recorded' },
      },
      handler: async ({ res, app, params }) => {
        const record = await getDocument(app, params.id);
        sendDocument(res, await reproduceDocument(app, record, format), documentHeaders(record, false));
      },
    }),
  ),
];

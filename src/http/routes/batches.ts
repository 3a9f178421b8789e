/**
 * Batches of letters from a spreadsheet (docs/batch.md): upload a CSV/XLSX (multipart, field
 * `file`) or send rows as JSON; get 202 and a batch id; follow its progress; download the ZIP
 * of letters with its manifest, and the full list of row problems as CSV. Finance teams
 * (role `finance`) run batches; admins can do everything.
 */
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/index.js';
import { ALREADY_SENT_CHOICES, ALREADY_SENT_LISTED, batchView, checkUploadLimits, formatBytes, MAX_ROWS, submitBatch, writeBatchOutput } from '../../app/batch.js';
import type { AppContext } from '../context.js';
import { IdSchema } from '../schemas.js';
import { type AnyRoute, defineRoute, zodProblems } from './registry.js';

const ACCESS = ['finance'] as const;

const BatchIdParams = z.object({ id: z.string().uuid('must be a batch id') });

const MappingSchema = z.record(z.string().min(1).max(200), z.string().min(1).max(200), { error: 'must map headings to field paths, like {"Client name": "recipient.name"}' });

/**
 * How deeply a row's data may nest. A letter's data is a few levels deep (recipient → address
 * → line); 10,000 nested arrays is an attack on every recursive step after parsing (hashing,
 * storing, copying to a worker), so it is refused first, with a 422.
 */
const MAX_ROW_DEPTH = 32;

/** The path of the first value nested deeper than `max` (walked without recursion), or undefined. */
function tooDeep(value: unknown, max: number): string | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= max) return item.path;
    for (const [key, child] of Object.entries(item.value)) {
      stack.push({ value: child, path: Array.isArray(item.value) ? `${item.path}[${key}]` : item.path ? `${item.path}.${key}` : key, depth: item.depth + 1 });
    }
  }
  return undefined;
}

const AlreadySentSchema = z
  .enum(ALREADY_SENT_CHOICES, { error: 'must be "skip" (leave out rows whose reference this letter was already sent to) or "make-again" (make new letters for them on purpose)' })
  .optional()
  .meta({ description: 'What to do with rows whose reference this letter (template) was already sent to, according to the document log: `skip` them (they are listed as skipped, "already sent on <date>") or `make-again` on purpose. Needed only when there are such rows: without it the request is refused with 409 listing them.' });

const JsonBatchSchema = z.strictObject({
  templateId: IdSchema,
  alreadySent: AlreadySentSchema,
  rows: z.array(z.record(z.string(), z.unknown()), { error: 'must be a list of rows, each the data of one letter' }).min(1, 'needs at least one row').max(MAX_ROWS, `can have at most ${MAX_ROWS} rows`),
});

const UploadFieldsSchema = z.object({
  templateId: IdSchema,
  alreadySent: AlreadySentSchema,
  mapping: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON, like {"Client name": "recipient.name"}' });
        return z.NEVER;
      }
    })
    .pipe(MappingSchema.optional()),
});

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200, 'must be at most 200 characters').optional(),
});

const BatchAcceptedSchema = z.object({ id: z.string(), status: z.string(), replayed: z.boolean(), statusUrl: z.string(), outputUrl: z.string() }).meta({ id: 'BatchAccepted' });

const BatchViewSchema = z
  .object({
    id: z.string(),
    templateId: z.string(),
    templateVersion: z.number(),
    lexiconVersion: z.number(),
    status: z.enum(['validating', 'running', 'done', 'failed']),
    fileName: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    totals: z.object({ total: z.number(), produced: z.number(), heldBack: z.number(), invalid: z.number(), pending: z.number(), skipped: z.number().describe('Rows not made because their reference was already sent (alreadySent: "skip")') }),
    progress: z.object({ done: z.number(), total: z.number(), percent: z.number() }),
    summary: z.array(z.string()),
    notes: z.array(z.string()),
    problems: z.array(z.object({ row: z.number(), column: z.string(), field: z.string(), message: z.string() })).describe('The first 1,000 problems of the batch, in row order'),
    problemsTotal: z.number().describe('Every problem found, listed or not'),
    problemsNotListed: z.number().describe('Problems past the first 1,000: counted in `summary`, not listed or stored (`notes` says so)'),
    heldBack: z.array(z.object({ row: z.number(), reference: z.string().nullable(), reason: z.string().nullable() })),
    skipped: z.array(z.object({ row: z.number(), reference: z.string().nullable(), reason: z.string().nullable() })).describe('The first 1,000 skipped rows, each "skipped: already sent on <date>"'),
    error: z.string().nullable(),
  })
  .meta({ id: 'Batch' });

/** Runs multer for one file field, streaming it to disk (never into memory). */
function receiveUpload(req: Request, res: Response, context: AppContext): Promise<Express.Multer.File | undefined> {
  const uploads = path.join(context.config.dataDir, 'uploads');
  mkdirSync(uploads, { recursive: true });
  const upload = multer({ dest: uploads, limits: { fileSize: context.limits.spreadsheetBytes, files: 1, fields: 10 } }).single('file');
  return new Promise((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          reject(new AppError('INPUT_TOO_LARGE', `The spreadsheet is larger than this service takes (${formatBytes(context.limits.spreadsheetBytes)}). Split it into smaller files and send them as separate batches.`));
        } else {
          reject(new AppError('BAD_REQUEST', `The upload could not be read (${error.message}). Send one file in the field "file".`));
        }
        return;
      }
      if (error) return reject(new AppError('BAD_REQUEST', 'The upload could not be read. Send one file in the field "file".'));
      resolve(req.file);
    });
  });
}

function readJson(req: Request, res: Response, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    express.json({ limit, strict: false, type: () => true })(req, res, (error: unknown) => (error ? reject(error) : resolve(req.body)));
  });
}

function validationFailed(error: z.ZodError, prefix = ''): AppError {
  const errors = zodProblems(error, prefix);
  return new AppError('VALIDATION_FAILED', `Some of the request is not right: ${errors.map((p) => `${p.path} ${p.message}`).join('; ')}.`, { errors });
}

export const batchRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/batches',
    summary: 'Start a batch of letters from a spreadsheet',
    description:
      `Send \`multipart/form-data\` with a CSV or XLSX file in \`file\`, the \`templateId\`, and optionally \`mapping\` (JSON: heading → field path) and \`alreadySent\`; or JSON \`{templateId, rows: [data, …], alreadySent?}\`. Every row is checked before anything renders. Returns 202 with the batch id; the same input with the same \`Idempotency-Key\` returns the first batch. When some rows have a reference this letter was already sent to (the document log) and \`alreadySent\` is not given, the answer is 409 listing how many and the first ${ALREADY_SENT_LISTED} (\`alreadySent.listed\`); send \`alreadySent: "skip"\` or \`"make-again"\`.`,
    tags: ['Batches'],
    access: ACCESS,
    headers: IdempotencyHeaders,
    responses: {
      202: { description: 'The batch is accepted and runs in the background', schema: BatchAcceptedSchema, headers: { Location: 'The batch status URL' } },
      409: { description: 'The Idempotency-Key was used for a different batch, or some references were already sent and `alreadySent` was not given (`alreadySent`: how many, the first few, when)' },
      413: { description: 'The file is too large' },
      415: { description: 'Neither multipart/form-data nor JSON' },
      422: { description: 'The request is not right (every problem named), or the spreadsheet unpacks to more than Plainly reads, or rows nest too deeply (INPUT_LIMIT_EXCEEDED, naming the limit)' },
    },
    handler: async ({ req, res, app, headers, change }) => {
      const actor = change().actor;
      const idempotencyKey = headers['idempotency-key'];
      let submitted;
      if (req.is('multipart/form-data')) {
        const file = await receiveUpload(req, res, app);
        try {
          const fields = UploadFieldsSchema.safeParse(req.body ?? {});
          if (!fields.success) throw validationFailed(fields.error);
          if (!file) throw new AppError('VALIDATION_FAILED', 'Send the spreadsheet in the field "file".', { errors: [{ path: 'file', message: 'is needed' }] });
          await checkUploadLimits(app, { path: file.path, name: path.basename(file.originalname) || 'upload' });
          const { templateId, mapping, alreadySent } = fields.data;
          submitted = await submitBatch(app, { templateId, input: { kind: 'file', path: file.path, name: file.originalname }, mapping, actor, idempotencyKey, alreadySent });
        } finally {
          if (file) await rm(file.path, { force: true }); // moved into the batch when accepted
        }
      } else if (req.is(['application/json', 'application/*+json'])) {
        const body = await readJson(req, res, app.limits.jsonBytes);
        const deep = tooDeep(body, MAX_ROW_DEPTH + 2); // the body, then `rows`, then each row
        if (deep !== undefined) {
          throw new AppError('INPUT_LIMIT_EXCEEDED', `The rows are nested more than ${MAX_ROW_DEPTH} levels deep (the most Plainly reads is ${MAX_ROW_DEPTH}): a letter's data is a few levels at most.`, { errors: [{ path: deep.slice(0, 200), message: `is nested more than ${MAX_ROW_DEPTH} levels deep` }], limit: 'maxDepth', maxDepth: MAX_ROW_DEPTH });
        }
        const parsed = JsonBatchSchema.safeParse(body);
        if (!parsed.success) throw validationFailed(parsed.error);
        submitted = await submitBatch(app, { templateId: parsed.data.templateId, input: { kind: 'rows', rows: parsed.data.rows }, actor, idempotencyKey, alreadySent: parsed.data.alreadySent });
      } else {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the spreadsheet as multipart/form-data (field "file"), or rows as JSON (it came as ${req.get('content-type') ?? 'no type'}).`);
      }
      const { batch, replayed } = submitted;
      const statusUrl = `/api/batches/${batch.id}`;
      res.status(202).location(statusUrl).json({ id: batch.id, status: batch.status, replayed, statusUrl, outputUrl: `${statusUrl}/output` });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/batches/:id',
    summary: 'A batch: status, totals, progress and row problems',
    tags: ['Batches'],
    access: ACCESS,
    params: BatchIdParams,
    responses: { 200: { description: 'The batch', schema: BatchViewSchema }, 404: { description: 'No such batch' } },
    handler: async ({ res, app, params }) => {
      res.json(await batchView(app, params.id));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/batches/:id/problems',
    summary: 'Every row problem of a batch, as CSV (row, column, field, problem)',
    tags: ['Batches'],
    access: ACCESS,
    params: BatchIdParams,
    responses: { 200: { description: 'The problems, Excel-safe CSV', contentTypes: ['text/csv'] }, 404: { description: 'No such batch' } },
    handler: async ({ res, app, params }) => {
      await batchView(app, params.id); // 404 before any header is sent
      res.status(200).type('text/csv; charset=utf-8').attachment(`batch-${params.id}-problems.csv`);
      await writeBatchOutput(app, params.id, 'problems', res);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/batches/:id/output',
    summary: "A finished batch's letters: a ZIP of PDFs named by reference, with manifest.csv",
    description: '`?format=print` gives one print-ready PDF instead: every letter in row order, each starting on an odd page for duplex printing.',
    tags: ['Batches'],
    access: ACCESS,
    params: BatchIdParams,
    query: z.object({ format: z.enum(['zip', 'print'], { error: 'must be zip or print' }).default('zip') }),
    responses: {
      200: { description: 'The ZIP (or, with ?format=print, the print PDF)', contentTypes: ['application/zip', 'application/pdf'] },
      404: { description: 'No such batch' },
      409: { description: 'The batch is still running, or failed' },
    },
    handler: async ({ res, app, params, query }) => {
      const view = await batchView(app, params.id);
      if (view.status !== 'done') {
        throw new AppError('CONFLICT', view.status === 'failed' ? `This batch failed: ${view.error ?? 'see its status'}` : `This batch is still being made (${view.progress.done} of ${view.progress.total} rows); download its letters when its status is "done".`);
      }
      if (query.format === 'print') {
        if (view.totals.produced === 0) throw new AppError('CONFLICT', 'This batch produced no letters, so there is nothing to print.');
        res.status(200).type('application/pdf').attachment(`batch-${params.id}-print.pdf`);
        await writeBatchOutput(app, params.id, 'print', res);
        return;
      }
      res.status(200).type('application/zip').attachment(`batch-${params.id}.zip`);
      await writeBatchOutput(app, params.id, 'zip', res);
    },
  }),
];

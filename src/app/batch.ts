/**
 * Run a batch: the use cases behind `POST /api/batches` and the letters pages (and, from
 * batch-file.ts, `plainly batch`).
 * There is one batch engine (src/batch/engine.ts: a row source, a queue, an outcome sink); the
 * CLI runs it on a file with its letters written to disk, the service runs it in the background
 * on the stored upload with its letters recorded in the store (src/batch/durable.ts). The HTTP
 * routes, the web pages and the CLI are thin adapters over the functions here.
 *
 * Nothing here loads the linter or the PDF writer: the main process checks rows against the
 * template's fields, and only the rendering worker threads load the whole pipeline.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from '../core/index.js';
import type { Actor } from '../store/index.js';
import type { Template } from '../pipeline/light.js';
import { type AlreadySent, type AlreadySentChoice, matchAlreadySent, referenceOfData, sentIndex, sentWhen, sheetReferences } from '../batch/already-sent.js';
import { type BatchInput, type BatchService, type BatchView, batchServiceOf, LISTED_PER_BATCH, notListedNote, startBatchService } from '../batch/durable.js';
import { PgBossRowQueues } from '../batch/pg-queue.js';
import { DEFAULT_LIMITS, type InputLimits } from '../batch/limits.js';
import { problemsToCsv } from '../batch/problems.js';
import { excelSafeCsvLine } from '../batch/excel-safe.js';
import { checkSpreadsheetLimits, openSpreadsheet } from '../batch/spreadsheet.js';
import { type PreparedTemplate, prepareTemplate, type ValidationReport, validateSpreadsheet } from '../batch/validate.js';
import type { BatchRecord } from '../store/batches.js';
import type { AppContext } from './context.js';

export { ALREADY_SENT_CHOICES, ALREADY_SENT_LISTED, type AlreadySent, type AlreadySentChoice, sentDay, sentWhen } from '../batch/already-sent.js';
export { type BatchView, LISTED_PER_BATCH, notListedNote } from '../batch/durable.js';
export { excelSafeCsvLine, toExcelSafeCsv } from '../batch/excel-safe.js';
export { pathToHeading } from '../batch/headers.js';
export { MAX_ROWS } from '../batch/limits.js';
export { parseDataPath, specAt } from '../batch/rows.js';
export { formatBytes } from '../batch/source.js';
export { HELD_BACK_HEADER } from '../batch/held-back.js';
export type { ValidationReport };
export * from './batch-file.js';
export type { FieldSpec, Template } from '../pipeline/light.js';

/**
 * Starts the service's background batches for a context (once per context). The main thread
 * checks rows against the stored template version parsed as the rest of the service parses it
 * (PLAINLY_TEMPLATES_DIR's partials); the worker threads are given the same folder.
 */
export function startBatches(app: AppContext, onError?: (batchId: string, error: unknown) => void): BatchService {
  return startBatchService(app, {
    store: app.store,
    config: app.config,
    templateVersion: (id, version) => app.pipeline.templateVersion(id, version),
    onError,
    // On PostgreSQL every instance claims rows of a batch from one queue (pg-boss); on SQLite, in process.
    rowQueues: app.config.databaseUrl ? new PgBossRowQueues({ url: app.config.databaseUrl }) : undefined,
    // The upload's check on a thread that ends with it, so the main thread's heap does not keep
    // what the check allocated while the letters are made (issue 13 item 7; check-thread.ts).
    checkInThread: true,
  });
}

/** The batch service of a context. @throws AppError INTERNAL when the context has none. */
export function batchesOf(app: AppContext): BatchService {
  return batchServiceOf(app);
}

/** The limits a stored spreadsheet is read with (the service's spreadsheet limit). */
function serviceLimits(app: AppContext): InputLimits {
  return { ...DEFAULT_LIMITS, maxBytes: Math.max(DEFAULT_LIMITS.maxBytes, app.config.spreadsheetLimitBytes) };
}

/** A stored template version, ready for the batch's row checks. */
async function preparedVersion(app: AppContext, templateId: string, version: number): Promise<PreparedTemplate & { template: Template }> {
  const template = await app.pipeline.templateVersion(templateId, version);
  return { ...prepareTemplate({ id: template.id, fields: template.fields, validate: (data) => template.validate(data) }), template };
}

/**
 * Refuses, before it is accepted, a workbook that unpacks to more than Plainly reads (422,
 * naming the limit), rather than accepting it and failing later.
 */
export async function checkUploadLimits(app: AppContext, file: { path: string; name: string }): Promise<void> {
  await checkSpreadsheetLimits(file, serviceLimits(app));
}

/** Where a new batch's rows come from, for the already-sent check. */
export type AlreadySentSource =
  | { kind: 'file'; path: string; name: string; mapping?: Record<string, string>; except?: ReadonlySet<number> }
  | { kind: 'rows'; rows: ReadonlyArray<Record<string, unknown>> };

/**
 * Which rows of a new batch have a reference the published letter `templateId` was already
 * sent to (the document log). Nothing when there is no such letter, or when the file cannot be
 * read (the batch itself then says what is wrong with it).
 */
export async function findAlreadySent(app: AppContext, templateId: string, source: AlreadySentSource): Promise<AlreadySent> {
  const none: AlreadySent = { count: 0, rows: [], firstSentAt: null, lastSentAt: null, skip: {} };
  const published = (await app.store.templates.published()).find((t) => t.id === templateId);
  if (!published) return none;
  const index = await sentIndex(app.store, templateId);
  if (index.size === 0) return none;
  if (source.kind === 'rows') return matchAlreadySent(source.rows.map((data, i) => ({ row: i + 1, reference: referenceOfData(data) })), index);
  try {
    const prepared = await preparedVersion(app, templateId, published.version);
    const sheet = await openSpreadsheet({ path: source.path, name: source.name }, serviceLimits(app));
    return await matchAlreadySent(sheetReferences(sheet, prepared, { mapping: source.mapping, except: source.except }), index);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return none;
    throw error;
  }
}

/** The 409 for rows already sent when the request did not say what to do with them. */
export function alreadySentConflict(found: AlreadySent): AppError {
  const listed = found.rows.map((r) => r.reference);
  const more = found.count - listed.length;
  const rows = found.count === 1 ? '1 row has a reference' : `${found.count.toLocaleString('en-GB')} rows have references`;
  return new AppError(
    'CONFLICT',
    `${rows} this letter was already sent to (${sentWhen(found)}): ${listed.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-GB')} more` : ''}. Send "alreadySent": "skip" to leave them out, or "make-again" to make new letters for them on purpose.`,
    {
      errors: [{ path: 'alreadySent', message: 'is needed: some references were already sent (skip or make-again)' }],
      alreadySent: { rows: found.count, listed: found.rows, firstSentAt: found.firstSentAt, lastSentAt: found.lastSentAt },
    },
  );
}

/** A new batch for the service. */
export interface BatchSubmission {
  templateId: string;
  /** The upload, on disk (moved into the batch when accepted), or rows sent as JSON. */
  input: BatchInput;
  mapping?: Record<string, string>;
  actor: Actor;
  idempotencyKey?: string;
  /**
   * Rows whose reference this letter was already sent to: `skip` them, `make-again` on purpose.
   * Undefined: when there are such rows the batch is refused (409, `ifAlreadySent: 'refuse'`),
   * or they are skipped (`ifAlreadySent: 'skip'`, the web page's default).
   */
  alreadySent?: AlreadySentChoice;
  ifAlreadySent?: 'refuse' | 'skip';
}

/**
 * Accepts a batch (it runs in the background). The same input with the same Idempotency-Key
 * from the same caller gives back the first batch (whose letters are sent by now, so the
 * already-sent check is not made again).
 * @throws AppError CONFLICT (rows already sent and no choice made; key used for other input),
 *   TEMPLATE_NOT_FOUND.
 */
export async function submitBatch(app: AppContext, submission: BatchSubmission): Promise<{ batch: BatchRecord; replayed: boolean }> {
  const service = batchesOf(app);
  const replay = submission.idempotencyKey ? await service.repo.findIdempotent(submission.actor.id, submission.idempotencyKey) : undefined;
  let skip: Record<string, string> | undefined;
  if (!replay && submission.alreadySent !== 'make-again') {
    const input = submission.input;
    const found = await findAlreadySent(app, submission.templateId, input.kind === 'file' ? { kind: 'file', path: input.path, name: path.basename(input.name) || 'upload', mapping: submission.mapping } : { kind: 'rows', rows: input.rows });
    if (found.count > 0) {
      if (submission.alreadySent === undefined && (submission.ifAlreadySent ?? 'refuse') === 'refuse') throw alreadySentConflict(found);
      skip = found.skip;
    }
  }
  return service.submit({ templateId: submission.templateId, input: submission.input, mapping: submission.mapping, actor: submission.actor, idempotencyKey: submission.idempotencyKey, skip });
}

/** What checking an upload before a batch starts found (the web page's first step). */
export interface UploadCheck {
  report: ValidationReport;
  /** Problems found but not listed (past the first 1,000). */
  notListed: number;
  /** Every listed problem as an Excel-safe CSV (with the not-listed note), when there are any. */
  problemsCsv?: string;
}

/**
 * Checks every row of an upload against a published template version, with the same reader and
 * row checks (and the same 1,000-problem cap) a batch runs, before anything is made.
 * @throws AppError for a file that cannot be used at all.
 */
export async function checkUpload(app: AppContext, templateId: string, version: number, file: { path: string; name: string }): Promise<UploadCheck> {
  const prepared = await preparedVersion(app, templateId, version);
  const sheet = await openSpreadsheet({ path: file.path, name: file.name }, serviceLimits(app));
  const report = await validateSpreadsheet(sheet, prepared, { maxProblems: LISTED_PER_BATCH });
  const notListed = report.problemTotal - report.problems.length;
  // Problems name rows, columns and what is wrong, never what the cells hold.
  const problemsCsv = report.invalid > 0 ? problemsToCsv(report.problems) + (notListed > 0 ? excelSafeCsvLine(['', '', '', notListedNote(notListed)]) : '') : undefined;
  return { report, notListed, problemsCsv };
}

/** A batch's status, totals and problems. @throws AppError NOT_FOUND. */
export function batchView(app: AppContext, id: string): Promise<BatchView> {
  return batchesOf(app).view(id);
}

/** The latest batches (newest first) with their counts, for the letters page. */
export async function recentBatches(app: AppContext, limit = 20): Promise<Array<{ batch: BatchRecord; counts: Awaited<ReturnType<BatchService['repo']['counts']>> }>> {
  const service = batchesOf(app);
  const batches = await service.repo.list(limit);
  return Promise.all(batches.map(async (batch) => ({ batch, counts: await service.repo.counts(batch.id) })));
}

/** Held-back letters of a batch with their row data (the batch page quotes the words in context). */
export function heldBackRows(app: AppContext, id: string, limit: number) {
  return batchesOf(app).repo.heldWithData(id, limit);
}

/** Letters made by batches for a reference (the documents page's search). */
export function batchRowsByReference(app: AppContext, reference: string) {
  return batchesOf(app).repo.rowsByReference(reference);
}

/** The batch accepted earlier under this caller's key (a form sent twice), if any. */
export function batchByKey(app: AppContext, actor: Actor, key: string): Promise<BatchRecord | undefined> {
  return batchesOf(app).repo.findIdempotent(actor.id, key);
}

/** What a finished batch gives: the ZIP of letters (with manifest.csv…), one print PDF, or the problems CSV. */
export type BatchOutput = 'zip' | 'print' | 'problems';

/**
 * Streams a batch's output to `out`. Call `batchView` first to answer 404/409 before any header.
 * @throws AppError NOT_FOUND, or CONFLICT while it is running (zip, print) or has no letters (print).
 */
export async function writeBatchOutput(app: AppContext, id: string, output: BatchOutput, out: Writable): Promise<void> {
  const service = batchesOf(app);
  if (output === 'problems') return service.writeProblems(id, out);
  if (output === 'print') return service.writePrint(id, out);
  return service.writeZip(id, out);
}

/**
 * The labels of a stored template version's fields, by dotted path (the batch page names the
 * field a held-back word came from); undefined when the version cannot be read.
 */
export async function fieldLabels(app: AppContext, templateId: string, version: number): Promise<((dotted: string) => string | undefined) | undefined> {
  try {
    const prepared = await preparedVersion(app, templateId, version);
    const { parseDataPath, specAt } = await import('../batch/rows.js');
    return (dotted) => specAt(prepared.fields, parseDataPath(dotted))?.label;
  } catch {
    return undefined;
  }
}

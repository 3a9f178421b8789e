/**
 * Use cases on documents: render (a draft, or a final document that is checked, recorded in the
 * document log and can be asked for again with an idempotency key) and reproduce (make a
 * recorded document again from its record and check its sha256). A final document blocked by
 * error findings is an outcome, `{ status: 'blocked', findings }`, not an exception.
 */
import { AppError, type Finding, type FindingSummary, type OutputFormat, canonicalJson, sha256 } from '../core/index.js';
import type { ProducedDocument } from '../pipeline/index.js';
import type { ChangeContext, DocumentRecord, OutputDigest } from '../store/index.js';
import type { AppContext } from './context.js';
import { loadPipeline } from './pipeline-loader.js';
import { publishedOrThrow } from './templates.js';

export type { ProducedDocument };

/** What to render. */
export interface RenderInput {
  templateId: string;
  data: unknown;
  format: OutputFormat;
  /** A draft renders whatever the findings, marked DRAFT, and is not recorded. */
  draft?: boolean;
  /** Drafts only: this saved version (default: the latest). Final documents use the published version. */
  version?: number;
  /** The same key (with the same request, from the same caller) gives the same document back. */
  idempotencyKey?: string;
}

/** What rendering did. */
export type RenderOutcome =
  | {
      status: 'produced';
      document: ProducedDocument;
      /** The document log's record (final documents only). */
      record?: DocumentRecord;
      /** True when an earlier request with the same idempotency key made it. */
      replayed: boolean;
      templateVersion: number;
      lexiconVersion: number;
      draft: boolean;
    }
  | { status: 'blocked'; templateId: string; findings: Finding[]; summary: FindingSummary; message: string };

/** The key an idempotency claim is kept under for this caller. */
function principalKey(change: ChangeContext): string {
  return `${change.actor.kind}:${change.actor.id}`;
}

/**
 * Renders a document. A draft uses any saved version and is not recorded; a final document uses
 * the published version, is refused as an outcome when a check finds an error, and is recorded
 * (with the PDF's checksum whatever format was asked for, since the PDF is what is posted).
 * @throws AppError DATA_INVALID (every bad field), TEMPLATE_NOT_FOUND, CONFLICT (no published
 *   version; an idempotency key used for a different request), VALIDATION_FAILED (a version
 *   for a final document), TEMPLATE_INVALID (a draft version that does not compile).
 */
export async function renderDocument(app: AppContext, change: ChangeContext, input: RenderInput): Promise<RenderOutcome> {
  const { produceOutcome } = await loadPipeline();
  if (input.draft) {
    const stored = await app.store.templates.get(input.templateId);
    if (!stored) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${input.templateId}".`, { id: input.templateId });
    const version = input.version ?? stored.latestVersion;
    const template = await app.pipeline.templateVersion(input.templateId, version);
    const { ctx, lexiconVersion } = await app.pipeline.context();
    const outcome = await produceOutcome(ctx, template, input.data, { format: input.format, draft: true });
    if (outcome.status === 'blocked') return outcome; // drafts are never blocked; kept for the type
    return { status: 'produced', document: outcome.document, replayed: false, templateVersion: version, lexiconVersion, draft: true };
  }
  if (input.version !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'A final document always uses the published version; "version" is for drafts only (send "draft": true).', {
      errors: [{ path: 'version', message: 'is only allowed with "draft": true' }],
    });
  }
  const key = input.idempotencyKey;
  const requestSha256 = sha256(canonicalJson({ templateId: input.templateId, format: input.format, data: input.data ?? null }));
  if (key) {
    const earlier = await app.store.documents.findIdempotent(principalKey(change), key);
    if (earlier) {
      if (earlier.requestSha256 !== requestSha256) {
        throw new AppError('CONFLICT', 'This Idempotency-Key was already used for a different request. Use a new key for a new document.');
      }
      const record = (await app.store.documents.get(earlier.documentId))!;
      return { status: 'produced', document: await reproduceDocument(app, record, input.format), record, replayed: true, templateVersion: record.templateVersion, lexiconVersion: record.lexiconVersion, draft: false };
    }
  }
  const sc = await app.pipeline.context();
  const templateVersion = sc.publishedVersions.get(input.templateId);
  if (templateVersion === undefined) await publishedOrThrow(app, input.templateId);
  const template = sc.ctx.templates.get(input.templateId);
  const outcome = await produceOutcome(sc.ctx, template, input.data, { format: input.format, draft: false });
  if (outcome.status === 'blocked') return outcome;
  const produced = outcome.document;
  const outputs: Partial<Record<OutputFormat, OutputDigest>> = { [input.format]: { sha256: produced.sha256, bytes: produced.body.length } };
  if (input.format !== 'pdf') {
    const pdf = await produceOutcome(sc.ctx, template, input.data, { format: 'pdf', draft: false });
    // The same data passed in the asked-for format; a PDF that is blocked (a page rule) is blocked too.
    if (pdf.status === 'blocked') return pdf;
    outputs.pdf = { sha256: pdf.document.sha256, bytes: pdf.document.body.length };
  }
  const { record, replayed } = await app.store.documents.record(
    change,
    {
      templateId: input.templateId,
      templateVersion: templateVersion!,
      lexiconVersion: sc.lexiconVersion,
      format: input.format,
      data: input.data ?? null,
      findingsSummary: produced.summary,
      outputs,
    },
    key ? { principal: principalKey(change), key, requestSha256 } : undefined,
  );
  // Two requests with one key at once: the second finds the first's record in the transaction.
  const document = replayed ? await reproduceDocument(app, record, input.format) : produced;
  return { status: 'produced', document, record, replayed, templateVersion: record.templateVersion, lexiconVersion: record.lexiconVersion, draft: false };
}

/**
 * A recorded document.
 * @throws AppError NOT_FOUND.
 */
export async function getDocument(app: AppContext, id: string): Promise<DocumentRecord> {
  const record = await app.store.documents.get(id);
  if (!record) throw new AppError('NOT_FOUND', `There is no document "${id}".`);
  return record;
}

/**
 * Makes a recorded document again from its record (template version, lexicon version, data)
 * and checks the sha256.
 * @throws AppError DOCUMENT_ERASED (data erased), NOT_FOUND (format not recorded),
 *   INTEGRITY_FAILED (different bytes).
 */
export async function reproduceDocument(app: AppContext, record: DocumentRecord, format: OutputFormat): Promise<ProducedDocument> {
  if (record.erasedAt !== null || record.data === null) {
    throw new AppError('DOCUMENT_ERASED', `Document ${record.id} was made on ${record.createdAt.slice(0, 10)}; its personal data was erased on ${record.erasedAt?.slice(0, 10)} under the retention policy, so it cannot be made again. Its record (who, when, versions, checksums) is kept.`);
  }
  const digest = record.outputs[format];
  if (!digest) {
    throw new AppError('NOT_FOUND', `Document ${record.id} was not recorded as ${format}; it can be made again as ${Object.keys(record.outputs).join(' or ')}.`);
  }
  const template = await app.pipeline.templateVersion(record.templateId, record.templateVersion);
  const lexicon = await app.pipeline.lexiconAt(record.lexiconVersion);
  const { produceDocument } = await loadPipeline();
  // A recorded document passed its checks when it was made: made again, it must be the same bytes.
  const produced = await produceDocument(await app.pipeline.contextFor(lexicon), template, record.data, { format, draft: false });
  if (produced.sha256 !== digest.sha256) {
    app.logger.error({ document: record.id, format }, 'a recorded document came out different when made again');
    throw new AppError(
      'INTEGRITY_FAILED',
      `Document ${record.id} made again as ${format} does not match what was recorded (sha256 ${digest.sha256.slice(0, 12)}…, now ${produced.sha256.slice(0, 12)}…). Something it depends on (branding, partials, fonts or the software) has changed; the stored record is unchanged.`,
      { recordedSha256: digest.sha256, sha256: produced.sha256 },
    );
  }
  return produced;
}

/**
 * A template version made with its example data, for previews: as letters are sent (unmarked)
 * when it is the published version and passes its checks, else marked "DRAFT — not checked"
 * (a draft, an old version, or a published one the lexicon has since moved past).
 * @throws AppError NOT_FOUND / TEMPLATE_NOT_FOUND, TEMPLATE_INVALID (does not compile).
 */
export async function renderExample(app: AppContext, id: string, version: number, format: OutputFormat): Promise<ProducedDocument> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx, publishedVersions } = await app.pipeline.context();
  const { produceOutcome } = await loadPipeline();
  if (publishedVersions.get(id) === version) {
    const final = await produceOutcome(ctx, template, template.example, { format });
    if (final.status === 'produced') return final.document;
  }
  const draft = await produceOutcome(ctx, template, template.example, { format, draft: true });
  if (draft.status === 'blocked') throw new AppError('INTERNAL', 'A draft was blocked, which cannot happen.'); // drafts always render
  return draft.document;
}

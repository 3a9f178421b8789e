/**
 * The document log: every final document, with what is needed to make it again byte for byte
 * (template version, lexicon version, the data) and the sha256 of each output, so a later
 * copy can be checked against what was sent. After the retention period the data (personal
 * data) is erased and the rest kept.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FindingSummary, OutputFormat } from '../core/index.js';
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { type Db, isPostgres, lockFor, writeTransaction } from './db.js';
import { canonicalJson } from './meta.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { DocumentRow } from './schema.js';
import { sha256 } from './secrets.js';
import type { ChangeContext } from './types.js';

/** The checksum and size of one output format. */
export interface OutputDigest {
  sha256: string;
  bytes: number;
}

/** What a caller records about a final document it produced. */
export interface NewDocument {
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  /** The format the caller asked for. */
  format: OutputFormat;
  /** The data the template was filled with (personal data: erased after retention). */
  data: unknown;
  findingsSummary: FindingSummary;
  /** sha256 of every output format produced. */
  outputs: Partial<Record<OutputFormat, OutputDigest>>;
  batchId?: string | null;
}

/** A recorded document. */
export interface DocumentRecord {
  id: string;
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  format: OutputFormat;
  createdAt: string;
  createdBy: { kind: string; id: string; name: string };
  /** The data, or null once erased. */
  data: unknown;
  dataSha256: string;
  findingsSummary: FindingSummary;
  outputs: Partial<Record<OutputFormat, OutputDigest>>;
  erasedAt: string | null;
  batchId: string | null;
}

/** An Idempotency-Key as sent by one principal, with the hash of the request it came with. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  requestSha256: string;
}

function toRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    templateId: row.template_id,
    templateVersion: row.template_version,
    lexiconVersion: row.lexicon_version,
    format: row.format as OutputFormat,
    createdAt: row.created_at,
    createdBy: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    dataSha256: row.data_sha256,
    findingsSummary: JSON.parse(row.findings_summary) as FindingSummary,
    outputs: JSON.parse(row.outputs) as DocumentRecord['outputs'],
    erasedAt: row.erased_at,
    batchId: row.batch_id,
  };
}

/**
 * The `reference` member of a document's data (JSON in a text column) as text: SQLite's
 * json_extract, PostgreSQL's `->>` on the text read as jsonb.
 */
function referenceOf(db: Db) {
  return isPostgres(db) ? sql<string>`(data::jsonb ->> 'reference')` : sql<string>`json_extract(data, '$.reference')`;
}

/** True where the data's `reference` is a string or a number (not an object, list or null). */
function referenceIsScalar(db: Db) {
  return isPostgres(db)
    ? sql<boolean>`jsonb_typeof(data::jsonb -> 'reference') in ('string', 'number')`
    : sql<boolean>`json_type(data, '$.reference') in ('text', 'integer', 'real')`;
}

/** Final documents: record, read, erase personal data after retention. */
export class DocumentRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  private get db(): Db {
    return this.runtime.db;
  }

  /** One document, or undefined. */
  async get(id: string): Promise<DocumentRecord | undefined> {
    const row = await this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Documents newest first, optionally of one batch or template (without their data). */
  async list(query: { batchId?: string; templateId?: string; limit?: number } = {}): Promise<Omit<DocumentRecord, 'data'>[]> {
    let q = this.db.selectFrom('documents').selectAll();
    if (query.batchId) q = q.where('batch_id', '=', query.batchId);
    if (query.templateId) q = q.where('template_id', '=', query.templateId);
    const rows = await q.orderBy('created_at', 'desc').limit(query.limit ?? 100).execute();
    return rows.map((row) => {
      const { data: _data, ...rest } = toRecord(row);
      return rest;
    });
  }

  /**
   * Documents whose data has `reference` (the field every letter has), newest first, without
   * their data. Capital letters are ignored ("dp-004217" finds "DP-004217"), and so are spaces
   * around it. Documents whose data was erased under retention are not found this way.
   */
  async findByReference(reference: string, limit = 20): Promise<Omit<DocumentRecord, 'data'>[]> {
    const rows = await this.db
      .selectFrom('documents')
      .selectAll()
      .where(sql<string>`lower(trim(${referenceOf(this.db)}))`, '=', reference.trim().toLowerCase())
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const { data: _data, ...rest } = toRecord(row);
      return rest;
    });
  }

  /**
   * For each reference this template's letters were sent to (documents whose data is still
   * held), the newest document: its id and when it was made. One pass over the template's
   * documents, for the "already sent" check of a batch (src/batch/already-sent.ts).
   */
  async sentReferences(templateId: string): Promise<Array<{ reference: string; documentId: string; createdAt: string }>> {
    const rows = await this.db
      .selectFrom('documents')
      .select(['id', 'created_at', referenceOf(this.db).as('reference')])
      .where('template_id', '=', templateId)
      .where('data', 'is not', null)
      .where(referenceIsScalar(this.db))
      .orderBy('created_at', 'asc')
      .execute();
    return rows.map((row) => ({ reference: String(row.reference), documentId: row.id, createdAt: row.created_at }));
  }

  /** The document an earlier request with the same Idempotency-Key made, if any. */
  async findIdempotent(principal: string, key: string): Promise<{ documentId: string; requestSha256: string } | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['document_id', 'request_sha256'])
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { documentId: row.document_id, requestSha256: row.request_sha256 } : undefined;
  }

  /**
   * Records a final document and its audit entry in one transaction. With an idempotency
   * claim, a key already used by the same principal returns the earlier document instead
   * (`replayed: true`), and the same key with a different request is refused.
   * @throws AppError CONFLICT when the key was used for a different request.
   */
  async record(context: ChangeContext, input: NewDocument, idempotency?: IdempotencyClaim): Promise<{ record: DocumentRecord; replayed: boolean }> {
    const at = nowIso(this.runtime);
    const id = randomUUID();
    const dataJson = canonicalJson(input.data);
    const outcome = await writeTransaction(this.db, async (trx) => {
      if (idempotency) {
        // Two requests with one key at once on PostgreSQL: the second waits, then replays.
        await lockFor(trx, `idempotency:${idempotency.principal}:${idempotency.key}`);
        const earlier = await trx
          .selectFrom('idempotency_keys')
          .select(['document_id', 'request_sha256'])
          .where('principal', '=', idempotency.principal)
          .where('key', '=', idempotency.key)
          .executeTakeFirst();
        if (earlier) {
          assertSameRequest(idempotency, earlier.request_sha256);
          return { id: earlier.document_id, replayed: true };
        }
      }
      await trx
        .insertInto('documents')
        .values({
          id,
          template_id: input.templateId,
          template_version: input.templateVersion,
          lexicon_version: input.lexiconVersion,
          format: input.format,
          created_at: at,
          actor_kind: context.actor.kind,
          actor_id: context.actor.id,
          actor_name: context.actor.name,
          data: dataJson,
          data_sha256: sha256(dataJson),
          findings_summary: JSON.stringify(input.findingsSummary),
          outputs: JSON.stringify(input.outputs),
          erased_at: null,
          batch_id: input.batchId ?? null,
        })
        .execute();
      if (idempotency) {
        await trx
          .insertInto('idempotency_keys')
          .values({ principal: idempotency.principal, key: idempotency.key, request_sha256: idempotency.requestSha256, document_id: id, created_at: at })
          .execute();
      }
      await recordAudit(trx, context, at, 'document.create', { type: 'document', id }, {
        templateId: input.templateId,
        templateVersion: input.templateVersion,
        lexiconVersion: input.lexiconVersion,
        format: input.format,
        batchId: input.batchId ?? null,
        findings: input.findingsSummary,
        sha256: Object.fromEntries(Object.entries(input.outputs).map(([format, digest]) => [format, digest!.sha256])),
      });
      return { id, replayed: false };
    });
    const record = await this.get(outcome.id);
    if (!record) throw new AppError('INTERNAL', 'A recorded document could not be read back.');
    return { record, replayed: outcome.replayed };
  }

  /**
   * Erases the data of every document created before `cutoff` (keeping the metadata and
   * checksums), and forgets idempotency keys older than a day (except batch rows' keys, which
   * live as long as their batch). Returns how many were erased.
   */
  async eraseExpired(context: ChangeContext, cutoff: Date): Promise<number> {
    const at = nowIso(this.runtime);
    const dayAgo = new Date(this.runtime.now().getTime() - 86_400_000).toISOString();
    return writeTransaction(this.db, async (trx) => {
      const result = await trx
        .updateTable('documents')
        .set({ data: null, erased_at: at })
        .where('created_at', '<', cutoff.toISOString())
        .where('data', 'is not', null)
        .executeTakeFirst();
      const erased = Number(result.numUpdatedRows);
      // A batch's row keys (`batch:<id>`) stay until the batch is erased (BatchRepository.erase):
      // a batch resumed after a day must still get its recorded letters back, not record them twice.
      await trx.deleteFrom('idempotency_keys').where('created_at', '<', dayAgo).where('principal', 'not like', 'batch:%').execute();
      if (erased > 0) {
        await recordAudit(trx, context, at, 'document.erase', { type: 'documents', id: 'retention' }, { erased, createdBefore: cutoff.toISOString() });
      }
      return erased;
    });
  }
}

/** Refuses a reused Idempotency-Key that came with a different request. */
export function assertSameRequest(claim: IdempotencyClaim, earlierSha256: string): void {
  if (earlierSha256 !== claim.requestSha256) {
    throw new AppError(
      'CONFLICT',
      'This Idempotency-Key was already used for a different request. Use a new key for a new document.',
    );
  }
}

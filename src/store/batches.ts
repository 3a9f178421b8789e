/**
 * Batches and their rows (migration 002). The batch runner (src/batch/durable.ts) is the only
 * caller. Rows hold the data each letter was made from (personal data) until the batch's
 * letters are recorded as documents, whose own retention then applies.
 */
import { type Kysely, sql } from 'kysely';
import { recordAudit } from './audit.js';
import { writeTransaction } from './db.js';
import type { Actor } from './types.js';
import type { StoreRuntime } from './runtime.js';
import { nowIso } from './runtime.js';

/** Where a batch is up to. */
export type BatchStatus = 'validating' | 'running' | 'done' | 'failed';
/** What happened to one row (`skipped`: its reference was already sent, and the batch was asked to skip those). */
export type BatchRowStatus = 'pending' | 'produced' | 'held' | 'invalid' | 'skipped';

interface BatchTable {
  id: string;
  template_id: string;
  template_version: number;
  lexicon_version: number;
  status: BatchStatus;
  file_name: string;
  input_kind: string;
  mapping: string;
  created_at: string;
  updated_at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  total: number;
  report: string | null;
  error: string | null;
  idempotency_principal: string | null;
  idempotency_key: string | null;
  request_sha256: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** Claims in a row that ended without progress or a clean release (migration 004). */
  attempts: number;
}

interface BatchRowTable {
  batch_id: string;
  row: number;
  reference: string | null;
  status: BatchRowStatus;
  data: string | null;
  document_id: string | null;
  file: string | null;
  sha256: string | null;
  reason: string | null;
  detail: string | null;
}

interface IdempotencyKeyTable {
  principal: string;
  key: string;
}

interface BatchDatabase {
  batches: BatchTable;
  batch_rows: BatchRowTable;
  idempotency_keys: IdempotencyKeyTable;
}

/** A batch as stored. */
export interface BatchRecord {
  id: string;
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  status: BatchStatus;
  fileName: string;
  inputKind: string;
  mapping: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  createdBy: Actor;
  total: number;
  report: unknown;
  error: string | null;
  requestSha256: string;
  /**
   * How many times in a row the batch has been claimed without progress or a clean release:
   * a process that died while it held the batch (counting the claim that returned it).
   */
  attempts: number;
}

/** One row as stored. */
export interface BatchRowRecord {
  row: number;
  reference: string | null;
  status: BatchRowStatus;
  data: unknown;
  documentId: string | null;
  file: string | null;
  sha256: string | null;
  reason: string | null;
  detail: unknown;
}

/** A new batch. */
export interface NewBatch {
  id: string;
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  fileName: string;
  inputKind: string;
  mapping: Record<string, string>;
  actor: Actor;
  requestSha256: string;
  idempotency?: { principal: string; key: string };
}

function toBatch(row: BatchTable): BatchRecord {
  return {
    id: row.id,
    templateId: row.template_id,
    templateVersion: row.template_version,
    lexiconVersion: row.lexicon_version,
    status: row.status,
    fileName: row.file_name,
    inputKind: row.input_kind,
    mapping: JSON.parse(row.mapping) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name, role: row.actor_role } as Actor,
    total: row.total,
    report: row.report === null ? null : (JSON.parse(row.report) as unknown),
    error: row.error,
    requestSha256: row.request_sha256,
    attempts: Number(row.attempts ?? 0),
  };
}

function toRow(row: BatchRowTable): BatchRowRecord {
  return {
    row: row.row,
    reference: row.reference,
    status: row.status,
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    documentId: row.document_id,
    file: row.file,
    sha256: row.sha256,
    reason: row.reason,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
  };
}

/** The principal a batch's rows record their documents under (with the key `row:<n>`). */
export function batchKeyPrincipal(batchId: string): string {
  return `batch:${batchId}`;
}

/** Batches and batch rows. */
export class BatchRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  private get db(): Kysely<BatchDatabase> {
    return this.runtime.db as unknown as Kysely<BatchDatabase>;
  }

  /** Creates a batch in `validating` (audited, in the same transaction). */
  async create(input: NewBatch): Promise<BatchRecord> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.runtime.db, async (trx) => {
      await (trx as unknown as Kysely<BatchDatabase>)
        .insertInto('batches')
        .values({
          id: input.id,
          template_id: input.templateId,
          template_version: input.templateVersion,
          lexicon_version: input.lexiconVersion,
          status: 'validating',
          file_name: input.fileName,
          input_kind: input.inputKind,
          mapping: JSON.stringify(input.mapping),
          created_at: at,
          updated_at: at,
          actor_kind: input.actor.kind,
          actor_id: input.actor.id,
          actor_name: input.actor.name,
          actor_role: input.actor.role,
          total: 0,
          report: null,
          error: null,
          idempotency_principal: input.idempotency?.principal ?? null,
          idempotency_key: input.idempotency?.key ?? null,
          request_sha256: input.requestSha256,
          lease_owner: null,
          lease_until: null,
          attempts: 0,
        })
        .execute();
      // The file name is left out: people name files after the people in them.
      await recordAudit(trx, { actor: input.actor }, at, 'batch.create', { type: 'batch', id: input.id }, {
        templateId: input.templateId,
        templateVersion: input.templateVersion,
        lexiconVersion: input.lexiconVersion,
        inputKind: input.inputKind,
      });
    });
    return (await this.get(input.id))!;
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    const row = await this.db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBatch(row) : undefined;
  }

  /** Batches newest first (for the web pages' "past batches"). */
  async list(limit = 50): Promise<BatchRecord[]> {
    const rows = await this.db.selectFrom('batches').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toBatch);
  }

  /** Produced rows whose reference is `reference`, ignoring capital letters (for finding a sent letter by its reference). */
  async rowsByReference(reference: string, limit = 20): Promise<{ batchId: string; row: number; documentId: string }[]> {
    const rows = await this.db
      .selectFrom('batch_rows')
      .select(['batch_id', 'row', 'document_id'])
      .where(sql<string>`lower(trim(reference))`, '=', reference.trim().toLowerCase())
      .where('document_id', 'is not', null)
      .limit(limit)
      .execute();
    return rows.map((r) => ({ batchId: r.batch_id, row: r.row, documentId: r.document_id! }));
  }

  /** The batch an earlier request with the same Idempotency-Key created. */
  async findIdempotent(principal: string, key: string): Promise<BatchRecord | undefined> {
    const row = await this.db.selectFrom('batches').selectAll().where('idempotency_principal', '=', principal).where('idempotency_key', '=', key).executeTakeFirst();
    return row ? toBatch(row) : undefined;
  }

  /**
   * Claims an unfinished batch whose lease has run out (or that never had one) for `owner`,
   * so two processes never run one batch, and counts the claim in `attempts`. Returns the
   * batch, or undefined when none is free.
   */
  async claim(owner: string, leaseMs: number): Promise<BatchRecord | undefined> {
    const now = this.runtime.now();
    const candidates = await this.db
      .selectFrom('batches')
      .select(['id'])
      .where('status', 'in', ['validating', 'running'])
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .orderBy('created_at')
      .limit(5)
      .execute();
    for (const { id } of candidates) {
      const result = await this.db
        .updateTable('batches')
        .set((eb) => ({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs).toISOString(), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return this.get(id);
    }
    return undefined;
  }

  /** Extends the lease; false when another process has taken the batch. */
  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const until = new Date(this.runtime.now().getTime() + leaseMs).toISOString();
    const result = await this.db.updateTable('batches').set({ lease_until: until }).where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives a batch back cleanly (its lease ends now; the process did not die holding it). */
  async release(id: string, owner: string): Promise<void> {
    await this.db.updateTable('batches').set({ lease_owner: null, lease_until: null, attempts: 0 }).where('id', '=', id).where('lease_owner', '=', owner).execute();
  }

  /** The batch moved on (validation finished, letters were stored): claims so far do not count against it. */
  async progressed(id: string): Promise<void> {
    await this.db.updateTable('batches').set({ attempts: 0 }).where('id', '=', id).where('attempts', '>', 0).execute();
  }

  /** Sets status, total, report or error. */
  async update(id: string, changes: { status?: BatchStatus; total?: number; report?: unknown; error?: string | null }): Promise<void> {
    await this.db
      .updateTable('batches')
      .set({
        updated_at: nowIso(this.runtime),
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.total !== undefined ? { total: changes.total } : {}),
        ...(changes.report !== undefined ? { report: JSON.stringify(changes.report) } : {}),
        ...(changes.error !== undefined ? { error: changes.error } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Forgets a batch's rows (validation starts again after a stop). */
  async clearRows(id: string): Promise<void> {
    await this.db.deleteFrom('batch_rows').where('batch_id', '=', id).execute();
  }

  /** Adds rows, in one transaction. */
  async addRows(id: string, rows: ReadonlyArray<{ row: number; reference?: string; status: BatchRowStatus; data?: unknown; reason?: string; detail?: unknown }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('batch_rows')
          .values(
            rows.slice(i, i + 200).map((r) => ({
              batch_id: id,
              row: r.row,
              reference: r.reference ?? null,
              status: r.status,
              data: r.data === undefined ? null : JSON.stringify(r.data),
              document_id: null,
              file: null,
              sha256: null,
              reason: r.reason ?? null,
              detail: r.detail === undefined ? null : JSON.stringify(r.detail),
            })),
          )
          .execute();
      }
    });
  }

  /** The next pending rows, in row order. */
  async pending(id: string, limit: number): Promise<BatchRowRecord[]> {
    const rows = await this.db.selectFrom('batch_rows').selectAll().where('batch_id', '=', id).where('status', '=', 'pending').orderBy('row').limit(limit).execute();
    return rows.map(toRow);
  }

  /**
   * Those of `rows` still pending, with their data, in row order (a queue shared by several
   * instances hands out row numbers; a row finished meanwhile is not among them).
   */
  async pendingRows(id: string, rows: readonly number[]): Promise<BatchRowRecord[]> {
    if (rows.length === 0) return [];
    const found = await this.db.selectFrom('batch_rows').selectAll().where('batch_id', '=', id).where('row', 'in', [...rows]).where('status', '=', 'pending').orderBy('row').execute();
    return found.map(toRow);
  }

  /** Records what happened to a pending row; a row already finished is left alone. */
  async finishRow(id: string, row: number, result: { status: Exclude<BatchRowStatus, 'pending'>; documentId?: string; file?: string; sha256?: string; reason?: string; detail?: unknown }): Promise<void> {
    await this.db
      .updateTable('batch_rows')
      .set({
        status: result.status,
        // A produced letter's data now lives in the document log (with its own retention).
        ...(result.status === 'produced' ? { data: null } : {}),
        document_id: result.documentId ?? null,
        file: result.file ?? null,
        sha256: result.sha256 ?? null,
        reason: result.reason ?? null,
        detail: result.detail === undefined ? null : JSON.stringify(result.detail),
      })
      .where('batch_id', '=', id)
      .where('row', '=', row)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Finished batches created before `cutoff` whose personal data is still held. */
  async expired(cutoff: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('batches')
      .select(['id'])
      .where('created_at', '<', cutoff.toISOString())
      .where('status', 'in', ['done', 'failed'])
      .where((eb) => eb.or([eb('report', 'is', null), eb('report', 'not like', '%"erased":true%')]))
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Erases a batch's personal data (row data, references and problem details), keeping the
   * counts and statuses, and forgets the idempotency keys its rows recorded their documents
   * under (`batch:<id>`): they lived as long as the batch, so a resumed batch never records a
   * letter twice however long it ran.
   */
  async erase(id: string, report: unknown): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('batch_rows').set({ data: null, reference: null, detail: null }).where('batch_id', '=', id).execute();
      await trx.deleteFrom('idempotency_keys').where('principal', '=', batchKeyPrincipal(id)).execute();
      await trx.updateTable('batches').set({ report: JSON.stringify(report), updated_at: nowIso(this.runtime) }).where('id', '=', id).execute();
    });
  }

  /** Rows of these statuses that have their detail stored (problems, findings). */
  async detailed(id: string, status: BatchRowStatus[]): Promise<number> {
    const row = await this.db
      .selectFrom('batch_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('batch_id', '=', id)
      .where('status', 'in', status)
      .where('detail', 'is not', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Rows by status. */
  async counts(id: string): Promise<Record<BatchRowStatus, number>> {
    const rows = await this.db.selectFrom('batch_rows').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', id).groupBy('status').execute();
    const counts: Record<BatchRowStatus, number> = { pending: 0, produced: 0, held: 0, invalid: 0, skipped: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /**
   * Held-back rows with their stored findings and data, in row order (for the batch page, which
   * quotes the words in context: a data field's value, or the template's line).
   */
  async heldWithData(id: string, limit: number): Promise<Array<Pick<BatchRowRecord, 'row' | 'reference' | 'reason' | 'detail' | 'data'>>> {
    const rows = await this.db.selectFrom('batch_rows').select(['row', 'reference', 'reason', 'detail', 'data']).where('batch_id', '=', id).where('status', '=', 'held').orderBy('row').limit(limit).execute();
    return rows.map((r) => ({ row: r.row, reference: r.reference, reason: r.reason, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown), data: r.data === null ? null : (JSON.parse(r.data) as unknown) }));
  }

  /** Rows in row order (without their data), a page at a time. */
  async rows(id: string, options: { afterRow?: number; limit?: number; status?: BatchRowStatus[] } = {}): Promise<Omit<BatchRowRecord, 'data'>[]> {
    let query = this.db
      .selectFrom('batch_rows')
      .select(['row', 'reference', 'status', 'document_id', 'file', 'sha256', 'reason', 'detail'])
      .where('batch_id', '=', id)
      .where('row', '>', options.afterRow ?? 0);
    if (options.status) query = query.where('status', 'in', options.status);
    const rows = await query.orderBy('row').limit(options.limit ?? 1000).execute();
    return rows.map((r) => {
      const { data: _data, ...rest } = toRow({ ...r, batch_id: id, data: null });
      return rest;
    });
  }
}

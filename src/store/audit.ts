/**
 * The audit log: who did what, to what, and when. Every change writes its audit row in the
 * same transaction as the change itself, so the log can never miss a change that happened
 * or record one that did not. Details never hold personal data (no letter data, names from
 * letters, or secrets): ids, versions, counts and reasons only.
 */
import type { Db } from './db.js';
import type { ChangeContext } from './types.js';

/** One row of the audit log, as the API returns it. */
export interface AuditEvent {
  id: number;
  at: string;
  actor: { kind: string; id: string; name: string; role: string };
  action: string;
  target: { type: string; id: string };
  detail: Record<string, unknown>;
  requestId: string | null;
}

/** Writes one audit row inside the caller's transaction. */
export async function recordAudit(
  trx: Db,
  context: ChangeContext,
  at: string,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at,
      actor_kind: context.actor.kind,
      actor_id: context.actor.id,
      actor_name: context.actor.name,
      actor_role: context.actor.role,
      action,
      target_type: target.type,
      target_id: target.id,
      detail: JSON.stringify(detail),
      request_id: context.requestId ?? null,
    })
    .execute();
}

/** Filters for reading the log; newest first. */
export interface AuditQuery {
  limit?: number;
  /** Only rows with a smaller id (for paging back). */
  before?: number;
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** Reads the audit log. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, at most `limit` (default 100) rows. */
  async list(query: AuditQuery = {}): Promise<AuditEvent[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.before !== undefined) q = q.where('id', '<', query.before);
    if (query.action) q = q.where('action', '=', query.action);
    if (query.targetType) q = q.where('target_type', '=', query.targetType);
    if (query.targetId) q = q.where('target_id', '=', query.targetId);
    const rows = await q.orderBy('id', 'desc').limit(query.limit ?? 100).execute();
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name, role: row.actor_role },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      requestId: row.request_id,
    }));
  }
}

/**
 * The lexicon workflow. Entries move proposed -> approved -> retired; a change to an approved
 * entry waits as a pending revision while the approved one stays in use, and so does a
 * proposal to retire it (co-production members propose; an approver decides). Every step is a
 * numbered revision with who, when and why. Each approval (or retirement, or import) makes a
 * new lexicon version, kept as a full snapshot so any recorded document can be re-created
 * with the exact words it was checked against.
 *
 * Concurrency: every entry has a revision number that goes up on each step; callers pass the
 * one they last saw (HTTP If-Match) and a stale one is refused (412) without writing. Every
 * write takes the lexicon lock first (`lockFor`; on SQLite the write lock already is one): a
 * new version is a snapshot of every approved entry, so two approvals at once on PostgreSQL
 * must not both number theirs "current + 1" or each leave out the other's entry.
 */
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { announceChange } from './changes.js';
import { type Db, lockFor, withTransaction, writeTransaction } from './db.js';
import { canonicalJson } from './meta.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { ChangeContext } from './types.js';

/** The lock every lexicon write holds (see `lockFor`). */
const LEXICON_LOCK = 'lexicon';

/** An entry's content in the lexicon file format (validated by the HTTP layer, not here). */
export type LexiconContent = { id: string };

export const LEXICON_STATUSES = ['proposed', 'approved', 'retired', 'rejected'] as const;
export type LexiconStatus = (typeof LEXICON_STATUSES)[number];

/** One entry with the content in use and any change waiting for approval. */
export interface LexiconEntryRecord {
  id: string;
  status: LexiconStatus;
  revision: number;
  /** The HTTP ETag of this entry at this revision. */
  etag: string;
  /** The approved content (what lint uses while status is `approved`), or null. */
  approved: LexiconContent | null;
  /** A proposed new content awaiting approval, or null. */
  pending: LexiconContent | null;
  /** True when someone has proposed retiring the entry and an approver has not yet decided. */
  pendingRetirement: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The steps an entry's history can hold. `propose-retire` waits for an approver like a change. */
export const LEXICON_ACTIONS = ['propose', 'change', 'propose-retire', 'approve', 'reject', 'retire', 'import'] as const;

/** One step in an entry's history. */
export interface LexiconRevision {
  entryId: string;
  revision: number;
  action: (typeof LEXICON_ACTIONS)[number];
  content: LexiconContent | null;
  actor: { id: string; name: string; role: string };
  reason: string;
  at: string;
  lexiconVersion: number | null;
}

/** The approved entries at one lexicon version. */
export interface LexiconSnapshot {
  version: number;
  entries: LexiconContent[];
  createdAt: string;
}

/** The ETag for an entry revision. */
export function entryEtag(id: string, revision: number): string {
  return `"${id}.${revision}"`;
}

type Step = LexiconRevision['action'];

/** Lexicon entries, their history and the versioned snapshots lint uses. */
export class LexiconRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  private get db(): Db {
    return this.runtime.db;
  }

  /** The current lexicon version (0 before the first import). */
  async currentVersion(db: Db = this.db): Promise<number> {
    const row = await db.selectFrom('lexicon_versions').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  /** The approved entries at a version (default: the current one). */
  async snapshot(version?: number): Promise<LexiconSnapshot | undefined> {
    let q = this.db.selectFrom('lexicon_versions').selectAll();
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const row = await q.executeTakeFirst();
    return row ? { version: row.version, entries: JSON.parse(row.entries) as LexiconContent[], createdAt: row.created_at } : undefined;
  }

  /** Every entry (optionally with one status), by id. */
  async list(status?: LexiconStatus): Promise<LexiconEntryRecord[]> {
    let q = this.db
      .selectFrom('lexicon_entries as e')
      .leftJoin('lexicon_revisions as a', (join) => join.onRef('a.entry_id', '=', 'e.id').onRef('a.revision', '=', 'e.approved_revision'))
      .leftJoin('lexicon_revisions as p', (join) => join.onRef('p.entry_id', '=', 'e.id').onRef('p.revision', '=', 'e.pending_revision'))
      .select(['e.id', 'e.status', 'e.revision', 'e.created_at', 'e.updated_at', 'a.content as approved', 'p.content as pending', 'p.action as pending_action']);
    if (status) q = q.where('e.status', '=', status);
    const rows = await q.orderBy('e.id').execute();
    return rows.map((row) => ({
      id: row.id,
      status: row.status as LexiconStatus,
      revision: row.revision,
      etag: entryEtag(row.id, row.revision),
      approved: row.approved ? (JSON.parse(row.approved) as LexiconContent) : null,
      pending: row.pending ? (JSON.parse(row.pending) as LexiconContent) : null,
      pendingRetirement: row.pending_action === 'propose-retire',
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /** One entry, or undefined. */
  async get(id: string, db: Db = this.db): Promise<LexiconEntryRecord | undefined> {
    const entry = await db.selectFrom('lexicon_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!entry) return undefined;
    const step = async (revision: number | null) =>
      revision === null
        ? undefined
        : db.selectFrom('lexicon_revisions').select(['content', 'action']).where('entry_id', '=', id).where('revision', '=', revision).executeTakeFirst();
    const [approved, pending] = [await step(entry.approved_revision), await step(entry.pending_revision)];
    return {
      id: entry.id,
      status: entry.status as LexiconStatus,
      revision: entry.revision,
      etag: entryEtag(entry.id, entry.revision),
      approved: approved?.content ? (JSON.parse(approved.content) as LexiconContent) : null,
      pending: pending?.content ? (JSON.parse(pending.content) as LexiconContent) : null,
      pendingRetirement: pending?.action === 'propose-retire',
      createdAt: entry.created_at,
      updatedAt: entry.updated_at,
    };
  }

  /** History, newest first: one entry's, or every entry's. */
  async history(query: { entryId?: string; limit?: number } = {}): Promise<LexiconRevision[]> {
    let q = this.db.selectFrom('lexicon_revisions').selectAll();
    if (query.entryId) q = q.where('entry_id', '=', query.entryId);
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('entry_id')
      .orderBy('revision', 'desc')
      .limit(query.limit ?? 200)
      .execute();
    return rows.map((row) => ({
      entryId: row.entry_id,
      revision: row.revision,
      action: row.action as Step,
      content: row.content ? (JSON.parse(row.content) as LexiconContent) : null,
      actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
      reason: row.reason,
      at: row.at,
      lexiconVersion: row.lexicon_version,
    }));
  }

  /**
   * Proposes a new entry (status `proposed`).
   * @throws AppError CONFLICT when an entry with that id exists.
   */
  async propose(context: ChangeContext, content: LexiconContent, reason: string): Promise<LexiconEntryRecord> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const existing = await trx.selectFrom('lexicon_entries').select('status').where('id', '=', content.id).executeTakeFirst();
      if (existing) {
        throw new AppError(
          'CONFLICT',
          `There is already a lexicon entry "${content.id}" (status ${existing.status}). To change it, use PUT /api/lexicon/entries/${content.id} with If-Match.`,
        );
      }
      await trx
        .insertInto('lexicon_entries')
        .values({ id: content.id, status: 'proposed', revision: 1, approved_revision: null, pending_revision: 1, created_at: at, updated_at: at })
        .execute();
      await this.addRevision(trx, context, content.id, 1, 'propose', content, reason, at, null);
      await recordAudit(trx, context, at, 'lexicon.propose', { type: 'lexicon-entry', id: content.id }, { revision: 1, reason });
    });
    return (await this.get(content.id))!;
  }

  /**
   * Proposes a change to an entry; the approved content stays in use until the change is approved.
   * @throws AppError NOT_FOUND, PRECONDITION_FAILED (stale revision).
   */
  async proposeChange(context: ChangeContext, id: string, expectedRevision: number, content: LexiconContent, reason: string): Promise<LexiconEntryRecord> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const entry = await this.current(trx, id, expectedRevision);
      const revision = entry.revision + 1;
      await trx
        .updateTable('lexicon_entries')
        .set({ revision, pending_revision: revision, status: entry.status === 'rejected' ? 'proposed' : entry.status, updated_at: at })
        .where('id', '=', id)
        .execute();
      await this.addRevision(trx, context, id, revision, 'change', content, reason, at, null);
      await recordAudit(trx, context, at, 'lexicon.change', { type: 'lexicon-entry', id }, { revision, reason });
    });
    return (await this.get(id))!;
  }

  /**
   * Proposes retiring an approved entry (what a co-production member can do; an approver
   * then approves or rejects it like any change). Lint keeps using the entry until then. It
   * replaces any change waiting for a decision, as a newer proposed change would.
   * @throws AppError NOT_FOUND, PRECONDITION_FAILED (stale revision), CONFLICT (the entry is
   *   not in use, so there is nothing to retire: a proposal is rejected instead).
   */
  async proposeRetirement(context: ChangeContext, id: string, expectedRevision: number, reason: string): Promise<LexiconEntryRecord> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const entry = await this.current(trx, id, expectedRevision);
      if (entry.status !== 'approved') {
        throw new AppError('CONFLICT', `Lexicon entry "${id}" is ${entry.status}, not in use, so there is nothing to retire.${entry.status === 'proposed' ? ' An approver can reject the proposal instead.' : ''}`);
      }
      const revision = entry.revision + 1;
      await trx.updateTable('lexicon_entries').set({ revision, pending_revision: revision, updated_at: at }).where('id', '=', id).execute();
      await this.addRevision(trx, context, id, revision, 'propose-retire', null, reason, at, null);
      await recordAudit(trx, context, at, 'lexicon.propose-retire', { type: 'lexicon-entry', id }, { revision, reason });
    });
    return (await this.get(id))!;
  }

  /**
   * Approves the pending content. The caller validates it (schema and its own examples)
   * first; this re-checks the revision so what was validated is exactly what is approved.
   * @throws AppError NOT_FOUND, PRECONDITION_FAILED, CONFLICT (nothing pending).
   */
  async approve(context: ChangeContext, id: string, expectedRevision: number, comment: string): Promise<{ entry: LexiconEntryRecord; lexiconVersion: number }> {
    const at = nowIso(this.runtime);
    const lexiconVersion = await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const entry = await this.current(trx, id, expectedRevision);
      if (entry.pending_revision === null) throw new AppError('CONFLICT', `Lexicon entry "${id}" has no proposed change waiting for approval.`);
      const pending = await trx
        .selectFrom('lexicon_revisions')
        .select(['content', 'action'])
        .where('entry_id', '=', id)
        .where('revision', '=', entry.pending_revision)
        .executeTakeFirstOrThrow();
      if (pending.action === 'propose-retire') {
        // Approving a proposed retirement retires the entry (a new lexicon version without it).
        if (entry.status !== 'approved') throw new AppError('CONFLICT', `Lexicon entry "${id}" is already ${entry.status}; there is nothing left to retire.`);
        return (await this.retireIn(trx, context, entry, comment, at, { approvedProposal: entry.pending_revision }))!;
      }
      const revision = entry.revision + 1;
      await trx
        .updateTable('lexicon_entries')
        .set({ revision, status: 'approved', approved_revision: revision, pending_revision: null, updated_at: at })
        .where('id', '=', id)
        .execute();
      const version = await this.nextSnapshotVersion(trx);
      await this.addRevision(trx, context, id, revision, 'approve', JSON.parse(pending.content!) as LexiconContent, comment, at, version);
      await this.writeSnapshot(trx, version, at, context.actor.name, `approved ${id}`);
      await recordAudit(trx, context, at, 'lexicon.approve', { type: 'lexicon-entry', id }, { revision, lexiconVersion: version, comment });
      return version;
    });
    this.runtime.afterChange?.();
    return { entry: (await this.get(id))!, lexiconVersion };
  }

  /**
   * Rejects the pending content, with a comment. A new entry that was never approved
   * becomes `rejected`; an approved entry keeps its approved content.
   * @throws AppError NOT_FOUND, PRECONDITION_FAILED, CONFLICT (nothing pending).
   */
  async reject(context: ChangeContext, id: string, expectedRevision: number, comment: string): Promise<LexiconEntryRecord> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const entry = await this.current(trx, id, expectedRevision);
      if (entry.pending_revision === null) throw new AppError('CONFLICT', `Lexicon entry "${id}" has no proposed change to reject.`);
      const revision = entry.revision + 1;
      await trx
        .updateTable('lexicon_entries')
        .set({ revision, pending_revision: null, status: entry.status === 'proposed' ? 'rejected' : entry.status, updated_at: at })
        .where('id', '=', id)
        .execute();
      await this.addRevision(trx, context, id, revision, 'reject', null, comment, at, null);
      await recordAudit(trx, context, at, 'lexicon.reject', { type: 'lexicon-entry', id }, { revision, comment });
    });
    return (await this.get(id))!;
  }

  /**
   * Retires an entry: lint stops using it. Retiring an approved entry makes a new lexicon version.
   * @throws AppError NOT_FOUND, PRECONDITION_FAILED, CONFLICT (already retired).
   */
  async retire(context: ChangeContext, id: string, expectedRevision: number, reason: string): Promise<{ entry: LexiconEntryRecord; lexiconVersion: number | null }> {
    const at = nowIso(this.runtime);
    const lexiconVersion = await writeTransaction(this.db, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const entry = await this.current(trx, id, expectedRevision);
      if (entry.status === 'retired') throw new AppError('CONFLICT', `Lexicon entry "${id}" is already retired.`);
      return this.retireIn(trx, context, entry, reason, at);
    });
    this.runtime.afterChange?.();
    return { entry: (await this.get(id))!, lexiconVersion };
  }

  /** Retires `entry` inside the caller's transaction; a new lexicon version if it was approved. */
  private async retireIn(
    trx: Db,
    context: ChangeContext,
    entry: { id: string; status: string; revision: number },
    reason: string,
    at: string,
    detail: Record<string, unknown> = {},
  ): Promise<number | null> {
    const revision = entry.revision + 1;
    await trx
      .updateTable('lexicon_entries')
      .set({ revision, status: 'retired', pending_revision: null, updated_at: at })
      .where('id', '=', entry.id)
      .execute();
    const version = entry.status === 'approved' ? await this.nextSnapshotVersion(trx) : null;
    await this.addRevision(trx, context, entry.id, revision, 'retire', null, reason, at, version);
    if (version !== null) await this.writeSnapshot(trx, version, at, context.actor.name, `retired ${entry.id}`);
    await recordAudit(trx, context, at, 'lexicon.retire', { type: 'lexicon-entry', id: entry.id }, { revision, lexiconVersion: version, reason, ...detail });
    return version;
  }

  /**
   * Imports entries as approved (the caller has validated every one). Entries whose approved
   * content is already identical are left alone; with `retireMissing`, approved entries that
   * are not in the import are retired, so importing an export gives back the same lexicon.
   * A new lexicon version is made when anything changed (or always, with `forceVersion`, which
   * the first start uses to make version 1).
   */
  async importApproved(
    context: ChangeContext,
    entries: LexiconContent[],
    reason: string,
    options: { retireMissing?: boolean; forceVersion?: boolean; basedOn?: number } = {},
    inTrx?: Db,
  ): Promise<{ created: string[]; updated: string[]; retired: string[]; unchanged: string[]; lexiconVersion: number }> {
    const at = nowIso(this.runtime);
    const outcome = await withTransaction(this.db, inTrx, async (trx) => {
      await lockFor(trx, LEXICON_LOCK);
      const result = { created: [] as string[], updated: [] as string[], retired: [] as string[], unchanged: [] as string[] };
      const current = await this.currentVersion(trx);
      // Checked in the same transaction as the writes, so an approval cannot slip in between.
      if (options.basedOn !== undefined && options.basedOn !== current) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `This file is from lexicon version ${options.basedOn}, and the lexicon is now at version ${current}: importing it would undo the changes made since. Export the lexicon again, make your changes in that file, and import it.`,
          { lexiconVersion: current },
        );
      }
      const version = current + 1;
      const seen = new Set<string>();
      for (const content of entries) {
        seen.add(content.id);
        const entry = await trx.selectFrom('lexicon_entries').selectAll().where('id', '=', content.id).executeTakeFirst();
        if (!entry) {
          await trx
            .insertInto('lexicon_entries')
            .values({ id: content.id, status: 'approved', revision: 1, approved_revision: 1, pending_revision: null, created_at: at, updated_at: at })
            .execute();
          await this.addRevision(trx, context, content.id, 1, 'import', content, reason, at, version);
          result.created.push(content.id);
          continue;
        }
        if (entry.status === 'approved' && entry.approved_revision !== null) {
          const approved = await trx
            .selectFrom('lexicon_revisions')
            .select('content')
            .where('entry_id', '=', entry.id)
            .where('revision', '=', entry.approved_revision)
            .executeTakeFirstOrThrow();
          if (approved.content && canonicalJson(JSON.parse(approved.content)) === canonicalJson(content)) {
            result.unchanged.push(content.id);
            continue;
          }
        }
        const revision = entry.revision + 1;
        // A pending proposal is kept: it is someone's work and stays in the queue.
        await trx
          .updateTable('lexicon_entries')
          .set({ revision, status: 'approved', approved_revision: revision, updated_at: at })
          .where('id', '=', entry.id)
          .execute();
        await this.addRevision(trx, context, entry.id, revision, 'import', content, reason, at, version);
        result.updated.push(content.id);
      }
      if (options.retireMissing) {
        const approved = await trx.selectFrom('lexicon_entries').select(['id', 'revision']).where('status', '=', 'approved').execute();
        for (const entry of approved) {
          if (seen.has(entry.id)) continue;
          const revision = entry.revision + 1;
          await trx.updateTable('lexicon_entries').set({ revision, status: 'retired', updated_at: at }).where('id', '=', entry.id).execute();
          await this.addRevision(trx, context, entry.id, revision, 'retire', null, reason, at, version);
          result.retired.push(entry.id);
        }
      }
      const changed = result.created.length + result.updated.length + result.retired.length > 0;
      if (changed || options.forceVersion) {
        await this.writeSnapshot(trx, version, at, context.actor.name, `import: ${reason}`);
        await recordAudit(trx, context, at, 'lexicon.import', { type: 'lexicon', id: String(version) }, {
          lexiconVersion: version,
          created: result.created.length,
          updated: result.updated.length,
          retired: result.retired.length,
          unchanged: result.unchanged.length,
          reason,
        });
        return { ...result, lexiconVersion: version };
      }
      return { ...result, lexiconVersion: version - 1 };
    });
    if (!inTrx) this.runtime.afterChange?.();
    return outcome;
  }

  /** The entry row, checking it exists and that the caller saw its latest revision. */
  private async current(trx: Db, id: string, expectedRevision: number) {
    const entry = await trx.selectFrom('lexicon_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!entry) throw new AppError('NOT_FOUND', `There is no lexicon entry "${id}".`);
    if (entry.revision !== expectedRevision) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `Lexicon entry "${id}" was changed by someone else (you had revision ${expectedRevision}, it is now ${entry.revision}). Reload it, then make your change again.`,
        { etag: entryEtag(id, entry.revision) },
      );
    }
    return entry;
  }

  private async addRevision(
    trx: Db,
    context: ChangeContext,
    entryId: string,
    revision: number,
    action: Step,
    content: LexiconContent | null,
    reason: string,
    at: string,
    lexiconVersion: number | null,
  ): Promise<void> {
    await trx
      .insertInto('lexicon_revisions')
      .values({
        entry_id: entryId,
        revision,
        action,
        content: content ? JSON.stringify(content) : null,
        actor_id: context.actor.id,
        actor_name: context.actor.name,
        actor_role: context.actor.role,
        reason,
        at,
        lexicon_version: lexiconVersion,
      })
      .execute();
  }

  private async nextSnapshotVersion(trx: Db): Promise<number> {
    return (await this.currentVersion(trx)) + 1;
  }

  /** Writes the snapshot of every approved entry as `version`. */
  private async writeSnapshot(trx: Db, version: number, at: string, actorName: string, summary: string): Promise<void> {
    const rows = await trx
      .selectFrom('lexicon_entries as e')
      .innerJoin('lexicon_revisions as a', (join) => join.onRef('a.entry_id', '=', 'e.id').onRef('a.revision', '=', 'e.approved_revision'))
      .select(['e.id', 'a.content'])
      .where('e.status', '=', 'approved')
      .orderBy('e.id')
      .execute();
    const entries = rows.map((row) => JSON.parse(row.content!) as unknown);
    await trx.insertInto('lexicon_versions').values({ version, entries: JSON.stringify(entries), created_at: at, actor_name: actorName, summary }).execute();
    await announceChange(trx, { kind: 'lexicon', version });
  }
}

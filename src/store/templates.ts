/**
 * Template versions. Saving makes a new draft version (nothing is ever overwritten, so two
 * policy officers saving at once both keep their work); publishing picks the version that
 * final documents use. The checks that decide whether a version may be published run in the
 * HTTP layer before `publish` is called.
 */
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { announceChange } from './changes.js';
import { type Db, lockFor, withTransaction, writeTransaction } from './db.js';
import { META, bumpCounter, readCounter } from './meta.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { ChangeContext } from './types.js';

export const TEMPLATE_VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type TemplateVersionStatus = (typeof TEMPLATE_VERSION_STATUSES)[number];

/** A template and where its versions stand. */
export interface TemplateRecord {
  id: string;
  latestVersion: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One version of a template. */
export interface TemplateVersionRecord {
  templateId: string;
  version: number;
  status: TemplateVersionStatus;
  source: string;
  comment: string;
  createdAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

/** Templates and their versions. */
/**
 * The published version a publish expects to replace: a number, `null` for "none yet", or
 * `'*'` for whatever is published now.
 */
export interface PublishExpectation {
  replaces: number | null | '*';
}

export class TemplateRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  private get db(): Db {
    return this.runtime.db;
  }

  /**
   * A number that changes whenever any template's published version changes; processes use
   * it to know when to reload their templates.
   */
  async revision(): Promise<number> {
    return readCounter(this.db, META.templatesRevision);
  }

  /** Every template, by id. */
  async list(): Promise<TemplateRecord[]> {
    const rows = await this.db.selectFrom('templates').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      latestVersion: row.latest_version,
      publishedVersion: row.published_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /** One template, or undefined. */
  async get(id: string): Promise<TemplateRecord | undefined> {
    const row = await this.db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
    return row
      ? { id: row.id, latestVersion: row.latest_version, publishedVersion: row.published_version, createdAt: row.created_at, updatedAt: row.updated_at }
      : undefined;
  }

  /** Every version of a template, newest first (without sources, which can be long). */
  async versions(id: string): Promise<Omit<TemplateVersionRecord, 'source'>[]> {
    const rows = await this.db
      .selectFrom('template_versions')
      .select(['template_id', 'version', 'status', 'comment', 'created_at', 'created_by', 'published_at', 'published_by'])
      .where('template_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => ({
      templateId: row.template_id,
      version: row.version,
      status: row.status as TemplateVersionStatus,
      comment: row.comment,
      createdAt: row.created_at,
      createdBy: row.created_by,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
    }));
  }

  /** One version with its source, or undefined. */
  async version(id: string, version: number): Promise<TemplateVersionRecord | undefined> {
    const row = await this.db
      .selectFrom('template_versions')
      .selectAll()
      .where('template_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return row
      ? {
          templateId: row.template_id,
          version: row.version,
          status: row.status as TemplateVersionStatus,
          source: row.source,
          comment: row.comment,
          createdAt: row.created_at,
          createdBy: row.created_by,
          publishedAt: row.published_at,
          publishedBy: row.published_by,
        }
      : undefined;
  }

  /** The published version of every template that has one. */
  async published(): Promise<{ id: string; version: number; source: string }[]> {
    const rows = await this.db
      .selectFrom('templates as t')
      .innerJoin('template_versions as v', (join) => join.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.published_version'))
      .select(['t.id', 'v.version', 'v.source'])
      .orderBy('t.id')
      .execute();
    return rows;
  }

  /** Saves a new draft version (creating the template when it is new). Returns the version. */
  async saveDraft(context: ChangeContext, id: string, source: string, comment: string): Promise<TemplateVersionRecord> {
    const at = nowIso(this.runtime);
    const version = await writeTransaction(this.db, async (trx) => {
      // Two saves at once on PostgreSQL must not both take the same next number.
      await lockFor(trx, `template:${id}`);
      const template = await trx.selectFrom('templates').select('latest_version').where('id', '=', id).executeTakeFirst();
      const next = (template?.latest_version ?? 0) + 1;
      if (template) await trx.updateTable('templates').set({ latest_version: next, updated_at: at }).where('id', '=', id).execute();
      else await trx.insertInto('templates').values({ id, latest_version: next, published_version: null, created_at: at, updated_at: at }).execute();
      await trx
        .insertInto('template_versions')
        .values({ template_id: id, version: next, source, status: 'draft', comment, created_at: at, created_by: context.actor.name, published_at: null, published_by: null })
        .execute();
      await recordAudit(trx, context, at, 'template.save', { type: 'template', id }, { version: next, comment });
      return next;
    });
    return (await this.version(id, version))!;
  }

  /**
   * Makes `version` the published one (the previous published version becomes superseded),
   * and says which version it replaced (also kept in the audit log).
   * @param expect the published version the caller saw; a different one is refused.
   * @throws AppError NOT_FOUND when the template or version does not exist,
   *   PRECONDITION_FAILED when `expect` names another published version.
   */
  async publish(
    context: ChangeContext,
    id: string,
    version: number,
    detail: Record<string, unknown> = {},
    expect?: PublishExpectation,
  ): Promise<TemplateVersionRecord & { replaced: number | null }> {
    const at = nowIso(this.runtime);
    const replaced = await writeTransaction(this.db, async (trx) => {
      // Checked inside the write transaction (under the template's lock on PostgreSQL), so two
      // people publishing at once cannot both think they replaced the same version: the second
      // one is told, and nothing changes.
      await lockFor(trx, `template:${id}`);
      const current = await trx.selectFrom('templates').select('published_version').where('id', '=', id).executeTakeFirst();
      if (!current) throw new AppError('NOT_FOUND', `There is no template "${id}".`);
      const replaces = current.published_version;
      if (expect && expect.replaces !== '*' && expect.replaces !== replaces) {
        throw new AppError(
          'PRECONDITION_FAILED',
          replaces === null
            ? `Template "${id}" has no published version, but you named version ${expect.replaces} as the one to replace. Look at the template again, then publish.`
            : `Someone published version ${replaces} of "${id}" since you looked (you expected ${expect.replaces === null ? 'no published version' : `version ${expect.replaces}`}). Look at version ${replaces} first, then publish again if you still want to.`,
          { publishedVersion: replaces },
        );
      }
      await this.publishIn(trx, context, at, id, version, { ...detail, replaces });
      return replaces;
    });
    this.runtime.afterChange?.();
    return { ...(await this.version(id, version))!, replaced };
  }

  /**
   * Imports templates as published versions in one transaction (the first start uses this to
   * make every file in templates/ version 1).
   */
  async importPublished(context: ChangeContext, templates: { id: string; source: string }[], comment: string, inTrx?: Db): Promise<void> {
    const at = nowIso(this.runtime);
    await withTransaction(this.db, inTrx, async (trx) => {
      for (const template of templates) {
        await lockFor(trx, `template:${template.id}`);
        const existing = await trx.selectFrom('templates').select('latest_version').where('id', '=', template.id).executeTakeFirst();
        const next = (existing?.latest_version ?? 0) + 1;
        if (existing) await trx.updateTable('templates').set({ latest_version: next, updated_at: at }).where('id', '=', template.id).execute();
        else await trx.insertInto('templates').values({ id: template.id, latest_version: next, published_version: null, created_at: at, updated_at: at }).execute();
        await trx
          .insertInto('template_versions')
          .values({ template_id: template.id, version: next, source: template.source, status: 'draft', comment, created_at: at, created_by: context.actor.name, published_at: null, published_by: null })
          .execute();
        await this.publishIn(trx, context, at, template.id, next, { imported: true });
      }
    });
    if (!inTrx) this.runtime.afterChange?.();
  }

  private async publishIn(trx: Db, context: ChangeContext, at: string, id: string, version: number, detail: Record<string, unknown>): Promise<void> {
    const row = await trx
      .selectFrom('template_versions')
      .select('status')
      .where('template_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `Template "${id}" has no version ${version}.`);
    await trx
      .updateTable('template_versions')
      .set({ status: 'superseded' })
      .where('template_id', '=', id)
      .where('status', '=', 'published')
      .execute();
    await trx
      .updateTable('template_versions')
      .set({ status: 'published', published_at: at, published_by: context.actor.name })
      .where('template_id', '=', id)
      .where('version', '=', version)
      .execute();
    await trx.updateTable('templates').set({ published_version: version, updated_at: at }).where('id', '=', id).execute();
    const revision = await bumpCounter(trx, META.templatesRevision);
    await announceChange(trx, { kind: 'templates', revision, templateId: id, version });
    await recordAudit(trx, context, at, 'template.publish', { type: 'template', id }, { version, ...detail });
  }
}

/**
 * The store: the only code that talks to the database. One `Store` per process; several
 * processes may open the same data directory (SQLite WAL), and several instances on several
 * machines the same PostgreSQL database (`databaseUrl`, PLAINLY_DATABASE_URL).
 */
import { sql } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { AppError } from '../core/index.js';
import { AuditRepository } from './audit.js';
import { ChangeFeed, type StoreChanges } from './changes.js';
import { type Db, type StoreDialect, isPostgresUrl, lockFor, openPostgres, openSqlite, redactUrl, writeTransaction } from './db.js';
import { DocumentRepository } from './documents.js';
import { type LexiconContent, LexiconRepository } from './lexicon.js';
import { META, readMeta, writeMeta } from './meta.js';
import { migrateToLatest } from './migrations/index.js';
import { PgRateCounters } from './pg-counters.js';
import { RateCounters, type SharedCounters } from './rate-limits.js';
import type { StoreRuntime } from './runtime.js';
import { SessionRepository } from './sessions.js';
import { TemplateRepository } from './templates.js';
import { TokenRepository } from './tokens.js';
import type { ChangeContext, Role } from './types.js';
import { type NewUser, UserRepository } from './users.js';

/** How to open a store. */
export interface StoreOptions {
  /** Directory holding `plainly.sqlite` (PLAINLY_DATA_DIR); unused by a PostgreSQL store. */
  dataDir: string;
  /**
   * A `postgres://` URL (PLAINLY_DATABASE_URL): the store is that PostgreSQL database instead
   * of the SQLite file. Unset or empty keeps SQLite.
   */
  databaseUrl?: string;
  /** Run migrations on open (default true). Cluster workers pass false: the primary migrated. */
  migrate?: boolean;
  /** The clock (tests move it to check retention). */
  now?: () => Date;
}

/** What the first start puts in an empty store, all in one transaction. */
export interface SeedInput {
  templates: { id: string; source: string }[];
  lexicon: LexiconContent[];
  adminToken: { name: string; role: Role; presetToken?: string };
  /** The first user, so someone can sign in to the web pages straight away. */
  adminUser: NewUser;
}

/** The store and its repositories. */
export class Store {
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  readonly lexicon: LexiconRepository;
  readonly templates: TemplateRepository;
  readonly documents: DocumentRepository;
  private rateCounters_: SharedCounters | undefined;
  private readonly changes_: ChangeFeed;

  private constructor(
    readonly db: Db,
    /** Which database this store runs on. */
    readonly dialect: StoreDialect,
    private readonly handle: { raw: BetterSqlite3.Database; pool?: undefined } | { pool: pg.Pool; url: string; raw?: undefined },
    /** Path of the SQLite file, or the PostgreSQL URL without its password. */
    readonly file: string,
    readonly runtime: StoreRuntime,
    private readonly dataDir: string,
  ) {
    this.changes_ = new ChangeFeed(handle.pool ? { kind: 'postgres', url: handle.url, db } : { kind: 'sqlite', file });
    runtime.afterChange = () => this.changes_.poke();
    this.users = new UserRepository(runtime);
    this.tokens = new TokenRepository(runtime);
    this.sessions = new SessionRepository(runtime);
    this.audit = new AuditRepository(db);
    this.lexicon = new LexiconRepository(runtime);
    this.templates = new TemplateRepository(runtime);
    this.documents = new DocumentRepository(runtime);
  }

  /**
   * Opens the store — the PostgreSQL database at `options.databaseUrl` when it is set, else the
   * SQLite file under `options.dataDir` — creating and migrating it as needed.
   * @throws AppError CONFIG_INVALID when the directory or database cannot be used (the message
   *   names the setting; a URL is shown without its password).
   */
  static async open(options: StoreOptions): Promise<Store> {
    const now = options.now ?? (() => new Date());
    let store: Store;
    const url = options.databaseUrl?.trim();
    if (url) {
      if (!isPostgresUrl(url)) {
        throw new AppError('CONFIG_INVALID', `PLAINLY_DATABASE_URL must be a postgres:// or postgresql:// URL (got ${redactUrl(url)}); leave it unset to use SQLite in PLAINLY_DATA_DIR.`);
      }
      const { db, pool } = await openPostgres(url);
      store = new Store(db, 'postgres', { pool, url }, redactUrl(url), { db, now }, options.dataDir);
    } else {
      const { db, raw, file } = openSqlite(options.dataDir);
      store = new Store(db, 'sqlite', { raw }, file, { db, now }, options.dataDir);
    }
    const { db } = store;
    try {
      if (options.migrate !== false) await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return store;
  }

  /**
   * The rate-limit counters every process on this store shares (opened on first use: only
   * the HTTP service needs them): a SQLite file next to the store, or tables in the
   * PostgreSQL database.
   */
  get rateCounters(): SharedCounters {
    this.rateCounters_ ??= this.handle.pool ? new PgRateCounters(this.handle.pool) : RateCounters.open(this.dataDir);
    return this.rateCounters_;
  }

  /**
   * New lexicon versions and newly published templates, from any process or instance on this
   * store, within a second (src/store/changes.ts), so caches can follow them.
   */
  get changes(): StoreChanges {
    return this.changes_;
  }

  /** True once the first-start import has happened. */
  async isSeeded(): Promise<boolean> {
    return (await readMeta(this.db, META.bootstrappedAt)) !== undefined;
  }

  /**
   * First start: imports templates (published version 1), the lexicon (version 1), creates
   * the admin token and the admin user, all or nothing. Returns the token (shown once), or
   * undefined if the store was already seeded (by another process, say).
   */
  async seed(context: ChangeContext, input: SeedInput): Promise<{ token: string } | undefined> {
    return writeTransaction(this.db, async (trx) => {
      // Two instances starting at once on one PostgreSQL database: the second waits, then sees
      // the first one's import.
      await lockFor(trx, 'seed');
      if ((await readMeta(trx, META.bootstrappedAt)) !== undefined) return undefined;
      await this.templates.importPublished(context, input.templates, 'imported from templates/ on first start', trx);
      await this.lexicon.importApproved(context, input.lexicon, 'imported from lexicon/ on first start', { forceVersion: true }, trx);
      const { token } = await this.tokens.create(context, input.adminToken, trx);
      await this.users.create(context, input.adminUser, trx);
      await writeMeta(trx, META.bootstrappedAt, this.runtime.now().toISOString());
      return { token };
    });
  }

  /** True when the database answers (for /readyz). */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * SQLite's own consistency check ("ok" when the file is sound).
   * @throws AppError CONFIG_INVALID on PostgreSQL, which checks its own pages (see docs/deploy.md).
   */
  integrityCheck(): string {
    if (!this.handle.raw) throw new AppError('CONFIG_INVALID', 'The integrity check is for the SQLite store; this store is PostgreSQL.');
    return String(this.handle.raw.pragma('integrity_check', { simple: true }));
  }

  /** Closes the database (waits for queries in progress). */
  async close(): Promise<void> {
    await this.changes_.close();
    await this.rateCounters_?.close();
    await this.db.destroy();
  }
}

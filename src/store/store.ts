/**
 * The store: the only code that talks to the database. One `Store` per process; several
 * processes may open the same data directory (SQLite WAL).
 */
import { sql } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { AuditRepository } from './audit.js';
import { type Db, openSqlite, writeTransaction } from './db.js';
import { DocumentRepository } from './documents.js';
import { type LexiconContent, LexiconRepository } from './lexicon.js';
import { META, readMeta, writeMeta } from './meta.js';
import { migrateToLatest } from './migrations/index.js';
import { RateCounters } from './rate-limits.js';
import type { StoreRuntime } from './runtime.js';
import { SessionRepository } from './sessions.js';
import { TemplateRepository } from './templates.js';
import { TokenRepository } from './tokens.js';
import type { ChangeContext, Role } from './types.js';
import { type NewUser, UserRepository } from './users.js';

/** How to open a store. */
export interface StoreOptions {
  /** Directory holding `plainly.sqlite` (PLAINLY_DATA_DIR). */
  dataDir: string;
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
  private rateCounters_: RateCounters | undefined;

  private constructor(
    readonly db: Db,
    private readonly raw: BetterSqlite3.Database,
    /** Path of the SQLite file. */
    readonly file: string,
    readonly runtime: StoreRuntime,
    private readonly dataDir: string,
  ) {
    this.users = new UserRepository(runtime);
    this.tokens = new TokenRepository(runtime);
    this.sessions = new SessionRepository(runtime);
    this.audit = new AuditRepository(db);
    this.lexicon = new LexiconRepository(runtime);
    this.templates = new TemplateRepository(runtime);
    this.documents = new DocumentRepository(runtime);
  }

  /**
   * Opens the store under `options.dataDir`, creating and migrating it as needed.
   * @throws AppError CONFIG_INVALID when the directory or database cannot be used.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const { db, raw, file } = openSqlite(options.dataDir);
    const store = new Store(db, raw, file, { db, now: options.now ?? (() => new Date()) }, options.dataDir);
    try {
      if (options.migrate !== false) await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return store;
  }

  /**
   * The rate-limit counters every process on this data directory shares (opened on first
   * use: only the HTTP service needs them).
   */
  get rateCounters(): RateCounters {
    this.rateCounters_ ??= RateCounters.open(this.dataDir);
    return this.rateCounters_;
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

  /** SQLite's own consistency check ("ok" when the file is sound). */
  integrityCheck(): string {
    return String(this.raw.pragma('integrity_check', { simple: true }));
  }

  /** Closes the database (waits for queries in progress). */
  async close(): Promise<void> {
    this.rateCounters_?.close();
    await this.db.destroy();
  }
}

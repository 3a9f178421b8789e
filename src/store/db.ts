/**
 * Opens the database. SQLite through better-sqlite3 in WAL mode is the default: one file,
 * readers never block the writer, and several processes (node:cluster workers) can share it.
 * With `PLAINLY_DATABASE_URL=postgres://…` the store is PostgreSQL instead (pg's pool through
 * Kysely's PostgresDialect), so several instances on several machines share one database.
 * Everything else talks to Kysely; the few places where the two must differ ask `isPostgres`.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../core/index.js';
import type { Database } from './schema.js';

/** A Kysely handle on the store's tables. */
export type Db = Kysely<Database>;

/** Which database a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Where the SQLite file lives inside the data directory. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'plainly.sqlite');
}

/** True for a `postgres://` or `postgresql://` URL (what PLAINLY_DATABASE_URL takes). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * True when `db` (or a transaction or connection from it) runs on PostgreSQL. A transaction
 * shares its parent's executor adapter, so this works on whatever handle a repository holds.
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Opens (creating if needed) the SQLite file under `dataDir`.
 * @throws AppError CONFIG_INVALID when the directory cannot be created or the file opened.
 */
export function openSqlite(dataDir: string): { db: Db; raw: BetterSqlite3.Database; file: string } {
  const file = databaseFile(dataDir);
  let raw: BetterSqlite3.Database;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    // timeout: how long a writer waits for another process's write lock before SQLITE_BUSY.
    raw = new BetterSqlite3(file, { timeout: 15_000 });
    raw.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before we acknowledge it, even if the machine loses power.
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `The data directory ${dataDir} cannot be used (PLAINLY_DATA_DIR): ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, raw, file };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens a pool on the PostgreSQL database at `url` and checks that it answers.
 * @throws AppError CONFIG_INVALID when the URL is malformed or the database cannot be reached.
 */
export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<{ db: Db; pool: pg.Pool }> {
  let pool: pg.Pool;
  try {
    // A server that does not answer (a firewall dropping packets) fails the start after 10 s
    // rather than the operating system's TCP timeout; the name shows in pg_stat_activity.
    pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000, application_name: 'plainly' });
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `PLAINLY_DATABASE_URL is not a usable PostgreSQL URL (${redactUrl(url)}): ${(error as Error).message}`);
  }
  // A connection dropped while idle (the server restarted) must not take the process down;
  // the pool opens a new one on the next query.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError('CONFIG_INVALID', `The PostgreSQL database ${redactUrl(url)} cannot be reached (PLAINLY_DATABASE_URL): ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/**
 * Runs `fn` in a write transaction.
 *
 * SQLite: the transaction takes the write lock at the start (`BEGIN IMMEDIATE`). With several
 * processes on one WAL file, a transaction that read first and upgraded later could fail with
 * SQLITE_BUSY_SNAPSHOT; taking the lock first makes it wait its turn instead. Kysely's SQLite
 * driver has one connection guarded by a mutex, so inside `fn` nothing else in this process
 * touches the database: every write transaction runs alone.
 *
 * PostgreSQL: a normal (read committed) transaction. Writers do not wait for each other, so a
 * transaction that reads something and writes on the strength of it takes `lockFor` first
 * (the repositories do: template versions, lexicon versions, idempotency keys, the first start).
 */
export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(fn);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await fn(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/** Runs `fn` in the caller's transaction when there is one, else in a new write transaction. */
export async function withTransaction<T>(db: Db, trx: Db | undefined, fn: (trx: Db) => Promise<T>): Promise<T> {
  return trx ? fn(trx) : writeTransaction(db, fn);
}

/**
 * Inside a write transaction, waits for and takes the lock named `name` until the transaction
 * ends. On SQLite the write transaction already holds the one write lock, so this does
 * nothing; on PostgreSQL it is a transaction-scoped advisory lock, which (unlike `FOR UPDATE`)
 * also covers rows that do not exist yet (a new template, an unused idempotency key).
 */
export async function lockFor(trx: Db, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`plainly:${name}`}, 0))`.execute(trx);
}

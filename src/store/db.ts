/**
 * Opens the database. SQLite through better-sqlite3 in WAL mode is the default: one file,
 * readers never block the writer, and several processes (node:cluster workers) can share it.
 * Everything else talks to Kysely, so another dialect can be added here alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { AppError } from '../core/index.js';
import type { Database } from './schema.js';

/** A Kysely handle on the store's tables. */
export type Db = Kysely<Database>;

/** Where the SQLite file lives inside the data directory. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'plainly.sqlite');
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

/**
 * Runs `fn` in a write transaction that takes the write lock at the start (`BEGIN
 * IMMEDIATE`). With several processes on one WAL file, a transaction that read first and
 * upgraded later could fail with SQLITE_BUSY_SNAPSHOT; taking the lock first makes it wait
 * its turn instead. Kysely's SQLite driver has one connection guarded by a mutex, so inside
 * `fn` nothing else in this process touches the database.
 */
export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
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

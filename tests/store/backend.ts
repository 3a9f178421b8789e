/**
 * Which store the store-backed tests run on. Unset: SQLite in a temporary directory (the
 * default). `PLAINLY_TEST_DATABASE_URL=postgres://…` (a role allowed to create databases; `.ci/run`
 * sets it for the second run): every test gets a database of its own on that server, created
 * empty and dropped afterwards, so tests never see each other's rows, locks or notifications.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Store, type StoreOptions } from '../../src/store/index.js';

/** The server the tests use, or undefined for SQLite. */
export const TEST_DATABASE_URL = process.env.PLAINLY_TEST_DATABASE_URL?.trim() || undefined;

/** The store the tests run on. */
export const TEST_DIALECT: 'sqlite' | 'postgres' = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** One test's own store location: a data directory, and (on PostgreSQL) a database. */
export interface TestStoreLocation {
  dataDir: string;
  /** The database URL to open (PostgreSQL only). */
  databaseUrl?: string;
  /** Opens a store here (as often as a test likes: a restart opens it again). */
  open(options?: Omit<StoreOptions, 'dataDir' | 'databaseUrl'>): Promise<Store>;
  /** Deletes the directory and drops the database. Close every store opened here first. */
  dispose(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (C collation: text sorts byte by byte, as in SQLite); returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('PLAINLY_TEST_DATABASE_URL is not set');
  const name = `plainly_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

/**
 * A new store location for one test: a temporary data directory (`existingDir` to reuse one),
 * and on PostgreSQL a new database.
 */
export async function createTestStoreLocation(existingDir?: string): Promise<TestStoreLocation> {
  const dataDir = existingDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-store-'));
  const database = TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  return {
    dataDir,
    databaseUrl: database?.url,
    open: (options = {}) => Store.open({ ...options, dataDir, databaseUrl: database?.url }),
    dispose: async () => {
      await database?.drop();
      if (!existingDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

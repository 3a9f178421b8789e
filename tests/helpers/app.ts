/**
 * Builds the real app on a temporary SQLite file, for tests, or on a new PostgreSQL database
 * when PLAINLY_TEST_DATABASE_URL is set (tests/store/backend.ts). Nothing is mocked: the store,
 * migrations, first-start import, auth and routes are the ones `plainly serve` runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/core/index.js';
import { type PlainlyApp, createApp } from '../../src/http/app.js';
import type { Logger } from 'pino';
import { createLogger } from '../../src/http/logger.js';
import type { WebMount } from '../../src/http/mounts.js';
import { ROLES, type Role, Store, SYSTEM_ACTOR } from '../../src/store/index.js';
import { TEST_DATABASE_URL, createTestDatabase } from '../store/backend.js';

/** The admin token every test app starts with (PLAINLY_BOOTSTRAP_TOKEN). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A test app and helpers around it. */
export interface TestApp extends PlainlyApp {
  config: Config;
  dataDir: string;
  adminToken: string;
  /** A token for each role (created once per app). */
  tokens: Record<Role, string>;
  /** `{ Authorization: 'Bearer …' }` for a role. */
  auth(role: Role): { Authorization: string };
  /** Closes the app and deletes the temporary directory. */
  dispose(): Promise<void>;
}

/** Options: config overrides, the store clock, web mounts. */
export interface TestAppOptions {
  config?: Partial<Config>;
  now?: () => Date;
  rateNow?: () => number;
  mounts?: WebMount[];
  /** Reuse an existing data directory (restart tests). */
  dataDir?: string;
  /** A logger (default: silent). */
  logger?: Logger;
}

/** Creates a fresh app on a new temporary data directory. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-test-'));
  const config = loadConfig({}, {
    dataDir,
    bootstrapToken: TEST_ADMIN_TOKEN,
    logLevel: 'silent',
    rateLimitPerMinute: 100_000,
    ...options.config,
  });
  const database = await testDatabaseFor(dataDir, options.dataDir === undefined);
  const store = await Store.open({ dataDir, databaseUrl: database?.url, now: options.now });
  const plainly = await createApp({
    config,
    store,
    logger: options.logger ?? createLogger('silent'),
    mounts: options.mounts ?? [],
    now: options.rateNow,
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = role === 'admin' ? TEST_ADMIN_TOKEN : (await store.tokens.create({ actor: SYSTEM_ACTOR }, { name: `test ${role}`, role })).token;
  }
  return {
    ...plainly,
    config,
    dataDir,
    adminToken: TEST_ADMIN_TOKEN,
    tokens,
    auth: (role) => ({ Authorization: `Bearer ${tokens[role]}` }),
    dispose: async () => {
      await plainly.close();
      await store.close();
      if (!options.dataDir) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        databases.delete(dataDir);
        await database?.drop();
      }
    },
  };
}

/** PostgreSQL test databases by data directory, so an app restarted on a directory finds its rows. */
const databases = new Map<string, Awaited<ReturnType<typeof createTestDatabase>>>();

async function testDatabaseFor(dataDir: string, fresh: boolean): Promise<Awaited<ReturnType<typeof createTestDatabase>> | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  let database = fresh ? undefined : databases.get(dataDir);
  if (!database) {
    database = await createTestDatabase();
    databases.set(dataDir, database);
  }
  return database;
}

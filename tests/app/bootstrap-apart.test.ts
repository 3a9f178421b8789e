/**
 * Issue 13 item 7: `plainly serve` seeds an empty store in a short-lived child process
 * (app/bootstrap-apart.ts), so the import's memory (the lexicon read and checked, the scrypt
 * hashes of the admin token and password) does not stay in the service's process.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapStore } from '../../src/app/bootstrap.js';
import { bootstrapStoreApart, surelyFirstStart } from '../../src/app/bootstrap-apart.js';
import { createApp } from '../../src/http/app.js';
import { openStore } from '../../src/app/context.js';
import { type AppError, type Config, loadConfig, PROJECT_ROOT } from '../../src/core/index.js';
import type { Store } from '../../src/store/index.js';
import { loadTemplates } from '../../src/pipeline/light.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures');
const TOKEN = 'apart-test-token-0123456789abcdef';
const PASSWORD = 'apart-test-password-0123';

// Counts the scrypt hashes made in this process: node:crypto's scrypt, swapped for a counting
// one that every importer sees (syncBuiltinESMExports updates the ES module bindings too).
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
const realScrypt = crypto.scrypt;
let scryptCalls = 0;
// And the child processes started from this one, the same way.
const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
const realFork = childProcess.fork;
let forks = 0;

let dataDir: string;
let store: Store | undefined;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-apart-'));
  scryptCalls = 0;
  forks = 0;
  childProcess.fork = ((...args: Parameters<typeof realFork>) => {
    forks++;
    return (realFork as (...a: unknown[]) => ReturnType<typeof realFork>)(...args);
  }) as typeof realFork;
  crypto.scrypt = ((...args: Parameters<typeof realScrypt>) => {
    scryptCalls++;
    return (realScrypt as (...a: unknown[]) => void)(...args);
  }) as typeof realScrypt;
  syncBuiltinESMExports();
});

afterEach(async () => {
  crypto.scrypt = realScrypt;
  childProcess.fork = realFork;
  syncBuiltinESMExports();
  await store?.close();
  store = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function open(overrides: Partial<Config> = {}): Promise<{ config: Config; store: Store }> {
  const config = loadConfig({}, { dataDir, logLevel: 'silent', bootstrapToken: TOKEN, bootstrapPassword: PASSWORD, ...overrides });
  store = await openStore(config);
  return { config, store };
}

describe('the first start, in a child process', () => {
  it('seeds the store as bootstrapStore does, and hashes nothing in this process', async () => {
    const { config, store } = await open();
    const result = await bootstrapStoreApart(store, config);
    expect(result).toMatchObject({ seeded: true, generatedToken: undefined, generatedPassword: undefined });
    expect(result.templates).toBe(loadTemplates(config.templatesDir).list().length);
    expect(result.templates).toBeGreaterThan(0);
    expect(result.lexiconEntries).toBeGreaterThan(0);
    expect(await store.isSeeded()).toBe(true);
    expect((await store.templates.published()).length).toBe(result.templates);
    expect((await store.lexicon.snapshot(await store.lexicon.currentVersion()))?.entries.length).toBe(result.lexiconEntries);
    // The token and password hashed in the child are the ones configured.
    expect(await store.users.verifyPassword('admin', PASSWORD)).toBeDefined();
    expect(scryptCalls).toBe(1); // that check, here; none for the import
    expect(forks).toBe(1);
  }, 60_000);

  it('(the same import in this process hashes here: what the child spares the service)', async () => {
    const { config, store } = await open();
    await bootstrapStore(store, config);
    expect(scryptCalls).toBe(2); // the admin token and the admin password
  }, 60_000);

  it('hands back what it generated, to be printed once', async () => {
    const { config, store } = await open({ bootstrapToken: undefined, bootstrapPassword: undefined });
    const result = await bootstrapStoreApart(store, config);
    expect(result.generatedToken).toMatch(/^plainly_[a-z0-9]{12}_/);
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await store.users.verifyPassword('admin', result.generatedPassword!)).toBeDefined();
  }, 60_000);

  it('starts no process for a store that is seeded already', async () => {
    const { config, store } = await open();
    await bootstrapStoreApart(store, config);
    expect(forks).toBe(1);
    expect(await bootstrapStoreApart(store, config)).toEqual({ seeded: false, templates: 0, lexiconEntries: 0 });
    expect(forks).toBe(1);
  }, 60_000);

  it("gives back the child's error as it was, and leaves the store empty", async () => {
    const { config, store } = await open({ lexiconDir: path.join(FIXTURES, 'lexicon-failing-examples') });
    const error = (await bootstrapStoreApart(store, config).catch((e: unknown) => e)) as AppError;
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect(error.message).toMatch(/audit/);
    expect(await store.isSeeded()).toBe(false);
  }, 60_000);

  it('is surely a first start only with SQLite and no database file yet', async () => {
    const config = loadConfig({}, { dataDir, logLevel: 'silent' });
    expect(surelyFirstStart(config)).toBe(true);
    expect(surelyFirstStart({ ...config, databaseUrl: 'postgres://u:p@127.0.0.1/db' })).toBe(false); // decided once the store is open
    await open();
    expect(surelyFirstStart(config)).toBe(false);
  });

  it('begun before any store is open (plainly serve, a first start): the child migrates and seeds it, and the app opens it afterwards', async () => {
    const config = loadConfig({}, { dataDir, logLevel: 'silent', bootstrapToken: TOKEN, bootstrapPassword: PASSWORD });
    const underWay = bootstrapStoreApart(undefined, config);
    const app = await createApp({ config, bootstrap: underWay, retention: false });
    try {
      expect(app.bootstrap).toMatchObject({ seeded: true });
      expect(app.bootstrap.templates).toBeGreaterThan(0);
      expect(await app.store.isSeeded()).toBe(true);
      expect(forks).toBe(1);
    } finally {
      await app.close();
    }
    // A seeded store given to the child without asking first: the child leaves it as it is.
    expect(await bootstrapStoreApart(undefined, config)).toEqual({ seeded: false, templates: 0, lexiconEntries: 0 });
  }, 60_000);

  it('an import under way that fails stops the app before it opens the store', async () => {
    const config = loadConfig({}, { dataDir, logLevel: 'silent', lexiconDir: path.join(FIXTURES, 'lexicon-failing-examples') });
    const error = (await createApp({ config, bootstrap: bootstrapStoreApart(undefined, config), retention: false }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('LEXICON_EXAMPLES_FAILED');
  }, 60_000);
});

/**
 * A use-case context over a temporary SQLite file, seeded from the project's files as the first
 * start does: the use cases are called directly, with no HTTP in between.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AppContext, bootstrapStore, createAppContext, createLogger, openStore } from '../../src/app/index.js';
import { loadConfig } from '../../src/core/index.js';
import type { ChangeContext } from '../../src/store/index.js';

/** A context and a way to throw it away. */
export interface TestContext {
  app: AppContext;
  dispose(): Promise<void>;
}

/** People the tests act as. */
export const POLICY: ChangeContext = { actor: { kind: 'user', id: 'u-policy', name: 'pat', role: 'policy' } };
export const FINANCE: ChangeContext = { actor: { kind: 'token', id: 'tfinance0001', name: 'finance system', role: 'finance' } };
export const APPROVER: ChangeContext = { actor: { kind: 'user', id: 'u-approver', name: 'ali', role: 'approver' } };
export const COPRODUCTION: ChangeContext = { actor: { kind: 'user', id: 'u-coproduction', name: 'cam', role: 'coproduction' } };

/** Opens a new seeded store in a temporary folder and builds the context over it. */
export async function createTestContext(): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-app-'));
  const config = loadConfig({}, { dataDir, logLevel: 'silent', bootstrapToken: 'app-test-token-0123456789abcdef', bootstrapPassword: 'app-test-password-0123' });
  const store = await openStore(config);
  await bootstrapStore(store, config);
  const app = createAppContext({ config, store, logger: createLogger('silent') });
  return {
    app,
    dispose: async () => {
      await app.pipeline.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

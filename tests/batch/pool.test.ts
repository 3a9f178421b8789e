import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../src/batch/pool.js';
import { PROJECT_ROOT } from '../../src/core/index.js';

const run = promisify(execFile);
const fixtures = path.join(PROJECT_ROOT, 'tests/fixtures/batch');

describe('worker pool', () => {
  it('runs a TypeScript task module on worker threads under vitest', async () => {
    const pool = createWorkerPool<{ n: number }, { square: number; threadId: number; options: unknown }>(new URL('../fixtures/batch/square-worker.ts', import.meta.url), { threads: 2, options: { tag: 'x' } });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, n) => pool.run({ n })));
      expect(results.map((r) => r.square)).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
      expect(results.every((r) => r.threadId > 0)).toBe(true); // not the main thread
      expect(results[0].options).toEqual({ tag: 'x' });
      expect(pool.threads).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('runs TypeScript workers under node --import tsx (npm scripts)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(fixtures, 'run-pool.ts')], { cwd: PROJECT_ROOT });
    expect(JSON.parse(stdout)).toEqual([1, 4, 9, 16]);
  });

  it("runs TypeScript workers when tsx is registered through its API in the main thread only (bin/plainly.mjs)", async () => {
    const { stdout } = await run(process.execPath, [path.join(fixtures, 'run-pool-api.mjs')], { cwd: PROJECT_ROOT });
    expect(JSON.parse(stdout)).toEqual([1, 4, 9, 16]);
  });
});

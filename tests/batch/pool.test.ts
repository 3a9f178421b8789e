import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../src/batch/pool.js';
import { bundleTaskModule, WORKER_BUNDLE_DIR } from '../../src/batch/worker-bundle.js';
import { PROJECT_ROOT } from '../../src/core/index.js';

const run = promisify(execFile);
const fixtures = path.join(PROJECT_ROOT, 'tests/fixtures/batch');
const SQUARE = new URL('../fixtures/batch/square-worker.ts', import.meta.url);

describe('worker pool', () => {
  for (const loader of ['bundle', 'tsx'] as const) {
    it(`runs a TypeScript task module on worker threads under vitest (${loader})`, async () => {
      const pool = await createWorkerPool<{ n: number }, { square: number; threadId: number; options: unknown }>(SQUARE, { threads: 2, options: { tag: 'x' }, loader });
      try {
        const results = await Promise.all(Array.from({ length: 8 }, (_, n) => pool.run({ n })));
        expect(results.map((r) => r.square)).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
        expect(results.every((r) => r.threadId > 0)).toBe(true); // not the main thread
        expect(results[0].options).toEqual({ tag: 'x' });
        expect(pool.threads).toBe(2);
        expect(pool.loader).toBe(loader);
      } finally {
        await pool.close();
      }
    });

    it(`runs TypeScript workers under node --import tsx (npm scripts) (${loader})`, async () => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(fixtures, 'run-pool.ts'), loader], { cwd: PROJECT_ROOT });
      expect(JSON.parse(stdout)).toEqual({ loader, squares: [1, 4, 9, 16] });
    });

    it(`runs TypeScript workers when tsx is registered through its API in the main thread only (bin/plainly.mjs) (${loader})`, async () => {
      const { stdout } = await run(process.execPath, [path.join(fixtures, 'run-pool-api.mjs'), loader], { cwd: PROJECT_ROOT });
      expect(JSON.parse(stdout)).toEqual({ loader, squares: [1, 4, 9, 16] });
    });
  }
});

describe('bundleTaskModule', () => {
  it('writes plain JavaScript inside node_modules, named by its content, and reuses it', async () => {
    const first = await bundleTaskModule(SQUARE);
    const file = fileURLToPath(first);
    expect(path.dirname(file)).toBe(WORKER_BUNDLE_DIR);
    expect(path.basename(file)).toMatch(/^square-worker-[0-9a-f]{16}\.mjs$/);
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/interface SquareTask|: number/); // the types are gone
    expect(await bundleTaskModule(SQUARE)).toEqual(first);
  });

  it("gives each bundled file its own import.meta.url, so paths worked out from it do not change", async () => {
    const code = readFileSync(fileURLToPath(await bundleTaskModule(new URL('../../src/batch/letter-worker.ts', import.meta.url))), 'utf8');
    expect(code).not.toContain('import.meta.url');
    // core/config.ts works out the project root from its own place.
    expect(code).toContain(JSON.stringify(new URL('../../src/core/config.ts', import.meta.url).href));
  });

  it('leaves a JavaScript module as it is', async () => {
    const js = new URL('../fixtures/batch/run-pool-api.mjs', import.meta.url);
    expect(await bundleTaskModule(js)).toBe(js);
  });
});

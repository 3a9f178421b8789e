/**
 * Issue 13 item 7: loading the service (http/, web/, app/) must not load the linter, the
 * lexicon compiler or the PDF writer (about 80 MB); the first use case that needs them loads them
 * through app/pipeline-loader.ts.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';

const run = promisify(execFile);

async function importsOf(...modules: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/fixtures/batch/main-thread-imports.mjs'), ...modules], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as string[];
}

const HEAVY = [/\/src\/pipeline\/index\.ts$/, /\/src\/lint\//, /\/src\/lexicon\/index\.ts$/, /\/src\/render\/pdf/, /\/node_modules\/pdfkit\//, /\/node_modules\/fontkit\//, /\/node_modules\/compromise\//, /\/node_modules\/retext/];

describe('starting the service', () => {
  it('loads neither the linter nor the PDF writer', async () => {
    const urls = await importsOf('src/http/app.ts', 'src/web/index.ts', 'src/app/index.ts');
    expect(urls.some((url) => url.endsWith('/src/app/pipeline-service.ts'))).toBe(true);
    expect(urls.filter((url) => HEAVY.some((pattern) => pattern.test(url)))).toEqual([]);
  }, 60_000);

  it('the lazy loader brings them in on first use, once', async () => {
    const { loadPipeline } = await import('../../src/app/pipeline-loader.js');
    const [a, b] = await Promise.all([loadPipeline(), loadPipeline()]);
    expect(a).toBe(b);
    expect(typeof a.produceOutcome).toBe('function');
    expect(typeof a.lintText).toBe('function');
  }, 60_000);
});

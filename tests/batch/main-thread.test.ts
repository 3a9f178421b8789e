/**
 * The service runs batches in its main thread (reading the upload, checking rows, storing
 * outcomes) and renders in worker threads. The main thread's batch code must not load the
 * linter or the PDF writer (about 80 MB: issue 13 item 7); only the letter worker does.
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

/** Modules that only the rendering threads should load. */
const HEAVY = [/\/src\/pipeline\/index\.ts$/, /\/src\/lint\//, /\/src\/render\/pdf/, /\/node_modules\/pdfkit\//, /\/node_modules\/fontkit\//, /\/node_modules\/compromise\//, /\/node_modules\/retext/];

describe("the service's batch code in the main thread", () => {
  it('loads neither the linter nor the PDF writer', async () => {
    const urls = await importsOf('src/app/batch.ts', 'src/batch/durable.ts', 'src/http/routes/batches.ts');
    expect(urls.some((url) => url.endsWith('/src/batch/durable.ts'))).toBe(true);
    expect(urls.some((url) => url.endsWith('/src/batch/sources.ts'))).toBe(true);
    expect(urls.filter((url) => HEAVY.some((pattern) => pattern.test(url)))).toEqual([]);
  }, 60_000);

  it('would see them: the pipeline the letter worker imports loads them', async () => {
    const urls = await importsOf('src/pipeline/index.ts');
    for (const pattern of [/\/node_modules\/pdfkit\//, /\/src\/lint\//]) expect(urls.some((url) => pattern.test(url))).toBe(true);
  }, 60_000);
});

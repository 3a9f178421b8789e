/**
 * Kills the real service (`plainly serve`, a child process) with SIGKILL in the middle of a
 * batch, starts it again on the same data folder, and checks that the batch carries on where
 * it stopped: every row produced exactly once, one recorded document per letter, none twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { Store } from '../../src/store/index.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';
import { readZip } from './zip.js';

const TOKEN = 'kill-test-admin-token-0123456789abcdef';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plainly-batch-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `plainly serve` on a free port and resolves with its base URL. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'serve', '--port', '0', '--workers', '1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PLAINLY_DATA_DIR: dataDir, PLAINLY_BOOTSTRAP_TOKEN: TOKEN, PLAINLY_BATCH_LEASE_MS: '1500', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`plainly serve exited with ${code} before listening`)));
  });
}

async function api(url: string, pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url + pathname, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });
}

async function status(url: string, id: string): Promise<{ status: string; totals: Record<string, number> }> {
  return (await (await api(url, `/api/batches/${id}`)).json()) as { status: string; totals: Record<string, number> };
}

describe('a batch survives the service being killed', () => {
  it('continues where it stopped: no row lost, none produced twice', async () => {
    const ROWS = 60;
    const first = await serve();
    const form = new FormData();
    form.append('templateId', 'financial-checkup');
    form.append('file', new Blob([stringify([CHECKUP_HEADINGS, ...Array.from({ length: ROWS }, (_, i) => checkupRow(i + 1))])]), 'quarter.csv');
    const accepted = await api(first.url, '/api/batches', { method: 'POST', body: form });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };

    // Wait until some letters are made, then kill the process without warning.
    let before = await status(first.url, id);
    while (before.totals.produced < 3) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      before = await status(first.url, id);
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(before.totals.produced).toBeLessThan(ROWS); // really stopped mid-batch

    const second = await serve();
    let after = await status(second.url, id);
    const until = Date.now() + 240_000;
    while (after.status !== 'done' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await status(second.url, id);
    }
    expect(after.status).toBe('done');
    expect(after.totals).toMatchObject({ total: ROWS, produced: ROWS, heldBack: 0, invalid: 0, pending: 0 });

    const zip = readZip(Buffer.from(await (await api(second.url, `/api/batches/${id}/output`)).arrayBuffer()));
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest.map((m) => Number(m.row))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2));
    expect(new Set(manifest.map((m) => m['document id'])).size).toBe(ROWS);
    expect([...zip.keys()].filter((name) => name.endsWith('.pdf'))).toHaveLength(ROWS);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));

    // The document log holds exactly one document per letter.
    const store = await Store.open({ dataDir });
    try {
      const documents = await store.documents.list({ batchId: id, limit: 1000 });
      expect(documents).toHaveLength(ROWS);
      expect(new Set(documents.map((d) => d.id))).toEqual(new Set(manifest.map((m) => m['document id'])));
    } finally {
      await store.close();
    }
  }, 300_000);
});

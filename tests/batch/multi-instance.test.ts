/**
 * Several instances on one PostgreSQL database (issue 17 item 3): three `plainly serve` child
 * processes on loopback share a fresh database and a data folder, a 3,000-row batch is sent to
 * one of them, one instance is killed with SIGKILL half-way, and the batch still finishes with
 * every row produced exactly once — one document in the document log per row reference, none
 * twice — and the letters re-render byte for byte from the document log.
 *
 * Runs in the PostgreSQL run only (vitest.config.ts POSTGRES_ONLY_TESTS: `.ci/run` sets
 * PLAINLY_TEST_DATABASE_URL for it); the rows' claims last 10 s here (the shortest pg-boss's
 * heartbeat allows) so the dead instance's rows come back quickly. The letters are short (a copy
 * of the templates folder with one short letter added, PLAINLY_TEMPLATES_DIR) so 3,000 of them
 * stay affordable on a small machine: what is tested is who claims which row, not the letter.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { createTestDatabase } from '../store/backend.js';
import { testLetterSource } from '../helpers/letter-template.js';

const ROWS = 3000;
const TOKEN = 'multi-instance-admin-token-0123456789abcdef';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plainly-multi-'));
const templatesDir = path.join(dataDir, 'templates');
const children: ChildProcess[] = [];
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: pg.Client;

/** A short letter: the fields a letter layout needs and two sentences. */
const SHORT_NOTE = testLetterSource({
  id: 'short-note',
  title: 'We have your statements',
  body: '# We have your statements\n\nThank you. We have your bank statements for this quarter.\n',
});

beforeAll(async () => {
  cpSync(path.join(PROJECT_ROOT, 'templates'), templatesDir, { recursive: true });
  writeFileSync(path.join(templatesDir, 'letters', 'short-note.md'), SHORT_NOTE);
  database = await createTestDatabase();
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  await db?.end();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Instance {
  child: ChildProcess;
  url: string;
}

/** Starts `plainly serve` (one process) on a free loopback port, on the shared database and data folder. */
function serve(): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'serve', '--port', '0', '--workers', '1'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PLAINLY_DATA_DIR: dataDir,
      PLAINLY_TEMPLATES_DIR: templatesDir,
      PLAINLY_DATABASE_URL: database.url,
      PLAINLY_BOOTSTRAP_TOKEN: TOKEN,
      PLAINLY_BATCH_LEASE_MS: '3000',
      PLAINLY_BATCH_ROW_LEASE_SECONDS: '10',
      // The test polls and re-renders far faster than a person: the shared rate limit is not what it tests.
      PLAINLY_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr!.resume();
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

interface Status {
  status: string;
  totals: { total: number; produced: number; heldBack: number; invalid: number; pending: number; skipped: number };
}

async function status(url: string, id: string): Promise<Status> {
  return (await (await api(url, `/api/batches/${id}`)).json()) as Status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('three instances on one PostgreSQL database', () => {
  it('finish a 3,000-row batch after one is killed: every row produced exactly once, every letter made again byte for byte', async () => {
    // The first start seeds the store; the other two then join it.
    const a = await serve();
    const [b, c] = await Promise.all([serve(), serve()]);

    const form = new FormData();
    form.append('templateId', 'short-note');
    const lines = Array.from({ length: ROWS }, (_, i) => [`SN-${String(i + 1).padStart(5, '0')}`, '31/01/2021', `Person ${i + 1}`, `${i + 1} High Street`, 'Northmoor', 'NM1 1AA']);
    form.append('file', new Blob([stringify([['Reference', 'Letter date', 'Recipient.Name', 'recipient.address.1', 'recipient.address.2', 'recipient.address.3'], ...lines])]), 'quarter.csv');
    const accepted = await api(a.url, '/api/batches', { method: 'POST', body: form });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    const queue = `plainly-rows-${id}`;

    // Half-way (a third of the rows made), the instance the batch was sent to dies without warning.
    let before = await status(b.url, id);
    const started = Date.now();
    while (before.totals.produced < ROWS / 3) {
      expect(before.status, 'the batch stopped before the kill').not.toMatch(/failed|done/);
      expect(Date.now() - started, 'a third of the rows made within 8 minutes').toBeLessThan(480_000);
      await sleep(250);
      before = await status(b.url, id);
    }
    // Rows every instance holds now: the killed one's must come back to the others.
    const heldAtKill = Number((await db.query(`select count(*)::int as n from pgboss.job where name = $1 and state = 'active'`, [queue])).rows[0].n);
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));
    expect(before.totals.produced).toBeLessThan(ROWS);
    expect(heldAtKill).toBeGreaterThan(0);

    let reclaimed = 0;
    let after = await status(b.url, id);
    const until = Date.now() + 600_000;
    while (after.status !== 'done' && Date.now() < until) {
      expect(after.status).not.toBe('failed');
      await sleep(500);
      // Jobs fetched again after their claim ran out (the queue is gone once every row is done).
      reclaimed = Math.max(reclaimed, Number((await db.query(`select count(*)::int as n from pgboss.job where name = $1 and retry_count > 0`, [queue])).rows[0].n));
      after = await status(b.url, id);
    }
    expect(after.status).toBe('done');
    expect(after.totals).toEqual({ total: ROWS, produced: ROWS, heldBack: 0, invalid: 0, pending: 0, skipped: 0 });
    expect(reclaimed, 'rows the killed instance held were claimed again by another').toBeGreaterThan(0);

    // Exactly once: one document per row, per reference, per idempotency key; none without a row.
    const rows = (await db.query(`select row, reference, document_id, file, sha256 from batch_rows where batch_id = $1 order by row`, [id])).rows as Array<{ row: number; reference: string; document_id: string; file: string; sha256: string }>;
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2));
    expect(new Set(rows.map((r) => r.document_id)).size).toBe(ROWS);
    const documents = (await db.query(`select id, data, outputs from documents where batch_id = $1`, [id])).rows as Array<{ id: string; data: string | object; outputs: string | object }>;
    expect(documents).toHaveLength(ROWS);
    const references = documents.map((d) => (typeof d.data === 'string' ? JSON.parse(d.data) : d.data).reference as string);
    expect(new Set(references).size).toBe(ROWS);
    expect(new Set(references)).toEqual(new Set(rows.map((r) => r.reference)));
    const byId = new Map(documents.map((d) => [d.id, (typeof d.outputs === 'string' ? JSON.parse(d.outputs) : d.outputs) as { pdf: { sha256: string } }]));
    const keys = Number((await db.query(`select count(*)::int as n from idempotency_keys where principal = $1`, [`batch:${id}`])).rows[0].n);
    expect(keys).toBe(ROWS);

    // Every letter on disk is the one recorded for its row.
    for (const row of rows) {
      const pdf = readFileSync(path.join(dataDir, 'batches', id, 'letters', row.file));
      const sha = createHash('sha256').update(pdf).digest('hex');
      expect(sha).toBe(row.sha256);
      expect(byId.get(row.document_id)?.pdf.sha256).toBe(sha);
    }

    // Made again from the document log by the instances left (every 20th row: 150 letters, a
    // sample to keep the test's time reasonable; taken in turn by both), each the same bytes as
    // the letter kept for its row (whose sha256 every row's letter was checked against above).
    const sample = rows.filter((_, i) => i % 20 === 0);
    await Promise.all(
      [b, c].map(async (instance, k) => {
        for (const row of sample.filter((_, i) => i % 2 === k)) {
          const response = await api(instance.url, `/api/documents/${row.document_id}/pdf`);
          expect(response.status).toBe(200);
          const again = Buffer.from(await response.arrayBuffer());
          expect(again.equals(readFileSync(path.join(dataDir, 'batches', id, 'letters', row.file)))).toBe(true);
        }
      }),
    );
    expect(sample).toHaveLength(ROWS / 20);
  }, 1_200_000);
});

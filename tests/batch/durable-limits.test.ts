// Issue 13, items 3, 5 and 6 for durable batches (the service): a batch that processes keep
// dying on is failed rather than claimed forever; spreadsheet bombs and deeply nested JSON are
// refused with 422 at once; only the first 1,000 problems of a batch are stored in full; a
// failed batch's upload is deleted; a batch's row idempotency keys live as long as the batch.
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchService, batchServiceOf } from '../../src/batch/durable.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';
import { sharedStringsBombXlsx } from './xlsx-bomb.js';
import { readZip } from './zip.js';

let t: TestApp;
let clock = Date.now();
beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(clock) });
});
afterAll(async () => {
  await t.dispose();
});

async function waitFor(id: string, service = batchServiceOf(t.context), timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = await service.view(id);
    if (view.status === 'done' || view.status === 'failed' || Date.now() > until) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const actor = { kind: 'token', id: 'tok-finance', name: 'finance', role: 'finance' } as const;

describe('durable batches: limits', () => {
  it('fails a batch that processes died holding more than PLAINLY_BATCH_MAX_ATTEMPTS times, instead of claiming it forever', async () => {
    const running = batchServiceOf(t.context);
    await running.stop(); // this test plays the processes itself
    try {
      const service = new BatchService({ store: t.store, config: t.config, leaseMs: 1, pollMs: 20, maxAttempts: 2 });
      const file = path.join(t.dataDir, 'upload-bomb.csv');
      (await import('node:fs')).writeFileSync(file, stringify([CHECKUP_HEADINGS, checkupRow(1)]));
      const { batch } = await service.submit({ templateId: 'financial-checkup', input: { kind: 'file', path: file, name: 'bomb.csv' }, actor });
      // Two processes claim it and die holding it (no release, no progress): its lease runs out each time.
      for (const owner of ['dead-1', 'dead-2']) {
        expect((await service.repo.claim(owner, 1))?.id).toBe(batch.id);
        clock += 10; // the store's clock: the dead process's lease runs out
      }
      expect((await service.repo.get(batch.id))?.attempts).toBe(2);
      service.start();
      const view = await waitFor(batch.id, service);
      await service.stop();
      expect(view.status).toBe('failed');
      expect(view.error).toBe('Plainly stopped 2 times while it read the spreadsheet, so it has stopped trying (the most is 2). A spreadsheet that needs more memory than the service has can do this: check the file, split it into smaller files, or save it as "CSV UTF-8", and send it again.');
      expect(existsSync(path.join(service.batchDir(batch.id), 'input'))).toBe(false);
      expect(await service.repo.claim('anyone', 1000)).toBeUndefined();
    } finally {
      running.start();
    }
  }, 60_000);

  it('a batch that makes progress and finishes has no attempts counted against it', async () => {
    const service = batchServiceOf(t.context);
    const repo = service.repo;
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', rows: [{}] });
    const view = await waitFor(accepted.body.id);
    expect(view.status).toBe('done');
    expect((await repo.get(accepted.body.id))?.attempts).toBe(0);
  }, 60_000);

  it('refuses a workbook bomb at upload with 422, naming the limit, and never stores it', async () => {
    const bomb = await sharedStringsBombXlsx(1024);
    const res = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', bomb, 'checkups.xlsx');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(res.body.detail).toContain('checkups.xlsx unpacks to 1024 MB of shared text (the most Plainly reads is 100 MB)');
    const list = await batchServiceOf(t.context).repo.list(100);
    expect(list.some((b) => b.fileName === 'checkups.xlsx')).toBe(false);
  }, 60_000);

  it('refuses rows nested 10,000 deep with 422 (not a 500 or a stack overflow)', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const body = `{"templateId":"financial-checkup","rows":[{"reference":"DP-1","documents":${deep}}]}`;
    const res = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(res.body.errors[0]).toMatchObject({ path: expect.stringMatching(/^rows\[0\]\.documents/), message: 'is nested more than 32 levels deep' });
    const broken = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Content-Type', 'application/json').send('{"templateId": "financial-checkup", "rows": [');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
  });

  it('stores the first 1,000 problems of a batch in full and counts the rest: a 60 KB request no longer writes megabytes', async () => {
    const rows = Array.from({ length: 20_000 }, () => ({}));
    const body = JSON.stringify({ templateId: 'financial-checkup', rows });
    expect(body.length).toBeLessThan(64 * 1024);
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Content-Type', 'application/json').send(body);
    expect(accepted.status).toBe(202);
    const view = await waitFor(accepted.body.id);
    expect(view.status).toBe('done');
    expect(view.totals).toMatchObject({ total: 20_000, invalid: 20_000 });
    expect(view.problems).toHaveLength(1000);
    expect(view.problemsTotal).toBeGreaterThan(20_000);
    expect(view.problemsNotListed).toBe(view.problemsTotal - 1000);
    const note = `Only the first 1,000 problems are listed; ${view.problemsNotListed.toLocaleString('en-GB')} more are counted in the summary but not listed. Fix the rows listed and send the file again to see the rest.`;
    expect(view.notes).toContain(note);
    expect(view.summary[0]).toMatch(/in 20,000 rows/);

    // What is stored for the batch's rows: problem detail and reasons.
    const stored = await sql<{ bytes: number }>`select sum(length(coalesce(detail, '')) + length(coalesce(reason, ''))) as bytes from batch_rows where batch_id = ${accepted.body.id}`.execute(t.store.runtime.db);
    expect(Number(stored.rows[0].bytes)).toBeLessThan(2_500_000); // it was 22 MB

    const csv = await request(t.app).get(`/api/batches/${accepted.body.id}/problems`).set(t.auth('finance'));
    const lines = parse(csv.text, { bom: true }) as string[][];
    expect(lines).toHaveLength(1 + 1000 + 1);
    expect(lines.at(-1)).toEqual(['', '', '', note]);
    const page = await request(t.app).get(`/api/batches/${accepted.body.id}`).set(t.auth('finance'));
    expect(page.body).toMatchObject({ problemsNotListed: view.problemsNotListed, problemsTotal: view.problemsTotal });
  }, 120_000);

  it('keeps only the first 1,000 problems of an uploaded spreadsheet, even in memory; the ZIP and manifest say how many more', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const row = checkupRow(i + 1);
      row[1] = 'tomorrow'; // letter date: not a date
      row[6] = 'NOWHERE'; // postcode: not a UK postcode
      return row;
    });
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', Buffer.from(stringify([CHECKUP_HEADINGS, ...rows])), 'many-problems.csv');
    const view = await waitFor(accepted.body.id);
    expect(view.status).toBe('done');
    expect(view.totals).toMatchObject({ total: 2000, invalid: 2000 });
    expect({ total: view.problemsTotal, notListed: view.problemsNotListed, shown: view.problems.length }).toEqual({ total: 4000, notListed: 3000, shown: 1000 });
    expect(view.summary).toEqual(expect.arrayContaining([expect.stringMatching(/in 2,000 rows/)]));
    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance')).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    const zip = readZip(output.body as Buffer);
    const problems = parse(zip.get('problems.csv')!, { bom: true }) as string[][];
    expect(problems).toHaveLength(1 + 1000 + 1);
    expect(problems.at(-1)![3]).toMatch(/^Only the first 1,000 problems are listed; 3,000 more are counted/);
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest).toHaveLength(2000);
    expect(manifest[0].reason).toMatch(/Date of the letter/);
    expect(manifest[1999].reason).toBe('2 problems not listed (only the first 1,000 problems of a batch are listed)');
  }, 120_000);

  it("deletes a failed batch's uploaded file", async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', Buffer.from('reference,amount\nDP-1,3\n'), 'headings.csv');
    const view = await waitFor(accepted.body.id);
    expect(view.status).toBe('failed');
    expect(existsSync(path.join(batchServiceOf(t.context).batchDir(accepted.body.id), 'input'))).toBe(false);
  }, 60_000);

  it("keeps a batch's row idempotency keys as long as the batch, and deletes them with it", async () => {
    const file = Buffer.from(stringify([CHECKUP_HEADINGS, checkupRow(41)]));
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', file, 'keys.csv');
    const view = await waitFor(accepted.body.id);
    expect(view.status).toBe('done');
    const principal = `batch:${accepted.body.id}`;
    expect(await t.store.documents.findIdempotent(principal, 'row:2')).toBeDefined();
    // Two days on, the document log forgets other requests' keys, but not the batch's.
    clock += 2 * 86_400_000;
    await t.store.documents.eraseExpired({ actor: { kind: 'system', id: 'system', name: 'system', role: 'admin' } }, new Date(clock - 365 * 86_400_000));
    expect(await t.store.documents.findIdempotent(principal, 'row:2')).toBeDefined();
    // The batch's retention ends: its keys go with it.
    await batchServiceOf(t.context).eraseExpired(new Date(clock + 1000));
    expect(await t.store.documents.findIdempotent(principal, 'row:2')).toBeUndefined();
  }, 120_000);
});

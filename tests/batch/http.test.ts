import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { batchServiceOf } from '../../src/batch/durable.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';
import { binary, waitForBatch } from './http-helpers.js';
import { readZip } from './zip.js';
import { readPdf } from '../helpers/pdf.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const NOTE = CHECKUP_HEADINGS.indexOf('Note');

function csv(rows: string[][]): Buffer {
  return Buffer.from(stringify([CHECKUP_HEADINGS, ...rows]));
}

const waitForDone = (id: string, timeoutMs?: number) => waitForBatch(t, id, timeoutMs);

describe('POST /api/batches (durable, in the service)', () => {
  it('accepts a spreadsheet with 202, checks every row, makes and records the letters, and serves the ZIP', async () => {
    const rows = [checkupRow(1), checkupRow(2), checkupRow(3), checkupRow(4)];
    rows[1][NOTE] = 'We think the money was misspent.'; // held back
    rows[2][1] = '31/02/2021'; // invalid
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', csv(rows), 'checkups.csv');
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'validating', replayed: false });
    expect(accepted.headers.location).toBe(`/api/batches/${accepted.body.id}`);

    const status = await waitForDone(accepted.body.id);
    expect(status.body.status).toBe('done');
    expect(status.body.totals).toEqual({ total: 4, produced: 2, heldBack: 1, invalid: 1, pending: 0, skipped: 0 });
    expect(status.body.progress).toEqual({ done: 4, total: 4, percent: 100 });
    expect(status.body.summary).toEqual(['Date of the letter is not a real date (dates are day/month/year) in 1 row: row 4']);
    expect(status.body.problems).toEqual([{ row: 4, column: 'B ("Letter date")', field: 'letterDate', message: 'Date of the letter is not a real date (dates are day/month/year)' }]);
    expect(status.body.heldBack).toEqual([{ row: 3, reference: 'DP-000002', reason: expect.stringContaining('"misspent" (lexicon/misspent)') }]);

    const documents = await t.store.documents.list({ batchId: accepted.body.id });
    expect(documents).toHaveLength(2);

    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance')).buffer(true).parse(binary);
    expect(output.status).toBe(200);
    expect(output.headers['content-type']).toBe('application/zip');
    const zip = readZip(output.body as Buffer);
    expect([...zip.keys()]).toEqual(['DP-000001.pdf', 'DP-000004.pdf', 'manifest.csv', 'problems.csv', 'held-back.csv']);
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest.map((m) => [m.row, m.status])).toEqual([['2', 'produced'], ['3', 'held back'], ['4', 'invalid'], ['5', 'produced']]);
    expect(new Set(manifest.filter((m) => m.status === 'produced').map((m) => m['document id']))).toEqual(new Set(documents.map((d) => d.id)));
    expect(documents.find((d) => d.id === manifest[0]['document id'])?.outputs.pdf?.sha256).toBe(manifest[0].sha256);

    const print = await request(t.app).get(`/api/batches/${accepted.body.id}/output?format=print`).set(t.auth('finance')).buffer(true).parse(binary);
    expect(print.status).toBe(200);
    expect(print.headers['content-type']).toBe('application/pdf');
    const printed = await readPdf(print.body as Buffer);
    const letterPages = (await readPdf(zip.get('DP-000001.pdf')!)).pages;
    expect(printed.pages).toBe(2 * (letterPages + (letterPages % 2)));
    expect(printed.pageText[0]).toContain('Person 1');

    const problems = await request(t.app).get(`/api/batches/${accepted.body.id}/problems`).set(t.auth('finance'));
    expect(problems.status).toBe(200);
    expect(problems.headers['content-type']).toMatch(/^text\/csv/);
    expect(parse(problems.text, { bom: true })).toEqual([['row', 'column', 'field', 'problem'], ['4', 'B ("Letter date")', 'letterDate', 'Date of the letter is not a real date (dates are day/month/year)']]);
  }, 120_000);

  it('does not create a second batch for the same file with the same Idempotency-Key, and refuses the key for another file', async () => {
    const file = csv([checkupRow(11)]);
    const first = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Idempotency-Key', 'q1-checkups').field('templateId', 'financial-checkup').attach('file', file, 'q1.csv');
    const again = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Idempotency-Key', 'q1-checkups').field('templateId', 'financial-checkup').attach('file', file, 'q1.csv');
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true });
    const other = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Idempotency-Key', 'q1-checkups').field('templateId', 'financial-checkup').attach('file', csv([checkupRow(12)]), 'q1.csv');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CONFLICT');
    await waitForDone(first.body.id);
  }, 120_000);

  it('takes rows as JSON', async () => {
    const example = { reference: 'DP-JSON-1', letterDate: '2021-01-31', recipient: { name: 'Ann', address: ['1 High St', 'Stockport', 'SK4 3QT'] }, periodStart: '2020-10-01', periodEnd: '2020-12-31', replyBy: '2021-02-28', prepaidCard: false, documents: ['Bank statements'] };
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', rows: [example, { ...example, reference: 'DP-JSON-2', letterDate: 'soon' }] });
    expect(accepted.status).toBe(202);
    const status = await waitForDone(accepted.body.id);
    expect(status.body.totals).toMatchObject({ total: 2, produced: 1, invalid: 1 });
    expect(status.body.problems[0]).toMatchObject({ row: 2, field: 'letterDate' });
  }, 120_000);

  it('fails a batch whose file cannot be used, saying why', async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', Buffer.from('reference,amount\n'), 'empty.csv');
    expect(accepted.status).toBe(202);
    const status = await waitForDone(accepted.body.id);
    expect(status.body.status).toBe('failed');
    expect(status.body.error).toContain("problems with the spreadsheet's column headings");
    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance'));
    expect(output.status).toBe(409);
  }, 120_000);

  it('takes spreadsheets larger than the in-memory upload limit, and refuses one over the spreadsheet limit (413, saying the limit)', async () => {
    const limited = await createTestApp({ config: { uploadLimitBytes: 1024, spreadsheetLimitBytes: 64 * 1024 } });
    try {
      const rows = Array.from({ length: 20 }, (_, i) => checkupRow(i + 1));
      const file = csv(rows);
      expect(file.length).toBeGreaterThan(1024);
      const accepted = await request(limited.app).post('/api/batches').set(limited.auth('finance')).field('templateId', 'financial-checkup').attach('file', file, 'big.csv');
      expect(accepted.status).toBe(202);
      const tooBig = await request(limited.app).post('/api/batches').set(limited.auth('finance')).field('templateId', 'financial-checkup').attach('file', Buffer.concat([file, Buffer.alloc(64 * 1024, 0x20)]), 'huge.csv');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ code: 'INPUT_TOO_LARGE' });
      expect(tooBig.body.detail).toContain('larger than this service takes (64 KB)');
    } finally {
      await limited.dispose();
    }
  }, 120_000);

  it('names what is wrong with a request, and refuses roles other than finance and admin', async () => {
    const noFile = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup');
    expect(noFile.status).toBe(422);
    expect(noFile.body.errors).toEqual([{ path: 'file', message: 'is needed' }]);
    const badTemplate = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'no-such-template').attach('file', csv([checkupRow(1)]), 'x.csv');
    expect(badTemplate.status).toBe(404);
    const text = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const viewer = await request(t.app).post('/api/batches').set(t.auth('viewer')).send({ templateId: 'financial-checkup', rows: [{}] });
    expect(viewer.status).toBe(403);
    const missing = await request(t.app).get('/api/batches/00000000-0000-4000-8000-000000000000').set(t.auth('finance'));
    expect(missing.status).toBe(404);
  });

  it('keeps no uploaded spreadsheet once its rows are stored, and erases letters and row data after the retention period', async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', csv([checkupRow(31)]), 'keep.csv');
    const done = await waitForDone(accepted.body.id);
    expect(done.body.status).toBe('done');
    const service = batchServiceOf(t.context);
    const folder = service.batchDir(accepted.body.id);
    expect(existsSync(path.join(folder, 'input'))).toBe(false);
    expect(existsSync(path.join(folder, 'letters', 'DP-000031.pdf'))).toBe(true);

    expect(await service.eraseExpired(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(existsSync(folder)).toBe(false);
    const after = await request(t.app).get(`/api/batches/${accepted.body.id}`).set(t.auth('finance'));
    expect(after.body.totals).toMatchObject({ total: 1, produced: 1 });
    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance'));
    expect(output.status).toBe(404);
    expect(output.body.detail ?? output.body.title).toBeDefined();
  }, 120_000);
});

/**
 * Issue 14, "Batches": running the same rows again. `POST /api/batches` refuses (409) rows whose
 * reference this letter was already sent to unless `alreadySent` says what to do; "skip" stores
 * them as skipped ("already sent on <date>") in the status and the manifest; "make-again" makes
 * them on purpose; a replay with the same Idempotency-Key still gives back the first batch.
 * Also: reference search ignores capital letters, and the batch page's view of held-back
 * letters (what to say instead, in context; words from the template grouped once, naming the
 * version to change).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchServiceOf } from '../../src/batch/durable.js';
import { heldBackView } from '../../src/web/routes/letters.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';
import { binary, waitForBatch } from './http-helpers.js';
import { readZip } from './zip.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const example = { letterDate: '2021-01-31', recipient: { name: 'Ann Example', address: ['1 High St', 'Stockport', 'SK4 3QT'] }, periodStart: '2020-10-01', periodEnd: '2020-12-31', replyBy: '2021-02-28', prepaidCard: false, documents: ['Bank statements'] };
const rowFor = (reference: string, extra: Record<string, unknown> = {}) => ({ ...example, reference, ...extra });

const waitForDone = (id: string, timeoutMs?: number) => waitForBatch(t, id, timeoutMs);

const DAY = /^\d{1,2} [A-Z][a-z]+ \d{4}$/;

describe('running the same rows again (POST /api/batches)', () => {
  let firstBatch = '';

  it('makes the first batch as before', async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Idempotency-Key', 'as-first').send({ templateId: 'financial-checkup', rows: [rowFor('DP-AS-0001'), rowFor('DP-AS-0002')] });
    expect(accepted.status).toBe(202);
    firstBatch = accepted.body.id;
    const done = await waitForDone(firstBatch);
    expect(done.body.totals).toMatchObject({ produced: 2, skipped: 0 });
  }, 120_000);

  it('refuses rows already sent (any capitals) with 409, saying how many, which and when, and makes no batch', async () => {
    const before = (await batchServiceOf(t.context).repo.list(100)).length;
    const res = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', rows: [rowFor('dp-as-0001'), rowFor('DP-AS-0003')] });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('CONFLICT');
    expect(res.body.alreadySent).toMatchObject({ rows: 1, listed: [{ row: 1, reference: 'dp-as-0001', documentId: expect.any(String) }] });
    expect(res.body.errors).toEqual([{ path: 'alreadySent', message: expect.stringContaining('skip or make-again') }]);
    expect(res.body.detail).toMatch(/^1 row has a reference this letter was already sent to \(on \d{1,2} [A-Z][a-z]+ \d{4}\): dp-as-0001\. Send "alreadySent": "skip"/);
    expect((await batchServiceOf(t.context).repo.list(100)).length).toBe(before);
  });

  it('the same file again with the same Idempotency-Key still gives back the first batch (no 409)', async () => {
    const again = await request(t.app).post('/api/batches').set(t.auth('finance')).set('Idempotency-Key', 'as-first').send({ templateId: 'financial-checkup', rows: [rowFor('DP-AS-0001'), rowFor('DP-AS-0002')] });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: firstBatch, replayed: true });
  });

  it('"skip" leaves them out: skipped in the totals, the status and the manifest, "already sent on <date>"', async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', alreadySent: 'skip', rows: [rowFor('dp-as-0001'), rowFor('DP-AS-0003')] });
    expect(accepted.status).toBe(202);
    const done = await waitForDone(accepted.body.id);
    expect(done.body.status).toBe('done');
    expect(done.body.totals).toMatchObject({ total: 2, produced: 1, skipped: 1, heldBack: 0, invalid: 0, pending: 0 });
    expect(done.body.progress.percent).toBe(100);
    expect(done.body.skipped).toHaveLength(1);
    expect(done.body.skipped[0]).toMatchObject({ row: 1, reference: 'dp-as-0001' });
    expect(done.body.skipped[0].reason).toMatch(/^skipped: already sent on /);
    expect(done.body.skipped[0].reason.replace('skipped: already sent on ', '')).toMatch(DAY);
    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance')).buffer(true).parse(binary);
    const zip = readZip(output.body as Buffer);
    expect([...zip.keys()]).toEqual(['DP-AS-0003.pdf', 'manifest.csv']);
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest.map((m) => [m.row, m.reference, m.status])).toEqual([['1', 'dp-as-0001', 'skipped'], ['2', 'DP-AS-0003', 'produced']]);
    expect(manifest[0].reason).toMatch(/^already sent on \d{1,2} [A-Z][a-z]+ \d{4}$/);
  }, 120_000);

  it('"make-again" makes them on purpose', async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', alreadySent: 'make-again', rows: [rowFor('DP-AS-0002')] });
    expect(accepted.status).toBe(202);
    const done = await waitForDone(accepted.body.id);
    expect(done.body.totals).toMatchObject({ produced: 1, skipped: 0 });
  }, 120_000);

  it('a spreadsheet upload is checked the same way, and a bad choice is named', async () => {
    const file = Buffer.from(stringify([CHECKUP_HEADINGS, checkupRow(701), checkupRow(702)]));
    const first = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', file, 'checkups.csv');
    expect(first.status).toBe(202);
    expect((await waitForDone(first.body.id)).body.totals.produced).toBe(2);
    const again = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', file, 'checkups.csv');
    expect(again.status).toBe(409);
    expect(again.body.alreadySent.rows).toBe(2);
    expect(again.body.alreadySent.listed.map((r: { row: number; reference: string }) => [r.row, r.reference])).toEqual([[2, 'DP-000701'], [3, 'DP-000702']]);
    const wrong = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').field('alreadySent', 'yes').attach('file', file, 'checkups.csv');
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('alreadySent');
    const skipped = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').field('alreadySent', 'skip').attach('file', file, 'checkups.csv');
    expect(skipped.status).toBe(202);
    const done = await waitForDone(skipped.body.id);
    expect(done.body.totals).toMatchObject({ total: 2, produced: 0, skipped: 2 });
    expect(done.body.status).toBe('done');
  }, 180_000);
});

describe('reference search ignores capital letters', () => {
  it('GET /api/documents?reference= finds "DP-AS-0003" from "dp-as-0003"', async () => {
    const found = await request(t.app).get('/api/documents?reference=dp-as-0003').set(t.auth('finance'));
    expect(found.status).toBe(200);
    expect(found.body.documents).toHaveLength(1);
    expect(found.body.documents[0].templateId).toBe('financial-checkup');
    const exact = await request(t.app).get('/api/documents?reference=DP-AS-0003').set(t.auth('finance'));
    expect(exact.body.documents.map((d: { id: string }) => d.id)).toEqual(found.body.documents.map((d: { id: string }) => d.id));
    expect((await t.store.documents.findByReference('Dp-As-0003')).map((d) => d.id)).toEqual(found.body.documents.map((d: { id: string }) => d.id));
    expect((await batchServiceOf(t.context).repo.rowsByReference('dp-as-0003')).length).toBe(1);
    const none = await request(t.app).get('/api/documents?reference=DP-NOPE').set(t.auth('finance'));
    expect(none.body.documents).toEqual([]);
  });
});

describe('held-back letters on the batch page: what to say instead, and words from the template said once', () => {
  it('quotes a row\'s own words in context with what to say instead, and groups the template\'s words naming its version and line', async () => {
    // A new word to avoid, approved after the letter was published: every letter now has it.
    const entry = {
      id: 'routine-check-test',
      terms: ['routine check'],
      replace: ['regular look at how things are going'],
      severity: 'error',
      reason: 'Sounds like an inspection.',
      examples: { flag: ['It is a routine check.'], pass: ['We look at how things are going.'] },
    };
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('admin')).send({ entry, comment: 'test' });
    expect(proposed.status).toBe(201);
    const approved = await request(t.app).post(`/api/lexicon/entries/${entry.id}/approve`).set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({ comment: 'ok' });
    expect(approved.status).toBe(200);

    const accepted = await request(t.app)
      .post('/api/batches')
      .set(t.auth('finance'))
      .send({ templateId: 'financial-checkup', rows: [rowFor('DP-HB-1'), rowFor('DP-HB-2', { note: 'If the money was misspent we will talk to you first.' }), rowFor('DP-HB-3')] });
    expect(accepted.status).toBe(202);
    const done = await waitForDone(accepted.body.id);
    expect(done.body.totals).toMatchObject({ heldBack: 3, produced: 0 });

    const service = batchServiceOf(t.context);
    const rows = await service.repo.heldWithData(accepted.body.id, 200);
    const batch = (await service.repo.get(accepted.body.id))!;
    const version = (await t.store.templates.version('financial-checkup', batch.templateVersion))!;
    const view = heldBackView(rows, { id: 'financial-checkup', title: 'Your financial checkup', version: batch.templateVersion, source: version.source, fieldLabel: (p) => (p === 'note' ? 'Note' : undefined) });

    // Once for the batch, not once per letter: 3 letters, version and line named, the line quoted.
    expect(view.groups).toHaveLength(1);
    const [group] = view.groups;
    expect(group).toMatchObject({ letters: 3, words: 'routine check', expected: ['regular look at how things are going'], reason: 'Sounds like an inspection.', version: batch.templateVersion });
    expect(group.where).toBe(`version ${batch.templateVersion} of Your financial checkup`);
    expect(version.source.split('\n')[group.line - 1]).toContain('routine check');
    expect(group.quote).toMatchObject({ words: 'routine check' });
    expect(group.quote!.before).toMatch(/It is a $/);

    // The row's own words: quoted from its Note, what to say instead, why; no rule ids.
    const own = view.letters.find((l) => l.reference === 'DP-HB-2')!.findings.find((f) => !f.templateGroup)!;
    expect(own).toMatchObject({ words: 'misspent', from: 'this row’s “Note”', quote: { before: 'If the money was ', words: 'misspent', after: ' we will talk to you first.' } });
    expect(own.expected.length).toBeGreaterThan(0);
    expect(own.reason).not.toMatch(/lexicon\//);
    expect(JSON.stringify(view)).not.toMatch(/lexicon\/misspent|lexicon\/routine/);
  }, 120_000);
});

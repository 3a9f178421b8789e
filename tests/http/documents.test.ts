/**
 * Templates and documents over HTTP: versions (save draft, publish refused with findings,
 * compare), rendering from the store, the document log with re-creation checked by sha256,
 * idempotency, retention, and lexicon impact analysis.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
let clock = new Date('2026-01-10T09:00:00Z').getTime();
const SOURCE = fs.readFileSync(path.join(PROJECT_ROOT, 'templates/letters/financial-checkup.md'), 'utf8');

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(clock), config: { retentionDays: 30 } });
});
afterAll(async () => {
  await t.dispose();
});

const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** supertest collects binary bodies into a Buffer with this parser. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function example(id = 'financial-checkup'): Promise<Record<string, unknown>> {
  const res = await request(t.app).get(`/api/templates/${id}`).set(t.auth('viewer'));
  expect(res.status).toBe(200);
  return res.body.example;
}

function render(id: string, body: Record<string, unknown>, role: 'finance' | 'policy' = 'finance') {
  return request(t.app).post(`/api/templates/${id}/render`).set(t.auth(role)).send(body).buffer(true).parse(binary);
}

describe('templates', () => {
  it('lists every shipped template, published as version 1', async () => {
    const res = await request(t.app).get('/api/templates').set(t.auth('viewer'));
    expect(res.status).toBe(200);
    const ids = res.body.templates.map((x: { id: string }) => x.id);
    expect(ids).toContain('financial-checkup');
    for (const template of res.body.templates) {
      expect(template.publishedVersion).toBe(1);
      expect(template.title).toBeTruthy();
    }
  });

  it('shows one template with its fields and example', async () => {
    const res = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'));
    expect(res.body).toMatchObject({ id: 'financial-checkup', version: 1, status: 'published', kind: 'letter', publishedVersion: 1, latestVersion: 1 });
    expect(res.body.fields.reference.type).toBe('string');
  });

  it('an unknown template is 404 TEMPLATE_NOT_FOUND everywhere', async () => {
    for (const [method, url] of [
      ['get', '/api/templates/no-such-template'],
      ['get', '/api/templates/no-such-template/versions'],
      ['get', '/api/templates/no-such-template/versions/1'],
      ['post', '/api/templates/no-such-template/render'],
    ] as const) {
      const res = await request(t.app)[method](url).set(t.auth('finance')).send(method === 'post' ? { data: {}, format: 'pdf' } : undefined);
      expect(res.status, url).toBe(404);
      expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
    }
  });

  it('a version that does not exist is 404 naming the versions there are', async () => {
    const res = await request(t.app).get('/api/templates/financial-checkup/versions/99').set(t.auth('viewer'));
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('no version 99');
    const publish = await request(t.app).post('/api/templates/financial-checkup/versions/99/publish').set(t.auth('policy')).set('If-Match', '*').send({});
    expect(publish.status).toBe(404);
    const compare = await request(t.app).get('/api/templates/financial-checkup/versions/1/compare/99').set(t.auth('viewer'));
    expect(compare.status).toBe(404);
  });
});

describe('rendering and the document log', () => {
  let documentId: string;
  let pdf: Buffer;

  it('a final PDF is recorded: id, versions, who, when, data, findings summary, sha256', async () => {
    const data = await example();
    const res = await render('financial-checkup', { data, format: 'pdf' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    documentId = res.headers['x-document-id'];
    expect(documentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-template-version']).toBe('1');

    const record = await request(t.app).get(`/api/documents/${documentId}`).set(t.auth('finance'));
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      id: documentId,
      templateId: 'financial-checkup',
      templateVersion: 1,
      lexiconVersion: 1,
      format: 'pdf',
      createdBy: { kind: 'token', name: 'test finance' },
      data,
      erasedAt: null,
    });
    expect(record.body.createdAt).toBe(new Date(clock).toISOString());
    expect(record.body.outputs.pdf).toEqual({ sha256: sha(pdf), bytes: pdf.length });
    expect(record.body.findingsSummary.error).toBe(0);

    const audit = await request(t.app).get(`/api/audit?targetType=document&targetId=${documentId}`).set(t.auth('admin'));
    expect(audit.body.events).toHaveLength(1);
    expect(audit.body.events[0]).toMatchObject({ action: 'document.create', actor: { name: 'test finance' } });
    expect(JSON.stringify(audit.body.events[0].detail)).not.toContain('Amina');
  });

  it('GET /api/documents/:id/pdf makes it again, byte for byte', async () => {
    const res = await request(t.app).get(`/api/documents/${documentId}/pdf`).set(t.auth('finance')).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
  });

  it('an HTML document records its HTML and its PDF; text was not recorded', async () => {
    const res = await render('financial-checkup', { data: await example(), format: 'html' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const id = res.headers['x-document-id'];
    const record = await request(t.app).get(`/api/documents/${id}`).set(t.auth('finance'));
    expect(Object.keys(record.body.outputs).sort()).toEqual(['html', 'pdf']);
    const html = await request(t.app).get(`/api/documents/${id}/html`).set(t.auth('finance')).buffer(true).parse(binary);
    expect(Buffer.compare(html.body as Buffer, res.body as Buffer)).toBe(0);
    const text = await request(t.app).get(`/api/documents/${id}/text`).set(t.auth('finance'));
    expect(text.status).toBe(404);
  });

  it('bad data is 422 DATA_INVALID with every bad field named', async () => {
    const data = { ...(await example()), letterDate: '2021-02-30', recipient: { name: 'X' }, surprise: true };
    const res = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).send({ data, format: 'pdf' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DATA_INVALID');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['letterDate', 'recipient.address', 'surprise']));
  });

  it('wording with an error blocks a final document (422 with findings) but a draft renders', async () => {
    const data = { ...(await example()), note: 'We think the money was misspent.' };
    const blocked = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).send({ data, format: 'pdf' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('BLOCKED_BY_FINDINGS');
    expect(blocked.body.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'lexicon/misspent' && f.severity === 'error')).toBe(true);
    const draft = await render('financial-checkup', { data, format: 'text', draft: true });
    expect(draft.status).toBe(200);
    expect(draft.headers['x-draft']).toBe('true');
    expect(draft.headers['x-document-id']).toBeUndefined();
  });

  it('"version" is for drafts only', async () => {
    const res = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).send({ data: await example(), format: 'pdf', version: 1 });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('version');
  });

  it('POST /check names findings without rendering', async () => {
    const data = { ...(await example()), note: 'We think the money was misspent.' };
    const res = await request(t.app).post('/api/templates/financial-checkup/check').set(t.auth('finance')).send({ data });
    expect(res.status).toBe(200);
    expect(res.body.summary.error).toBeGreaterThan(0);
    const finding = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'lexicon/misspent');
    expect(res.body.text.slice(finding.start.offset, finding.end.offset)).toBe('misspent');
    expect(finding.origin).toEqual({ kind: 'data', path: 'note' });
  });

  it('the same Idempotency-Key returns the same document, not a second one', async () => {
    const data = await example();
    const before = (await request(t.app).get('/api/documents').set(t.auth('finance'))).body.documents.length;
    const send = () => request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).set('Idempotency-Key', 'run-42').send({ data, format: 'pdf' }).buffer(true).parse(binary);
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const ids = new Set([first.headers['x-document-id'], second.headers['x-document-id'], third.headers['x-document-id']]);
    expect(ids.size).toBe(1);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(Buffer.compare(first.body as Buffer, third.body as Buffer)).toBe(0);
    const after = (await request(t.app).get('/api/documents').set(t.auth('finance'))).body.documents.length;
    expect(after).toBe(before + 1);
    const other = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).set('Idempotency-Key', 'run-42').send({ data: { ...data, reference: 'DP-000001' }, format: 'pdf' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CONFLICT');
  });

  it('a record whose output would come out different is an error, not a silent difference', async () => {
    const res = await render('financial-checkup', { data: await example(), format: 'pdf' });
    const id = res.headers['x-document-id'];
    await t.store.db.updateTable('documents').set({ outputs: JSON.stringify({ pdf: { sha256: '0'.repeat(64), bytes: 1 } }) }).where('id', '=', id).execute();
    const again = await request(t.app).get(`/api/documents/${id}/pdf`).set(t.auth('finance'));
    expect(again.status).toBe(500);
    expect(again.body.code).toBe('INTEGRITY_FAILED');
    expect(again.headers['content-type']).toMatch(/problem\+json/);
  });

  it('after the retention period the data is erased and the metadata kept', async () => {
    clock += 31 * 86_400_000;
    const erased = await t.runRetention();
    expect(erased).toBeGreaterThan(0);
    const record = await request(t.app).get(`/api/documents/${documentId}`).set(t.auth('finance'));
    expect(record.body.data).toBeNull();
    expect(record.body.erasedAt).toBe(new Date(clock).toISOString());
    expect(record.body.outputs.pdf.sha256).toBe(sha(pdf));
    expect(record.body.templateVersion).toBe(1);
    const gone = await request(t.app).get(`/api/documents/${documentId}/pdf`).set(t.auth('finance'));
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('DOCUMENT_ERASED');
    const raw = await t.store.db.selectFrom('documents').select('data').where('id', '=', documentId).executeTakeFirstOrThrow();
    expect(raw.data).toBeNull();
    const audit = await request(t.app).get('/api/audit?action=document.erase').set(t.auth('admin'));
    expect(audit.body.events[0].detail.erased).toBe(erased);
    expect(await t.runRetention()).toBe(0);
  });
});

describe('template versions', () => {
  it('saving creates a draft; final documents keep using the published version until the draft is published', async () => {
    const changed = SOURCE.replace('From time to time we look at how each direct payment is going.', 'Every so often we look at how each direct payment is going.');
    expect(changed).not.toBe(SOURCE);
    const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: changed, comment: 'friendlier opening' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 2, status: 'draft', comment: 'friendlier opening', createdBy: 'test policy' });
    expect(saved.body.check.ok).toBe(true);

    const final = await render('financial-checkup', { data: await example(), format: 'text' });
    expect(final.headers['x-template-version']).toBe('1');
    expect((final.body as Buffer).toString()).toContain('From time to time');
    const draft = await render('financial-checkup', { data: await example(), format: 'text', draft: true }, 'policy');
    expect(draft.headers['x-template-version']).toBe('2');
    expect((draft.body as Buffer).toString()).toContain('Every so often');

    const published = await request(t.app).post('/api/templates/financial-checkup/versions/2/publish').set(t.auth('policy')).set('If-Match', '*').send({ comment: 'agreed' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const after = await render('financial-checkup', { data: await example(), format: 'text' });
    expect(after.headers['x-template-version']).toBe('2');
    const versions = await request(t.app).get('/api/templates/financial-checkup/versions').set(t.auth('viewer'));
    expect(versions.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
  });

  it('compare shows the text diff and each side’s findings and readability', async () => {
    const res = await request(t.app).get('/api/templates/financial-checkup/versions/1/compare/2').set(t.auth('viewer'));
    expect(res.status).toBe(200);
    expect(res.body.diff.unified).toContain('-From time to time');
    expect(res.body.diff.unified).toContain('+Every so often');
    expect(res.body.diff.added).toBe(1);
    expect(res.body.diff.removed).toBe(1);
    expect(res.body.a.version).toBe(1);
    expect(res.body.b.check.readability.words).toBeGreaterThan(50);
    expect(res.body.a.check.summary).toBeDefined();
  });

  it('publishing is refused with the findings when lint reports an error', async () => {
    const bad = SOURCE.replace('It is a routine check that everyone has', 'It is an audit of money you may have misspent');
    const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: bad });
    expect(saved.status).toBe(201);
    expect(saved.body.check.ok).toBe(false);
    const refused = await request(t.app).post(`/api/templates/financial-checkup/versions/${saved.body.version}/publish`).set(t.auth('policy')).set('If-Match', '*').send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('BLOCKED_BY_FINDINGS');
    expect(refused.body.findings.some((f: { ruleId: string }) => f.ruleId === 'lexicon/misspent')).toBe(true);
    const record = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'));
    expect(record.body.publishedVersion).toBe(2);
  });

  it('a template that does not compile is saved as a draft but refused at publishing, naming the line', async () => {
    const broken = SOURCE.replace('{{#each documents}}', '{{#each documents}');
    const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: broken });
    expect(saved.status).toBe(201);
    expect(saved.body.check.ok).toBe(false);
    expect(saved.body.check.problem.code).toBe('TEMPLATE_INVALID');
    const refused = await request(t.app).post(`/api/templates/financial-checkup/versions/${saved.body.version}/publish`).set(t.auth('policy')).set('If-Match', '*').send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('TEMPLATE_INVALID');
    expect(refused.body.detail).toMatch(new RegExp(`db:financial-checkup@${saved.body.version}:\\d+:\\d+`));
    const draft = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('policy')).send({ data: {}, format: 'pdf', draft: true, version: saved.body.version });
    expect(draft.status).toBe(422);
    expect(draft.body.code).toBe('TEMPLATE_INVALID');
  });

  it('example data that fails its own fields is refused at publishing', async () => {
    const bad = SOURCE.replace('letterDate: 2021-01-31', 'letterDate: 2021-02-30');
    const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: bad });
    const refused = await request(t.app).post(`/api/templates/financial-checkup/versions/${saved.body.version}/publish`).set(t.auth('policy')).set('If-Match', '*').send({});
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('example.letterDate');
  });

  it('a source saved under another id is refused', async () => {
    const res = await request(t.app).put('/api/templates/another-letter').set(t.auth('policy')).send({ source: SOURCE });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('financial-checkup');
  });

  it('a new template is created as a draft and cannot make final documents until published', async () => {
    const source = SOURCE.replace('id: financial-checkup', 'id: financial-checkup-two');
    const saved = await request(t.app).put('/api/templates/financial-checkup-two').set(t.auth('policy')).send({ source });
    expect(saved.body.version).toBe(1);
    const final = await request(t.app).post('/api/templates/financial-checkup-two/render').set(t.auth('finance')).send({ data: await example(), format: 'pdf' });
    expect(final.status).toBe(409);
    expect(final.body.detail).toContain('no published version');
  });
});

describe('lexicon changes reach rendering, and impact is shown first', () => {
  it('impact analysis lists the templates that would gain findings, with severity', async () => {
    const entry = {
      id: 'routine-check',
      terms: ['routine check'],
      replace: ['regular check'],
      severity: 'error',
      reason: 'Test entry: pretend this phrase is unwelcome.',
      examples: { flag: ['It is a routine check.'], pass: ['It is a regular check.'] },
    };
    const res = await request(t.app).post('/api/lexicon/impact').set(t.auth('coproduction')).send({ entry });
    expect(res.status).toBe(200);
    const hit = res.body.templates.find((x: { id: string }) => x.id === 'financial-checkup');
    expect(hit).toBeDefined();
    expect(hit.gained[0]).toMatchObject({ ruleId: 'lexicon/routine-check', severity: 'error', actual: 'routine check' });
    expect(hit.gainedBySeverity.error).toBe(hit.gained.length);
    expect(hit.after.error).toBe(hit.before.error + hit.gained.length);
    expect(hit.worst).toBe('error');
    expect(res.body.blocking).toBe(true);
    expect(res.body.unaffected.length).toBeGreaterThan(0);
    // The web pages ask the same function (and get the cached answer): the two cannot differ.
    const shared = await t.pipeline.impact({ entry: { ...entry, severity: 'error' as const } });
    expect(shared).toEqual(res.body);
    expect(await t.pipeline.impact({ entry: { ...entry, severity: 'error' as const } })).toBe(shared);

    // Nothing was saved; approving it does block the letter, and old documents still verify.
    const before = await render('financial-checkup', { data: await example(), format: 'pdf' });
    expect(before.status).toBe(200);
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry });
    await request(t.app).post('/api/lexicon/entries/routine-check/approve').set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    const blocked = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).send({ data: await example(), format: 'pdf' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('BLOCKED_BY_FINDINGS');
    const again = await request(t.app).get(`/api/documents/${before.headers['x-document-id']}/pdf`).set(t.auth('finance')).buffer(true).parse(binary);
    expect(again.status).toBe(200);
    expect(Buffer.compare(again.body as Buffer, before.body as Buffer)).toBe(0);
  });

  it('impact of retiring an entry shows what would be lost', async () => {
    const res = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({ retire: 'routine-check' });
    expect(res.status).toBe(200);
    const hit = res.body.templates.find((x: { id: string }) => x.id === 'financial-checkup');
    expect(hit.lost[0].ruleId).toBe('lexicon/routine-check');
    expect(hit.worst).toBeNull();
    expect(res.body.blocking).toBe(false);
    const missing = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({ retire: 'no-such-entry' });
    expect(missing.status).toBe(404);
  });

  it('a bad impact request names what is wrong and where', async () => {
    const noTerms = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({ entry: { id: 'x' } });
    expect(noTerms.status).toBe(422);
    expect(noTerms.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['entry.terms', 'entry.reason']));
    const bare = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({ id: 'y', terms: [] });
    expect(bare.status).toBe(422);
    expect(bare.body.errors.map((e: { path: string }) => e.path)).toContain('entry.terms');
    const both = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({ retire: 'routine-check', entry: { id: 'x' } });
    expect(both.status).toBe(422);
    const neither = await request(t.app).post('/api/lexicon/impact').set(t.auth('viewer')).send({});
    expect(neither.status).toBe(422);
    expect(neither.body.errors.map((e: { path: string }) => e.path)).toContain('entry.terms'); // read as a bare entry
  });
});

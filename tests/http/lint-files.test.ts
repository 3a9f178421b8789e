/**
 * `POST /api/lint` with a file (base64 in the JSON body): Word, PDF and HTML files the tests
 * build, findings with `where`, and each kind of bad file answered with a problem naming why.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, buildPdf, buildScannedPdf, buildZip, encryptedOfficeFile, oldWordFile } from '../ingest/build.js';
import { closeDocumentReaders } from '../../src/app/ingest.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
let server: Server;
beforeAll(async () => {
  t = await createTestApp();
  server = t.app.listen(0);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.dispose();
  await closeDocumentReaders();
});

const send = (body: unknown) => request(server).post('/api/lint').set(t.auth('finance')).send(body as object);
const file = (name: string, bytes: Buffer) => ({ file: { name, content: bytes.toString('base64') } });

describe('POST /api/lint with a file', () => {
  it('checks a Word file and says where each finding is, and that tracked changes were accepted', async () => {
    const bytes = await buildDocx([
      { heading: 'What happens next' },
      { text: 'We will write to you.' },
      { runs: [{ text: 'If the money was ' }, { inserted: 'misspent' }, { deleted: 'used' }, { text: ' we will call you.' }] },
    ]);
    const res = await send(file('letter.docx', bytes));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.document).toEqual({ name: 'letter.docx', format: 'docx', words: 17, notes: [expect.stringMatching(/tracked changes \(1 insertion, 1 deletion\)\. Only the text as it reads with every change accepted was checked/)] });
    const misspent = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'lexicon/misspent');
    expect(misspent).toMatchObject({ severity: 'error', actual: 'misspent', where: { heading: 'What happens next', paragraph: 2, text: 'under ‘What happens next’, paragraph 2' } });
    expect(misspent.sentence).toBeUndefined();
    expect(res.body.summary.error).toBeGreaterThan(0);
    expect(res.body.lexiconVersion).toBeGreaterThan(0);
    expect(res.body.readability.words).toBeGreaterThan(0);
  });

  it('checks a PDF with pages', async () => {
    const bytes = await buildPdf([{ heading: 'Your checkup' }, { text: 'Hello.' }, { pageBreak: true }, { heading: 'Next' }, { text: 'One.' }, { text: 'The money was misspent.' }]);
    const res = await send(file('letter.pdf', bytes));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'lexicon/misspent').where).toEqual({ page: 2, heading: 'Next', paragraph: 2, text: 'page 2, under ‘Next’, paragraph 2' });
  });

  it('checks only the visible text of an HTML page', async () => {
    const html = '<h1>Help</h1><p>We are here.</p><p hidden>The money was misspent.</p><script>misspent()</script>';
    const res = await send(file('page.html', Buffer.from(html)));
    expect(res.status).toBe(200);
    expect(res.body.findings.filter((f: { ruleId: string }) => f.ruleId === 'lexicon/misspent')).toEqual([]);
  });

  it('still checks text as before', async () => {
    const res = await send({ text: 'The money was misspent.' });
    expect(res.status).toBe(200);
    expect(res.body.findings[0]).toMatchObject({ ruleId: 'lexicon/misspent', start: { line: 1, column: 15 } });
    expect(res.body.findings[0].where).toBeUndefined();
    expect(res.body.document).toBeUndefined();
  });

  const refused: Array<[string, () => Promise<unknown> | unknown, number, string, RegExp]> = [
    ['neither text nor file', () => ({}), 422, 'VALIDATION_FAILED', /text send either text or file/],
    ['both text and file', () => ({ text: 'Hi.', ...file('a.txt', Buffer.from('Hi.')) }), 422, 'VALIDATION_FAILED', /send either text or file/],
    ['a file of another kind', () => file('picture.png', Buffer.from('x')), 422, 'VALIDATION_FAILED', /file\.name must end in \.docx, \.pdf/],
    ['content that is not base64', () => ({ file: { name: 'a.pdf', content: 'not base64!' } }), 422, 'VALIDATION_FAILED', /file\.content must be the file, base64-encoded/],
    ['a password-protected Word file', () => file('locked.docx', encryptedOfficeFile()), 400, 'INPUT_UNREADABLE', /^locked\.docx: this Word document is protected with a password/],
    ['an old .doc', () => file('old.doc', oldWordFile()), 400, 'INPUT_UNREADABLE', /^old\.doc: this is an old Word document \(\.doc\)\. .*"Word Document \(\.docx\)"/],
    ['a corrupt Word file', () => file('broken.docx', Buffer.from('PK\x03\x04 broken')), 400, 'INPUT_UNREADABLE', /^broken\.docx: could not be read as a Word document/],
    ['a Word file that is a ZIP bomb', async () => file('bomb.docx', await buildZip({ 'word/document.xml': Buffer.alloc(5 * 1024 * 1024, 0x20) })), 422, 'INPUT_LIMIT_EXCEEDED', /^bomb\.docx has a part that unpacks to [\d,]+ times its packed size \(the most Plainly reads is 100 times\)/],
    ['a scanned PDF', async () => file('scan.pdf', await buildScannedPdf()), 400, 'INPUT_UNREADABLE', /^scan\.pdf: this PDF has no text to check: it may be a scan/],
    ['a file just over the upload limit', () => file('big.pdf', Buffer.alloc(10 * 1024 * 1024 + 20_000)), 413, 'INPUT_TOO_LARGE', /^big\.pdf: the file is 10\.02 MB; Plainly reads documents up to 10\.00 MB/],
    ['a file far over the upload limit', () => file('huge.pdf', Buffer.alloc(12 * 1024 * 1024)), 413, 'INPUT_TOO_LARGE', /The request body is too large/],
  ];
  it.each(refused)('%s: %i %s naming why', async (_, body, status, code, detail) => {
    const res = await send(await body());
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toMatch(detail);
  });

  it('documents the file upload in the OpenAPI document', async () => {
    const res = await request(server).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const schemas = res.body.components.schemas;
    expect(Object.keys(schemas.LintRequest.properties)).toEqual(expect.arrayContaining(['text', 'file', 'format', 'profile']));
    expect(schemas.LintFile.required).toEqual(['name', 'content']);
    expect(Object.keys(schemas.FindingWhere.properties)).toEqual(expect.arrayContaining(['page', 'paragraph', 'heading', 'text']));
  });
});

/**
 * A service whose templates live in their own folder (PLAINLY_TEMPLATES_DIR), with its own
 * version of a shared part (partial): batch letters are compiled with that folder's partials in
 * the worker threads, as the service compiles the template when it re-creates a recorded
 * document, so every batch letter passes its reproduction check (GET /api/documents/:id/pdf
 * makes it again and compares the sha256). Workers used to compile with the project's own
 * partials: the letter then said something else than its re-creation.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { readPdf } from '../helpers/pdf.js';
import { binary, waitForBatch } from './http-helpers.js';
import { readZip } from './zip.js';

/** A sentence only the temporary folder's "contact" partial has. */
const OWN_SENTENCE = 'Our Tuesday drop-in at the library is a good place to ask about your payment.';

let t: TestApp;
let templatesDir: string;
beforeAll(async () => {
  templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-templates-'));
  fs.cpSync(path.join(PROJECT_ROOT, 'templates'), templatesDir, { recursive: true });
  const contact = path.join(templatesDir, 'partials', 'contact.md');
  fs.writeFileSync(contact, `${fs.readFileSync(contact, 'utf8').trimEnd()}\n\n${OWN_SENTENCE}\n`);
  t = await createTestApp({ config: { templatesDir } });
});
afterAll(async () => {
  await t?.dispose();
  fs.rmSync(templatesDir, { recursive: true, force: true });
});

const row = (reference: string) => ({
  reference,
  letterDate: '2021-01-31',
  recipient: { name: 'Ann', address: ['1 High St', 'Stockport', 'SK4 3QT'] },
  periodStart: '2020-10-01',
  periodEnd: '2020-12-31',
  replyBy: '2021-02-28',
  prepaidCard: false,
  documents: ['Bank statements'],
});

describe('batches with templates in their own folder (PLAINLY_TEMPLATES_DIR)', () => {
  it("renders with that folder's partials, and every batch letter passes its reproduction check", async () => {
    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', rows: [row('DP-DIR-1'), row('DP-DIR-2')] });
    expect(accepted.status).toBe(202);
    const status = await waitForBatch(t, accepted.body.id);
    expect(status.body.status).toBe('done');
    expect(status.body.totals).toMatchObject({ total: 2, produced: 2, heldBack: 0 });

    const output = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance')).buffer(true).parse(binary);
    const letter = readZip(output.body as Buffer).get('DP-DIR-1.pdf')!;
    expect((await readPdf(letter)).text.replace(/\s+/g, ' ')).toContain(OWN_SENTENCE);

    const documents = await t.store.documents.list({ batchId: accepted.body.id });
    expect(documents).toHaveLength(2);
    // The letter in the ZIP is the one recorded, and making each recorded letter again gives its bytes.
    expect(documents.map((d) => d.outputs.pdf?.sha256)).toContain(createHash('sha256').update(letter).digest('hex'));
    for (const document of documents) {
      const again = await request(t.app).get(`/api/documents/${document.id}/pdf`).set(t.auth('finance')).buffer(true).parse(binary);
      expect(again.status).toBe(200);
      expect(createHash('sha256').update(again.body as Buffer).digest('hex')).toBe(document.outputs.pdf?.sha256);
    }
  }, 180_000);
});

/**
 * The lexicon file format's optional `explained` and `once` fields (docs/lexicon.md) go
 * through the API as they are: proposed, approved, read back, and used by POST /api/lint.
 * (Added by the lint engine's owner: the fields are the lexicon's; the routes are not changed.)
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

describe('lexicon entries with explained and once', () => {
  const entry = {
    id: 'zorble',
    terms: ['zorble'],
    replace: ['short break'],
    severity: 'suggestion',
    reason: 'A made-up word, for this test.',
    explained: ['we call this a zorble'],
    once: true,
    examples: { flag: ['You can have a zorble.'], pass: ['You can have a short break. We call this a zorble.'] },
  };

  it('are accepted, kept and used by the lint', async () => {
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry });
    expect(proposed.status).toBe(201);
    const approved = await request(t.app).post('/api/lexicon/entries/zorble/approve').set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    expect(approved.status).toBe(200);
    const all = await request(t.app).get('/api/lexicon').set(t.auth('coproduction'));
    const stored = (all.body.entries as Array<{ id: string }>).find((e) => e.id === 'zorble');
    expect(stored).toMatchObject({ explained: ['we call this a zorble'], once: true });
    // once: only the first use is reported; explained: an explained first use is not reported at all.
    const twice = await request(t.app).post('/api/lint').set(t.auth('coproduction')).send({ text: 'You can have a zorble. A zorble is short.' });
    expect(twice.body.findings.filter((f: { ruleId: string }) => f.ruleId === 'lexicon/zorble').map((f: { start: { offset: number } }) => f.start.offset)).toEqual([15]);
    const explained = await request(t.app).post('/api/lint').set(t.auth('coproduction')).send({ text: 'You can have a short break. We call this a zorble. A zorble is short.' });
    expect(explained.body.findings.filter((f: { ruleId: string }) => f.ruleId === 'lexicon/zorble')).toEqual([]);
  });

  it('are checked like every other field', async () => {
    const bad = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: { ...entry, id: 'zorble-two', once: 'yes' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toMatch(/once/);
  });
});

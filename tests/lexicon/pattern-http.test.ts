/**
 * Pattern entries over HTTP: proposed, checked (422 naming entry.pattern), previewed with
 * POST /api/lexicon/impact, approved, and used by POST /api/lint. Word sets are the configured
 * lexicon folder's (lexicon/word-sets.yml).
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

const entry = {
  id: 'hand-back-money',
  pattern: '[hand back, give back] …3 {money}',
  replace: ['return'],
  severity: 'warning',
  reason: 'A test pattern.',
  examples: { flag: ['You must hand back the unused money.'], pass: ['Please give us back the form.'] },
};

describe('pattern entries over HTTP', () => {
  it('a bad pattern is 422 naming entry.pattern', async () => {
    for (const [pattern, message] of [
      ['[hand back … {money}', /not closed/],
      ['hand back … {mony}', /no word set called \{mony\}/],
      ['hand back …11 {money}', /at most 10 words/],
      ['(hand back)', /could match no words at all/],
      ['hand back []', /empty/],
    ] as const) {
      const res = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: { ...entry, pattern } });
      expect(res.status, pattern).toBe(422);
      expect(res.body.errors, pattern).toEqual([expect.objectContaining({ path: 'entry.pattern', message: expect.stringMatching(message) })]);
    }
    const both = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: { ...entry, terms: ['hand back'] } });
    expect(both.status).toBe(422);
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual(['entry.pattern']);
  });

  it('a good pattern is previewed, proposed, approved and used by lint', async () => {
    const impact = await request(t.app).post('/api/lexicon/impact').set(t.auth('coproduction')).send({ entry });
    expect(impact.status).toBe(200);
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry });
    expect(proposed.status).toBe(201);
    expect(proposed.body.pending).toMatchObject({ pattern: entry.pattern, terms: [] });
    const approved = await request(t.app).post(`/api/lexicon/entries/${entry.id}/approve`).set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    expect(approved.status).toBe(200);
    const lint = await request(t.app).post('/api/lint').set(t.auth('coproduction')).send({ text: 'Please hand back all the unused payments by May.' });
    expect(lint.body.findings.filter((f: { ruleId: string }) => f.ruleId === `lexicon/${entry.id}`).map((f: { actual: string }) => f.actual)).toEqual(['hand back all the unused payments']);
    const csv = await request(t.app).get('/api/lexicon/export?format=csv').set(t.auth('coproduction'));
    if (csv.status === 200) expect(csv.text).toContain('[hand back, give back] …3 {money}');
  });
});

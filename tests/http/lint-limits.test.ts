/**
 * Issue 13, item 2: Markdown work is bounded. The reported inputs get 422 naming the limit
 * (never a 500, never minutes), /healthz answers while heavy lints run on the lint threads,
 * and a lint that runs past the time limit is stopped with 422 and its thread replaced.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN_LIMITS, PROJECT_ROOT } from '../../src/core/index.js';
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
});

const REPORTED: Array<[string, string, 'markdown' | 'template', keyof typeof MARKDOWN_LIMITS]> = [
  ['10 KB of "- " as Markdown', '- '.repeat(5_000), 'markdown', 'maxDepth'],
  ['10 KB of "- " as a template', '- '.repeat(5_000), 'template', 'maxDepth'],
  ['100 KB of ":::a" lines', ':::a\n'.repeat(20_000), 'markdown', 'maxCharacters'],
  ['20 KB of ":::a" lines', ':::a\n'.repeat(4_000), 'markdown', 'maxDepth'],
  ['2,000 nested quotes', '>'.repeat(2_000) + ' hello', 'markdown', 'maxDepth'],
];

/** Headings, lists, quotes, emphasis and links, as large as the limits allow: accepted, and slow enough to see. */
function heavyAcceptedMarkdown(lines = MARKDOWN_LIMITS.maxLines - 6): string {
  const parts: string[] = [];
  for (let i = 0; parts.length < lines; i++) {
    parts.push(`# Heading ${i}`, '', `Please *tell us* about [your plan](https://example.org/${i}) by 31 January.`, '', `- item ${i}`, '');
  }
  return parts.join('\n').slice(0, MARKDOWN_LIMITS.maxCharacters);
}

describe('POST /api/lint with Markdown past the limits', () => {
  for (const [name, text, format, limit] of REPORTED) {
    it(`${name}: 422 naming the limit (${limit}), quickly`, async () => {
      const started = performance.now();
      const res = await request(server).post('/api/lint').set(t.auth('finance')).send({ text, format });
      const took = performance.now() - started;
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('INPUT_LIMIT_EXCEEDED');
      expect(res.body.limit).toBe(limit);
      expect(res.body[limit]).toBe(MARKDOWN_LIMITS[limit]);
      expect(res.body.detail).toContain(`the most Plainly reads${limit === 'maxCharacters' ? ' as Markdown' : ''} is ${MARKDOWN_LIMITS[limit].toLocaleString('en-GB')}`);
      expect(res.body.detail).toMatch(/^text:\d+:\d+: /);
      expect(res.body.location).toMatchObject({ file: 'text', line: expect.any(Number), column: expect.any(Number) });
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules/);
      expect(took).toBeLessThan(3_000);
    });
  }

  it('refuses too much Markdown by its own limit (characters), but lints the same text as plain text', { timeout: 120_000 }, async () => {
    const text = 'We will check your plan.\n\n'.repeat(3_000); // 78,000 characters
    const markdown = await request(server).post('/api/lint').set(t.auth('finance')).send({ text, format: 'markdown' });
    expect(markdown.status).toBe(422);
    expect(markdown.body.limit).toBe('maxCharacters');
    expect(markdown.body.detail).toMatch(/longer than 60,000 characters/);
    const plain = await request(server).post('/api/lint').set(t.auth('finance')).send({ text });
    expect(plain.status).toBe(200);
  });
});

describe('templates past the Markdown limits', () => {
  it('a saved draft says why it cannot be published (naming the limit and place), and publishing is refused with 422', async () => {
    const source = fs.readFileSync(path.join(PROJECT_ROOT, 'templates/letters/financial-checkup.md'), 'utf8') + '\n' + '>'.repeat(2_000) + ' Thank you.\n';
    const line = source.split('\n').length - 1;
    const started = performance.now();
    const saved = await request(server).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source, comment: 'deep quotes' });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(201);
    expect(saved.body.check.ok).toBe(false);
    expect(saved.body.check.problem.code).toBe('TEMPLATE_INVALID');
    expect(saved.body.check.problem.detail).toMatch(new RegExp(`db:financial-checkup@${saved.body.version}:${line}:17: quotes, lists and :::boxes are nested more than 16 levels deep`));
    const published = await request(server).post(`/api/templates/financial-checkup/versions/${saved.body.version}/publish`).set(t.auth('policy')).set('If-Match', '*').send({});
    expect(published.status).toBe(422);
    expect(published.body.code).toBe('TEMPLATE_INVALID');
    expect(published.body.detail).toMatch(/nested more than 16 levels deep/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('heavy lints run off the event loop', () => {
  it('/healthz answers quickly while heavy Markdown lints are running', async () => {
    const text = heavyAcceptedMarkdown(1_000);
    // The lint threads start on first use: start them first, so only the lints are timed.
    await Promise.all([1, 2].map(() => request(server).post('/api/lint').set(t.auth('finance')).send({ text: 'Hello.', format: 'markdown' })));
    const sent = performance.now();
    const took: number[] = [];
    // One for each lint thread (two by default), so none waits for a thread.
    const lints = Array.from({ length: 2 }, () =>
      request(server)
        .post('/api/lint')
        .set(t.auth('finance'))
        .send({ text, format: 'markdown' })
        .then((res) => {
          took.push(performance.now() - sent);
          return res;
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // the lints are under way
    // Ask for /healthz again and again until every lint has answered.
    const health: number[] = [];
    while (took.length < lints.length) {
      const started = performance.now();
      const res = await request(server).get('/healthz');
      expect(res.status).toBe(200);
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const res of await Promise.all(lints)) {
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expect(res.body.readability.words).toBeGreaterThan(500);
    }
    // Linted in the process, a lint holds the event loop to the end: a /healthz asked during
    // it waits for most of it. On the lint threads /healthz waits for nothing, however busy
    // the machine is, so its slowest answer is a small part of even the quickest lint.
    expect(health.length).toBeGreaterThan(1);
    expect(Math.max(...health), `healthz ${health.map(Math.round).join(', ')} ms; lints ${took.map(Math.round).join(', ')} ms`).toBeLessThan(Math.min(...took) / 2);
  }, 120_000);

  it('gives the same findings on a thread as in the process', async () => {
    const text = 'Please return the misspent money by 31.01.21.';
    const plain = await request(server).post('/api/lint').set(t.auth('finance')).send({ text });
    const markdown = await request(server).post('/api/lint').set(t.auth('finance')).send({ text, format: 'markdown' });
    expect(markdown.status).toBe(200);
    expect(markdown.body.findings).toEqual(plain.body.findings);
    expect(markdown.body.lexiconVersion).toBe(plain.body.lexiconVersion);
  });
});

describe('the lint time limit', () => {
  let slow: TestApp;
  const before = process.env.PLAINLY_LINT_TIME_LIMIT_MS;
  beforeAll(async () => {
    process.env.PLAINLY_LINT_TIME_LIMIT_MS = '100';
    slow = await createTestApp();
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.PLAINLY_LINT_TIME_LIMIT_MS;
    else process.env.PLAINLY_LINT_TIME_LIMIT_MS = before;
    await slow.dispose();
  });

  it('stops a lint that runs too long (422 naming the limit), and the next lint still works', { timeout: 120_000 }, async () => {
    // A first small lint starts the thread and compiles the lexicon there (this can take longer than 100 ms on a busy machine).
    await request(slow.app).post('/api/lint').set(slow.auth('finance')).send({ text: 'Hello.', format: 'markdown' });
    const res = await request(slow.app).post('/api/lint').set(slow.auth('finance')).send({ text: heavyAcceptedMarkdown() + '\n\n' + heavyAcceptedMarkdown().slice(0, 1), format: 'markdown' });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    expect(res.body.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(res.body.limit).toBe('lintTimeMs');
    expect(res.body.lintTimeMs).toBe(100);
    expect(res.body.detail).toMatch(/longer than 0.1 seconds/);
    let after = await request(slow.app).post('/api/lint').set(slow.auth('finance')).send({ text: 'We will check.', format: 'markdown' });
    // The fresh thread compiles the lexicon first, which may itself run past 100 ms on a busy machine: try a few times.
    for (let i = 0; i < 5 && after.status !== 200; i++) after = await request(slow.app).post('/api/lint').set(slow.auth('finance')).send({ text: 'We will check.', format: 'markdown' });
    expect(after.status, JSON.stringify(after.body).slice(0, 400)).toBe(200);
  });
});

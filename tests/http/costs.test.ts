/**
 * Limits that follow cost (issue 13, item 5): requests are charged by what they cost
 * (`REQUEST_COSTS`), not counted; expensive ones also need one of a caller's places for
 * requests at once, shared with every other process on the data directory; signed-in web GET
 * pages are charged too (previews render PDFs and run pdftoppm).
 */
import type { Router } from 'express';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/index.js';
import { allRoutes } from '../../src/http/routes/index.js';
import { CONCURRENT_RETRY_SECONDS, REQUEST_COSTS, costOf, expensiveKey } from '../../src/http/rate-limit.js';
import { RateCounters, SYSTEM_ACTOR, rateLimitFile } from '../../src/store/index.js';
import { type WebOptions, createWebRouter } from '../../src/web/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const CLOCK = 9_000_000;
const COMPARE = '/api/templates/financial-checkup/versions/1/compare/1';
const PREVIEW = '/templates/financial-checkup/versions/1';

/** The app (with the web pages), its rate-limit clock standing still so no bucket refills. */
async function app(config: Partial<Config>, web: WebOptions = {}): Promise<TestApp> {
  const t = await createTestApp({
    config,
    rateNow: () => CLOCK,
    mounts: [{ path: '/', create: (context) => createWebRouter(context, web) }],
  });
  cleanups.push(() => t.dispose());
  return t;
}

function tokenId(token: string): string {
  return token.split('_')[1];
}

/** A signed-in person's cookie and CSRF token (sessions are made the way the sign-in page makes them). */
async function session(t: TestApp, role: 'viewer' | 'policy' | 'finance' = 'policy') {
  const username = `${role}-person`;
  await t.store.users.create({ actor: SYSTEM_ACTOR }, { username, displayName: username, role, password: 'a long test pass phrase' });
  const started = (await t.context.auth.signIn(username, 'a long test pass phrase', 'test'))!;
  return { Cookie: `plainly_session=${started.sessionId}`, 'X-CSRF-Token': started.csrfToken, userId: started.user.id };
}

describe('the cost table', () => {
  it('names only real API routes and web pages, and costs at least 1', async () => {
    const t = await app({});
    const api = new Set(allRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`));
    const web = new Set<string>();
    const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) => {
      for (const layer of stack) {
        if (layer.route) for (const method of Object.keys(layer.route.methods)) web.add(`${method.toUpperCase()} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
      }
    };
    walk((createWebRouter(t.context) as Router & { stack: never[] }).stack);
    for (const rule of REQUEST_COSTS) {
      const key = `${rule.method} ${rule.path}`;
      const known = rule.path.startsWith('/api/') ? api.has(key) : [...web].some((page) => page === key || page === `${key}.png`);
      expect(known, `${key} is not a route`).toBe(true);
      expect(rule.cost).toBeGreaterThanOrEqual(1);
    }
    expect(costOf('POST', '/api/templates/financial-checkup/render')).toMatchObject({ cost: 10, expensive: true });
    expect(costOf('GET', '/templates/a/versions/2/pages/3.png')).toMatchObject({ cost: 10, expensive: true });
    expect(costOf('HEAD', '/templates/a/versions/2/preview.pdf')).toMatchObject({ cost: 10, expensive: true });
    expect(costOf('GET', '/api/me')).toMatchObject({ cost: 1, expensive: false });
  });
});

describe('requests are charged by cost', () => {
  it('a comparison costs 10 of the minute’s allowance, a plain read 1; the 429 says so, with Retry-After', async () => {
    const t = await app({ rateLimitPerMinute: 25 });
    const viewer = t.auth('viewer');
    for (let i = 0; i < 2; i++) {
      const res = await request(t.app).get(COMPARE).set(viewer);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('25');
    }
    // 20 of 25 spent: five plain reads are left, not 23.
    for (let i = 0; i < 5; i++) expect((await request(t.app).get('/api/me').set(viewer)).status).toBe(200);
    const read = await request(t.app).get('/api/me').set(viewer);
    expect(read.status).toBe(429);
    expect(read.body).toMatchObject({ code: 'RATE_LIMITED', limit: 'requests', retryAfterSeconds: 3 });
    const compare = await request(t.app).get(COMPARE).set(viewer);
    expect(compare.status).toBe(429);
    expect(compare.headers['content-type']).toMatch(/^application\/problem\+json/);
    // 10 units at 25 a minute: 24 seconds.
    expect(compare.headers['retry-after']).toBe('24');
    expect(compare.body.detail).toContain('this one costs 10 of the 25 a minute allowed (PLAINLY_RATE_LIMIT_PER_MINUTE)');
    // Another token has its own allowance.
    expect((await request(t.app).get(COMPARE).set(t.auth('policy'))).status).toBe(200);
  });

  it('signed-in web pages are charged too: a few PDF previews use up the minute, then even a plain page waits', async () => {
    const t = await app({ rateLimitPerMinute: 30 }, { drawPdfPage: async () => Buffer.from('not drawn') });
    const { Cookie } = await session(t);
    for (let i = 0; i < 3; i++) expect((await request(t.app).get(`${PREVIEW}/preview.pdf`).set('Cookie', Cookie)).status).toBe(200);
    const refused = await request(t.app).get(`${PREVIEW}/preview.pdf`).set('Cookie', Cookie);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('20');
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('Please wait a moment');
    expect(refused.text).toContain('Too many requests');
    expect((await request(t.app).get('/check').set('Cookie', Cookie)).status).toBe(429);
    // The same allowance as the API: the person's session is out of it there too.
    const api = await request(t.app).get('/api/me').set('Cookie', Cookie);
    expect(api.status).toBe(429);
    expect(api.body.limit).toBe('requests');
    // Not signed in: the sign-in page is not charged.
    expect((await request(t.app).get('/sign-in')).status).toBe(200);
  });
});

describe('expensive requests at once', () => {
  it('places are shared with other processes: when another worker holds them all, 429 names the limit; cheap requests still run', async () => {
    const t = await app({ concurrentExpensiveRequests: 2 });
    const viewer = t.auth('viewer');
    const key = expensiveKey({ kind: 'token', id: tokenId(t.tokens.viewer) });
    // Another process on the same data directory (a cluster worker) with two renders running.
    const otherWorker = RateCounters.open(t.dataDir);
    try {
      const held = [otherWorker.acquire(key, 2, CLOCK), otherWorker.acquire(key, 2, CLOCK)];
      expect(held.every(Boolean)).toBe(true);
      const refused = await request(t.app).get(COMPARE).set(viewer);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe(String(CONCURRENT_RETRY_SECONDS));
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', limit: 'concurrent', retryAfterSeconds: CONCURRENT_RETRY_SECONDS });
      expect(refused.body.detail).toContain('the limit is 2 at a time per user or token (PLAINLY_CONCURRENT_EXPENSIVE_REQUESTS)');
      expect((await request(t.app).get('/api/me').set(viewer)).status).toBe(200);
      expect((await request(t.app).get(COMPARE).set(t.auth('policy'))).status).toBe(200);
      // One finishes over there: a place is free here.
      otherWorker.release(held[0]!);
      expect((await request(t.app).get(COMPARE).set(viewer)).status).toBe(200);
      // ... and this process gave its place back when its response ended.
      expect(otherWorker.inFlight(key, CLOCK)).toBe(1);
    } finally {
      otherWorker.close();
    }
  });

  it('a request is charged once, even when its guard runs twice (a spreadsheet refused for its size)', async () => {
    const t = await app({ concurrentExpensiveRequests: 1, rateLimitPerMinute: 60, spreadsheetLimitBytes: 100 });
    const { Cookie, 'X-CSRF-Token': csrf } = await session(t, 'finance');
    const res = await request(t.app)
      .post('/letters')
      .set('Cookie', Cookie)
      .field('_csrf', csrf)
      .field('templateId', 'financial-checkup')
      .attach('file', Buffer.from('a,b\n'.repeat(100)), 'people.csv');
    // The person is told the file is too large, not to wait for their own request.
    expect(res.status).toBe(413);
    expect(res.text).toContain('The file is too large');
    // 50 of 60 spent, once.
    expect(res.headers['ratelimit-remaining']).toBe('10');
  });

  it('places held by a process that died are given back', async () => {
    const t = await app({ concurrentExpensiveRequests: 1 });
    const key = expensiveKey({ kind: 'token', id: tokenId(t.tokens.viewer) });
    const raw = new BetterSqlite3(rateLimitFile(t.dataDir));
    try {
      // No process has this id (above Linux's largest).
      raw.prepare('insert into inflight (id, key, pid, started_ms) values (?, ?, ?, ?)').run('lost', key, 4_194_400, CLOCK);
    } finally {
      raw.close();
    }
    expect((await request(t.app).get(COMPARE).set(t.auth('viewer'))).status).toBe(200);
  });

  it('a preview drawing its page holds a place: the same person’s next expensive page or API call waits, then runs', async () => {
    let entered!: () => void;
    const drawing = new Promise<void>((resolve) => (entered = resolve));
    let finish!: () => void;
    const release = new Promise<void>((resolve) => (finish = resolve));
    const t = await app(
      { concurrentExpensiveRequests: 1 },
      {
        drawPdfPage: async () => {
          entered();
          await release;
          return Buffer.from('a picture');
        },
      },
    );
    const { Cookie, 'X-CSRF-Token': csrf, userId } = await session(t);
    const preview = request(t.app).get(`${PREVIEW}/preview`).set('Cookie', Cookie).then((res) => res);
    await drawing;
    const page = await request(t.app).get(`${PREVIEW}/preview.pdf`).set('Cookie', Cookie);
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBe(String(CONCURRENT_RETRY_SECONDS));
    expect(page.text).toContain('Too many expensive requests at once');
    // The API, with the same person's session, shares the places.
    const api = await request(t.app).get(COMPARE).set({ Cookie, 'X-CSRF-Token': csrf });
    expect(api.status).toBe(429);
    expect(api.body.limit).toBe('concurrent');
    // Someone else is not held up.
    expect((await request(t.app).get(COMPARE).set(t.auth('viewer'))).status).toBe(200);
    finish();
    expect((await preview).status).toBe(200);
    expect((await request(t.app).get(`${PREVIEW}/preview.pdf`).set('Cookie', Cookie)).status).toBe(200);
    expect(await t.store.rateCounters.inFlight(expensiveKey({ kind: 'user', id: userId }), CLOCK)).toBe(0);
  });
});

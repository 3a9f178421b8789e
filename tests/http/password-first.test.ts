/**
 * `mustChangePassword` holds for the API too (issue 13, item 6): a session whose password was
 * set by someone else — the first start's admin, or a reset by an administrator — can change
 * the password (and ask who it is), and nothing else, until it does. API tokens have no
 * password and are not affected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/index.js';
import { type PlainlyApp, createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/http/logger.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const FIRST_PASSWORD = 'printed on the console once';
const FIRST_TOKEN = 'first-start-token-0123456789';

/** The real app on an empty store, as a first start with a preset admin password. */
async function firstStart(): Promise<PlainlyApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-password-first-'));
  const env = { PLAINLY_BOOTSTRAP_PASSWORD: FIRST_PASSWORD, PLAINLY_BOOTSTRAP_TOKEN: FIRST_TOKEN };
  const app = await createApp({ config: loadConfig(env, { dataDir, logLevel: 'silent' }), logger: createLogger('silent'), retention: false });
  cleanups.push(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

function expectPasswordFirst(res: request.Response): void {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: 'FORBIDDEN', status: 403, passwordChangeRequired: true });
  expect(res.body.detail).toMatch(/^Change your password first/);
  expect(res.body.detail).toContain('POST /api/me/password');
}

describe('a session that must change its password', () => {
  it('a fresh admin session cannot mint a token (or do anything else) until the password is changed', async () => {
    const app = await firstStart();
    const session = (await app.context.auth.signIn('admin', FIRST_PASSWORD, 'test'))!;
    expect(session.user.mustChangePassword).toBe(true);
    const headers = { Cookie: `plainly_session=${session.sessionId}`, 'X-CSRF-Token': session.csrfToken };

    // The hole: a session cookie + CSRF token minting an admin API token.
    expectPasswordFirst(await request(app.app).post('/api/tokens').set(headers).send({ name: 'sneaky', role: 'admin' }));
    expect((await request(app.app).get('/api/tokens').set(`Authorization`, `Bearer ${FIRST_TOKEN}`)).body.tokens.map((t: { name: string }) => t.name)).not.toContain('sneaky');
    // Reads and other changes too.
    expectPasswordFirst(await request(app.app).get('/api/users').set(headers));
    expectPasswordFirst(await request(app.app).get('/api/lexicon').set(headers));
    expectPasswordFirst(await request(app.app).post('/api/lint').set(headers).send({ text: 'Hello.' }));
    expectPasswordFirst(await request(app.app).post('/api/users').set(headers).send({ username: 'mallory', displayName: 'M', role: 'admin', password: 'a long pass phrase' }));
    // CSRF is still checked first: without the header it is the CSRF refusal, not this one.
    const noCsrf = await request(app.app).post('/api/tokens').set('Cookie', headers.Cookie).send({ name: 'x', role: 'viewer' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.passwordChangeRequired).toBeUndefined();

    // "Who am I" says why.
    const me = await request(app.app).get('/api/me').set(headers);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'admin', mustChangePassword: true });

    // Changing the password is allowed, and opens everything else for this session.
    const changed = await request(app.app).post('/api/me/password').set(headers).send({ currentPassword: FIRST_PASSWORD, newPassword: 'my very own pass phrase' });
    expect(changed.status).toBe(200);
    const minted = await request(app.app).post('/api/tokens').set(headers).send({ name: 'finance system', role: 'finance' });
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(/^plainly_/);
  });

  it('an administrator resetting a password closes the API to that person’s new session; tokens are not affected', async () => {
    const t: TestApp = await createTestApp();
    cleanups.push(() => t.dispose());
    const created = await request(t.app)
      .post('/api/users')
      .set(t.auth('admin'))
      .send({ username: 'pat', displayName: 'Pat', role: 'policy', password: 'chosen by the admin', mustChangePassword: true });
    expect(created.status).toBe(201);
    const session = (await t.context.auth.signIn('pat', 'chosen by the admin', 'test'))!;
    const headers = { Cookie: `plainly_session=${session.sessionId}`, 'X-CSRF-Token': session.csrfToken };
    expectPasswordFirst(await request(t.app).get('/api/templates').set(headers));
    expectPasswordFirst(await request(t.app).put('/api/templates/financial-checkup').set(headers).send({ source: 'x' }));
    // API tokens have no password to change.
    expect((await request(t.app).get('/api/templates').set(t.auth('policy'))).status).toBe(200);
    // Once changed, the same session works.
    expect((await request(t.app).post('/api/me/password').set(headers).send({ currentPassword: 'chosen by the admin', newPassword: 'pat picked this one' })).status).toBe(200);
    expect((await request(t.app).get('/api/templates').set(headers)).status).toBe(200);
  });
});

/**
 * People on a fresh store: the first start's admin user (random or preset password, printed
 * once, asked to change it), changing a password, and sign-ins in the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/index.js';
import { type PlainlyApp, createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/http/logger.js';
import { firstStartMessage } from '../../src/http/server.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The real app on an empty data directory with nothing preset (as `npm start` on a fresh clone). */
async function freshApp(env: Record<string, string> = {}): Promise<PlainlyApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-people-'));
  const app = await createApp({ config: loadConfig(env, { dataDir, logLevel: 'silent' }), logger: createLogger('silent') });
  cleanups.push(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

async function testApp(rateNow?: () => number): Promise<TestApp> {
  const t = await createTestApp({ rateNow });
  cleanups.push(() => t.dispose());
  return t;
}

describe('first start', () => {
  it('creates an admin user with a random password, printed once next to the token, that signs in and must be changed', async () => {
    const app = await freshApp();
    const { generatedToken, generatedPassword } = app.bootstrap;
    expect(generatedToken).toMatch(/^plainly_/);
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const message = firstStartMessage(app.bootstrap);
    expect(message).toContain(generatedToken);
    expect(message).toContain(generatedPassword);
    expect(message).toContain('"admin"');

    const session = await app.context.auth.signIn('admin', generatedPassword!, 'test');
    expect(session?.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true });
    const cookie = `plainly_session=${session!.sessionId}`;
    const me = await request(app.app).get('/api/me').set('Cookie', cookie);
    expect(me.body).toMatchObject({ kind: 'user', name: 'admin', role: 'admin', mustChangePassword: true });

    // The password is stored only as a hash; the audit log has the user but not the password.
    const users = await request(app.app).get('/api/users').set('Authorization', `Bearer ${generatedToken}`);
    expect(users.body.users).toEqual([expect.objectContaining({ username: 'admin', mustChangePassword: true })]);
    const audit = await request(app.app).get('/api/audit?limit=1000').set('Authorization', `Bearer ${generatedToken}`);
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.create', 'token.create', 'user.sign-in']));
    expect(JSON.stringify(audit.body)).not.toContain(generatedPassword);

    // Starting again on the same store creates nothing and prints nothing.
    const again = await createApp({ config: app.context.config, logger: createLogger('silent'), retention: false });
    try {
      expect(again.bootstrap.seeded).toBe(false);
      expect(again.bootstrap.generatedPassword).toBeUndefined();
      expect(again.bootstrap.generatedToken).toBeUndefined();
      expect(firstStartMessage(again.bootstrap)).toBe('');
      expect((await again.store.users.list()).length).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('uses PLAINLY_BOOTSTRAP_PASSWORD when set, and prints neither preset secret', async () => {
    const app = await freshApp({ PLAINLY_BOOTSTRAP_PASSWORD: 'a preset first password', PLAINLY_BOOTSTRAP_TOKEN: 'a-preset-token-0123456789' });
    expect(app.bootstrap.generatedPassword).toBeUndefined();
    expect(app.bootstrap.generatedToken).toBeUndefined();
    expect(firstStartMessage(app.bootstrap)).toBe('');
    expect(await app.store.users.verifyPassword('admin', 'a preset first password')).toMatchObject({ mustChangePassword: true });
  });

  it('refuses a PLAINLY_BOOTSTRAP_PASSWORD that is too short, naming the variable', () => {
    expect(() => loadConfig({ PLAINLY_BOOTSTRAP_PASSWORD: 'short' })).toThrow(/PLAINLY_BOOTSTRAP_PASSWORD \(must be at least 12 characters\)/);
  });
});

describe('changing a password', () => {
  it('POST /api/me/password: the current one must be right; it clears mustChangePassword and keeps this session', async () => {
    const t = await testApp();
    const created = await request(t.app)
      .post('/api/users')
      .set(t.auth('admin'))
      .send({ username: 'gil', displayName: 'Gil', role: 'finance', password: 'set by the admin', mustChangePassword: true });
    expect(created.body.mustChangePassword).toBe(true);
    const session = (await t.context.auth.signIn('gil', 'set by the admin', 'test'))!;
    const other = (await t.context.auth.signIn('gil', 'set by the admin', 'test'))!;
    const headers = { Cookie: `plainly_session=${session.sessionId}`, 'X-CSRF-Token': session.csrfToken };

    const wrong = await request(t.app).post('/api/me/password').set(headers).send({ currentPassword: 'not it', newPassword: 'my own pass phrase' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: 'is not right' }]);
    const short = await request(t.app).post('/api/me/password').set(headers).send({ currentPassword: 'set by the admin', newPassword: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].path).toBe('newPassword');
    const noCsrf = await request(t.app).post('/api/me/password').set('Cookie', headers.Cookie).send({ currentPassword: 'set by the admin', newPassword: 'my own pass phrase' });
    expect(noCsrf.status).toBe(403);

    const changed = await request(t.app).post('/api/me/password').set(headers).send({ currentPassword: 'set by the admin', newPassword: 'my own pass phrase' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ username: 'gil', mustChangePassword: false });
    expect((await request(t.app).get('/api/me').set(headers)).body.mustChangePassword).toBe(false);
    expect((await request(t.app).get('/api/me').set('Cookie', `plainly_session=${other.sessionId}`)).status).toBe(401);
    expect(await t.store.users.verifyPassword('gil', 'my own pass phrase')).toBeDefined();

    // An API token has no password.
    const token = await request(t.app).post('/api/me/password').set(t.auth('finance')).send({ currentPassword: 'x', newPassword: 'my own pass phrase' });
    expect(token.status).toBe(409);
    // An admin can ask for a new one again.
    const again = await request(t.app).patch(`/api/users/${created.body.id}`).set(t.auth('admin')).send({ mustChangePassword: true });
    expect(again.body.mustChangePassword).toBe(true);
    const audit = await request(t.app).get(`/api/audit?targetType=user&targetId=${created.body.id}&action=user.update`).set(t.auth('admin'));
    expect(audit.body.events.length).toBeGreaterThan(0);
    expect(audit.body.events.at(-1)).toMatchObject({ action: 'user.update', actor: { name: expect.any(String) } });
    expect(JSON.stringify(audit.body)).not.toContain('my own pass phrase');
  });
});

describe('sign-ins in the audit log', () => {
  it('records success, failure and sign-out with the request id, never the password or what was typed', async () => {
    const t = await testApp();
    const user = await t.store.users.create({ actor: { kind: 'system', id: 'system', name: 'test', role: 'system' } }, { username: 'hal', displayName: 'Hal', role: 'viewer', password: 'the right pass phrase' });
    expect(await t.context.auth.signIn('hal', 'a wrong pass phrase', 'test', 12, 'req-wrong')).toBeUndefined();
    expect(await t.context.auth.signIn('hal-typo-secret', 'the right pass phrase', 'test', 12, 'req-unknown')).toBeUndefined();
    const session = await t.context.auth.signIn('hal', 'the right pass phrase', 'test', 12, 'req-ok');
    await t.context.auth.signOut(session!.sessionId, 'req-out');
    const res = await request(t.app).get('/api/audit?limit=4').set(t.auth('admin'));
    expect(res.body.events.map((e: { action: string; target: { id: string }; requestId: string; detail: unknown }) => [e.action, e.target.id, e.requestId, e.detail])).toEqual([
      ['user.sign-out', user.id, 'req-out', {}],
      ['user.sign-in', user.id, 'req-ok', { expiresAt: session!.expiresAt }],
      ['user.sign-in-failed', 'unknown', 'req-unknown', { reason: 'unknown-username' }],
      ['user.sign-in-failed', user.id, 'req-wrong', { reason: 'wrong-password' }],
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['a wrong pass phrase', 'the right pass phrase', 'hal-typo-secret']) expect(text).not.toContain(secret);
  });

  it('too many attempts from one address are refused before any password is checked', async () => {
    // The rate-limit clock stands still, so the bucket does not refill during the test.
    const t = await testApp(() => 1_000_000);
    let refused = 0;
    for (let i = 0; i < 32; i++) {
      try {
        await t.context.auth.signIn('nobody', 'whatever it is', 'one-address');
      } catch (error) {
        expect((error as { code?: string }).code).toBe('RATE_LIMITED');
        refused++;
      }
    }
    expect(refused).toBe(2);
    const failed = await t.store.audit.list({ action: 'user.sign-in-failed', limit: 100 });
    expect(failed.length).toBe(30);
  });
});

describe('the audit log covers every change', () => {
  it('a batch of letters is recorded when it is created, and each letter when it is made, without the letter data', async () => {
    const t = await testApp();
    const template = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('finance'));
    const created = await request(t.app).post('/api/batches').set(t.auth('finance')).send({ templateId: 'financial-checkup', rows: [template.body.example] });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    const events = await t.store.audit.list({ targetType: 'batch', targetId: id });
    expect(events).toEqual([
      expect.objectContaining({ action: 'batch.create', actor: expect.objectContaining({ name: 'test finance', role: 'finance' }), detail: expect.objectContaining({ templateId: 'financial-checkup', inputKind: 'rows' }) }),
    ]);
    // Wait for the batch's letter: its document is in the log too.
    for (let i = 0; i < 300; i++) {
      const view = await request(t.app).get(`/api/batches/${id}`).set(t.auth('finance'));
      if (view.body.status === 'done' || view.body.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const documents = await t.store.documents.list({ batchId: id });
    expect(documents).toHaveLength(1);
    const logged = await t.store.audit.list({ action: 'document.create', targetId: documents[0].id });
    expect(logged[0].detail).toMatchObject({ batchId: id, templateId: 'financial-checkup' });
    const log = JSON.stringify(await t.store.audit.list({ limit: 1000 }));
    expect(template.body.example.recipient.name).toBe('Amina Patel');
    for (const personal of ['Amina Patel', '14 Larch Close', 'SK4 3QT', template.body.example.reference]) expect(log).not.toContain(personal);
  }, 120_000);
});

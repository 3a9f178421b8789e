/**
 * Behind a reverse proxy (issue 13, item 4): PLAINLY_TRUST_PROXY is validated at start-up and
 * decides whose X-Forwarded-For / X-Forwarded-Proto are believed; cookies are Secure over
 * HTTPS (and always with PLAINLY_COOKIE_SECURE); sign-in limits are per account and address,
 * so guessing one person's password locks out neither the office behind the same proxy nor
 * that person elsewhere; wrong secrets for one API token do not hold up another token.
 *
 * supertest connects from 127.0.0.1, so `trustProxy: ['loopback']` plays a proxy on the same
 * machine and X-Forwarded-For names the client.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { type Config, isAppError, loadConfig } from '../../src/core/index.js';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../../src/http/app.js';
import { Authenticator } from '../../src/http/auth.js';
import { TokenBucketLimiter } from '../../src/http/rate-limit.js';
import { WEB_MOUNT } from '../../src/web/index.js';
import { SYSTEM_ACTOR } from '../../src/store/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const PASSWORD = 'the right pass phrase';

/** The app with the web pages; the rate-limit clock stands still, so no bucket refills. */
async function webApp(config: Partial<Config> = {}): Promise<TestApp> {
  const t = await createTestApp({ config, mounts: [WEB_MOUNT], rateNow: () => 5_000_000 });
  cleanups.push(() => t.dispose());
  for (const username of ['alice', 'bob']) {
    await t.store.users.create({ actor: SYSTEM_ACTOR }, { username, displayName: username, role: 'viewer', password: PASSWORD });
  }
  return t;
}

/** `name=value` of each Set-Cookie, and the whole header lines. */
function cookiesOf(res: request.Response): { pairs: Record<string, string>; lines: string[] } {
  const lines = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const pairs: Record<string, string> = {};
  for (const line of lines) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    pairs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { pairs, lines };
}

/** One sign-in through the form, as a browser at `address` would send it (via the proxy). */
async function signIn(t: TestApp, username: string, password: string, address: string, headers: Record<string, string> = {}) {
  const page = await request(t.app).get('/sign-in').set('X-Forwarded-For', address).set(headers);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const formCookie = cookiesOf(page).pairs.plainly_signin;
  return request(t.app)
    .post('/sign-in')
    .set('X-Forwarded-For', address)
    .set(headers)
    // Sent by hand: a cookie jar would not send a Secure cookie back over plain HTTP.
    .set('Cookie', `plainly_signin=${formCookie}`)
    .type('form')
    .send({ _csrf: token, username, password });
}

describe('PLAINLY_TRUST_PROXY', () => {
  it('takes what Express takes (true/false, a hop count, addresses and subnets) and refuses anything else by name', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ PLAINLY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PLAINLY_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PLAINLY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ PLAINLY_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback, fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example.org', '-1', '1.5', '10.0.0.1;10.0.0.2']) {
      try {
        loadConfig({ PLAINLY_TRUST_PROXY: bad });
        expect.unreachable(`${bad} was accepted`);
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
        expect((error as Error).message).toContain('PLAINLY_TRUST_PROXY');
      }
    }
    expect(() => loadConfig({ PLAINLY_COOKIE_SECURE: 'sometimes' })).toThrow(/PLAINLY_COOKIE_SECURE \(must be true or false\)/);
    expect(loadConfig({ PLAINLY_COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
  });

  it('X-Forwarded-Proto makes cookies Secure only from a trusted proxy; PLAINLY_COOKIE_SECURE makes them Secure always', async () => {
    const trusted = await webApp({ trustProxy: ['loopback'] });
    const https = await signIn(trusted, 'alice', PASSWORD, '203.0.113.1', { 'X-Forwarded-Proto': 'https' });
    expect(https.status).toBe(303);
    const session = cookiesOf(https).lines.find((line) => line.startsWith('plainly_session='))!;
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/HttpOnly/);
    const form = cookiesOf(await request(trusted.app).get('/sign-in').set('X-Forwarded-Proto', 'https')).lines.find((line) => line.startsWith('plainly_signin='))!;
    expect(form).toMatch(/; Secure/);
    // Plain HTTP through the same proxy: not Secure (the browser would not send it back).
    const http = await signIn(trusted, 'alice', PASSWORD, '203.0.113.1');
    expect(cookiesOf(http).lines.find((line) => line.startsWith('plainly_session='))).not.toMatch(/Secure/);

    // Not trusted (the default): anyone can send X-Forwarded-Proto, so it means nothing.
    const untrusted = await webApp();
    const spoofed = await signIn(untrusted, 'alice', PASSWORD, '203.0.113.1', { 'X-Forwarded-Proto': 'https' });
    expect(cookiesOf(spoofed).lines.find((line) => line.startsWith('plainly_session='))).not.toMatch(/Secure/);

    // A proxy that ends TLS but sends no X-Forwarded-Proto: PLAINLY_COOKIE_SECURE=true.
    const always = await webApp({ cookieSecure: true });
    const plain = await signIn(always, 'alice', PASSWORD, '203.0.113.1');
    expect(plain.status).toBe(303);
    expect(cookiesOf(plain).lines.find((line) => line.startsWith('plainly_session='))).toMatch(/; Secure/);
    const signedOut = await request(always.app).post('/sign-out').type('form').send({});
    expect(cookiesOf(signedOut).lines.find((line) => line.startsWith('plainly_session='))).toMatch(/; Secure/);
  });
});

describe('sign-in limits behind one proxy address', () => {
  it(`${SIGN_IN_ATTEMPTS_PER_MINUTE} wrong passwords for one account lock out neither other accounts at that address nor that account elsewhere`, async () => {
    const t = await webApp({ trustProxy: ['loopback'] });
    const office = '198.51.100.20';
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) expect((await signIn(t, 'alice', `guess number ${i}`, office)).status).toBe(401);
    // The attacked account, from the attacker's address: refused before the password is checked.
    const refused = await signIn(t, 'alice', PASSWORD, office);
    expect(refused.status).toBe(429);
    // Someone else in the same office signs in.
    expect((await signIn(t, 'bob', PASSWORD, office)).status).toBe(303);
    // The attacked person, from home, signs in.
    expect((await signIn(t, 'alice', PASSWORD, '192.0.2.44')).status).toBe(303);
    // What the refused person saw: a wait, and why.
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.text).toContain('Too many sign-in attempts for this account');
    // The refused tries were not checked: only the 30 wrong ones are in the audit log.
    expect((await t.store.audit.list({ action: 'user.sign-in-failed', limit: 100 })).length).toBe(SIGN_IN_ATTEMPTS_PER_MINUTE);
  });

  it('without a trusted proxy, X-Forwarded-For is not believed: a made-up address is no way round the limit', async () => {
    const t = await webApp();
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) await signIn(t, 'alice', `guess number ${i}`, `192.0.2.${i + 1}`);
    expect((await signIn(t, 'alice', PASSWORD, '192.0.2.200')).status).toBe(429);
  });

  it('trying many accounts from one address meets the looser per-address limit; refused tries at one account do not use it up', async () => {
    const t = await webApp();
    // Small limits, so the test does not run 300 scrypt checks (the app's are 30 and 300).
    const clock = () => 7_000_000;
    const auth = new Authenticator(t.store, {
      perAccount: new TokenBucketLimiter(t.store.rateCounters, 'test-account', 3, clock),
      perAddress: new TokenBucketLimiter(t.store.rateCounters, 'test-address', 5, clock),
    });
    const attempt = (username: string, address: string, password = 'wrong') =>
      auth.signIn(username, password, address).then(
        (session) => (session ? 'signed in' : 'wrong'),
        (error) => (isAppError(error) ? error.code : 'error'),
      );
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await attempt('alice', 'one-address'));
    expect(results).toEqual(['wrong', 'wrong', 'wrong', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Three refused tries at alice cost the address nothing: two more accounts may be tried, then none.
    expect([await attempt('bob', 'one-address'), await attempt('carol', 'one-address'), await attempt('dave', 'one-address')]).toEqual(['wrong', 'wrong', 'RATE_LIMITED']);
    expect(await attempt('bob', 'another-address', PASSWORD)).toBe('signed in');
  });

  it('wrong secrets for one API token id do not hold up another token from the same address', async () => {
    const t = await webApp({ trustProxy: ['loopback'] });
    const viewerId = t.tokens.viewer.split('_')[1];
    const address = '198.51.100.30';
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) {
      const res = await request(t.app).get('/api/me').set('X-Forwarded-For', address).set('Authorization', `Bearer plainly_${viewerId}_wrong-secret-${i}`);
      expect(res.status).toBe(401);
    }
    const limited = await request(t.app).get('/api/me').set('X-Forwarded-For', address).set('Authorization', `Bearer plainly_${viewerId}_wrong-again`);
    expect(limited.status).toBe(429);
    // A new token (never checked in this process, so it needs the scrypt check) from the same address works.
    const other = await request(t.app).get('/api/me').set('X-Forwarded-For', address).set(t.auth('finance'));
    expect(other.status).toBe(200);
    expect(other.body.role).toBe('finance');
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', limit: 'sign-in' });
  });
});

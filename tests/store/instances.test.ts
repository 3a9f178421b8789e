/**
 * Two instances of the service (two `plainly serve` processes, as on two machines) on one
 * store — a SQLite data directory, or one PostgreSQL database with PLAINLY_TEST_DATABASE_URL —
 * share what must be shared (issue 17): they start together and seed once, a session made on
 * one is good on the other, a token's rate limit is one allowance across both, and an entry
 * approved on one flags text linted on the other within a second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { TEST_DIALECT, type TestStoreLocation, createTestStoreLocation } from './backend.js';

const TOKEN = 'instances-test-admin-token-0123456789';
const PASSWORD = 'instances-test-admin-password';
const PER_MINUTE = 30;

interface Instance {
  child: ChildProcess;
  base: string;
  output: () => string;
}

function start(location: TestStoreLocation): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'serve', '--port', '0', '--workers', '1'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PLAINLY_DATA_DIR: location.dataDir,
      PLAINLY_DATABASE_URL: location.databaseUrl ?? '',
      PLAINLY_BOOTSTRAP_TOKEN: TOKEN,
      PLAINLY_BOOTSTRAP_PASSWORD: PASSWORD,
      PLAINLY_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 150_000);
    child.stdout!.on('data', () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${match[1]}`, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${out}`));
    });
  });
}

let location: TestStoreLocation;
let instances: Instance[] = [];
/** Tokens made once both are up: each test spends its own rate allowance. */
const tokens: Record<'limited' | 'proposer' | 'approver' | 'linter', string> = { limited: '', proposer: '', approver: '', linter: '' };

beforeAll(async () => {
  location = await createTestStoreLocation();
  // Both at once on an empty store: the first start's import must happen once.
  instances = await Promise.all([start(location), start(location)]);
  const roles = { limited: 'viewer', proposer: 'coproduction', approver: 'approver', linter: 'viewer' } as const;
  for (const [key, role] of Object.entries(roles)) {
    const res = await fetch(`${instances[0].base}/api/tokens`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: key, role }) });
    tokens[key as keyof typeof tokens] = ((await res.json()) as { token: string }).token;
  }
}, 200_000);

afterAll(async () => {
  await Promise.all(
    instances.map(
      (instance) =>
        new Promise<void>((resolve) => {
          if (instance.child.exitCode !== null) return resolve();
          instance.child.once('exit', () => resolve());
          instance.child.kill('SIGTERM');
        }),
    ),
  );
  await location.dispose();
}, 60_000);

const api = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

describe(`two instances on one store (${TEST_DIALECT})`, () => {
  it('started together, they seeded the store once: one version of each template, one lexicon version, one admin user', async () => {
    const store = await location.open({ migrate: false });
    try {
      const templates = await store.templates.list();
      expect(templates.length).toBeGreaterThan(0);
      expect(templates.every((t) => t.latestVersion === 1 && t.publishedVersion === 1)).toBe(true);
      expect(await store.lexicon.currentVersion()).toBe(1);
      expect((await store.users.list()).map((u) => u.username)).toEqual(['admin']);
    } finally {
      await store.close();
    }
  });

  it('a session made by signing in on one is good on the other', async () => {
    const [a, b] = instances;
    const form = await fetch(`${a.base}/sign-in`);
    const formCookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    expect(csrf).toBeTruthy();
    const signIn = await fetch(`${a.base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: formCookie },
      body: new URLSearchParams({ username: 'admin', password: PASSWORD, _csrf: csrf! }).toString(),
    });
    expect(signIn.status).toBe(303);
    const session = /plainly_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
    expect(session).toBeTruthy();
    const me = await fetch(`${b.base}/api/me`, { headers: { Cookie: session! } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'user', name: 'admin' });
    expect((await fetch(`${a.base}/api/me`, { headers: { Cookie: 'plainly_session=not-a-session' } })).status).toBe(401);
  });

  it('a token\'s rate limit is one allowance across both instances', async () => {
    const [a, b] = instances;
    const statuses: number[] = [];
    // Alternate between the instances: each alone would allow PER_MINUTE.
    for (let i = 0; i < PER_MINUTE + 10; i++) statuses.push((await fetch(`${(i % 2 ? b : a).base}/api/templates`, { headers: api(tokens.limited) })).status);
    const allowed = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    // The whole burst, plus what refills while the requests run (at most a few seconds' worth).
    expect(allowed).toBeGreaterThanOrEqual(PER_MINUTE - 1);
    expect(allowed).toBeLessThan(PER_MINUTE + 5);
    expect(statuses.slice(PER_MINUTE + 5)).toContain(429);
  }, 60_000);

  it('an entry approved on one flags text linted on the other within a second', async () => {
    const [a, b] = instances;
    const call = (instance: Instance, token: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${instance.base}${route}`, { method, headers: { ...api(token), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = 'We will snorkel your direct payment.';
    const flags = async () => ((await (await call(b, tokens.linter, 'POST', '/api/lint', { text })).json()) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'lexicon/snorkel');
    expect(await flags()).toBe(false);
    const proposed = await call(a, tokens.proposer, 'POST', '/api/lexicon/entries', { id: 'snorkel', terms: ['snorkel'], replace: ['look at'], severity: 'error', reason: 'Nobody knows what it means.', examples: { flag: ['We will snorkel it.'], pass: ['We will look at it.'] } });
    expect(proposed.status).toBe(201);
    const approved = await call(a, tokens.approver, 'POST', '/api/lexicon/entries/snorkel/approve', { comment: 'agreed' }, { 'If-Match': proposed.headers.get('etag') ?? '' });
    expect(approved.status).toBe(200);
    const started = Date.now();
    while (!(await flags())) {
      expect(Date.now() - started).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 120_000);
});

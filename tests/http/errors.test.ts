/**
 * Bad input gets the right 4xx as problem+json with a message that names the problem, and
 * never a stack trace; safety headers, limits, CORS, request ids and log redaction.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/core/index.js';
import { createLogger } from '../../src/http/logger.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.status).toBe(status);
  expect(res.body.title).toBe(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].title);
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.instance).toBe(res.headers['x-request-id']);
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe('bad input', () => {
  it('malformed JSON is 400 and says it is not valid JSON', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).set('Content-Type', 'application/json').send('{"text": "unclosed');
    expectProblem(res, 400, 'BAD_REQUEST');
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('wrong types are 422 naming the field', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).send({ text: 42, profile: 'loud' });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['profile', 'text']);
    expect(res.body.detail).toContain('text');
  });

  it('unknown fields are 422 naming the field', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).send({ text: 'Hello.', colour: 'blue' });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ path: 'colour', message: 'is not a field this request accepts' }]);
  });

  it('a JSON body that is not an object is 422', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).set('Content-Type', 'application/json').send('[1,2]');
    expectProblem(res, 422, 'VALIDATION_FAILED');
  });

  it('a missing body is 422', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer'));
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.detail).toContain('JSON body is needed');
  });

  it('a body that is not JSON is 415', async () => {
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).set('Content-Type', 'text/plain').send('text=hello');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a 10 MB body is 413 and says what the limit is', async () => {
    const big = JSON.stringify({ data: { note: 'a'.repeat(10 * 1024 * 1024) } });
    const res = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).set('Content-Type', 'application/json').send(big);
    expectProblem(res, 413, 'INPUT_TOO_LARGE');
    expect(res.body.detail).toContain('1 MB');
  });

  it('POST /api/lint takes a file as large as the upload limit in base64, and no more', async () => {
    // 10 MB upload limit: base64 makes it 13.3 MB, plus room for the rest of the body.
    const big = JSON.stringify({ text: 'a'.repeat(14 * 1024 * 1024) });
    const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).set('Content-Type', 'application/json').send(big);
    expectProblem(res, 413, 'INPUT_TOO_LARGE');
    expect(res.body.detail).toMatch(/13\.\d+ MB/);
  });

  it('an upload above the upload limit is 413', async () => {
    const small = await createTestApp({ config: { uploadLimitBytes: 1024 } });
    try {
      const res = await request(small.app).post('/api/lexicon/import').set(small.auth('approver')).set('If-Match', '*').set('Content-Type', 'text/csv').send('x'.repeat(5000));
      expectProblem(res, 413, 'INPUT_TOO_LARGE');
    } finally {
      await small.dispose();
    }
  });

  it.each([
    ['/api/lexicon/entries/..%2F..%2Fetc%2Fpasswd', 422],
    ['/api/lexicon/entries/UPPER', 422],
    ['/api/lexicon/entries/a%00b', 422],
    ['/api/lexicon/entries/%3Cscript%3E', 422],
    ['/api/lexicon/entries/no-such-entry', 404],
    ['/api/lexicon/entries/../../etc/passwd', 404],
  ])('an odd id %s is %i with a message', async (path, status) => {
    const res = await request(t.app).get(path).set(t.auth('viewer'));
    expectProblem(res, status, status === 422 ? 'VALIDATION_FAILED' : 'NOT_FOUND');
    if (status === 422) expect(res.body.errors[0].path).toBe('path.id');
  });

  it.each([
    ['/api/templates/..%2F..%2Fetc%2Fpasswd', 'viewer'],
    ['/api/templates/financial-checkup%00', 'viewer'],
    ['/api/templates/%3Cscript%3E/versions', 'viewer'],
    ['/api/documents/..%2F..%2Fetc%2Fpasswd', 'finance'],
    ['/api/documents/not-a-document-id/pdf', 'finance'],
    ['/api/batches/..%2F..', 'finance'],
  ] as const)('an odd template, document or batch id %s is 422 naming path.id', async (path, role) => {
    const res = await request(t.app).get(path).set(t.auth(role));
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.errors[0].path).toBe('path.id');
  });

  it('an unknown API path is a 404 problem', async () => {
    const res = await request(t.app).get('/api/nothing-here').set(t.auth('viewer'));
    expectProblem(res, 404, 'NOT_FOUND');
  });

  it('a version that does not exist is 404', async () => {
    const res = await request(t.app).get('/api/lexicon/versions/424242').set(t.auth('viewer'));
    expectProblem(res, 404, 'NOT_FOUND');
    expect(res.body.detail).toContain('424242');
  });

  it('an unknown query parameter is 422', async () => {
    const res = await request(t.app).get('/api/lexicon/history?colour=blue').set(t.auth('viewer'));
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.errors[0].path).toBe('query.colour');
  });
});

describe('tokens', () => {
  it('a malformed Authorization header is 401', async () => {
    const res = await request(t.app).get('/api/me').set('Authorization', 'Basic dXNlcjpwYXNz');
    expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(res.body.detail).toContain('Bearer');
  });

  it('a token with the right id and a wrong secret is 401', async () => {
    const id = t.tokens.viewer.split('_')[1];
    const res = await request(t.app).get('/api/me').set('Authorization', `Bearer plainly_${id}_${'x'.repeat(43)}`);
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('POST /api/tokens returns the token once; it works; revoked, it is 401 at once', async () => {
    const created = await request(t.app).post('/api/tokens').set(t.auth('admin')).send({ name: 'finance system', role: 'finance' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^plainly_[a-z0-9]{12}_/);
    expect(created.headers['cache-control']).toBe('no-store');
    const me = await request(t.app).get('/api/me').set('Authorization', `Bearer ${created.body.token}`);
    expect(me.body).toMatchObject({ kind: 'token', name: 'finance system', role: 'finance' });
    const list = await request(t.app).get('/api/tokens').set(t.auth('admin'));
    expect(JSON.stringify(list.body)).not.toContain((created.body.token as string).slice('plainly_'.length + 13)); // the secret (it may hold "_")
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
    const revoked = await request(t.app).delete(`/api/tokens/${created.body.id}`).set(t.auth('admin'));
    expect(revoked.body.revoked).toBe(true);
    const after = await request(t.app).get('/api/me').set('Authorization', `Bearer ${created.body.token}`);
    expectProblem(after, 401, 'UNAUTHENTICATED');
    expect(after.body.detail).toContain('revoked');
    // Making and revoking are in the audit log, by whom, without the secret.
    const audit = await request(t.app).get(`/api/audit?targetType=token&targetId=${created.body.id}`).set(t.auth('admin'));
    expect(audit.body.events.map((e: { action: string }) => e.action).sort()).toEqual(['token.create', 'token.revoke']);
    expect(JSON.stringify(audit.body)).not.toContain((created.body.token as string).slice('plainly_'.length + 13));
  });

  it('tokens are stored only as scrypt hashes', async () => {
    const rows = await t.store.db.selectFrom('api_tokens').select(['secret_hash']).execute();
    for (const row of rows) {
      expect(row.secret_hash).toMatch(/^scrypt\$/);
      for (const token of Object.values(t.tokens)) expect(row.secret_hash).not.toContain(token);
    }
  });
});

describe('users', () => {
  it('admin creates a user; passwords are hashed; a short password is refused; disabling works', async () => {
    const short = await request(t.app).post('/api/users').set(t.auth('admin')).send({ username: 'sam', displayName: 'Sam', role: 'policy', password: 'short' });
    expectProblem(short, 422, 'VALIDATION_FAILED');
    const created = await request(t.app).post('/api/users').set(t.auth('admin')).send({ username: 'sam', displayName: 'Sam Jones', role: 'policy', password: 'a long pass phrase' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const dup = await request(t.app).post('/api/users').set(t.auth('admin')).send({ username: 'sam', displayName: 'Sam', role: 'policy', password: 'another pass phrase' });
    expectProblem(dup, 409, 'CONFLICT');
    expect(await t.store.users.verifyPassword('sam', 'a long pass phrase')).toMatchObject({ username: 'sam' });
    expect(await t.store.users.verifyPassword('sam', 'wrong pass phrase')).toBeUndefined();
    const disabled = await request(t.app).patch(`/api/users/${created.body.id}`).set(t.auth('admin')).send({ disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect(await t.store.users.verifyPassword('sam', 'a long pass phrase')).toBeUndefined();
  });
});

describe('sessions (for the web pages)', () => {
  it('a session cookie signs in; a change without the CSRF token is refused', async () => {
    await t.store.users.create({ actor: { kind: 'system', id: 'system', name: 'test', role: 'system' } }, { username: 'webby', displayName: 'Web', role: 'coproduction', password: 'correct horse battery' });
    const session = await t.context.auth.signIn('webby', 'correct horse battery', 'test');
    expect(session).toBeDefined();
    const cookie = `plainly_session=${session!.sessionId}`;
    const me = await request(t.app).get('/api/me').set('Cookie', cookie);
    expect(me.body).toMatchObject({ kind: 'user', name: 'webby', role: 'coproduction' });
    const noCsrf = await request(t.app).post('/api/lint').set('Cookie', cookie).send({ text: 'Hello.' });
    expectProblem(noCsrf, 403, 'FORBIDDEN');
    const withCsrf = await request(t.app).post('/api/lint').set('Cookie', cookie).set('X-CSRF-Token', session!.csrfToken).send({ text: 'Hello.' });
    expect(withCsrf.status).toBe(200);
    await t.context.auth.signOut(session!.sessionId);
    const after = await request(t.app).get('/api/me').set('Cookie', cookie);
    expectProblem(after, 401, 'UNAUTHENTICATED');
  });
});

describe('rate limit', () => {
  it('a token over its limit gets 429 with Retry-After; another token is unaffected', async () => {
    let clock = 1_000_000;
    const limited = await createTestApp({ config: { rateLimitPerMinute: 3 }, rateNow: () => clock });
    try {
      for (let i = 0; i < 3; i++) expect((await request(limited.app).get('/api/me').set(limited.auth('viewer'))).status).toBe(200);
      const res = await request(limited.app).get('/api/me').set(limited.auth('viewer'));
      expectProblem(res, 429, 'RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBe(20);
      expect((await request(limited.app).get('/api/me').set(limited.auth('finance'))).status).toBe(200);
      clock += 20_000;
      expect((await request(limited.app).get('/api/me').set(limited.auth('viewer'))).status).toBe(200);
    } finally {
      await limited.dispose();
    }
  });
});

describe('headers', () => {
  it('sets helmet headers, a request id, no-store on the API, and no CORS by default', async () => {
    const res = await request(t.app).get('/api/me').set(t.auth('viewer')).set('Origin', 'https://elsewhere.example');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps a well-formed X-Request-Id from the caller', async () => {
    const res = await request(t.app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const odd = await request(t.app).get('/healthz').set('X-Request-Id', 'no spaces allowed');
    expect(odd.headers['x-request-id']).not.toBe('no spaces allowed');
  });

  it('CORS answers only the configured origins', async () => {
    const cors = await createTestApp({ config: { corsOrigins: ['https://finance.example.gov.uk'] } });
    try {
      const preflight = await request(cors.app)
        .options('/api/lint')
        .set('Origin', 'https://finance.example.gov.uk')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://finance.example.gov.uk');
      expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
      const other = await request(cors.app).get('/api/me').set(cors.auth('viewer')).set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.dispose();
    }
  });
});

describe('logs', () => {
  it('hold the request id, path and status, but no token, body, query or personal data', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp({ logger: createLogger('info', sink) });
    try {
      const secret = 'Mrs Edith Crawley of 12 Acacia Avenue';
      await request(logged.app).post('/api/lint?name=Edith').set(logged.auth('finance')).send({ text: `Dear ${secret}, we will audit you.` });
      await request(logged.app).post('/api/lint').set(logged.auth('finance')).send({ text: secret, colour: 'x' });
      await request(logged.app).get('/api/me').set('Authorization', 'Bearer not-a-real-token-but-secret-looking');
      const traced = await request(logged.app).post('/api/lint').set(logged.auth('finance')).set('X-Request-Id', 'trace-me-42').send({ text: 'Hello.' });
      expect(traced.headers['x-request-id']).toBe('trace-me-42');
      const all = lines.join('');
      expect(all).toContain('trace-me-42');
      expect(all).toContain('POST /api/lint 200');
      expect(all).toContain('VALIDATION_FAILED');
      expect(all).not.toContain('Edith');
      expect(all).not.toContain('Acacia');
      expect(all).not.toContain(logged.tokens.finance);
      // The secret part: everything after "plainly_<id>_" (base64url, so it may hold "_" itself).
      const secretPart = logged.tokens.finance.slice('plainly_'.length).replace(/^[a-z0-9]+_/, '');
      expect(secretPart.length).toBeGreaterThan(40);
      expect(all).not.toContain(secretPart);
      expect(all).not.toContain('not-a-real-token');
      expect(all).not.toMatch(/authorization/i);
    } finally {
      await logged.dispose();
    }
  });

  it('redact personal data and secrets even when they are logged by mistake, at the top and one level down', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ data: { name: 'Edith Crawley' }, token: 'tok-secret', password: 'hunter22' }, 'top');
    logger.info({ row: { recipient: { name: 'Edith Crawley' }, address: ['12 Acacia Avenue'], data: 'Edith', token: 'tok-secret', password: 'hunter22', body: 'Edith', name: 'Edith' } }, 'nested');
    const all = lines.join('');
    expect(all).toContain('[redacted]');
    for (const secret of ['Edith', 'Acacia', 'tok-secret', 'hunter22']) expect(all).not.toContain(secret);
  });
});

describe('properties', () => {
  it('any JSON body to POST /api/lint gets 200 or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).set('Content-Type', 'application/json').send(JSON.stringify(value));
        expect(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('any lint text (Unicode, control characters, huge words) gets 200 with findings inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constantFrom('text', 'markdown', 'template'), async (text, format) => {
        const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).send({ text, format });
        expect(res.status).toBe(200);
        for (const finding of res.body.findings) {
          expect(finding.start.offset).toBeGreaterThanOrEqual(0);
          expect(finding.end.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('any path segment as an entry id gets 200, 404 or 422, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 100 }), async (id) => {
        const res = await request(t.app).get(`/api/lexicon/entries/${encodeURIComponent(id)}`).set(t.auth('viewer'));
        expect([200, 404, 422]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  });
});

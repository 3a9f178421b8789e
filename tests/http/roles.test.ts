/**
 * Every route × every role: 401 without a token (or with a bad one), 403 for each role the
 * route does not allow, and never 401/403 for a role it does allow.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows } from '../../src/http/auth.js';
import { allRoutes } from '../../src/http/routes/index.js';
import type { AnyRoute } from '../../src/http/routes/registry.js';
import { ROLES } from '../../src/store/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

/** A concrete URL for a route pattern (ids that pass or fail validation: both are fine here). */
function concrete(route: AnyRoute): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => (['version', 'a', 'b'].includes(name) ? '1' : 'no-such-thing'));
}

function send(route: AnyRoute, headers: Record<string, string> = {}) {
  const agent = request(t.app);
  const req = agent[route.method](concrete(route));
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req;
}

const routes = allRoutes();

describe('route declarations', () => {
  it('every route declares who may call it, and none is public under /api except docs', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.path}`).toBeDefined();
      expect(route.access, `${route.method} ${route.path}`).not.toBe('public');
      expect(route.path.startsWith('/api/')).toBe(true);
    }
  });
});

describe.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('%s', (_name, route) => {
  it('is 401 without a token', async () => {
    const res = await send(route);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('is 401 with a token that is not valid', async () => {
    const res = await send(route, { Authorization: 'Bearer plainly_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect(res.status).toBe(401);
  });

  it.each(ROLES.map((role) => [role]))('role %s gets the right answer', async (role) => {
    const res = await send(route, { Authorization: `Bearer ${t.tokens[role]}` });
    if (allows(route.access, role)) {
      expect([401, 403], `${role} should be allowed (got ${res.status}: ${res.body?.detail})`).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.detail).toContain(role);
    }
  });
});

describe('public endpoints', () => {
  it.each(['/healthz', '/readyz', '/api/openapi.json', '/api/docs'])('%s needs no token', async (path) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBe(200);
  });

  it('/readyz answers 503 (problem+json NOT_READY) once the app is draining for shutdown, and when the store cannot be reached', async () => {
    const draining = await createTestApp();
    try {
      expect((await request(draining.app).get('/readyz')).status).toBe(200);
      draining.drain();
      const res = await request(draining.app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'NOT_READY', detail: 'The service is shutting down.' });
      expect((await request(draining.app).get('/healthz')).status).toBe(200); // alive, just not taking work
    } finally {
      await draining.dispose();
    }
    const unreachable = await createTestApp();
    try {
      unreachable.store.ping = async () => false;
      const res = await request(unreachable.app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'NOT_READY', detail: 'The store cannot be reached.' });
    } finally {
      await unreachable.dispose();
    }
  });
});

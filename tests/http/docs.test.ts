/**
 * The OpenAPI document is generated from the same route declarations that validate requests,
 * and the readable docs page works in a real browser under the app's Content-Security-Policy.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, PROJECT_ROOT } from '../../src/core/index.js';
import { allRoutes } from '../../src/http/routes/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

describe('OpenAPI', () => {
  it('documents every route with its method, parameters, security and error responses', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of allRoutes()) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['401']).toBeDefined();
      expect(operation.responses['403']).toBeDefined();
      for (const name of route.path.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        expect(operation.parameters.some((p: { in: string; name: string }) => p.in === 'path' && p.name === name.slice(1)), `${path} ${name}`).toBe(true);
      }
      if (route.body) expect(operation.requestBody.content['application/json'].schema).toBeDefined();
    }
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(doc.info.description).toContain(code);
  });

  it('uses the validation schemas: the lint request schema has its fields and limits', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    const lint = doc.components.schemas.LintRequest;
    expect(lint.properties.text.maxLength).toBe(200_000);
    expect(lint.properties.profile.enum).toEqual(['standard', 'easy-read']);
    expect(lint.additionalProperties).toBe(false);
    expect(doc.components.schemas.Finding.properties.ruleId).toBeDefined();
    expect(doc.components.schemas.LexiconEntry.properties.severity.enum).toEqual(['error', 'warning', 'suggestion']);
  });
});

describe('docs/api.md', () => {
  it('lists every route with who may call it', () => {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/api.md'), 'utf8');
    for (const route of allRoutes()) {
      const who = route.access === 'public' ? 'public' : route.access === 'any' ? 'any role' : [...route.access, 'admin'].join(', ');
      expect(text, `${route.method.toUpperCase()} ${route.path}`).toContain(`| \`${route.method.toUpperCase()} ${route.path}\` | ${who} |`);
    }
    for (const code of Object.keys(ERROR_CATALOGUE).filter((c) => c !== 'USAGE')) {
      expect(text, code).toContain(`| \`${code}\` |`);
    }
  });
});

describe('/api/docs', () => {
  it('serves the page and Swagger UI from node_modules, with no inline script', async () => {
    const page = await request(t.app).get('/api/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const bundle = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    const missing = await request(t.app).get('/api/docs/assets/../../package.json');
    expect(missing.status).toBe(404);
  });

  it('renders the operations in headless Chromium without CSP violations', async () => {
    const server = t.app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/api/docs`);
      await page.waitForSelector('.opblock', { timeout: 20_000 });
      const operations = await page.locator('.opblock').count();
      expect(operations).toBe(allRoutes().length);
      expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

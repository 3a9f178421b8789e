/**
 * The contract for integrators (issue 17 item 6): every operation in /api/openapi.json has a
 * stable, unique operationId and the document names its license; it lints clean with Redocly's
 * recommended rules; and the TypeScript client generated from it is committed up to date and
 * compiles, its types refusing calls the API does not take.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { API_LICENSE, OPERATION_IDS, buildOpenApi, operationKey } from '../../src/http/openapi.js';
import { type AnyRoute, allRoutes, defineRoute } from '../../src/http/routes/index.js';
import { CLIENT_SCHEMA_FILE, clientSchemaSource } from '../../scripts/generate-client.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const run = promisify(execFile);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** The verbs an operationId may start with; a new one is a deliberate choice, made here. */
const VERBS = ['lint', 'list', 'get', 'save', 'publish', 'compare', 'check', 'render', 'start', 'propose', 'retire', 'approve', 'reject', 'validate', 'analyse', 'export', 'import', 'change', 'create', 'revoke', 'update'];

interface Operation {
  operationId?: string;
}
interface ApiDocument {
  info: { license?: { name: string; identifier?: string; url?: string } };
  paths: Record<string, Record<string, Operation>>;
}
interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

let t: TestApp;
let served: ApiDocument;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-openapi-'));

beforeAll(async () => {
  t = await createTestApp();
  const res = await request(t.app).get('/api/openapi.json');
  expect(res.status).toBe(200);
  served = res.body as ApiDocument;
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every operation in a document, with where it is. */
function operations(doc: ApiDocument): { where: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${p}`, operation })),
  );
}

/** `redocly lint` with the recommended rules on a document: its problems (errors and warnings). */
async function redoclyLint(doc: unknown, name: string): Promise<{ totals: { errors: number; warnings: number }; problems: LintProblem[] }> {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  const cli = path.join(PROJECT_ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  // Exit 1 when there are errors: the JSON report is on stdout either way.
  const out = await run(process.execPath, [cli, 'lint', '--extends=recommended', '--format=json', file], { cwd: tmp, env, maxBuffer: 32 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(out.stdout);
}

describe('operationIds', () => {
  it('every operation has one: unique, camelCase, starting with a verb', () => {
    const all = operations(served);
    expect(all.length).toBe(allRoutes().length);
    const seen = new Map<string, string>();
    for (const { where, operation } of all) {
      const id = operation.operationId;
      expect(id, where).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(VERBS.some((verb) => id!.startsWith(verb) && /^[A-Z]|^$/.test(id!.slice(verb.length))), `${where}: ${id} starts with a verb`).toBe(true);
      expect(seen.get(id!), `${id} is used by ${seen.get(id!)} and ${where}`).toBeUndefined();
      seen.set(id!, where);
    }
  });

  it('are declared for existing routes only (none left over from a removed route)', () => {
    const routes = new Set(allRoutes().map(operationKey));
    expect(Object.keys(OPERATION_IDS).filter((key) => !routes.has(key))).toEqual([]);
  });

  it('a route without one is refused, naming the route and where to add it', () => {
    const stray: AnyRoute = defineRoute({
      method: 'get',
      path: '/api/stray/:id',
      summary: 'A route nobody named',
      tags: ['Test'],
      access: 'any',
      responses: { 200: { description: 'ok' } },
      handler: async () => {},
    });
    expect(() => buildOpenApi([...allRoutes(), stray], '0.0.0')).toThrow(/GET \/api\/stray\/:id has no operationId: add one to OPERATION_IDS in src\/http\/openapi\.ts/);
  });
});

describe('license', () => {
  it("names the project's license (package.json) as an SPDX identifier", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(served.info.license).toEqual({ name: pkg.license, identifier: pkg.license });
    expect(API_LICENSE.identifier).toBe(pkg.license);
  });
});

describe('redocly lint (recommended rules)', () => {
  it('finds no error and no warning in the served document', async () => {
    const report = await redoclyLint(served, 'served');
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('reports what the contract forbids: an operation without an operationId, a document without a license', async () => {
    const broken = structuredClone(served);
    delete broken.paths['/api/lint']!.post!.operationId;
    delete broken.info.license;
    const report = await redoclyLint(broken, 'broken');
    const found = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(found).toContain('operation-operationId #/paths/~1api~1lint/post/operationId');
    expect(found.some((f) => f.startsWith('info-license '))).toBe(true);
    expect(report.totals.warnings).toBe(2);
  }, 120_000);
});

describe('the generated TypeScript client (clients/typescript)', () => {
  it('schema.d.ts is what npm run client:generate writes from the current document', async () => {
    const committed = fs.readFileSync(CLIENT_SCHEMA_FILE, 'utf8');
    const fresh = await clientSchemaSource();
    // On failure: run `npm run client:generate` and commit clients/typescript/schema.d.ts.
    expect(committed === fresh, 'clients/typescript/schema.d.ts is out of date: run npm run client:generate').toBe(true);
    for (const id of Object.values(OPERATION_IDS)) expect(fresh).toContain(`    ${id}: {`);
  }, 120_000);

  it('type-checks (tsc), and its types refuse the mistakes in example.ts', async () => {
    const tsc = path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(PROJECT_ROOT, 'clients/typescript/tsconfig.json'), '--pretty', 'false'], { cwd: PROJECT_ROOT }).then(
      (out) => ({ code: 0, output: out.stdout + out.stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
    // The mistakes are there to be refused: an unused @ts-expect-error is itself an error.
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'clients/typescript/example.ts'), 'utf8').match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(7);
  }, 120_000);
});

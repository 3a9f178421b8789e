/**
 * Issue 14, end to end: "audit" and "misspent" put into the prepaid-card branch of the
 * financial checkup (which its example does not take) are found by the one check wherever it
 * runs — `plainly templates check` exits 1 naming the branch; the API's version check and
 * publishing refuse it over HTTP naming the branch and the editor's line; the web pages'
 * publish gate agrees — and the preview of the published version is not stamped DRAFT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { Previews } from '../../src/web/previews.js';
import { findingLinesOf, publishBlockers } from '../../src/web/template-service.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const FILE = 'templates/letters/financial-checkup.md';
const SOURCE = fs.readFileSync(path.join(PROJECT_ROOT, FILE), 'utf8');
const PREPAID = 'Your direct payment is paid on a prepaid card, so we can already see how the money was used.';
const BAD = SOURCE.replace(PREPAID, `${PREPAID} We will audit it and tell you if money was misspent.`);
const LINE = BAD.split('\n').findIndex((line) => line.includes('We will audit it')) + 1;

describe('plainly templates check', () => {
  it('exits 1 naming the branch and the line of the template file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-branches-'));
    try {
      fs.cpSync(path.join(PROJECT_ROOT, 'templates', 'partials'), path.join(dir, 'partials'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'financial-checkup.md'), BAD);
      const out: string[] = [];
      const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), readStdin: async () => Buffer.alloc(0), cwd: dir, isTTY: false };
      const code = await main(['node', 'plainly', 'templates', 'check', '--templates', dir], io);
      const stdout = out.join('');
      expect(code).toBe(1);
      expect(stdout).toContain('✗ financial-checkup');
      expect(stdout).toMatch(new RegExp(`financial-checkup\\.md:${LINE}:\\d+ error lexicon/audit "audit" \\(when prepaidCard is true\\)`));
      expect(stdout).toMatch(new RegExp(`financial-checkup\\.md:${LINE}:\\d+ error lexicon/misspent "misspent" \\(when prepaidCard is true\\)`));
      expect(stdout).toContain('1 templates checked; 1 with errors.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the API and the web pages', () => {
  let t: TestApp;
  let version: number;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("a saved version's check names the branch and the editor's line, with the page rules applied", async () => {
    const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: BAD });
    expect(saved.status).toBe(201);
    version = saved.body.version;
    const check = saved.body.check;
    expect(check.ok).toBe(false);
    const audit = check.findings.find((f: { ruleId: string }) => f.ruleId === 'lexicon/audit');
    expect(audit).toMatchObject({ severity: 'error', branch: 'when prepaidCard is true', start: { line: LINE }, origin: { kind: 'template', line: LINE } });
    // The version check lays out the PDF as publishing does (it used to skip the page rules).
    expect(check.pages).toBeGreaterThan(0);
    expect(check.examples.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['example', 'prepaid card', 'prepaidCard: true']));
    // The shipped, published version passes in every branch.
    const published = await request(t.app).get('/api/templates/financial-checkup/versions/1').set(t.auth('viewer'));
    expect(published.body.check).toMatchObject({ ok: true, unreached: [] });
  }, 120_000);

  it('publishing is refused over HTTP, naming the branch and the line', async () => {
    const refused = await request(t.app).post(`/api/templates/financial-checkup/versions/${version}/publish`).set(t.auth('policy')).set('If-Match', '*').send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('BLOCKED_BY_FINDINGS');
    expect(refused.body.detail).toContain(`"audit" on line ${LINE} (lexicon/audit) when prepaidCard is true`);
    expect(refused.body.detail).toContain(`"misspent" on line ${LINE} (lexicon/misspent) when prepaidCard is true`);
    expect(refused.body.findings.filter((f: { severity: string }) => f.severity === 'error').every((f: { branch?: string }) => f.branch === 'when prepaidCard is true')).toBe(true);
    const record = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'));
    expect(record.body.publishedVersion).toBe(1);
  }, 120_000);

  it("the web pages' publish gate is the same check, with the same lines", async () => {
    const blockers = await publishBlockers(t.context, 'financial-checkup', version);
    expect(blockers.map((f) => f.ruleId).sort()).toEqual(['lexicon/audit', 'lexicon/misspent']);
    const lines = findingLinesOf(blockers, `db:financial-checkup@${version}`);
    expect(lines.map((l) => `${l.where} ${l.branch}`)).toEqual([`on line ${LINE} when prepaidCard is true`, `on line ${LINE} when prepaidCard is true`]);
  }, 120_000);

  it('the preview of the published version is not stamped DRAFT; a draft version is', async () => {
    const previews = new Previews(t.context, async () => Buffer.alloc(0));
    const published = await previews.document('financial-checkup', 1, 'html');
    expect(published.draft).toBe(false);
    expect(published.body.toString('utf8')).not.toContain('DRAFT');
    const draft = await previews.document('financial-checkup', version, 'html');
    expect(draft.draft).toBe(true);
    expect(draft.body.toString('utf8')).toContain('DRAFT — not checked');
  }, 120_000);
});

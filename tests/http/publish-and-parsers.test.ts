/**
 * A publish names the version it replaces (If-Match: 428 without, 412 when someone published
 * first, nothing changed); DELETE of a lexicon entry needs no body; YAML alias bombs in a
 * lexicon import or a template's front matter are a 4xx naming the place, never a 500.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
const SOURCE = fs.readFileSync(path.join(PROJECT_ROOT, 'templates/letters/financial-checkup.md'), 'utf8');

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

async function saveDraft(change: string): Promise<number> {
  const saved = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source: SOURCE.replace('From time to time', change) });
  expect(saved.status).toBe(201);
  return saved.body.version;
}

describe('publishing names the version it replaces', () => {
  it('needs If-Match (428), refuses a stale one (412) and changes nothing, and says what it replaced', async () => {
    const first = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'));
    expect(first.headers.etag).toBe('"template-financial-checkup.p1.v1"');
    const seenByAmina = first.headers.etag;
    const seenByBen = first.headers.etag;
    const v2 = await saveDraft('Every so often');
    const v3 = await saveDraft('Now and then');

    const bare = await request(t.app).post(`/api/templates/financial-checkup/versions/${v2}/publish`).set(t.auth('policy')).send({});
    expect(bare.status).toBe(428);
    expect(bare.headers['content-type']).toContain('application/problem+json');
    expect(bare.body.detail).toContain('If-Match');

    // Saving drafts meanwhile is no conflict: only the published version counts.
    const amina = await request(t.app).post(`/api/templates/financial-checkup/versions/${v2}/publish`).set(t.auth('policy')).set('If-Match', seenByAmina).send({ comment: 'signed off' });
    expect(amina.status).toBe(200);
    expect(amina.body.replaced).toBe(1);
    expect(amina.headers.etag).toBe(`"template-financial-checkup.p${v2}.v${v3}"`);

    const ben = await request(t.app).post(`/api/templates/financial-checkup/versions/${v3}/publish`).set(t.auth('policy')).set('If-Match', seenByBen).send();
    expect(ben.status).toBe(412);
    expect(ben.body.detail).toContain(`Someone published version ${v2}`);
    const now = await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'));
    expect(now.body.publishedVersion).toBe(v2);

    // The audit log names the version each publish replaced.
    const audit = await request(t.app).get('/api/audit?action=template.publish&targetId=financial-checkup').set(t.auth('admin'));
    expect(audit.status).toBe(200);
    expect(audit.body.events[0].detail).toMatchObject({ version: v2, replaces: 1 });

    const another = await request(t.app).post(`/api/templates/financial-checkup/versions/${v3}/publish`).set(t.auth('policy')).set('If-Match', '"template-other-letter.p1.v1"').send();
    expect(another.status).toBe(412);
    const star = await request(t.app).post(`/api/templates/financial-checkup/versions/${v3}/publish`).set(t.auth('policy')).set('If-Match', '*').send();
    expect(star.status).toBe(200);
    expect(star.body.replaced).toBe(v2);
  });
});

describe('retiring a lexicon entry', () => {
  it('DELETE needs no body', async () => {
    const current = await request(t.app).get('/api/lexicon/entries/misspent').set(t.auth('viewer'));
    expect(current.status).toBe(200);
    const res = await request(t.app).delete('/api/lexicon/entries/misspent').set(t.auth('approver')).set('If-Match', current.headers.etag);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('retired');
  });
});

/** A "billion laughs": each line doubles the one before through aliases. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

describe('YAML aliases are refused before they are expanded', () => {
  it('a lexicon import with an alias bomb is a 422 naming file:line:col', async () => {
    const yaml = `- id: lol\n  terms: [lol]\n  replace: []\n  severity: warning\n  reason: x\n  examples: {flag: [lol], pass: [ok]}\n  bomb:\n${aliasBomb(9)
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}\n`;
    const started = Date.now();
    const res = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '*').set('Content-Type', 'application/yaml').send(yaml);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toMatch(/aliases \(\*name\) are not allowed/);
    expect(JSON.stringify(res.body)).toMatch(/:9:\d+/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a template with an alias bomb in its front matter is saved as a draft that does not compile, naming the line', async () => {
    const source = SOURCE.replace(/^---\n/, `---\n${aliasBomb(9)}\n`);
    const res = await request(t.app).put('/api/templates/financial-checkup').set(t.auth('policy')).send({ source });
    expect(res.status).toBeLessThan(500);
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/aliases \(\*name\) are not allowed/);
    expect(text).toMatch(/financial-checkup[^"]*:3:\d+/);
  });
});

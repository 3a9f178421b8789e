import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { ENGLISH_ONLY } from '../../src/lint/index.js';
import { readPdf } from '../helpers/pdf.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/templates');

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readStdin: async () => Buffer.alloc(0), cwd, isTTY: false };
  return { io: value, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-cli-'));
const run = async (...args: string[]) => {
  const streams = io(dir);
  const code = await main(['node', 'plainly', ...args], streams.io);
  return { code, stdout: streams.out.join(''), stderr: streams.err.join('') };
};
const data = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};
const good = { reference: 'DP-1', letterDate: '2021-01-31', recipient: { name: 'Sam Jones', address: ['1 High Street', 'Northmoor', 'NM1 1AA'] }, amount: 500, days: 2, documents: ['Receipts'] };

describe('plainly render', () => {
  it('writes a PDF and exits 0', async () => {
    const result = await run('render', 'simple-letter', '--example', '--templates', FIXTURES, '--out', 'out.pdf');
    expect(result.code).toBe(0);
    const facts = await readPdf(fs.readFileSync(path.join(dir, 'out.pdf')));
    expect(facts.text).toContain('Dear Sam Jones');
  });

  it('writes html and text from --data', async () => {
    expect((await run('render', 'simple-letter', '--data', data('good.json', good), '--templates', FIXTURES, '--format', 'html', '--out', 'x.html')).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'x.html'), 'utf8')).toContain('<!DOCTYPE html>');
    expect((await run('render', 'simple-letter', '--data', data('good.json', good), '--templates', FIXTURES, '--format', 'text', '--out', 'x.txt')).code).toBe(0);
  });

  it('exits 1 with the findings printed when blocked, and renders a draft', async () => {
    const file = data('audit.json', { ...good, note: 'This is your annual audit.' });
    const blocked = await run('render', 'simple-letter', '--data', file, '--templates', FIXTURES, '--out', 'blocked.pdf');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('lexicon/audit "audit" (from the data field note)');
    expect(fs.existsSync(path.join(dir, 'blocked.pdf'))).toBe(false);
    const draft = await run('render', 'simple-letter', '--data', file, '--templates', FIXTURES, '--draft', '--out', 'draft.pdf');
    expect(draft.code).toBe(0);
    expect((await readPdf(fs.readFileSync(path.join(dir, 'draft.pdf')))).text).toContain('DRAFT — not checked');
  });

  it('exits 2 naming every bad field', async () => {
    const file = data('bad.json', { ...good, letterDate: '2021-02-30', amount: '-£5', extra: 1 });
    const result = await run('render', 'simple-letter', '--data', file, '--templates', FIXTURES);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('letterDate: is not a real date');
    expect(result.stderr).toContain('amount: The amount must not be negative');
    expect(result.stderr).toContain('extra: is not a field of this template');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 for usage errors and unknown templates', async () => {
    expect((await run('render', 'simple-letter', '--templates', FIXTURES)).code).toBe(2);
    expect((await run('render', 'simple-letter', '--example', '--data', 'x.json', '--templates', FIXTURES)).code).toBe(2);
    expect((await run('render', 'simple-letter', '--example', '--format', 'docx', '--templates', FIXTURES)).code).toBe(2);
    const missing = await run('render', 'nope', '--example', '--templates', FIXTURES);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no template "nope"');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    expect((await run('render', 'simple-letter', '--data', 'broken.json', '--templates', FIXTURES)).stderr).toContain('not valid JSON');
  });
});

describe('a template in Welsh', () => {
  const welsh = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-cy-'));
  fs.writeFileSync(path.join(welsh, 'croeso.md'), '---\nid: croeso\ntitle: Croeso\nkind: leaflet\nprofile: standard\nlayout: document\nlang: cy\nfields:\n  when: { type: date }\nexample:\n  when: 2021-03-01\n---\n# Croeso\n\nByddwn yn eich ffonio ar {{date when}}.\n');

  it('render and templates check say which English-only rules were not applied', async () => {
    const rendered = await run('render', 'croeso', '--example', '--templates', welsh, '--format', 'html', '--out', 'croeso.html');
    expect(rendered.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'croeso.html'), 'utf8')).toContain('<html lang="cy-GB"');
    expect(rendered.stderr).toContain(`Not checked (these rules work only in English; this document is in "cy"): ${ENGLISH_ONLY.join(', ')}.`);
    const checked = await run('templates', 'check', '--templates', welsh);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`Not checked (these rules work only in English; this document is in "cy"): ${ENGLISH_ONLY.join(', ')}.`);
    // English documents say nothing of the kind.
    expect((await run('render', 'simple-letter', '--example', '--templates', FIXTURES, '--format', 'text', '--out', 'en.txt')).stderr).not.toContain('Not checked');
  });
});

describe('plainly templates', () => {
  it('lists templates as text and JSON', async () => {
    const json = await run('templates', 'list', '--format', 'json', '--templates', FIXTURES);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { templates: { id: string; kind: string; profile: string; lang: string; fields: object }[] };
    expect(parsed.templates[0]).toMatchObject({ id: 'simple-letter', kind: 'letter', profile: 'standard', lang: 'en' });
    expect(Object.keys(parsed.templates[0].fields)).toContain('recipient');
    expect((await run('templates', 'list', '--templates', FIXTURES)).stdout).toContain('simple-letter');
  });

  it('shows one template', async () => {
    const shown = await run('templates', 'show', 'simple-letter', '--format', 'json', '--templates', FIXTURES);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'simple-letter', example: { reference: 'DP-1' } });
    expect((await run('templates', 'show', 'simple-letter', '--templates', FIXTURES)).stdout).toContain('recipient.address (address)');
  });

  it('checks every template with its example: 0 when clean, 1 with errors', async () => {
    const clean = await run('templates', 'check', '--templates', FIXTURES);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('✓ simple-letter');
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-tpl-'));
    fs.writeFileSync(path.join(broken, 'bad.md'), '---\nid: bad\ntitle: Bad\nkind: guide\nprofile: standard\nlayout: document\nfields: {}\nexample: {}\n---\n# Your audit\n\nWe will audit you.\n');
    fs.writeFileSync(path.join(broken, 'worse.md'), '---\nid: worse\ntitle: Worse\nkind: guide\nprofile: standard\nlayout: document\nfields: {}\n---\n# Hi {{shout}}\n');
    const result = await run('templates', 'check', '--templates', broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ bad');
    expect(result.stdout).toMatch(/worse\.md.*cannot be loaded/);
    expect(result.stdout).toContain('example: is missing');
  });
});

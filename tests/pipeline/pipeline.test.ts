import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Finding } from '../../src/core/index.js';
import { checkDocument, createPipelineContext, defaultPipelineContext, type PipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { ENGLISH_ONLY } from '../../src/lint/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { testLetter } from '../helpers/letter-template.js';
import { readPdf } from '../helpers/pdf.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/templates');
let ctx: PipelineContext;

const base = {
  reference: 'DP-1',
  letterDate: '2021-01-31',
  recipient: { name: 'Sam Jones', address: ['1 High Street', 'Northmoor', 'NM1 1AA'] },
  amount: 123456,
  days: 3,
  documents: ['Bank statements', 'Receipts'],
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

beforeAll(() => {
  ctx = createPipelineContext({ templatesDir: FIXTURES });
});

describe('produceDocument', () => {
  it('fills helpers and writes all three formats', async () => {
    const text = (await produceDocument(ctx, 'simple-letter', base, { format: 'text' })).body.toString('utf8');
    expect(text.replace(/\s+/g, ' ')).toContain('We will pay you £1,234.56 within 3 days. Please send Bank statements and Receipts by 31 January 2021.');
    expect(text).toContain('Phone 0161 496 0123');
    const html = (await produceDocument(ctx, 'simple-letter', base, { format: 'html' })).body.toString('utf8');
    expect(html).toMatch(/<html lang="en-GB" dir="ltr">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<main>');
    const pdf = await produceDocument(ctx, 'simple-letter', base, { format: 'pdf' });
    expect(pdf.contentType).toBe('application/pdf');
    const facts = await readPdf(pdf.body);
    expect(facts.text).toContain('We will pay you £1,234.56 within 3 days.');
    expect(facts.lang).toBe('en-GB');
    expect(facts.tagged).toBe(true);
    expect(facts.roles).toEqual(expect.objectContaining(new Set(['H1', 'P', 'H2'])));
    expect(facts.allFontsEmbedded).toBe(true);
    expect(facts.text).not.toContain('{{');
  });

  it('inserts data as text, never markup, in every format', async () => {
    const evil = '*Bob* <script>alert(1)</script>[x](http://e.vil) # _hi_';
    const data = { ...base, recipient: { ...base.recipient, name: evil } };
    const html = (await produceDocument(ctx, 'simple-letter', data, { format: 'html' })).body.toString('utf8');
    expect(html).toContain('*Bob* &lt;script&gt;alert(1)&lt;/script&gt;[x](http://e.vil) # _hi_');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="http://e.vil"');
    expect(html).not.toMatch(/<em>|<strong>Bob/);
    const text = (await produceDocument(ctx, 'simple-letter', data, { format: 'text' })).body.toString('utf8');
    expect(text).toContain(`Dear ${evil}`);
    const pdf = await readPdf((await produceDocument(ctx, 'simple-letter', data, { format: 'pdf' })).body);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('*Bob* <script>alert(1)</script>[x](http://e.vil) # _hi_');
  });

  it('inserts any one-line name literally (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme-ascii' }).filter((s) => s.trim().length > 0 && !/[\x00-\x1f\x7f]/.test(s)), async (name) => {
        const data = { ...base, recipient: { ...base.recipient, name } };
        const doc = await produceDocument(ctx, 'simple-letter', data, { format: 'text', draft: true });
        // The text writer wraps at 72 characters, so compare with whitespace folded.
        expect(doc.body.toString('utf8').replace(/\s+/g, ' ')).toContain(`Dear ${name.trim().replace(/\s+/g, ' ')}`);
        const html = (await produceDocument(ctx, 'simple-letter', data, { format: 'html', draft: true })).body.toString('utf8');
        expect(html).toContain(`<p>Dear ${name.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`);
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic: the same inputs give the same bytes', async () => {
    for (const format of ['pdf', 'html', 'text'] as const) {
      const a = await produceDocument(ctx, 'simple-letter', base, { format });
      const b = await produceDocument(ctx, 'simple-letter', structuredClone(base), { format });
      expect(a.sha256).toBe(b.sha256);
      expect(a.body.equals(b.body)).toBe(true);
    }
    const other = await produceDocument(ctx, 'simple-letter', { ...base, days: 4 }, { format: 'pdf' });
    const first = await produceDocument(ctx, 'simple-letter', base, { format: 'pdf' });
    expect(other.sha256).not.toBe(first.sha256);
    expect(first.body.toString('latin1')).toContain('(D:20210131000000Z)');
  });

  it('blocks a final document with an error finding, naming where the words came from', async () => {
    const data = { ...base, note: 'We will audit your account.' };
    const error = await rejection(produceDocument(ctx, 'simple-letter', data, { format: 'pdf' }));
    expect(error.code).toBe('BLOCKED_BY_FINDINGS');
    const findings = error.details.findings as Finding[];
    const audit = findings.find((f) => f.ruleId === 'lexicon/audit');
    expect(audit).toMatchObject({ severity: 'error', actual: 'audit', origin: { kind: 'data', path: 'note' } });
    // A draft still renders, with its mark on every page.
    const draft = await produceDocument(ctx, 'simple-letter', data, { format: 'pdf', draft: true });
    const facts = await readPdf(draft.body);
    for (const page of facts.pageText) expect(page).toContain('DRAFT — not checked');
    expect(facts.title).toBe('DRAFT — not checked: A simple letter');
    const html = (await produceDocument(ctx, 'simple-letter', data, { format: 'html', draft: true })).body.toString('utf8');
    expect(html).toContain('DRAFT — not checked');
    const text = (await produceDocument(ctx, 'simple-letter', data, { format: 'text', draft: true })).body.toString('utf8');
    expect(text.startsWith('*** DRAFT — not checked ***')).toBe(true);
  });

  it('points findings in template text at the template line', async () => {
    const template = parseTemplate(`---
id: audit-note
title: Audit
kind: guide
profile: standard
layout: document
fields:
  name: { type: string }
example:
  name: Sam
---
# Hello {{name}}

This is your annual audit.
`, 'inline.md');
    const result = checkDocument(ctx, template, { name: 'Sam' });
    const audit = result.findings.find((f) => f.ruleId === 'lexicon/audit');
    expect(audit?.origin).toEqual({ kind: 'template', file: 'inline.md', line: 14, column: 21 });
    expect(result.text.slice(audit!.start.offset, audit!.end.offset)).toBe('audit');
    // The same text comes with a produced document only when asked for (the editor's preview marks
    // findings in it); a batch letter does not carry a second copy between threads.
    const withText = await produceDocument(ctx, template, { name: 'Sam' }, { format: 'html', draft: true, withText: true });
    expect(withText.text).toBe(result.text);
    expect(withText.text!.slice(audit!.start.offset, audit!.end.offset)).toBe('audit');
    expect((await produceDocument(ctx, template, { name: 'Sam' }, { format: 'html', draft: true })).text).toBeUndefined();
  });

  it('reports every bad field at once with its path', async () => {
    const data = {
      reference: 'DP-1',
      letterDate: '2021-02-30',
      recipient: { name: 'x'.repeat(1024 * 1024), address: ['1', '2', '3', '4', '5', '6', '7', '8', 'NM1 1AA'], extra: 1 },
      amount: '-£5',
      days: 3,
      documents: [],
      surprise: true,
    };
    const error = await rejection(produceDocument(ctx, 'simple-letter', data, { format: 'pdf' }));
    expect(error.code).toBe('DATA_INVALID');
    const paths = (error.details.errors ?? []).map((e) => e.path).sort();
    expect(paths).toEqual(['amount', 'documents', 'letterDate', 'recipient.address', 'recipient.extra', 'recipient.name', 'surprise']);
    expect(error.message.length).toBeLessThan(1000); // a 1 MB value is never echoed back
  });

  it('renders emoji, Welsh, right-to-left text and combining marks without boxes', async () => {
    // 'ڢ' alone once crashed fontkit's mark positioning (found by the property test below).
    const names = ['Siân Ŵyn ap Ŷwain', 'Zoë 👋🏽', 'مريم الحسن', 'דוד לוי', 'Jose\u0301 Nun\u0303ez', 'Αλέξης Ωμέγα', 'ڢ'];
    for (const name of names) {
      const data = { ...base, recipient: { ...base.recipient, name } };
      const doc = await produceDocument(ctx, 'simple-letter', data, { format: 'pdf' });
      const facts = await readPdf(doc.body);
      expect(facts.allFontsEmbedded).toBe(true);
      expect(facts.text).not.toContain('?');
      const html = (await produceDocument(ctx, 'simple-letter', data, { format: 'html' })).body.toString('utf8');
      expect(html).toContain(name);
    }
    const welsh = await readPdf((await produceDocument(ctx, 'simple-letter', { ...base, recipient: { ...base.recipient, name: 'Siân Ŵyn' } }, { format: 'pdf' })).body);
    expect(welsh.text).toContain('Ŵyn');
    expect(welsh.embeddedFonts.some((f) => f.includes('NotoSans'))).toBe(true);
    // A character no bundled font has is a clear error, not a box.
    const error = await rejection(produceDocument(ctx, 'simple-letter', { ...base, recipient: { ...base.recipient, name: 'Wei 王' } }, { format: 'pdf' }));
    expect((error.details.findings as Finding[]).find((f) => f.ruleId === 'structure/unprintable')).toMatchObject({ actual: '王', origin: { kind: 'data', path: 'recipient.name' } });
  });

  it('refuses an address that does not fit the window', async () => {
    const address = ['Flat 1', 'A House', 'A Road', 'A Place', 'A District', 'A Town', 'NM1 1AA'];
    const error = await rejection(produceDocument(ctx, 'simple-letter', { ...base, recipient: { ...base.recipient, address } }, { format: 'pdf' }));
    expect((error.details.findings as Finding[]).find((f) => f.ruleId === 'structure/address')).toMatchObject({ severity: 'error', origin: { kind: 'data', path: 'recipient.address' } });
  });

  it.each(['=SUM(A1)', '+44 Sam', '@Sam', '-Sam'])('refuses a name that starts as a formula would (%s), as Notify does for every line of the address block', async (name) => {
    const error = await rejection(produceDocument(ctx, 'simple-letter', { ...base, recipient: { ...base.recipient, name } }, { format: 'pdf' }));
    const finding = (error.details.findings as Finding[]).find((f) => f.ruleId === 'structure/address');
    expect(finding).toMatchObject({ severity: 'error', actual: name, origin: { kind: 'data', path: 'recipient.name' } });
    expect(finding!.reason).toContain(`The name starts with "${name[0]}"`);
    // A draft is still possible.
    expect((await produceDocument(ctx, 'simple-letter', { ...base, recipient: { ...base.recipient, name } }, { format: 'text', draft: true })).body.toString()).toContain(name);
  });

  it('produceDocument(templateId, data, options) uses the project\'s own templates, lexicon and branding', async () => {
    const shipped = createPipelineContext();
    const template = shipped.templates.get('financial-checkup');
    const short = await produceDocument('financial-checkup', template.example, { format: 'text' });
    const long = await produceDocument(shipped, 'financial-checkup', template.example, { format: 'text' });
    expect(short.body.equals(long.body)).toBe(true);
    expect(short.lexiconVersion).toBe(long.lexiconVersion);
    expect(defaultPipelineContext()).toBe(defaultPipelineContext()); // loaded once
    await expect(produceDocument('simple-letter', base, { format: 'text' })).rejects.toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
  });

  it('renders from a Template object (a stored draft version)', async () => {
    const template = parseTemplate(`---
id: stored
title: Stored
kind: leaflet
profile: standard
layout: document
lang: cy
fields:
  when: { type: date }
example:
  when: 2021-01-31
---
# Croeso

Dyddiad: {{date when}}.
`, 'db:stored@1');
    const doc = await produceDocument(ctx, template, { when: '2021-03-01' }, { format: 'html' });
    const html = doc.body.toString('utf8');
    expect(html).toContain('<html lang="cy-GB" dir="ltr">');
    expect(html.replace(/<[^>]+>/g, '')).toContain('Dyddiad: 1 Mawrth 2021.'); // the date is in a nowrap span
    // The English-only rules (readability formulas, plain-English word lists, …) were not run.
    expect(doc.notApplied).toEqual(ENGLISH_ONLY);
    expect(doc.findings.filter((f) => ENGLISH_ONLY.includes(f.ruleId))).toEqual([]);
    const pdfDoc = await produceDocument(ctx, template, { when: '2021-03-01' }, { format: 'pdf' });
    expect(pdfDoc.notApplied).toEqual(ENGLISH_ONLY);
    const pdf = await readPdf(pdfDoc.body);
    expect(pdf.lang).toBe('cy-GB');
    expect(pdf.text).toContain('Dyddiad: 1 Mawrth 2021.');
    // English documents apply every rule.
    expect((await produceDocument(ctx, 'simple-letter', base, { format: 'text' })).notApplied).toEqual([]);
  });

  it('a Welsh letter has its fixed words in Welsh: page numbers, reference, phone (PDF, HTML, text)', async () => {
    const template = testLetter({ id: 'llythyr', title: 'Llythyr', lang: 'cy', name: 'Siân Jones', body: '# Eich taliad\n\nAnnwyl {{recipient.name}}\n' });
    const data = template.example;
    const pdf = await readPdf((await produceDocument(ctx, template, data, { format: 'pdf', draft: true })).body);
    expect(pdf.text).toContain('Tudalen 1 o 1');
    expect(pdf.text).toContain('Ein cyfeirnod: DP-1');
    expect(pdf.text).toContain('Ffôn:');
    expect(pdf.text).toContain('31 Ionawr 2021');
    expect(pdf.text).not.toMatch(/Page 1 of|Our reference|Phone:/);
    const html = (await produceDocument(ctx, template, data, { format: 'html', draft: true })).body.toString('utf8');
    expect(html).toContain('Ein cyfeirnod: <bdi>DP-1</bdi>');
    expect(html).not.toContain('Our reference');
    const text = (await produceDocument(ctx, template, data, { format: 'text', draft: true })).body.toString('utf8');
    expect(text).toContain('Ein cyfeirnod: DP-1');
    // English letters keep English words.
    expect((await readPdf((await produceDocument(ctx, 'simple-letter', base, { format: 'pdf' })).body)).text).toContain('Page 1 of');
  });

  it('any data that passes the schema renders to all three formats (property)', async () => {
    const line = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).map((s) => s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]/g, '').trim()).filter((s) => s.length > 0 && !/^[=@+-]/.test(s));
    const dataArb = fc.record({
      name: line,
      amount: fc.integer({ min: 0, max: 10 ** 9 }),
      days: fc.integer({ min: 0, max: 365 }),
      documents: fc.array(line, { minLength: 1, maxLength: 5 }),
      note: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(dataArb, async (d) => {
        const data = { ...base, recipient: { ...base.recipient, name: d.name }, amount: d.amount, days: d.days, documents: d.documents, ...(d.note !== undefined ? { note: d.note } : {}) };
        const template = ctx.templates.get('simple-letter');
        if (!template.validate(data).ok) return; // only data that passes the schema is in scope
        for (const format of ['pdf', 'html', 'text'] as const) {
          const doc = await produceDocument(ctx, template, data, { format, draft: true });
          expect(doc.body.length).toBeGreaterThan(100);
        }
      }),
      { numRuns: 25 },
    );
  });
});

/**
 * Every shipped template, rendered with its example data as a *final* document (each must pass
 * the gate) and read back: text present, no Handlebars left, tagged with a structure tree,
 * every font embedded, language and title set, no draft mark; laid out as a reader needs it
 * (nothing in the 5 mm a printer cannot print, the address in the envelope window, no heading
 * or lone table header at the foot of a page, Easy Read at 16pt or more with every row whole
 * and pictured); and as a draft, marked on every page, at the top of the HTML and the text.
 * Every page goes to test-output/<id>-<page>.png for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument, type ProducedDocument } from '../../src/pipeline/index.js';
import { DRAFT_MARK, mm, PICTURE_CREDIT } from '../../src/render/index.js';
import type { Template } from '../../src/templates/index.js';
import { allPageTextPositions, inkNearEdges, pageStructure, pdfToGrey, pdfToPngs, readPdf, TEST_OUTPUT } from '../helpers/pdf.js';

const ctx = createPipelineContext();

/** Final documents, made once per template and format for the tests below. */
const finals = new Map<string, Promise<ProducedDocument>>();
function final(template: Template, format: 'pdf' | 'html' | 'text'): Promise<ProducedDocument> {
  const key = `${template.id}:${format}`;
  if (!finals.has(key)) finals.set(key, produceDocument(ctx, template.id, template.example, { format }));
  return finals.get(key)!;
}

const unescape = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The address window of GOV.UK Notify's letter specification, in points (from the top left). */
const ADDRESS_WINDOW = { left: mm(24.6), top: mm(39.5), width: mm(95.4), height: mm(26.8) };

/** Printers leave about 5 mm at each edge blank: nothing may be drawn there. */
const UNPRINTABLE_MM = 5;
const GREY_DPI = 40;

/** Nothing in the strip a printer cannot print (text, pictures, borders, the logo, the draft band). */
function expectPrintable(pdf: Buffer): void {
  const border = Math.floor((UNPRINTABLE_MM / 25.4) * GREY_DPI);
  for (const [i, page] of pdfToGrey(pdf, GREY_DPI).entries()) expect({ page: i + 1, ink: inkNearEdges(page, border) }).toEqual({ page: i + 1, ink: 0 });
}

describe.each(ctx.templates.list().map((t) => [t.id, t] as const))('shipped template %s', (id, template) => {
  it('renders as a final, tagged, accessible PDF, HTML and text, the same bytes every time, with no draft mark', async () => {
    const doc = await final(template, 'pdf');
    expect(doc.draft).toBe(false);
    expect(doc.summary.error).toBe(0);
    const facts = await readPdf(doc.body);
    expect(facts.pageSize[0]).toBeCloseTo(595.28, 0);
    expect(facts.pageSize[1]).toBeCloseTo(841.89, 0);
    expect(facts.pages).toBe(doc.pages);
    expect(facts.text).not.toMatch(/\{\{|\}\}|\ue000/);
    expect(facts.tagged).toBe(true);
    expect(facts.roles.has('H1')).toBe(true);
    expect(facts.roles.has('P')).toBe(true);
    expect(facts.allFontsEmbedded).toBe(true);
    expect(facts.embeddedFonts.some((f) => f.includes('AtkinsonHyperlegible'))).toBe(true);
    expect(facts.lang).toBe(`${template.lang}-GB`);
    expect(facts.displayDocTitle).toBe(true);
    expect(facts.title).toBe(template.title);
    expect(facts.text).not.toContain('DRAFT');
    facts.pageText.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${facts.pages}`));
    if (template.layout === 'easy-read') {
      expect(facts.roles.has('Figure')).toBe(true);
      expect(facts.text).toContain('OpenMoji');
    }
    if (template.kind === 'letter') {
      const data = template.example as { recipient: { name: string } };
      expect(facts.pageText[0]).toContain(data.recipient.name);
      // Who it is from, in words on page 1 (the standard letter's sender block, or Easy Read's "From:" line).
      expect(facts.pageText[0].replace(/\s+/g, ' ')).toContain('Direct Payments Team');
      expect(facts.pageText[0].replace(/\s+/g, ' ')).toContain('Northmoor Borough Council');
      expect(facts.pages, 'letters fit on 2 pages with their example').toBeLessThanOrEqual(2);
    }
    const again = await produceDocument(ctx, id, structuredClone(template.example), { format: 'pdf' });
    expect(again.body.equals(doc.body)).toBe(true);
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    fs.writeFileSync(path.join(TEST_OUTPUT, `${id}.pdf`), doc.body);
    pdfToPngs(doc.body, id, 60);

    const html = (await final(template, 'html')).body.toString('utf8');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    // What is a list or a table in the HTML is tagged as one in the PDF, with header cells.
    if (/<[uo]l[ >]/.test(html)) for (const role of ['L', 'LI', 'LBody']) expect(facts.roles.has(role), role).toBe(true);
    if (/<table[ >]/.test(html)) {
      for (const role of ['Table', 'TR', 'TH', 'TD']) expect(facts.roles.has(role), role).toBe(true);
      expect(html).toMatch(/<th scope="col"/);
    }
    expect(html).toMatch(/<header[ >][\s\S]*<main>[\s\S]*<\/main>[\s\S]*<footer>/);
    expect(html).not.toMatch(/\{\{|\ue000/);
    expect(html).toContain(`<html lang="${template.lang}-GB"`);
    expect(html).not.toContain('DRAFT');
    // The headline the HTML shows is in the PDF too (the same tree wrote both).
    const headline = fold(unescape(/<h1>([\s\S]*?)<\/h1>/.exec(html)![1]));
    expect(fold(facts.text)).toContain(headline);

    const text = (await final(template, 'text')).body.toString('utf8');
    expect(text).not.toMatch(/\{\{|\ue000/);
    expect(text).not.toContain('DRAFT');
    expect(fold(text)).toContain(headline);
  });

  it('is laid out as a reader needs it', async () => {
    const doc = await final(template, 'pdf');
    expectPrintable(doc.body);

    const positions = await allPageTextPositions(doc.body);
    if (template.kind === 'letter') {
      // Name and address in the window of a DL envelope (GOV.UK Notify's position).
      const { recipient } = template.example as { recipient: { name: string; address: string[] } };
      for (const line of [recipient.name, ...recipient.address]) {
        const item = positions[0].find((p) => p.str.trim() === line);
        expect(item, line).toBeDefined();
        expect(item!.x).toBeGreaterThanOrEqual(ADDRESS_WINDOW.left - 0.01);
        expect(item!.x + item!.width).toBeLessThanOrEqual(ADDRESS_WINDOW.left + ADDRESS_WINDOW.width);
        expect(item!.y - item!.size * 0.75).toBeGreaterThanOrEqual(ADDRESS_WINDOW.top - 0.01);
        expect(item!.y + item!.size * 0.25).toBeLessThanOrEqual(ADDRESS_WINDOW.top + ADDRESS_WINDOW.height);
      }
    }

    // No page ends with a heading, or with a table's header row and nothing under it.
    const pages = await pageStructure(doc.body);
    for (const [i, leaves] of pages.slice(0, -1).entries()) {
      const last = leaves[leaves.length - 1] ?? '';
      expect({ page: i + 1, last }).not.toEqual({ page: i + 1, last: expect.stringMatching(/\/H[1-6]$|\/TH$/) });
    }

    if (template.layout === 'easy-read') {
      // 16pt or more, except the address, whose size the envelope window sets, and the picture
      // credit, small print on the last page (its words and nothing else).
      const creditWords = new Set(PICTURE_CREDIT.split(/\s+/));
      const isCredit = (page: number, str: string) => page === positions.length - 1 && str.trim().split(/\s+/).every((w) => creditWords.has(w));
      // And the running header of a letter's pages 2 onwards (reference and name, for the print room).
      const isRunningHeader = (page: number, y: number) => template.kind === 'letter' && page > 0 && y < mm(20);
      const small = positions.flatMap((items, page) => items.filter((p) => p.size < 16 - 0.01 && !(page === 0 && p.y < ADDRESS_WINDOW.top + ADDRESS_WINDOW.height + 1) && !isCredit(page, p.str) && !isRunningHeader(page, p.y)).map((p) => `${page + 1}: ${p.str} (${p.size.toFixed(1)}pt)`));
      expect(small).toEqual([]);
      // Every row starts with its picture on the page where its words are: no row is split.
      for (const [i, leaves] of pages.entries()) {
        const firstInRow = leaves.find((leaf) => leaf.includes('/Div'));
        if (firstInRow) expect({ page: i + 1, first: firstInRow }).toEqual({ page: i + 1, first: expect.stringMatching(/\/Div\/Figure$/) });
      }
      // Every row has a picture with alt text, in the PDF and the HTML.
      const html = (await final(template, 'html')).body.toString('utf8');
      const rows = html.split('<div class="row">').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatch(/^<div class="picture"><svg role="img" aria-label="[^"]+"/);
      expect((await readPdf(doc.body)).figureAlts).toHaveLength(rows.length);
    }
  });

  it('renders a draft marked on every page of the PDF, and at the top of the HTML and the text', async () => {
    const draft = await produceDocument(ctx, id, template.example, { format: 'pdf', draft: true });
    expect(draft.draft).toBe(true);
    const facts = await readPdf(draft.body);
    expect(facts.title).toBe(`${DRAFT_MARK}: ${template.title}`);
    const positions = await allPageTextPositions(draft.body);
    expect(positions).toHaveLength(facts.pages);
    for (const [i, items] of positions.entries()) {
      const marks = items.filter((p) => p.str.includes(DRAFT_MARK));
      // A band at the top of the page and the footer.
      expect({ page: i + 1, marks: marks.length }).toEqual({ page: i + 1, marks: 2 });
      expect(Math.min(...marks.map((m) => m.y))).toBeLessThan(mm(20));
      expect(Math.max(...marks.map((m) => m.y))).toBeGreaterThan(841.89 - mm(20));
    }
    expectPrintable(draft.body);
    const html = (await produceDocument(ctx, id, template.example, { format: 'html', draft: true })).body.toString('utf8');
    expect(html).toMatch(new RegExp(`<body><div class="page">\\s*<p class="draft" role="note">${DRAFT_MARK}</p>\\s*<header`));
    const text = (await produceDocument(ctx, id, template.example, { format: 'text', draft: true })).body.toString('utf8');
    expect(text.startsWith(`*** ${DRAFT_MARK} ***\n`)).toBe(true);
  });
});

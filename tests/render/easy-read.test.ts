/**
 * The Easy Read documents, read back from what is rendered (issue 14):
 * - the agreement prints its date and reference (PDF, HTML, text);
 * - the letter's note ("Please give me a call") is followed by the worker's name and number;
 * - the pictures suit a UK reader: none of them is OpenMoji's "$" money bag, dollar note,
 *   "$" bank or US mailbox (each picture in the HTML is matched to the OpenMoji file it came
 *   from), money shows "£", and in each document one picture stands for one idea (one alt
 *   text per picture, one picture per alt text);
 * - the picture credit is small print (under 10pt) on the last page, and every other word but
 *   the address window is 16pt or more;
 * - the address lines up with the text: the name, the headline and the pictures share one
 *   left edge (nothing is drawn left of the address);
 * - the HTML printed by Chromium keeps 16pt, and on a 375 px screen nothing scrolls sideways
 *   (a screenshot of each at test-output/easy-read-375-<id>.png);
 * - rendering stays deterministic.
 */
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm, PICTURE_CREDIT } from '../../src/render/index.js';
import { allPageTextPositions, hasPdftoppm, pdfToGrey, readPdf, TEST_OUTPUT } from '../helpers/pdf.js';

const ctx = createPipelineContext();
const easyRead = ctx.templates.list().filter((t) => t.profile === 'easy-read');
const toMm = (pt: number) => (pt * 25.4) / 72;

/** Every example of a template: its own and its named ones. */
function examplesOf(template: (typeof easyRead)[number]): [string, Record<string, unknown>][] {
  return [['example', template.example], ...Object.entries(template.examples)];
}

/** An SVG as the HTML writer inlines it, reduced to its drawing (for matching it to its file). */
function drawing(svg: string): string {
  return svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?xml[^>]*>/, '').replace(/<svg\b[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/\s(id|xmlns:xlink)="[^"]*"/g, '').replace(/\s+/g, ' ').trim();
}

const openmojiDir = path.join(path.dirname(createRequire(import.meta.url).resolve('openmoji/package.json')), 'color', 'svg');
/** OpenMoji pictures a UK reader should not get: the "$" money bag, dollar notes and signs, the "$" bank, US mailboxes. */
const NOT_FOR_UK = ['1F4B0', '1F4B5', '1F4B2', '1F4B8', '1F911', '1F3E6', '1F4EA', '1F4EB', '1F4EC', '1F4ED'];

describe('Easy Read documents', () => {
  it('has the two shipped Easy Read documents', () => {
    expect(easyRead.map((t) => t.id).sort()).toEqual(['direct-payment-agreement-easy-read', 'financial-checkup-easy-read']);
  });

  it('the agreement prints its date and reference (PDF, HTML, text)', async () => {
    const template = ctx.templates.get('direct-payment-agreement-easy-read');
    const pdf = await readPdf((await produceDocument(ctx, template.id, template.example, { format: 'pdf' })).body);
    expect(pdf.pageText[0]).toContain('The date of this agreement is 15 March 2021.');
    expect(pdf.pageText[0]).toContain('Our reference is DP-006188.');
    const html = (await produceDocument(ctx, template.id, template.example, { format: 'html' })).body.toString('utf8');
    expect(html.replace(/<[^>]+>/g, '')).toMatch(/The date of this agreement is 15 March 2021\.\s*Our reference is DP-006188\./);
    const text = (await produceDocument(ctx, template.id, template.example, { format: 'text' })).body.toString('utf8');
    expect(text.replace(/\s+/g, ' ')).toContain('The date of this agreement is 15 March 2021. Our reference is DP-006188.');
  }, 60_000);

  it('the letter names the worker and their number after "Please give me a call" (and without a note)', async () => {
    const template = ctx.templates.get('financial-checkup-easy-read');
    expect(template.fields.worker).toMatchObject({ type: 'object' });
    const pdf = await readPdf((await produceDocument(ctx, template.id, template.example, { format: 'pdf' })).body);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('Please give me a call. From Sam Reid. My phone number is: 0161 496 0457');
    const html = (await produceDocument(ctx, template.id, template.example, { format: 'html' })).body.toString('utf8');
    expect(html).toContain('<a href="tel:+441614960457">');
    const noNote = await readPdf((await produceDocument(ctx, template.id, template.examples['no note'], { format: 'pdf' })).body);
    expect(noNote.text.replace(/\s+/g, ' ')).toContain('You can call Sam Reid on: 0161 496 0457');
  }, 60_000);

  it('uses pictures that suit a UK reader, one picture for one idea', async () => {
    const denied = new Map(NOT_FOR_UK.map((code) => [drawing(fs.readFileSync(path.join(openmojiDir, `${code}.svg`), 'utf8')), code]));
    const pound = drawing(fs.readFileSync(path.join(openmojiDir, '1F4B7.svg'), 'utf8'));
    // Every picture shown must be recognised: one of the catalogue's files (so the matching works).
    const known = new Set([...ctx.pictures.values()].map((p) => drawing(p.svg)));
    const problems: string[] = [];
    let money = 0;
    for (const template of easyRead) {
      for (const [name, data] of examplesOf(template)) {
        const html = (await produceDocument(ctx, template.id, data, { format: 'html' })).body.toString('utf8');
        const pictures = [...html.matchAll(/<div class="picture"><svg role="img" aria-label="([^"]*)"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => ({ alt: m[1], drawing: drawing(`<svg>${m[2]}`) }));
        expect(pictures.length, `${template.id} (${name})`).toBeGreaterThan(5);
        const altsOf = new Map<string, Set<string>>();
        const picturesOf = new Map<string, Set<string>>();
        for (const picture of pictures) {
          const code = denied.get(picture.drawing);
          if (code) problems.push(`${template.id} (${name}): OpenMoji ${code} as "${picture.alt}"`);
          if (picture.drawing === pound) money++;
          if (!known.has(picture.drawing)) problems.push(`${template.id} (${name}): a picture not in the catalogue, "${picture.alt}"`);
          altsOf.set(picture.drawing, (altsOf.get(picture.drawing) ?? new Set()).add(picture.alt));
          picturesOf.set(picture.alt, (picturesOf.get(picture.alt) ?? new Set()).add(picture.drawing));
        }
        for (const alts of altsOf.values()) if (alts.size > 1) problems.push(`${template.id} (${name}): one picture for ${[...alts].join(' / ')}`);
        for (const [alt, drawings] of picturesOf) if (drawings.size > 1) problems.push(`${template.id} (${name}): ${drawings.size} pictures for "${alt}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(money).toBeGreaterThan(0); // money is the pound note

    // The check sees the old "$" money bag when a catalogue brings it back.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-pictures-'));
    try {
      const file = path.join(dir, 'pictures.yml');
      fs.writeFileSync(file, fs.readFileSync(path.resolve(import.meta.dirname, '../../config/pictures.yml'), 'utf8').replace(/^savings:.*$/m, 'savings: { openmoji: 1F4B0, alt: A bag of money }'));
      const old = createPipelineContext({ picturesFile: file });
      const template = old.templates.get('direct-payment-agreement-easy-read');
      const html = (await produceDocument(old, template.id, template.example, { format: 'html' })).body.toString('utf8');
      const drawings = [...html.matchAll(/<div class="picture"><svg role="img" aria-label="[^"]*"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => drawing(`<svg>${m[1]}`));
      expect(drawings.some((d) => denied.get(d) === '1F4B0')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('puts the picture credit in small print on the last page; all else but the address is 16pt or more', async () => {
    for (const template of easyRead) {
      const doc = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
      const facts = await readPdf(doc.body);
      expect(facts.pageText[facts.pages - 1]).toContain(PICTURE_CREDIT);
      expect(facts.text.split(PICTURE_CREDIT)).toHaveLength(2);
      const pages = await allPageTextPositions(doc.body);
      const address = template.kind === 'letter' ? [(template.example as { recipient: { name: string } }).recipient.name, ...(template.example as { recipient: { address: string[] } }).recipient.address] : [];
      const creditWords = new Set(PICTURE_CREDIT.split(/\s+/));
      // The running header (reference and name, for the print room) on pages 2 onwards of a letter.
      const header = (i: number, p: { y: number; str: string }) => template.kind === 'letter' && i > 0 && p.y < mm(20);
      const credit = pages[pages.length - 1].filter((p) => p.size < 16 && !address.includes(p.str.trim()) && !header(pages.length - 1, p));
      expect(credit.length, template.id).toBeGreaterThan(0);
      for (const p of credit) {
        expect(p.size).toBeLessThanOrEqual(10);
        for (const word of p.str.trim().split(/\s+/)) expect(creditWords.has(word), `"${word}" in small print`).toBe(true);
      }
      for (const [i, items] of pages.entries()) {
        const small = items.filter((p) => p.size < 15.9 && !address.includes(p.str.trim()) && !(i === pages.length - 1 && credit.includes(p)) && !header(i, p));
        expect(small.map((p) => `page ${i + 1}: "${p.str}" ${p.size.toFixed(1)}pt`)).toEqual([]);
      }
    }
  }, 60_000);

  it.skipIf(!hasPdftoppm())('lines the address up with the text: the name, the headline and the pictures share a left edge', async () => {
    const template = ctx.templates.get('financial-checkup-easy-read');
    const doc = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
    const page1 = (await allPageTextPositions(doc.body))[0];
    const name = page1.find((p) => p.str.trim() === 'Tom Okafor')!;
    const headline = page1.find((p) => p.str.startsWith('Your money check'))!;
    expect(toMm(name.x)).toBeCloseTo(24.6, 1);
    expect(Math.abs(headline.x - name.x)).toBeLessThan(1);
    // Nothing is drawn left of the address's edge, and the pictures start at it (within the
    // pictures' own white space): the leftmost ink below the address, on each page.
    const dpi = 100;
    for (const [i, page] of pdfToGrey(doc.body, dpi).entries()) {
      let leftmost = page.width;
      const from = Math.round(((i === 0 ? 70 : 15) / 25.4) * dpi);
      const to = Math.round((270 / 25.4) * dpi);
      for (let y = from; y < to; y++) for (let x = 0; x < leftmost; x++) if (page.pixels[y * page.width + x] < 128) leftmost = x;
      const left = (leftmost * 25.4) / dpi;
      expect(left, `page ${i + 1}`).toBeGreaterThanOrEqual(24.6 - 0.5);
      expect(left, `page ${i + 1}`).toBeLessThan(24.6 + 3);
    }
  }, 60_000);

  it('puts From, the date and the reference in the contact block, or from 95 mm down when a long team name does not fit there', async () => {
    const template = ctx.templates.get('financial-checkup-easy-read');
    const page1Of = async (pipeline: typeof ctx) => (await allPageTextPositions((await produceDocument(pipeline, template.id, template.example, { format: 'pdf' })).body))[0];
    const fromLine = (items: Awaited<ReturnType<typeof page1Of>>) => items.find((p) => p.str.startsWith('From:'))!;
    // The shipped branding: in the contact block (from 125 mm across, above 95 mm).
    const shipped = fromLine(await page1Of(ctx));
    expect(toMm(shipped.x)).toBeGreaterThanOrEqual(125);
    expect(toMm(shipped.y)).toBeLessThan(95);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-branding-'));
    try {
      const file = path.join(dir, 'branding.yml');
      fs.writeFileSync(file, fs.readFileSync(path.resolve(import.meta.dirname, '../../config/branding.yml'), 'utf8')
        .replace(/^team:.*$/m, 'team: Adult Social Care Direct Payments, Personal Budgets and Financial Assessments Team'));
      const long = createPipelineContext({ brandingFile: file });
      const items = await page1Of(long);
      const from = fromLine(items);
      expect(toMm(from.x)).toBeCloseTo(24.6, 1);
      expect(toMm(from.y - from.size * 0.8)).toBeGreaterThanOrEqual(95);
      // Nothing between the address block and 95 mm, and nothing in the contact block but the logo.
      const address = [template.example.recipient as { name: string; address: string[] }].flatMap((r) => [r.name, ...r.address]);
      const between = items.filter((p) => !address.includes(p.str.trim()) && toMm(p.y) < 95);
      expect(between.map((p) => p.str)).toEqual([]);
      const text = items.map((p) => p.str).join(' ');
      expect(text).toContain('Date: 31 January 2021');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('renders deterministically (the same bytes twice)', async () => {
    for (const template of easyRead) {
      const a = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
      const b = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
      expect(a.body.equals(b.body), template.id).toBe(true);
      const h1 = await produceDocument(ctx, template.id, template.example, { format: 'html' });
      const h2 = await produceDocument(ctx, template.id, template.example, { format: 'html' });
      expect(h1.body.equals(h2.body), template.id).toBe(true);
    }
  }, 60_000);
});

/** Chromium through playwright-core, when it is installed. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('Easy Read HTML in Chromium', () => {
  type Browser = Awaited<ReturnType<typeof import('playwright-core').chromium.launch>>;
  let browser: Browser;
  beforeAll(async () => {
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps 16pt when printed (all but the credit and the small running header)', async () => {
    for (const template of easyRead) {
      const html = (await produceDocument(ctx, template.id, template.example, { format: 'html' })).body.toString('utf8');
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      await page.close();
      const pages = await allPageTextPositions(pdf);
      const creditWords = new Set(PICTURE_CREDIT.split(/\s+/));
      const small: string[] = [];
      for (const [i, items] of pages.entries()) {
        for (const p of items) {
          if (p.size >= 15.9) continue;
          const credit = p.str.trim().split(/\s+/).every((w) => creditWords.has(w));
          const header = i > 0 && p.y < mm(20); // "Our reference: … · name" at the top of pages 2 onwards
          if (!credit && !header) small.push(`${template.id} page ${i + 1}: "${p.str}" ${p.size.toFixed(1)}pt`);
        }
      }
      expect(small).toEqual([]);
      // The body text is printed at 16pt (not just "at least"): the first row's words.
      expect(pages[0].some((p) => Math.abs(p.size - 16) < 0.2)).toBe(true);
      const text = pages.flat().map((p) => p.str).join(' ').replace(/\s+/g, ' ');
      expect(text).toContain('Pictures: OpenMoji');
    }
  }, 120_000);

  it('fits a 375 px screen: nothing scrolls sideways', async () => {
    for (const template of easyRead) {
      for (const [name, data] of examplesOf(template)) {
        const html = (await produceDocument(ctx, template.id, data, { format: 'html' })).body.toString('utf8');
        const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
        await page.setContent(html, { waitUntil: 'load' });
        const facts = await page.evaluate(() => {
          // Runs in the page (the project's TypeScript has no DOM types).
          const w = globalThis as unknown as { document: any; getComputedStyle(el: unknown): { overflowX: string; fontSize: string } };
          const doc = w.document;
          const width: number = doc.documentElement.clientWidth;
          const wide: string[] = [...doc.querySelectorAll('body *')]
            .filter((el: any) => el.getBoundingClientRect().right > width + 0.5 || (el.scrollWidth > el.clientWidth + 1 && w.getComputedStyle(el).overflowX !== 'visible'))
            .map((el: any) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`);
          return { width, scrollWidth: doc.documentElement.scrollWidth as number, wide: wide.slice(0, 5), fontSize: w.getComputedStyle(doc.querySelector('main p') ?? doc.body).fontSize };
        });
        // A picture for people to look at: test-output/easy-read-375-<id>.png (the example).
        if (name === 'example') await page.screenshot({ path: path.join(TEST_OUTPUT, `easy-read-375-${template.id}.png`), fullPage: true });
        await page.close();
        expect({ id: `${template.id} (${name})`, scrollWidth: facts.scrollWidth, wide: facts.wide }).toEqual({ id: `${template.id} (${name})`, scrollWidth: 375, wide: [] });
        expect(parseFloat(facts.fontSize)).toBeGreaterThanOrEqual(21); // 16pt on screen too
      }
    }
  }, 180_000);
});

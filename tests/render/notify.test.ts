/**
 * Every shipped letter — standard and Easy Read — checked against GOV.UK Notify's rules for uploaded
 * (precompiled) letters, by reading the PDF back — so a council can upload Plainly's PDFs to
 * Notify as they are. The rules and where they come from are in docs/rendering.md ("GOV.UK
 * Notify"): A4 portrait; 10 pages and 2 MB at most; fonts embedded; on page 1 content only in the
 * logo block, the contact block, the address block and the body (from 95 mm); on every other
 * page only inside 15 mm left and right and 5 mm top and bottom margins; in the address block
 * (and the 3 mm around it Notify reads) the name and address alone, 3 to 7 lines, a postcode
 * last. Easy Read letters also with each of their named examples (prepaid card, no note): who
 * it is from, the date and the reference stay on page 1 (in the contact block), and each letter
 * is 2 pages. Also: the address block moves when config/branding.yml says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm } from '../../src/render/index.js';
import { normalisePostcode } from '../../src/templates/values.js';
import { allPageTextPositions, pdfToGrey, readPdf } from '../helpers/pdf.js';

const ctx = createPipelineContext();

/** GOV.UK Notify's letter specification, in millimetres from the top left of the page. */
const NOTIFY = {
  a4: { width: 210, height: 297, tolerance: 2 },
  maxPages: 10,
  maxBytes: 2 * 1024 * 1024,
  /** Pages 2 to 10, and the body of page 1: 15 mm left and right margins, 5 mm top and bottom. */
  printable: { left: 15, right: 195, top: 5, bottom: 292 },
  bodyTop: 95,
  logo: { left: 15, top: 5, right: 125, bottom: 30 },
  contact: { left: 125, top: 5, right: 195, bottom: 95 },
  address: { left: 24.6, top: 39.5, right: 120, bottom: 66.3 },
  /** Notify reads the address from the address block and 3 mm around it. */
  addressReadMargin: 3,
  addressLines: { min: 3, max: 7 },
  /** Notify's own check is 1 mm more generous than the published areas. */
  slack: 1,
};

type Rect = { left: number; top: number; right: number; bottom: number };
const page1Areas: Rect[] = [
  { left: NOTIFY.printable.left, top: NOTIFY.bodyTop, right: NOTIFY.printable.right, bottom: NOTIFY.printable.bottom },
  NOTIFY.logo,
  NOTIFY.contact,
  NOTIFY.address,
];
const laterAreas: Rect[] = [NOTIFY.printable];

const inside = (x: number, y: number, areas: Rect[], slack: number) => areas.some((a) => x >= a.left - slack && x <= a.right + slack && y >= a.top - slack && y <= a.bottom + slack);

/** Dark pixels outside the areas content may use (as Notify checks it: white over the areas, then any ink left). */
function inkOutside(pdf: Buffer, dpi: number): { page: number; ink: number }[] {
  return pdfToGrey(pdf, dpi).map((page, i) => {
    const areas = i === 0 ? page1Areas : laterAreas;
    let ink = 0;
    for (let y = 0; y < page.height; y++) {
      for (let x = 0; x < page.width; x++) {
        if (page.pixels[y * page.width + x] >= 250) continue;
        if (!inside(((x + 0.5) * 25.4) / dpi, ((y + 0.5) * 25.4) / dpi, areas, NOTIFY.slack)) ink++;
      }
    }
    return { page: i + 1, ink };
  });
}

/** Every page's size in millimetres and its rotation. */
async function pageSizes(pdf: Buffer): Promise<{ width: number; height: number; rotate: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const sizes = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    sizes.push({ width: ((page.view[2] - page.view[0]) * 25.4) / 72, height: ((page.view[3] - page.view[1]) * 25.4) / 72, rotate: page.rotate });
  }
  await doc.destroy();
  return sizes;
}

const toMm = (pt: number) => (pt * 25.4) / 72;

type Letter = ReturnType<typeof ctx.templates.list>[number];
const standardLetters = ctx.templates.list().filter((t) => t.kind === 'letter' && t.layout === 'letter');
const easyReadLetters = ctx.templates.list().filter((t) => t.kind === 'letter' && t.layout === 'easy-read');
/** Standard letters with their example; Easy Read letters with their example and each named one (their page 1 changes with them). */
const cases: [string, Letter, Record<string, unknown>][] = [
  ...standardLetters.map((t) => [t.id, t, t.example] as [string, Letter, Record<string, unknown>]),
  ...easyReadLetters.flatMap((t) => [[t.id, t, t.example] as [string, Letter, Record<string, unknown>], ...Object.entries(t.examples).map(([name, data]) => [`${t.id} (${name})`, t, data] as [string, Letter, Record<string, unknown>])]),
];

it('checks the Easy Read letters too', () => {
  expect(easyReadLetters.map((t) => t.id)).toContain('financial-checkup-easy-read');
});

describe.each(cases)('%s meets GOV.UK Notify\'s precompiled letter rules', (_label, template, data) => {
  const id = template.id;
  it('A4 portrait, at most 10 pages, fonts embedded, content only where Notify prints, the address alone in its block', async () => {
    const doc = await produceDocument(ctx, id, data, { format: 'pdf' });
    const facts = await readPdf(doc.body);
    expect(facts.pages).toBeLessThanOrEqual(NOTIFY.maxPages);
    expect(doc.body.length).toBeLessThanOrEqual(NOTIFY.maxBytes);
    for (const size of await pageSizes(doc.body)) {
      expect(size.rotate).toBe(0);
      expect(Math.abs(size.width - NOTIFY.a4.width)).toBeLessThanOrEqual(NOTIFY.a4.tolerance);
      expect(Math.abs(size.height - NOTIFY.a4.height)).toBeLessThanOrEqual(NOTIFY.a4.tolerance);
    }
    expect(facts.allFontsEmbedded).toBe(true);

    // Every piece of text is inside an area content may use (its left, right, top and bottom).
    const positions = await allPageTextPositions(doc.body);
    const stray = positions.flatMap((items, i) => items.filter((p) => {
      const areas = i === 0 ? page1Areas : laterAreas;
      const [left, right, top, bottom] = [toMm(p.x), toMm(p.x + p.width), toMm(p.y - p.size * 0.8), toMm(p.y + p.size * 0.25)];
      // The whole box must lie in one area.
      return !areas.some((a) => left >= a.left - 0.01 && right <= a.right + 0.01 && top >= a.top - 0.01 && bottom <= a.bottom + 0.01);
    }).map((p) => `page ${i + 1}: "${p.str}" at ${toMm(p.x).toFixed(1)}, ${toMm(p.y).toFixed(1)} mm`));
    expect(stray).toEqual([]);
    // And no ink (logo, rules, table borders) anywhere else, as Notify checks the page's pixels.
    expect(inkOutside(doc.body, 50).filter((p) => p.ink > 0)).toEqual([]);

    // What Notify reads as the address: the text in the address block and 3 mm around it.
    const { recipient } = data as { recipient: { name: string; address: string[] } };
    const m = NOTIFY.addressReadMargin;
    const read = positions[0].filter((p) => toMm(p.x + p.width) > NOTIFY.address.left - m && toMm(p.x) < NOTIFY.address.right + m && toMm(p.y) > NOTIFY.address.top - m && toMm(p.y - p.size * 0.7) < NOTIFY.address.bottom + m);
    const lines = [...new Map(read.map((p) => [Math.round(p.y), read.filter((q) => Math.round(q.y) === Math.round(p.y)).map((q) => q.str).join('').trim()])).values()];
    expect(lines).toEqual([recipient.name, ...recipient.address]);
    expect(lines.length).toBeGreaterThanOrEqual(NOTIFY.addressLines.min);
    expect(lines.length).toBeLessThanOrEqual(NOTIFY.addressLines.max);
    expect(normalisePostcode(lines[lines.length - 1])).toBe(lines[lines.length - 1]);
    for (const p of read) {
      expect(toMm(p.x)).toBeGreaterThanOrEqual(NOTIFY.address.left - 0.01);
      expect(toMm(p.x + p.width)).toBeLessThanOrEqual(NOTIFY.address.right + 0.01);
      expect(toMm(p.y - p.size * 0.8)).toBeGreaterThanOrEqual(NOTIFY.address.top - 0.01);
      expect(toMm(p.y + p.size * 0.25)).toBeLessThanOrEqual(NOTIFY.address.bottom + 0.01);
    }

    if (template.layout === 'easy-read') {
      // Who it is from, the date and the reference are on page 1, at 16pt, in the contact
      // block (or the text area); the letter is 2 pages.
      expect(facts.pages).toBe(2);
      const { reference, letterDate } = data as { reference: string; letterDate: string };
      const date = new Date(`${letterDate}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      const page1 = positions[0].map((p) => p.str).join(' ').replace(/\s+/g, ' ');
      expect(page1).toContain(`Date: ${date}`);
      expect(page1.replace(/\s/g, '')).toContain(`Ourreference:${reference}`);
      expect(page1).toMatch(/From: Direct Payments/);
      for (const p of positions[0].filter((q) => /^(From|Date|Our reference)/.test(q.str.trim()))) {
        expect(p.size).toBeGreaterThanOrEqual(16);
        const inContact = toMm(p.x) >= NOTIFY.contact.left && toMm(p.y) <= NOTIFY.contact.bottom;
        const inBody = toMm(p.y - p.size * 0.8) >= NOTIFY.bodyTop;
        expect(inContact || inBody, `"${p.str}" at ${toMm(p.x).toFixed(1)}, ${toMm(p.y).toFixed(1)} mm`).toBe(true);
      }
    }
  }, 120_000);
});

describe('the address block from config/branding.yml', () => {
  it('puts the name and address where the branding says (and Notify\'s block is the default)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-branding-'));
    try {
      const own = fs.readFileSync(path.resolve(import.meta.dirname, '../../config/branding.yml'), 'utf8')
        .replace(/^logo:.*$/m, '')
        .replace(/^logoAlt:.*$/m, '')
        .replace(/addressBlock: \{[^}]*\}/, 'addressBlock: { left: 30, top: 45, width: 85, height: 28 }')
        .replace(/bodyTop: 95/, 'bodyTop: 100');
      const file = path.join(dir, 'branding.yml');
      fs.writeFileSync(file, own);
      const moved = createPipelineContext({ brandingFile: file });
      const template = moved.templates.get('financial-checkup');
      const doc = await produceDocument(moved, 'financial-checkup', template.example, { format: 'pdf' });
      const page1 = (await allPageTextPositions(doc.body))[0];
      const name = page1.find((p) => p.str.trim() === 'Amina Patel')!;
      expect(toMm(name.x)).toBeCloseTo(30, 1);
      expect(toMm(name.y - name.size * 0.8)).toBeGreaterThanOrEqual(45);
      expect(toMm(name.y)).toBeLessThan(45 + 8);
      const headline = page1.find((p) => p.str.startsWith('Your financial checkup'))!;
      expect(toMm(headline.y - headline.size)).toBeGreaterThanOrEqual(100);

      // A block too small for the name and address: the letter is refused, naming the rule.
      fs.writeFileSync(file, own.replace(/addressBlock: \{[^}]*\}/, 'addressBlock: { left: 30, top: 45, width: 40, height: 12 }'));
      const small = createPipelineContext({ brandingFile: file });
      const refused = await produceDocument(small, 'financial-checkup', template.example, { format: 'pdf' }).then(() => undefined, (error: { code?: string; details?: { findings?: { ruleId: string; reason: string }[] } }) => error);
      expect(refused?.code).toBe('BLOCKED_BY_FINDINGS');
      expect(refused?.details?.findings?.find((f) => f.ruleId === 'structure/address')?.reason).toContain('letter.addressBlock');

      const defaults = await produceDocument(ctx, 'financial-checkup', template.example, { format: 'pdf' });
      const name2 = (await allPageTextPositions(defaults.body))[0].find((p) => p.str.trim() === 'Amina Patel')!;
      expect(toMm(name2.x)).toBeCloseTo(24.6, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * Letters right on paper, read back from the rendered output:
 * - pages 2 onwards of a letter carry the reference and the recipient's name at the top, and
 *   every page "Page N of M" (PDF; and the HTML printed by Chromium with its print stylesheet);
 * - the greeting comes from its own field, by default from the name ("Dear Amina Patel",
 *   "Dear Mr Adeyemi"), never the whole envelope line;
 * - money: a subtraction shows a minus sign, a money column has the same decimals on each row;
 * - HTML: email addresses and phone numbers are links, and the letter font is in the page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm } from '../../src/render/index.js';
import { salutationFor } from '../../src/templates/helpers.js';
import { allPageTextPositions, readPdf } from '../helpers/pdf.js';
import { testLetter } from '../helpers/letter-template.js';

const ctx = createPipelineContext();

const long = testLetter({
  id: 'long-letter',
  title: 'A long letter',
  name: 'Mr George Adeyemi',
  body: `# A long letter\n\n{{dear recipient.name}}\n\n${Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} has some words in it so that the letter runs over several pages when it is printed.`).join('\n\n')}`,
});

function hasChromium(): boolean {
  try {
    execFileSync('chromium', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('letters on paper', () => {
  it('puts the reference and name at the top of pages 2 onwards, and "Page N of M" on every page (PDF)', async () => {
    const doc = await produceDocument(ctx, long, long.example, { format: 'pdf' });
    const pages = await allPageTextPositions(doc.body);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const [i, items] of pages.entries()) {
      const text = items.map((p) => p.str).join('');
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      const top = items.filter((p) => p.y < mm(20)).map((p) => p.str).join('').replace(/\s+/g, ' ').trim();
      if (i === 0) expect(top).toBe('');
      else {
        expect(top).toBe('Our reference: DP-1 · Mr George Adeyemi');
        for (const p of items.filter((q) => q.y < mm(20))) expect(p.size).toBeLessThan(10);
      }
    }
  }, 60_000);

  it('every shipped letter, Easy Read too, names the reference and the person at the top of each page after the first', async () => {
    const letters = ctx.templates.list().filter((t) => t.kind === 'letter');
    expect(letters.some((t) => t.layout === 'easy-read')).toBe(true);
    for (const letter of letters) {
      const example = letter.example as { reference: string; recipient: { name: string } };
      const doc = await produceDocument(ctx, letter.id, letter.example, { format: 'pdf' });
      const pages = await allPageTextPositions(doc.body);
      expect(pages.length, letter.id).toBeGreaterThanOrEqual(2);
      for (const [i, items] of pages.entries()) {
        if (i === 0) continue;
        const top = items.filter((p) => p.y < mm(20)).map((p) => p.str).join('').replace(/\s+/g, ' ').trim();
        expect(top, `${letter.id} page ${i + 1}`).toBe(`Our reference: ${example.reference} · ${example.recipient.name}`);
      }
    }
  }, 90_000);

  it.skipIf(!hasChromium())('does the same when the HTML is printed (Chromium, the print stylesheet)', async () => {
    const html = (await produceDocument(ctx, long, long.example, { format: 'html' })).body;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-print-'));
    try {
      fs.writeFileSync(path.join(dir, 'letter.html'), html);
      execFileSync('chromium', ['--headless', '--disable-gpu', '--no-sandbox', '--no-pdf-header-footer', `--user-data-dir=${path.join(dir, 'profile')}`, `--print-to-pdf=${path.join(dir, 'letter.pdf')}`, path.join(dir, 'letter.html')], { stdio: 'ignore', timeout: 60_000 });
      const pdf = fs.readFileSync(path.join(dir, 'letter.pdf'));
      const facts = await readPdf(pdf);
      expect(facts.pages).toBeGreaterThanOrEqual(2);
      facts.pageText.forEach((text, i) => {
        expect(text).toContain(`Page ${i + 1} of ${facts.pages}`);
        if (i > 0) expect(text).toContain('Our reference: DP-1 · Mr George Adeyemi');
      });
      expect(facts.pageText[0]).not.toContain('· Mr George Adeyemi');
      // The page's own font, served with it, is the one printed.
      expect(facts.embeddedFonts.some((f) => f.includes('AtkinsonHyperlegible'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('greets people from the salutation field, by default from the name', async () => {
    expect(salutationFor('Amina Patel')).toBe('Dear Amina Patel');
    expect(salutationFor('Mr George Adeyemi')).toBe('Dear Mr Adeyemi');
    expect(salutationFor('Dr. Rosa Maria Lindqvist')).toBe('Dear Dr. Lindqvist');
    expect(salutationFor('Mr and Mrs Kowalski')).toBe('Dear Mr and Mrs Kowalski');
    expect(salutationFor('Stefan and Maria Kowalski')).toBe('Dear Stefan and Maria Kowalski');
    expect(salutationFor('George Adeyemi', 'Mr')).toBe('Dear Mr Adeyemi');
    expect(salutationFor('Rhys Jones', undefined, 'cy')).toBe('Annwyl Rhys Jones');

    const template = ctx.templates.get('financial-checkup');
    const example = template.example as { recipient: { name: string; address: string[] } };
    const read = async (data: unknown) => (await readPdf((await produceDocument(ctx, 'financial-checkup', data, { format: 'pdf' })).body)).pageText[0];
    expect(await read(example)).toContain('Dear Amina Patel From time');
    const titled = await read({ ...example, recipient: { ...example.recipient, name: 'Mr George Adeyemi' } });
    expect(titled).toContain('Dear Mr Adeyemi From time');
    expect(titled).not.toContain('Dear Mr George Adeyemi');
    expect(await read({ ...example, salutation: 'Dear Amina' })).toContain('Dear Amina From time');
    // Every shipped letter has the optional field.
    for (const t of ctx.templates.list().filter((t) => t.kind === 'letter' && t.layout === 'letter')) {
      expect(t.fields.salutation, t.id).toMatchObject({ type: 'string', optional: true });
    }
  }, 60_000);

  it('shows a subtraction with a minus sign, and the same decimals down a money column (PDF, HTML, text)', async () => {
    const template = ctx.templates.get('budget-explanation');
    const pdf = (await readPdf((await produceDocument(ctx, 'budget-explanation', template.example, { format: 'pdf' })).body)).text;
    const html = (await produceDocument(ctx, 'budget-explanation', template.example, { format: 'html' })).body.toString('utf8');
    const text = (await produceDocument(ctx, 'budget-explanation', template.example, { format: 'text' })).body.toString('utf8');
    // Costs: £155, £107, £62, £324 have pence because the column has £287.80 and −£36.20.
    for (const amount of ['£155.00', '£107.00', '£62.00', '£324.00', '\u2212£36.20', '£287.80', '£15.50', '£21.40']) {
      expect(pdf, amount).toContain(amount);
      expect(html, amount).toContain(amount);
      expect(text, amount).toContain(amount);
    }
    expect(pdf).not.toMatch(/£(155|107|62|324)(?![.\d])/);
    // Each money cell of the table's "Cost a week" column has 2 decimals.
    const cells = [...html.matchAll(/<tr>(?:<td[^>]*>[\s\S]*?<\/td>){3}<td[^>]*>([\s\S]*?)<\/td><\/tr>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(cells.length).toBeGreaterThanOrEqual(5);
    for (const cell of cells) expect(cell).toMatch(/^\u2212?£[\d,]+\.\d\d$/);
    // A figure in a sentence keeps the short form.
    expect(pdf).toContain('£36.20 a week');
  }, 60_000);

  it('links email addresses and phone numbers in the HTML, and serves the letter font with the page', async () => {
    const template = ctx.templates.get('decision-letter');
    const html = (await produceDocument(ctx, 'decision-letter', template.example, { format: 'html' })).body.toString('utf8');
    expect(html).toContain('<a href="mailto:directpayments@northmoor.example">directpayments@northmoor.example</a>');
    expect(html).toContain('<a href="tel:+441614960123"><span class="nowrap">0161 496 0123</span></a>');
    expect(html).toContain('<a href="tel:+443000610614"><span class="nowrap">0300 061 0614</span></a>');
    // No bare email or phone number left outside a link in the letter's text.
    const main = /<main>([\s\S]*)<\/main>/.exec(html)![1].replace(/<a [^>]*>[\s\S]*?<\/a>/g, '');
    expect(main).not.toMatch(/@northmoor\.example|0161 496 0123/);
    // @font-face with the TrueType files themselves (the page stays one self-contained file).
    const require = createRequire(import.meta.url);
    const regular = fs.readFileSync(require.resolve('@expo-google-fonts/atkinson-hyperlegible/400Regular/AtkinsonHyperlegible_400Regular.ttf'));
    const faces = [...html.matchAll(/@font-face\{font-family:"Atkinson Hyperlegible";[^}]*font-weight:(\d+);[^}]*src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\) format\("truetype"\)\}/g)];
    expect(faces.map((f) => f[1])).toEqual(['400', '700']);
    expect(Buffer.from(faces[0][2], 'base64').equals(regular)).toBe(true);
    expect(html).toMatch(/body\{font-family:"Atkinson Hyperlegible"/);
    expect(html).not.toMatch(/src=["']?https?:|url\(https?:/);
    // The name in the print stylesheet's running header is escaped for CSS: it cannot end the <style>.
    const evil = '</style><script>alert(1)</script> "x" \\';
    const page = (await produceDocument(ctx, long, { ...(long.example as object), recipient: { name: evil, address: ['1 High Street', 'Northmoor', 'NM1 1AA'] } }, { format: 'html', draft: true })).body.toString('utf8');
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    expect(style).not.toMatch(/<\/?(style|script)/i);
    expect(style).toContain('@top-left{content:"Our reference: DP-1 · \\3c \\2f style\\3e \\3c script\\3e alert\\28 1\\29 ');
    expect(page).not.toContain('<script>');
  }, 60_000);
});

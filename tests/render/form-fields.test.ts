/**
 * The reconciliation sheet's blank rows are fillable fields in a tagged PDF: read back with
 * pdfjs (getFieldObjects), each field is a text field with a readable name and an alternate
 * name, sits inside its cell, and its widget is the only child of a Form structure element.
 * Typed text is set in the embedded Atkinson Hyperlegible (the whole font, once), and the
 * "fonts embedded" check reads form fonts too.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm } from '../../src/render/index.js';
import { pdfObjects, pdfToPng, readFonts, readFormFields, readPdf } from '../helpers/pdf.js';

const require = createRequire(import.meta.url);

/** A PDF made by bare pdfkit, for checking the checks. */
function barePdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

const ctx = createPipelineContext();
const sheet = ctx.templates.get('reconciliation-sheet');

describe('fillable fields on the form layout', () => {
  it('gives every cell of the blank rows a tagged text field', async () => {
    const doc = await produceDocument(ctx, sheet.id, sheet.example, { format: 'pdf' });
    const facts = await readPdf(doc.body);
    expect(facts.tagged).toBe(true);
    expect(facts.roles.has('Form')).toBe(true);
    const { fields, formElements, annotationIds } = await readFormFields(doc.body);
    // 16 lines × 5 columns, and the closing row's 2 cells.
    expect(fields).toHaveLength(82);
    expect(new Set(fields.map((f) => f.name)).size).toBe(82);
    expect(fields.every((f) => f.type === 'text')).toBe(true);
    expect(fields.find((f) => f.name === 'sheet-1-line-1-date')).toMatchObject({ page: 1, alt: 'Date, line 1' });
    expect(fields.find((f) => f.name === 'sheet-1-line-16-money-out')).toMatchObject({ alt: 'Money out, line 16' });
    expect(fields.find((f) => f.name === 'sheet-2-line-1-money-at-the-end-of-the-period')).toMatchObject({ alt: 'Money at the end of the period, line 1' });
    for (const field of fields) {
      const [x1, y1, x2, y2] = field.rect;
      expect(x1).toBeGreaterThanOrEqual(mm(15) - 0.01); // inside the form layout's margins
      expect(x2).toBeLessThanOrEqual(595.28 - mm(15) + 0.01);
      expect(y2 - y1).toBeGreaterThanOrEqual(mm(10) - 3.01); // a blank row is 10 mm tall, less the inset
      expect(field.alt).toMatch(/, line \d+$/);
    }
    // Tagged: Form > OBJR, one per field, each pointing at a widget on its page.
    expect(formElements).toHaveLength(82);
    for (const element of formElements) {
      expect(element.children).toHaveLength(1);
      expect(element.children[0].type).toBe('annotation');
      expect(annotationIds.has(element.children[0].id!)).toBe(true);
    }
    const raw = doc.body.toString('latin1');
    expect(raw.match(/\/Tabs \/S/g)).toHaveLength(facts.pages);
    // Every widget has its own appearance, so no viewer has to make one up.
    const widgets = [...pdfObjects(doc.body).values()].filter((d) => /\/Subtype \/Widget/.test(d));
    expect(widgets).toHaveLength(82);
    for (const widget of widgets) expect(widget).toMatch(/\/AP <<\s*\/N \d+ 0 R/);
    expect(raw).not.toContain('/NeedAppearances');
    expect(raw.match(/\/StructParent \d+/g)).toHaveLength(82);
    pdfToPng(doc.body, 1, 'reconciliation-sheet-fields');
  });

  it('is deterministic, and documents without blank form rows get no form', async () => {
    const a = await produceDocument(ctx, sheet.id, sheet.example, { format: 'pdf' });
    const b = await produceDocument(ctx, sheet.id, sheet.example, { format: 'pdf' });
    expect(b.sha256).toBe(a.sha256);
    const letter = ctx.templates.get('financial-checkup');
    const pdf = await produceDocument(ctx, letter.id, letter.example, { format: 'pdf' });
    expect(pdf.body.toString('latin1')).not.toContain('/AcroForm');
    expect((await readFormFields(pdf.body)).fields).toEqual([]);
  });

  it('types in the embedded Atkinson Hyperlegible: the whole font, once, named by every field', async () => {
    const doc = await produceDocument(ctx, sheet.id, sheet.example, { format: 'pdf' });
    const facts = await readPdf(doc.body);
    expect(facts.allFontsEmbedded).toBe(true);
    const whole = facts.fonts.filter((f) => f.baseFont === 'AtkinsonHyperlegible-Regular');
    expect(whole).toEqual([{ object: expect.any(Number), baseFont: 'AtkinsonHyperlegible-Regular', subtype: 'TrueType', embedded: true }]);
    expect(facts.fonts.some((f) => /Helvetica/.test(f.baseFont))).toBe(false);
    const objects = pdfObjects(doc.body);
    const form = [...objects.values()].find((d) => /\/Fields \[/.test(d))!;
    expect(form).toMatch(new RegExp(`/DR <<\\s*/Font <<\\s*/AtkH ${whole[0].object} 0 R`));
    expect(form).toContain('/DA (/AtkH 0 Tf 0 g)');
    // Not a subset: the font file is the whole TTF (Length1 is its unpacked size).
    const descriptor = [...objects.values()].find((d) => /\/FontName \/AtkinsonHyperlegible-Regular/.test(d))!;
    const file = objects.get(Number(/\/FontFile2 (\d+) 0 R/.exec(descriptor)![1]))!;
    expect(Number(/\/Length1 (\d+)/.exec(file)![1])).toBe(fs.statSync(require.resolve('@expo-google-fonts/atkinson-hyperlegible/400Regular/AtkinsonHyperlegible_400Regular.ttf')).size);

    // A viewer filling a field draws the typed words with that font: pdf.js saves the field
    // with an appearance that uses /AtkH, and adds no font of its own.
    const reader = await getDocument({ data: new Uint8Array(doc.body), verbosity: 0 }).promise;
    const page = await reader.getPage(1);
    const field = (await page.getAnnotations()).find((a) => a.fieldName === 'sheet-1-line-1-what-it-was-for-and-who-you-paid');
    reader.annotationStorage.setValue(field.id, { value: 'Wages for Siân, £12.50 – “thank you”' });
    const filled = Buffer.from(await reader.saveDocument());
    await reader.destroy();
    const update = filled.subarray(doc.body.length).toString('latin1');
    expect(update).toMatch(/\/Resources << \/Font << \/AtkH \d+ 0 R/);
    expect(update).toMatch(/\/AtkH 11 Tf[\s\S]*Si\xe2n, \xa312\.50/);
    expect(update).not.toMatch(/\/Type \/Font\b/);
    pdfToPng(filled, 1, 'reconciliation-sheet-filled', 100);
  });

  it('the fonts-embedded check fails for a font left to the viewer, in page text or only in a form', async () => {
    const text = await barePdf((doc) => doc.font('Helvetica').text('Hello'));
    expect(readFonts(text)).toEqual([{ object: expect.any(Number), baseFont: 'Helvetica', subtype: 'Type1', embedded: false }]);
    expect((await readPdf(text)).allFontsEmbedded).toBe(false);
    // pdfkit's own formText: Helvetica in the form's resources only, drawn on no page.
    const atkinson = ctx.templates.get('financial-checkup');
    const formOnly = await barePdf((doc) => {
      doc.font('Helvetica');
      doc.initForm();
      doc.formText('name', 50, 50, 200, 20);
    });
    expect((await readPdf(formOnly)).allFontsEmbedded).toBe(false);
    // And a real letter passes.
    const letter = await produceDocument(ctx, atkinson.id, atkinson.example, { format: 'pdf' });
    expect((await readPdf(letter.body)).allFontsEmbedded).toBe(true);
  });
});

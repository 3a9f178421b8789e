/**
 * The reconciliation sheet's blank rows are fillable fields in a tagged PDF: read back with
 * pdfjs (getFieldObjects), each field is a text field with a readable name and an alternate
 * name, sits inside its cell, and its widget is the only child of a Form structure element.
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm } from '../../src/render/index.js';
import { pdfToPng, readFormFields, readPdf } from '../helpers/pdf.js';

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
});

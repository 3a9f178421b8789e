import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRefs, PrintPdfWriter, readPdfObjects } from '../../src/batch/index.js';
import { AppError } from '../../src/core/index.js';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let counter = 0;

/** A PDF with one page per text, as pdfkit writes it (the renderer's library). */
function pdfWithPages(texts: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ autoFirstPage: false, size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (const text of texts) {
      doc.addPage();
      doc.text(text);
    }
    doc.end();
  });
}

async function merge(pdfs: Buffer[]) {
  const writer = await PrintPdfWriter.open(path.join(temp.dir, `print-${++counter}.pdf`));
  for (const pdf of pdfs) await writer.addLetter(pdf);
  const summary = await writer.finish();
  return { summary, facts: await readPdf(readFileSync(writer.file)) };
}

describe('findRefs', () => {
  it('finds references in dictionaries and arrays, not in strings, hex strings or comments', () => {
    const text = '<< /Parent 1 0 R /Kids [4 0 R 12 0 R] /Title (see 5 0 R \\) 6 0 R) /ID <0a0b> % 7 0 R\n/Next 8 0 R /N 3.5 >>';
    expect(findRefs(text).map((ref) => ref.num)).toEqual([1, 4, 12, 8]);
  });
});

describe('PrintPdfWriter', () => {
  it('starts every letter on an odd page, adding a blank page after letters with an odd page count', async () => {
    const { summary, facts } = await merge([await pdfWithPages(['Alpha one']), await pdfWithPages(['Bravo one', 'Bravo two']), await pdfWithPages(['Charlie one', 'Charlie two', 'Charlie three'])]);
    expect(summary).toEqual({ letters: 3, pages: 8, blankPages: 2 });
    expect(facts.pages).toBe(8);
    expect(facts.pageText).toEqual(['Alpha one', '', 'Bravo one', 'Bravo two', 'Charlie one', 'Charlie two', 'Charlie three', '']);
  });

  it('copies real letters (tagged, with embedded fonts) so that every page reads as in the letter', async () => {
    const ctx = createPipelineContext();
    const template = ctx.templates.get('financial-checkup');
    const first = await produceDocument(ctx, template, template.example, { format: 'pdf' });
    const second = await produceDocument(ctx, template, { ...template.example, reference: 'DP-2', recipient: { name: 'Bob Brown', address: ['1 High St', 'Stockport', 'SK4 3QT'] } }, { format: 'pdf' });
    const letterPages = (await readPdf(first.body)).pages;
    const { summary, facts } = await merge([first.body, second.body]);
    const perLetter = letterPages + (letterPages % 2);
    expect(summary.pages).toBe(perLetter * 2);
    expect(facts.allFontsEmbedded).toBe(true);
    expect(facts.pageText[0]).toContain('Amina Patel');
    expect(facts.pageText[perLetter]).toContain('Bob Brown');
  }, 60_000);

  it('refuses a PDF it cannot copy, rather than copying it wrongly', () => {
    expect(() => readPdfObjects(Buffer.from('%PDF-1.7\nnot really a pdf'))).toThrow(AppError);
    try {
      readPdfObjects(Buffer.from('%PDF-1.7\nnot really a pdf'));
    } catch (error) {
      expect((error as AppError).code).toBe('RENDER_FAILED');
    }
  });
});

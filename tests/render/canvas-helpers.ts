// A bare PDF canvas for tests of the PDF writer's text: one page, uncompressed, no structure tree.
import PDFDocument from 'pdfkit';
import { PdfCanvas } from '../../src/render/pdf/canvas.js';
import { primaryFace } from '../../src/render/pdf/fonts.js';
import { STYLES } from '../../src/render/pdf/styles.js';

/** A structure element that takes children and forgets them. */
const NO_ELEMENT = { add: () => NO_ELEMENT, end: () => undefined };

/** A new uncompressed pdfkit document in the primary face, with a canvas on its first page. */
export function canvas(): { doc: PDFKit.PDFDocument; c: PdfCanvas } {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false, font: primaryFace().font as unknown as string });
  const c = new PdfCanvas(doc, STYLES.letter, NO_ELEMENT);
  c.newPage();
  return { doc, c };
}

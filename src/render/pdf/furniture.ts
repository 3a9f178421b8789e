/**
 * Page furniture, drawn on every page after the content is laid out (so the page count is
 * known): "Page 1 of 2", and for drafts a "DRAFT — not checked" band at the top and bottom.
 * All of it is marked as artifacts: it is not part of the document's reading order.
 */
import type { PdfCanvas } from './canvas.js';
import { mm, PAGE, COLOURS } from './styles.js';
import { layoutInlines, plain } from './text.js';
import { documentWords } from '../words.js';
import { keepTogether } from '../model.js';

/** The draft mark's wording. */
export const DRAFT_MARK = 'DRAFT — not checked';

/** Top of the draft band: 6 mm, inside the printable area (printers leave about 5 mm blank) and above the logo (15 mm). */
const DRAFT_BAND_TOP = mm(6);

/** Top of the running header on pages 2 onwards of a letter: below the draft band, above the text (20 mm). */
export const RUNNING_HEADER_TOP = mm(13.5);
/** Its type size. */
export const RUNNING_HEADER_PT = 9;

export function drawFurniture(canvas: PdfCanvas, options: { draft: boolean; footerSize: number; lang: string; runningHeader?: { reference: string; name: string } }): number {
  const words = documentWords(options.lang);
  const { doc } = canvas;
  const range = doc.bufferedPageRange();
  const total = range.count;
  canvas.exempt = !options.draft && options.footerSize < 16;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    canvas.resetFace();
    const size = options.footerSize;
    const label = words.page(i + 1, total);
    const footer = layoutInlines(plain(options.draft ? `${DRAFT_MARK} · ${label}` : label), canvas.width, { size, color: options.draft ? COLOURS.draft : COLOURS.secondary, leading: 1.2, bold: options.draft });
    const line = footer[0];
    const y = PAGE.height - mm(10) - line.height;
    canvas.artifact(() => canvas.paintLines([line], (PAGE.width - line.width) / 2, y), 'Pagination');
    if (options.runningHeader && i > 0) {
      // "Our reference: DP-004217 · Amina Patel", small, at the top left of pages 2 onwards.
      const { reference, name } = options.runningHeader;
      const runs = plain(`${words.ourReference}: ${keepTogether(reference, [reference])} · ${name}`);
      const header = layoutInlines(runs, canvas.width, { size: RUNNING_HEADER_PT, color: COLOURS.secondary, leading: 1.2 });
      // It is for the print room (matching loose pages to people), not for the reader: an
      // artifact, and exempt from Easy Read's 16pt like the address and the picture credit.
      const wasExempt = canvas.exempt;
      canvas.exempt = true;
      canvas.artifact(() => canvas.paintLines(header.slice(0, 1), canvas.left, RUNNING_HEADER_TOP), 'Pagination');
      canvas.exempt = wasExempt;
    }
    if (options.draft) {
      const band = layoutInlines(plain(DRAFT_MARK, true), canvas.width, { size: Math.max(size, 12), color: '#ffffff', leading: 1.3 });
      const height = band[0].height + 4;
      canvas.artifact(() => {
        doc.save().rect(mm(10), DRAFT_BAND_TOP, PAGE.width - mm(20), height).fill(COLOURS.draft).restore();
        canvas.paintLines([band[0]], (PAGE.width - band[0].width) / 2, DRAFT_BAND_TOP + 2);
      }, 'Pagination');
    }
  }
  canvas.exempt = false;
  return total;
}

/**
 * The PDF writer puts text into the page itself (one write per block of lines) instead of
 * calling pdfkit's `text()` for every piece. It must write exactly what `text()` writes:
 * compared byte for byte, uncompressed, for Latin, Welsh, Greek, Hebrew, Arabic, emoji and
 * combining marks (glyph offsets), in bold and in two colours.
 */
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/render/index.js';
import { layoutInlines } from '../../src/render/pdf/text.js';
import { canvas } from './canvas-helpers.js';

function pageContent(doc: PDFKit.PDFDocument): string {
  const page = (doc as unknown as { page: { content: { buffer: Uint8Array[] } } }).page;
  return page.content.buffer.map((chunk) => Buffer.from(chunk).toString('latin1')).join('');
}

const runs: Inline[] = [
  { kind: 'text', text: 'Siân Ŵyn Ŷr and Αλέξης wrote to ' },
  { kind: 'text', text: 'דוד כהן and محمد علي حسن', bold: true },
  { kind: 'text', text: ' about Zoë 🙂👍🏽 and Ǹgoc Trầ̀n (AV Wa To).', link: 'https://example.org' },
  { kind: 'break' },
  { kind: 'text', text: 'A second line, long enough to wrap across the column at this width more than once.' },
];

describe('text operators', () => {
  it('are byte for byte what pdfkit text() writes', () => {
    const lines = layoutInlines(runs, 260, { size: 12, color: '#0b0c0c', leading: 1.4, linkColor: '#1d4e89' });
    expect(lines.length).toBeGreaterThan(3);
    const ours = canvas();
    ours.c.paintLines(lines, 70, 100);
    const theirs = canvas();
    let y = 100;
    for (const line of lines) {
      let x = 70 + line.indent;
      for (const piece of line.pieces) {
        if (piece.text) {
          theirs.c.useFace(piece.face);
          theirs.doc.fontSize(piece.size).fillColor(piece.color);
          theirs.doc.text(piece.text, x, y + line.baseline, { lineBreak: false, baseline: 'alphabetic' } as PDFKit.Mixins.TextOptions);
        }
        x += piece.width;
      }
      y += line.height;
    }
    const expected = pageContent(theirs.doc);
    expect(expected).toMatch(/TJ/);
    expect(expected).toMatch(/\d Tm\n\[/); // a glyph offset (combining marks) moved the text matrix
    expect(pageContent(ours.doc)).toBe(expected);
  });
});

/**
 * Work paid once per process: SVG pictures are converted to PDF operators once and reused (a
 * second Easy Read document converts nothing, the output stays byte-identical, and a picture
 * drawn from the cache looks exactly like one drawn by svg-to-pdfkit itself, compared as
 * pixels), and a font subset is encoded and compressed once per glyph list.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { drawSvg, svgStats } from '../../src/render/pdf/svg.js';
import { pdfToPng } from '../helpers/pdf.js';

const ctx = createPipelineContext();

function pdfOf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: [200, 200], margin: 0, compress: false, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

describe('SVG pictures', () => {
  it('converts each picture once per process and reuses it', async () => {
    const template = ctx.templates.get('financial-checkup-easy-read');
    const first = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
    const after = svgStats();
    expect(after.kept).toBeGreaterThan(5); // the logo and the letter's pictures
    const second = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
    expect(svgStats().conversions).toBe(after.conversions);
    expect(second.sha256).toBe(first.sha256);
  });

  it('draws from the cache exactly what svg-to-pdfkit draws (pixels), twice in one page', async () => {
    for (const name of ['money', 'hello', 'bank', 'sums']) {
      const svg = ctx.pictures.get(name)!.svg;
      const box = { width: 68, height: 68, preserveAspectRatio: 'xMidYMid meet' };
      const direct = await pdfOf((doc) => {
        SVGtoPDF(doc, svg, 10, 20, box);
        SVGtoPDF(doc, svg, 100, 110, box);
      });
      const cached = await pdfOf((doc) => {
        drawSvg(doc, svg, 10, 20, box);
        drawSvg(doc, svg, 100, 110, box);
      });
      const a = fs.readFileSync(pdfToPng(direct, 1, `svg-${name}-direct`, 144));
      const b = fs.readFileSync(pdfToPng(cached, 1, `svg-${name}-cached`, 144));
      expect(b.equals(a), name).toBe(true);
    }
  });

  it('draws an SVG that needs its own resources (a gradient) with svg-to-pdfkit every time', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/></svg>';
    const box = { width: 50, height: 50, preserveAspectRatio: 'xMidYMid meet' };
    const one = await pdfOf((doc) => drawSvg(doc, svg, 10, 10, box));
    const two = await pdfOf((doc) => drawSvg(doc, svg, 10, 10, box));
    expect(one.toString('latin1')).toMatch(/\/Pattern|\/Shading/);
    expect(two.equals(one)).toBe(true);
    const direct = await pdfOf((doc) => SVGtoPDF(doc, svg, 10, 10, box));
    expect(fs.readFileSync(pdfToPng(one, 1, 'svg-gradient-cached', 72)).equals(fs.readFileSync(pdfToPng(direct, 1, 'svg-gradient-direct', 72)))).toBe(true);
  });
});

describe('font embedding', () => {
  it('is paid once: the same letter again encodes and compresses no font', async () => {
    const { fontStats } = await import('../../src/render/pdf/canvas.js');
    const letter = ctx.templates.get('financial-checkup');
    const first = await produceDocument(ctx, letter.id, letter.example, { format: 'pdf' });
    const after = fontStats();
    expect(after.subsetsEncoded).toBeGreaterThan(0);
    expect(after.fontFilesDeflated).toBeGreaterThan(0);
    const again = await produceDocument(ctx, letter.id, letter.example, { format: 'pdf' });
    expect(fontStats()).toEqual(after);
    expect(again.sha256).toBe(first.sha256);
  });
});

/**
 * `npm run bench:render`: one final letter (validate + fill + lint + structure rules + tagged
 * PDF/UA with embedded Atkinson Hyperlegible), p50/p99 from one run, next to bare pdfkit
 * writing the same text in Helvetica (no tagging, no embedding). Also: the first render in a
 * fresh process (font parsing paid once), HTML and text.
 *
 * Timings are wall-clock on a shared 2-core machine: run it twice before trusting a small
 * difference.
 */
import PDFDocument from 'pdfkit';
import { createPipelineContext, produceDocument } from '../src/pipeline/index.js';
import { documentBlocks, fillDocument, plainText, walkBlocks } from '../src/render/index.js';

const ctx = createPipelineContext();
const template = ctx.templates.get('financial-checkup');
const data = template.example;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, fn: () => Promise<unknown>, runs = 200): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await fn(); // warm-up: JIT, font and shaping caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const result = { p50: percentile(times, 50), p99: percentile(times, 99) };
  console.log(`${name.padEnd(58)} p50 ${result.p50.toFixed(2).padStart(7)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms   (${runs} runs)`);
  return result;
}

// The same words, for the bare pdfkit baseline.
const validated = template.validate(data);
if (!validated.ok) throw new Error('the example does not validate');
const filled = fillDocument(template, validated.data, ctx.branding);
const paragraphs: string[] = [];
walkBlocks(documentBlocks(filled.tree), (block) => {
  if ('inlines' in block) paragraphs.push(plainText(block.inlines));
});

function barePdfkit(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.font('Helvetica').fontSize(12);
    for (const p of paragraphs) doc.text(p, { paragraphGap: 8 });
    doc.end();
  });
}

const first = performance.now();
const firstDoc = await produceDocument(ctx, template.id, data, { format: 'pdf' });
console.log(`first final letter in this process (fonts parsed here)             ${(performance.now() - first).toFixed(1)} ms, ${firstDoc.pages} pages, ${firstDoc.body.length} bytes`);

const letter = await measure('final letter: fill + lint + tagged PDF/UA, embedded font', () => produceDocument(ctx, template.id, data, { format: 'pdf' }));
const bare = await measure('bare pdfkit, same text, Helvetica (not tagged, not embedded)', barePdfkit);
await measure('final letter as HTML (incl. page count layout)', () => produceDocument(ctx, template.id, data, { format: 'html' }));
const guide = ctx.templates.get('what-you-can-use-it-for');
await measure('guide (document layout) as PDF', () => produceDocument(ctx, guide.id, guide.example, { format: 'pdf', draft: true }), 60);
const easy = ctx.templates.get('financial-checkup-easy-read');
await measure('Easy Read letter as PDF (pictures drawn from SVG)', () => produceDocument(ctx, easy.id, easy.example, { format: 'pdf', draft: true }), 60);

console.log(`\nletter p50 ${letter.p50.toFixed(2)} ms (target ≤ 15 ms): ${letter.p50 <= 15 ? 'met' : 'NOT met'}; ${(letter.p50 / bare.p50).toFixed(1)}× bare pdfkit`);

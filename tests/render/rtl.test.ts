/**
 * Right-to-left text in PDFs (docs/rendering.md, "Right-to-left text"): a Hebrew or Arabic
 * run is drawn in visual order — its first word right-most — inside a left-to-right
 * sentence, and a run that wraps starts with its first words on the first line; the HTML
 * isolates it with <bdi>; the text keeps logical order.
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { pageTextPositions } from '../helpers/pdf.js';

const ctx = createPipelineContext();
const template = parseTemplate(`---\nid: g\ntitle: G\nkind: guide\nprofile: standard\nlayout: document\nfields:\n  name: { type: string }\nexample:\n  name: Sam\n---\n# Names\n\nWe wrote to {{name}} today.\n`, 'g.md');

describe('right-to-left names', () => {
  // `probes`: part of each word as pdfjs reads it back. Arabic shaping adds a glyph that
  // stands for no letter inside مريم, which pdfjs reads as a break in the word.
  it.each([
    ['Hebrew', ['דוד', 'לוי'], ['דוד', 'לוי']],
    ['Arabic', ['مريم', 'الحسن'], ['مري', 'الحسن']],
  ])('%s: a run on one line reads right to left, between left-to-right words', async (_script, words, probes) => {
    const name = words.join(' ');
    const pdf = await produceDocument(ctx, template, { name }, { format: 'pdf' });
    const items = await pageTextPositions(pdf.body, 1);
    const line = items.filter((i) => Math.abs(i.y - items.find((j) => j.str.includes('We wrote'))!.y) < 1);
    const x = (predicate: (s: string) => boolean) => line.find((i) => predicate(i.str))!.x;
    // pdfjs gives each right-to-left word back in logical order; compare where they are drawn.
    const firstWord = x((s) => s.includes(probes[0]));
    const secondWord = x((s) => s.includes(probes[1]));
    expect(firstWord).toBeGreaterThan(secondWord);
    expect(secondWord).toBeGreaterThan(x((s) => s.includes('We wrote')));
    expect(x((s) => s.includes('today'))).toBeGreaterThan(firstWord);
    const html = (await produceDocument(ctx, template, { name }, { format: 'html' })).body.toString('utf8');
    // Only the name is isolated: the sentence keeps its left-to-right direction.
    expect(html).toContain(`<p>We wrote to <bdi>${name}</bdi> today.</p>`);
    const first = parseTemplate(`---\nid: g\ntitle: G\nkind: guide\nprofile: standard\nlayout: document\nfields:\n  name: { type: string }\nexample:\n  name: Sam\n---\n# Names\n\n{{name}} (2 people) asked us.\n`, 'g.md');
    const starts = (await produceDocument(ctx, first, { name }, { format: 'html' })).body.toString('utf8');
    expect(starts).toContain(`<p><bdi>${name}</bdi> (2 people) asked us.</p>`);
    const text = (await produceDocument(ctx, template, { name }, { format: 'text' })).body.toString('utf8');
    expect(text).toContain(`We wrote to ${name} today.`);
  });
});

describe('a right-to-left run that wraps', () => {
  it('has its first words on the first line, each line reading right to left', async () => {
    const letters = 'אבגדהוזחטיכלמנסעפצקרשת';
    const words = Array.from({ length: 40 }, (_, i) => letters[i % 22] + letters[(i * 7 + 3) % 22] + letters[(i * 5 + 1) % 22] + letters[Math.floor(i / 22)]);
    expect(new Set(words).size).toBe(words.length);
    const pdf = await produceDocument(ctx, template, { name: words.join(' ') }, { format: 'pdf', draft: true });
    const items = (await pageTextPositions(pdf.body, 1)).filter((i) => words.includes(i.str.trim()));
    const lines = [...new Set(items.map((i) => Math.round(i.y)))].sort((a, b) => a - b); // top to bottom
    expect(lines.length).toBeGreaterThan(1);
    let next = 0;
    for (const y of lines) {
      const onLine = items.filter((i) => Math.round(i.y) === y).sort((a, b) => b.x - a.x); // right to left
      // Reading right to left gives the next words of the run, in order.
      expect(onLine.map((i) => i.str.trim())).toEqual(words.slice(next, next + onLine.length));
      next += onLine.length;
    }
    expect(next).toBe(words.length);
  });
});

/**
 * Page breaks: the same document with more and more lines before it, so that every block in
 * turn meets the foot of a page. Whatever the position, a heading is never the last thing on
 * a page, a sentence ending with ":" stays with the table it introduces, a paragraph that
 * breaks leaves at least 2 lines on each page, and a run of one-line paragraphs is not moved
 * as a whole (no page is left mostly empty).
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { allPageTextPositions, pageStructure } from '../helpers/pdf.js';

const ctx = createPipelineContext();

/** 60 numbered words: they wrap over 5 or 6 lines, and each line can be told apart. */
const LONG = Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' ');
/** 30 numbered words: 3 lines (2 + 1 would leave a lone line; it must move whole). */
const THREE_LINES = Array.from({ length: 30 }, (_, i) => `mid${i + 1}`).join(' ');

function guide(fillerLines: number) {
  const filler = Array.from({ length: fillerLines }, (_, i) => `Some words to fill line ${i + 1}.`).join('\\\n');
  return parseTemplate(`---
id: keep
title: Keep
kind: guide
profile: standard
layout: document
fields: {}
example: {}
---
# Keeping things together

${filler || 'Start.'}

## A heading before a long paragraph

${LONG}

${THREE_LINES}

Here are the figures:

| What | A week |
|---|--:|
| Tablefirstrow | £10 |
| Tablesecondrow | £20 |

## Short lines

Dear Sam

The paragraph after the greeting, long enough to run over two lines of the page so that it can be split like any other paragraph.

With best wishes

Direct Payments Team\\
Northmoor Borough Council
`, 'keep.md');
}

describe('page breaks', () => {
  it('keep headings, introductions and paragraph ends together wherever the break falls', async () => {
    let broken = 0;
    for (let filler = 20; filler <= 50; filler += 1) {
      const doc = await produceDocument(ctx, guide(filler), {}, { format: 'pdf' });
      const pages = await pageStructure(doc.body);
      const positions = await allPageTextPositions(doc.body);
      const where = `with ${filler} lines of filler`;
      if (pages.length > 1) broken++;
      for (const leaves of pages.slice(0, -1)) expect(leaves[leaves.length - 1], where).not.toMatch(/\/H[1-6]$/);
      const pageOf = (text: string) => positions.findIndex((items) => items.some((p) => p.str.includes(text)));
      expect(pageOf('Here are the figures:'), where).toBe(pageOf('Tablefirstrow'));
      // The long paragraph: at least 2 of its lines on every page it is on.
      let threeLines = 0;
      for (const items of positions) {
        const lines = new Set(items.filter((p) => /\bword\d+\b/.test(p.str)).map((p) => Math.round(p.y)));
        if (lines.size > 0) expect(lines.size, where).toBeGreaterThanOrEqual(2);
        const mid = new Set(items.filter((p) => /\bmid\d+\b/.test(p.str)).map((p) => Math.round(p.y)));
        if (mid.size > 0) expect(mid.size, where).toBeGreaterThanOrEqual(2);
        threeLines += mid.size;
      }
      expect(threeLines, where).toBe(3);
      // "Dear Sam" goes with the paragraph after it; "With best wishes" with the one after that.
      expect(pageOf('Dear Sam'), where).toBe(pageOf('The paragraph after the greeting'));
      expect(pageOf('With best wishes'), where).toBe(pageOf('Direct Payments Team'));
    }
    // The sweep really did move the break through the document.
    expect(broken).toBeGreaterThan(10);
  });

  it('does not move a long run of one-line paragraphs to a new page as a whole', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} on its own.`).join('\n\n');
    const template = parseTemplate(`---\nid: runs\ntitle: Runs\nkind: guide\nprofile: standard\nlayout: document\nfields: {}\nexample: {}\n---\n# One-line paragraphs\n\n${lines}\n`, 'runs.md');
    const doc = await produceDocument(ctx, template, {}, { format: 'pdf' });
    const positions = await allPageTextPositions(doc.body);
    // Page 1 is filled, not left with the headline alone.
    expect(positions[0].filter((p) => /^Line \d+/.test(p.str)).length).toBeGreaterThan(15);
  });
});

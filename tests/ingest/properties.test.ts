/**
 * Property tests: every offset in joined blocks is located at the block it is in (heading and
 * paragraph counted as a person counts them), quotes hold the words found, and HTML text
 * extraction keeps every visible paragraph and nothing hidden, whatever the words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlBlocks, joinBlocks, locateOffset, sentenceAround, type TextBlock } from '../../src/ingest/index.js';

const word = fc.stringMatching(/^[A-Za-z][a-z']{0,9}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' ') + '.');
const blockText = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((sentences) => sentences.join(' '));

/** Blocks with headings here and there, and (for a PDF) pages that only go up. */
const blocks = fc
  .array(fc.record({ text: blockText, heading: fc.boolean(), nextPage: fc.boolean() }), { minLength: 1, maxLength: 30 })
  .chain((raw) =>
    fc.boolean().map((paged) => {
      let page = 1;
      return raw.map(({ text, heading, nextPage }): TextBlock => {
        if (paged && nextPage) page++;
        return paged ? { text, heading, page } : { text, heading };
      });
    }),
  );

/** What a person counts: the heading before, and paragraphs since it (or since the top of the page). */
function expected(list: TextBlock[], index: number): { heading?: string; paragraph?: number; inHeading?: boolean; page?: number } {
  let heading: string | undefined;
  let paragraph = 0;
  let page: number | undefined;
  for (let i = 0; i <= index; i++) {
    if (list[i].page !== page) {
      page = list[i].page;
      paragraph = 0;
    }
    if (list[i].heading) {
      heading = list[i].text;
      paragraph = 0;
    } else {
      paragraph++;
    }
  }
  const block = list[index];
  const out: { heading?: string; paragraph?: number; inHeading?: boolean; page?: number } = {};
  if (block.page !== undefined) out.page = block.page;
  if (block.heading) return { ...out, heading: block.text, inHeading: true };
  return { ...out, paragraph, ...(heading !== undefined ? { heading } : {}) };
}

describe('locating offsets in joined blocks', () => {
  it('puts every offset of every block at that block', () => {
    fc.assert(
      fc.property(blocks, fc.nat(), (list, seed) => {
        const joined = joinBlocks(list);
        let start = 0;
        list.forEach((block, index) => {
          expect(joined.text.slice(start, start + block.text.length)).toBe(block.text);
          const offset = start + (seed % block.text.length);
          const { text, ...where } = locateOffset(joined, offset);
          expect(where).toEqual(expected(list, index));
          expect(text.length).toBeGreaterThan(0);
          start += block.text.length + 2;
        });
      }),
    );
  });

  it('quotes the words found, inside their own paragraph', () => {
    fc.assert(
      fc.property(blocks, fc.nat(), fc.nat(), (list, a, b) => {
        const joined = joinBlocks(list);
        const index = a % list.length;
        const blockStart = joined.placed[index].start;
        const block = list[index].text;
        const from = blockStart + (b % block.length);
        const to = Math.min(blockStart + block.length, from + 1 + (a % 10));
        const quote = sentenceAround(joined.text, from, to);
        expect(quote.actual).toBe(joined.text.slice(from, to).replace(/\s+/g, ' '));
        // Nothing from the blocks before or after it.
        expect(block.replace(/\s+/g, ' ')).toContain(`${quote.before}${quote.actual}${quote.after}`.replace(/^…|…$/g, ''));
      }),
    );
  });
});

describe('HTML text extraction', () => {
  const hiddenWrappers = [
    (t: string) => `<script>var x = "${t}";</script>`,
    (t: string) => `<style>/* ${t} */</style>`,
    (t: string) => `<p hidden>${t}</p>`,
    (t: string) => `<div aria-hidden="true">${t}</div>`,
    (t: string) => `<span style="display:none">${t}</span>`,
    (t: string) => `<p style="visibility: hidden">${t}</p>`,
    (t: string) => `<template><p>${t}</p></template>`,
    (t: string) => `<noscript>${t}</noscript>`,
  ];
  const piece = fc.oneof(
    fc.record({ kind: fc.constant('visible' as const), text: blockText, tag: fc.constantFrom('p', 'li', 'h2', 'td', 'div') }),
    fc.record({ kind: fc.constant('hidden' as const), wrapper: fc.nat(hiddenWrappers.length - 1) }),
  );

  it('keeps every visible paragraph, in order, and nothing hidden', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 20 }), (pieces) => {
        const html = pieces
          .map((p) => (p.kind === 'visible' ? (p.tag === 'li' ? `<ul><li>${p.text}</li></ul>` : p.tag === 'td' ? `<table><tr><td>${p.text}</td></tr></table>` : `<${p.tag}>${p.text}</${p.tag}>`) : hiddenWrappers[p.wrapper]('Zzhidden secret')))
          .join('\n');
        const found = htmlBlocks(`<!doctype html><html><head><title>Zzhidden title</title></head><body>${html}</body></html>`);
        const visible = pieces.filter((p) => p.kind === 'visible');
        expect(found.map((b) => b.text)).toEqual(visible.map((p) => p.text));
        expect(found.map((b) => b.heading)).toEqual(visible.map((p) => p.tag === 'h2'));
        expect(JSON.stringify(found)).not.toContain('Zzhidden');
      }),
    );
  });
});

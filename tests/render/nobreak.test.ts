/**
 * Values a line must never split — a date, a postcode, an amount of money, a phone number, a
 * reference, "Mr Name" — placed at every position along a line: 101 paragraphs, each with one
 * more letter before the same sentence, so each value meets the end of a line in some of them.
 * Read back from the PDF line by line (pdf.js), from the HTML and from the text.
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { allPageTextPositions } from '../helpers/pdf.js';

const ctx = createPipelineContext();

const template = parseTemplate(`---
id: nobreak
title: No break
kind: letter
profile: standard
layout: letter
fields:
  reference: { type: string, max: 30 }
  letterDate: { type: date }
  recipient:
    type: object
    fields:
      name: { type: string, max: 100 }
      address: { type: address }
  when: { type: date }
  postcode: { type: postcode }
  phone: { type: phone }
  caseRef: { type: string, max: 30 }
  amount: { type: money }
  who: { type: string, max: 60 }
  pads: { type: list, of: { type: string, max: 200 }, max: 200 }
example:
  reference: DP-1
  letterDate: 2021-01-31
  recipient: { name: Sam Jones, address: [1 High Street, Northmoor, NM1 1AA] }
  when: 2020-12-31
  postcode: NM1 1AA
  phone: 0161 496 0123
  caseRef: CASE 4417 B
  amount: 1250
  who: Mr Adeyemi
  pads: [a]
---
# Values kept whole

{{#each pads}}
{{this}} Due {{date ../when}} then post {{../postcode}} or phone {{../phone}} quoting {{../caseRef}} and take away {{money (subtract 0 ../amount)}} for {{../who}} and {{date ../when}} again.

{{/each}}
`, 'nobreak.md');

const PADS = Array.from({ length: 101 }, (_, i) => `${'m'.repeat(i + 1)}`);
const data = { ...(template.example as object), pads: PADS };
const VALUES = ['31 December 2020', 'NM1 1AA', '0161 496 0123', 'CASE 4417 B', '\u2212£12.50', 'Mr Adeyemi'];

/** Each page's lines: text items grouped by baseline, left to right. */
async function pdfLines(pdf: Buffer): Promise<string[]> {
  const lines: string[] = [];
  for (const items of await allPageTextPositions(pdf)) {
    const rows = new Map<number, { x: number; str: string }[]>();
    for (const item of items) {
      const y = Math.round(item.y * 2) / 2;
      rows.set(y, [...(rows.get(y) ?? []), { x: item.x, str: item.str }]);
    }
    for (const [, row] of [...rows.entries()].sort((a, b) => a[0] - b[0])) lines.push(row.sort((a, b) => a.x - b.x).map((r) => r.str).join('').replace(/\s+/g, ' ').trim());
  }
  return lines;
}

const count = (text: string, value: string) => text.split(value).length - 1;

describe('values a line must not split', () => {
  it('stay whole on one line of the PDF, wherever the line ends', async () => {
    const doc = await produceDocument(ctx, template, data, { format: 'pdf' });
    const lines = (await pdfLines(doc.body)).filter((line) => /Due|then|post|phone|quoting|take|away|Adeyemi|again/.test(line));
    const joined = lines.join('\n');
    for (const value of VALUES) {
      const expected = value === '31 December 2020' ? 2 * PADS.length : PADS.length;
      expect({ value, whole: count(joined, value) }).toEqual({ value, whole: expected });
      // The values did meet the end of a line: some lines start with the value (moved whole).
      expect({ value, startsALine: lines.some((line) => line.startsWith(value)) }).toEqual({ value, startsALine: true });
    }
  }, 120_000);

  it('are kept together in the HTML (nowrap spans) and the text (wrapped around them)', async () => {
    const page = (await produceDocument(ctx, template, data, { format: 'html' })).body.toString('utf8');
    const html = /<main>([\s\S]*)<\/main>/.exec(page)![1];
    for (const value of VALUES.filter((v) => v.includes(' '))) {
      // Every occurrence is inside a nowrap span (possibly inside a link).
      const all = count(html, value);
      expect(all).toBeGreaterThanOrEqual(PADS.length);
      expect({ value, inSpans: html.match(new RegExp(`<span class="nowrap">${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</span>`, 'g'))?.length ?? 0 }).toEqual({ value, inSpans: all });
    }
    expect(page).not.toContain('\u00a0');
    const text = (await produceDocument(ctx, template, data, { format: 'text' })).body.toString('utf8');
    expect(text).not.toContain('\u00a0');
    for (const value of VALUES) expect({ value, whole: count(text, value) }).toEqual({ value, whole: value === '31 December 2020' ? 2 * PADS.length : PADS.length });
  }, 120_000);
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from './helpers.js';

// Text made of the characters that stress the tokenizer, Markdown and template handling.
const alphabet = fc.constantFrom(
  'a', 'b', 'E', 'audit', 'misspent', ' mis\u200Bspent ', 'unauthorised\nexpenditure', ' ', '\n', '\n\n', '\r\n', '\u00A0', '\u200B', '\uFEFF', '\uE000',
  '-', '\u2019', "'", '.', ';', ':', ',', '!', '?', '£', '1', '0', '/', '#', '*', '_', '`', '```', '[', ']', '(', ')', '<!--', '-->', 'plainly-ignore lexicon/audit',
  '{{', '}}', '{{#if x}}', '{{/if}}', '---\n', ':::row{alt="x"}', ':::', '|', '> ', '- ', '1. ', 'NOT', 'https://x.org', 'a@b.cd', 'SW1A 1AA', '😀', 'é', '\u0301',
);
const text = fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join(''));
const options = fc.record({
  profile: fc.constantFrom('standard' as const, 'easy-read' as const),
  format: fc.constantFrom('text' as const, 'markdown' as const, 'template' as const),
  lang: fc.constantFrom('en', 'cy', 'en-GB'),
});

describe('lint on any input', () => {
  it('never throws, and every finding lies inside the text', () => {
    fc.assert(
      fc.property(text, options, (input, opts) => {
        const result = lint(input, opts);
        for (const finding of result.findings) {
          expect(finding.start.offset).toBeGreaterThanOrEqual(0);
          expect(finding.end.offset).toBeLessThanOrEqual(input.length);
          expect(finding.start.offset).toBeLessThanOrEqual(finding.end.offset);
          expect(input.slice(finding.start.offset, finding.end.offset)).toBe(finding.actual);
          expect(finding.start.line).toBeGreaterThanOrEqual(1);
          expect(finding.start.column).toBeGreaterThanOrEqual(1);
        }
        expect(result.summary.total).toBe(result.findings.length);
        expect(Number.isFinite(result.readability.fleschReadingEase)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), options, (input, opts) => {
        const result = lint(input, opts);
        for (const f of result.findings) expect(f.end.offset).toBeLessThanOrEqual(input.length);
      }),
      { numRuns: 300 },
    );
  });
});

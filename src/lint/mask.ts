/**
 * What is not prose: template syntax, URLs, e-mail addresses, phone numbers and postcodes.
 * Masking keeps every offset where it was, so findings point into the original text.
 */
import { splitFrontMatter } from '../core/index.js';
import type { Run } from './types.js';

/** Private-use character that stands in for a `{{value}}` placeholder: never a word character. */
export const PLACEHOLDER_CHAR = '\uE000';

// Handlebars: triple-stash, comments, blocks and partials. Value placeholders ({{name}},
// {{date letterDate}}) stand for words; block syntax ({{#if}}, {{/if}}, {{else}}, {{> partial}},
// {{!-- note --}}) stands for nothing.
const HANDLEBARS = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;
const STRUCTURAL = /^\{\{~?\s*(?:[#/^>!]|else\b)/;
// The same tags, for taking them out of a line while its tags are masked (its own regex object).
const TAGS = new RegExp(HANDLEBARS.source, 'g');

function blank(source: string): string {
  // Keep line breaks so Markdown still sees the same lines; everything else becomes a space.
  return source.replace(/[^\r\n]/g, ' ');
}

/**
 * Masks a raw template source: front matter and block helpers become spaces, value
 * placeholders become private-use characters (one per source character, so offsets hold).
 */
export function maskTemplate(source: string): string {
  let text = source;
  const front = splitFrontMatter(text);
  if (!('problem' in front)) text = blank(text.slice(0, front.bodyOffset)) + front.body;
  return text.replace(HANDLEBARS, (match: string, offset: number, whole: string) => {
    if (!STRUCTURAL.test(match)) return match.replace(/[^\r\n]/g, PLACEHOLDER_CHAR);
    // A block tag that starts a line with words after it ("{{#if date}}Thank you for…") must
    // not become indentation: four spaces or more would make the paragraph a code block, which
    // is not prose, and none of its words would be checked. Non-breaking spaces are not
    // indentation to Markdown and are spaces to the lint. A tag alone on its line still becomes
    // spaces, so the line stays blank as before.
    const lineStart = whole.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = whole.indexOf('\n', offset + match.length);
    const before = whole.slice(lineStart, offset).replace(TAGS, '');
    const after = whole.slice(offset + match.length, lineEnd < 0 ? whole.length : lineEnd).replace(TAGS, '');
    return before.trim() === '' && after.trim() !== '' ? match.replace(/[^\r\n]/g, '\u00A0') : blank(match);
  });
}

// `{{else}}`, `{{else if x}}` and `{{^}}`: the text after one is an alternative to the text before it.
const ALTERNATIVE = /\{\{~?\s*(?:else\b[^}]*|\^)\s*~?\}\}/g;

/**
 * Where a template switches to an alternative (`{{else}}`): the offsets of each such tag. The
 * two sides are never sent together, so no phrase or sentence runs from one into the other
 * (see `splitAtAlternatives` in blocks.ts).
 */
export function alternativeOffsets(source: string): number[] {
  return [...source.matchAll(ALTERNATIVE)].map((match) => match.index);
}

// Each pattern finds something that is not prose inside a run of text.
const NON_PROSE = new RegExp(
  [
    // URLs with a scheme or www., and bare domains on common UK public-sector and commercial suffixes.
    String.raw`\b(?:https?:\/\/|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"]`,
    String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    String.raw`\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:gov\.uk|org\.uk|co\.uk|nhs\.uk|ac\.uk|police\.uk|com|org|net|uk)\b(?:\/[^\s<>()]*[^\s<>().,;:!?'"])?`,
    // UK phone numbers: 0300 123 4567, 01632 960 001, (0161) 496 0000, +44 20 7946 0958, 07700 900123.
    String.raw`(?:\+44\s?(?:\(0\)\s?)?|\(?\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b`,
    // UK postcodes, in capitals as addresses write them: SW1A 1AA, M1 1AE.
    String.raw`\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b`,
  ].join('|'),
  'gi',
);
const POSTCODE_CASE = /^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/;
const LOOKS_LIKE_POSTCODE = /^[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}$/i;

/**
 * Splits one stretch of prose around URLs, e-mail addresses, phone numbers, postcodes and
 * template placeholders. A piece after a removed part is a barrier (a phrase cannot run across
 * "www.example.org"). Placeholders are kept as runs of their own (they count as words).
 * Returns whether a barrier stands at the end of the stretch: true when it ends in something
 * removed (then punctuation at most), so that the prose after it (in the next Markdown node,
 * say after an autolinked URL) starts behind a barrier too; for a stretch with no word at all,
 * the barrier it was given.
 */
export function splitProse(text: string, start: number, end: number, barrier: boolean, out: Run[]): boolean {
  // Work on the run's own slice: searching the whole text from `start` would make the cost
  // grow with the square of the document's length.
  const slice = text.slice(start, end);
  const excluded: Array<{ from: number; to: number; placeholder: boolean }> = [];
  NON_PROSE.lastIndex = 0;
  for (let match = NON_PROSE.exec(slice); match; match = NON_PROSE.exec(slice)) {
    const value = match[0];
    // Postcodes only in capitals: "me1 2ab" is left alone, "SW1A 1AA" is an address.
    if (LOOKS_LIKE_POSTCODE.test(value) && !POSTCODE_CASE.test(value)) {
      NON_PROSE.lastIndex = match.index + 1;
      continue;
    }
    excluded.push({ from: start + match.index, to: start + match.index + value.length, placeholder: false });
  }
  for (let at = slice.indexOf(PLACEHOLDER_CHAR); at >= 0; ) {
    let stop = at;
    while (stop < slice.length && slice.charCodeAt(stop) === 0xe000) stop++;
    const from = start + at;
    const to = start + stop;
    if (!excluded.some((e) => e.from <= from && e.to >= to)) excluded.push({ from, to, placeholder: true });
    at = slice.indexOf(PLACEHOLDER_CHAR, stop);
  }
  if (excluded.length === 0) {
    if (end > start) out.push({ start, end, barrier });
    return HAS_WORD.test(slice) ? false : barrier;
  }
  excluded.sort((a, b) => a.from - b.from);
  let cursor = start;
  let pending = barrier;
  for (const part of excluded) {
    if (part.from < cursor) continue;
    if (part.from > cursor) out.push({ start: cursor, end: part.from, barrier: pending });
    if (part.placeholder) out.push({ start: part.from, end: part.to, barrier: true });
    pending = true;
    cursor = part.to;
  }
  if (end > cursor) {
    out.push({ start: cursor, end, barrier: pending });
    // Only punctuation after the last removed part (">", ". "): the barrier still holds.
    return !HAS_WORD.test(text.slice(cursor, end));
  }
  return true;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** True when a run is a placeholder (made of private-use characters only). */
export function isPlaceholderRun(text: string, run: Run): boolean {
  return text.charCodeAt(run.start) === 0xe000;
}

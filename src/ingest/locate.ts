/**
 * From blocks to one text to lint, and from each finding back to where a person finds it.
 *
 * Blocks are joined as plain text with a blank line between them, so lint reads each block as
 * its own paragraph (nothing runs from one into the next). A finding's offset is looked up in
 * the blocks' start offsets; paragraphs are counted from the nearest heading before them (for
 * a PDF, from the top of the page when that heading is on an earlier page), so "page 2, under
 * ‘What happens next’, paragraph 3" is the third paragraph a person counts from that heading.
 */
import type { Finding } from '../core/index.js';
import type { FindingSentence, FindingWhere, LocatedFinding, TextBlock } from './types.js';

const SEPARATOR = '\n\n';

/** Where each block sits in a document, worked out once. */
interface Placed {
  start: number;
  end: number;
  block: TextBlock;
  where: Omit<FindingWhere, 'text'>;
  /** The page of the heading named in `where.heading`. */
  headingPage?: number;
}

/** The text lint reads for a list of blocks, and how to find a block from an offset in it. */
export interface JoinedBlocks {
  text: string;
  placed: Placed[];
}

/** Joins blocks into one plain text (blank lines between) and notes where each one is. */
export function joinBlocks(blocks: readonly TextBlock[]): JoinedBlocks {
  const placed: Placed[] = [];
  let text = '';
  let heading: TextBlock | undefined;
  let paragraph = 0;
  let page: number | undefined;
  for (const block of blocks) {
    if (text) text += SEPARATOR;
    const start = text.length;
    text += block.text;
    if (block.page !== page) {
      page = block.page;
      paragraph = 0;
    }
    let where: Omit<FindingWhere, 'text'>;
    if (block.heading) {
      heading = block;
      paragraph = 0;
      where = { heading: block.text, inHeading: true };
    } else {
      paragraph++;
      where = { paragraph, ...(heading ? { heading: heading.text } : {}) };
    }
    if (block.page !== undefined) where = { page: block.page, ...where };
    if (block.line !== undefined) where = { ...where, line: block.line };
    placed.push({ start, end: text.length, block, where, headingPage: heading?.page });
  }
  return { text, placed };
}

/** A heading quoted for a sentence, shortened when long. */
function quoteHeading(heading: string): string {
  const short = heading.length > 60 ? heading.slice(0, 57).trimEnd() + '…' : heading;
  return `‘${short}’`;
}

/** Says a place in words: "page 2, under ‘What happens next’, paragraph 3". */
export function describeWhere(where: Omit<FindingWhere, 'text'>, headingPage?: number): string {
  if (where.line !== undefined && where.column !== undefined) return `line ${where.line}, column ${where.column}`;
  const parts: string[] = [];
  if (where.page !== undefined) parts.push(`page ${where.page}`);
  if (where.inHeading && where.heading !== undefined) {
    parts.push(`in the heading ${quoteHeading(where.heading)}`);
  } else if (where.heading !== undefined && where.page !== undefined && headingPage !== undefined && headingPage !== where.page) {
    // The heading is on an earlier page: count from the top of this page, and name the part.
    parts.push(`paragraph ${where.paragraph} from the top`, `in the part ${quoteHeading(where.heading)} (from page ${headingPage})`);
  } else {
    if (where.heading !== undefined) parts.push(`under ${quoteHeading(where.heading)}`);
    if (where.paragraph !== undefined) parts.push(`paragraph ${where.paragraph}`);
  }
  const said = parts.join(', ') || 'the start';
  // HTML: the line of the page's source, for someone who edits it.
  return where.line !== undefined ? `${said}, line ${where.line} of the HTML` : said;
}

/** Finds the placed block an offset falls in (binary search; a separator belongs to the block before it). */
function blockAt(placed: readonly Placed[], offset: number): Placed | undefined {
  let low = 0;
  let high = placed.length - 1;
  let found: Placed | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (placed[middle].start <= offset) {
      found = placed[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The place of an offset in joined blocks, in data and in words. */
export function locateOffset(joined: JoinedBlocks, offset: number): FindingWhere {
  const placed = blockAt(joined.placed, offset);
  if (!placed) return { text: 'the start' };
  return { ...placed.where, text: describeWhere(placed.where, placed.headingPage) };
}

const SENTENCE_END = /[.!?…]["'”’)\]]*\s/g;
const MOST_QUOTED = 240;

/**
 * The sentence around a stretch of text (the finding's words), for quoting: from the end of
 * the sentence before (or the start of the paragraph) to the end of this one, at most about
 * 240 characters either side.
 */
export function sentenceAround(text: string, start: number, end: number): FindingSentence {
  const paragraphStart = Math.max(text.lastIndexOf('\n\n', start - 1) + 2, 0);
  const nextBreak = text.indexOf('\n\n', end);
  const paragraphEnd = nextBreak < 0 ? text.length : nextBreak;
  let from = paragraphStart;
  const before = text.slice(paragraphStart, start);
  for (const match of before.matchAll(SENTENCE_END)) from = paragraphStart + match.index + match[0].length;
  let to = paragraphEnd;
  const after = text.slice(end, paragraphEnd);
  const ending = /[.!?…]["'”’)\]]*(?=\s|$)/.exec(after);
  if (ending) to = end + ending.index + ending[0].length;
  let head = text.slice(Math.max(from, start - MOST_QUOTED), start);
  let tail = text.slice(end, Math.min(to, end + MOST_QUOTED));
  if (start - from > MOST_QUOTED) head = '…' + head.replace(/^\S*\s/, '');
  if (to - end > MOST_QUOTED) tail = tail.replace(/\s\S*$/, '') + '…';
  const tidy = (part: string) => part.replace(/\s+/g, ' ');
  return { before: tidy(head).trimStart(), actual: tidy(text.slice(start, end)), after: tidy(tail).trimEnd() };
}

/** Findings of lint on joined blocks, each with where it is and its sentence. */
export function locateBlockFindings(joined: JoinedBlocks, findings: readonly Finding[]): LocatedFinding[] {
  return findings.map((finding) => ({
    ...finding,
    where: locateOffset(joined, finding.start.offset),
    sentence: sentenceAround(joined.text, finding.start.offset, finding.end.offset),
  }));
}

/** Findings of lint on a text file: where is its line and column. */
export function locateTextFindings(text: string, findings: readonly Finding[]): LocatedFinding[] {
  return findings.map((finding) => ({
    ...finding,
    where: { line: finding.start.line, column: finding.start.column, text: `line ${finding.start.line}, column ${finding.start.column}` },
    sentence: sentenceAround(text, finding.start.offset, finding.end.offset),
  }));
}

/**
 * Words and sentences of the prose blocks, computed once and shared by every rule: one
 * tokenizer pass over the text, then sentence breaks read from the gaps between words.
 */
import { type Token, tokenizeRange } from '../lexicon/index.js';
import { isPlaceholderRun } from './mask.js';
import { type Block, PLACEHOLDER_NORM, type Sentence } from './types.js';

/** Tokenises every block into one token list; fills each block's token range. */
export function tokenizeBlocks(text: string, blocks: Block[]): Token[] {
  const tokens: Token[] = [];
  for (const block of blocks) {
    block.firstToken = tokens.length;
    let first = true;
    for (const run of block.runs) {
      if (isPlaceholderRun(text, run)) {
        tokens.push({ start: run.start, end: run.end, norm: PLACEHOLDER_NORM, bare: undefined, joinNext: false, barrier: true });
      } else {
        // The first word of a block never continues a phrase from the block before.
        tokenizeRange(text, run.start, run.end, tokens, run.barrier || first);
      }
      first = false;
    }
    block.endToken = tokens.length;
  }
  return tokens;
}

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'nos', 'vs', 'approx', 'ref', 'tel', 'dept', 'prof', 'rev', 'cllr', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

const CLOSERS = new Set(['"', "'", ')', ']', '\u2019', '\u201D', '*', '_']);
const SPACES = new Set([' ', '\n', '\r', '\t', '\u00A0']);
const TERMINAL = new Set(['.', '!', '?', '\u2026']);

/**
 * The index of the punctuation that ends a sentence in the gap before `next` ("." in
 * "help. We"), or -1 when the gap does not end one. Non-prose in the gap (a postcode, a phone
 * number) belongs to the sentence before: "…Northmoor, NM1 1AA. We" ends after "1AA.".
 */
function sentenceStop(text: string, previous: Token, next: Token): number {
  let i = next.start - 1;
  // Skip spaces, closing quotes and brackets back to the punctuation that ends a sentence.
  while (i >= previous.end && (SPACES.has(text[i]) || CLOSERS.has(text[i]))) i--;
  if (i < previous.end || !TERMINAL.has(text[i])) return -1;
  // "Mr. Smith", "e.g. the": not the end of a sentence.
  if (text[i] === '.' && i === previous.end && ABBREVIATIONS.has(previous.norm)) return -1;
  const first = text[next.start];
  return first >= 'a' && first <= 'z' ? -1 : i;
}

/** The index of the punctuation that ends the last sentence of a block (up to `limit`), or -1. A colon counts: it leads into a list. */
function blockStop(text: string, last: Token, limit: number): number {
  let i = limit - 1;
  while (i >= last.end && (SPACES.has(text[i]) || CLOSERS.has(text[i]))) i--;
  return i >= last.end && (TERMINAL.has(text[i]) || text[i] === ':') ? i : -1;
}

/** After the punctuation at `stop`, take in closing quotes, brackets and emphasis marks ("help.**", "us.”"). */
function afterClosers(text: string, from: number, limit: number): number {
  let end = from;
  while (end < limit && (CLOSERS.has(text[end]) || TERMINAL.has(text[end]))) end++;
  return end;
}

/**
 * True when a hard line break or a template's `{{else}}` lies between two words and the next one
 * does not go on in lower case.
 */
function lineBreakBetween(text: string, block: Block, previous: Token, next: Token): boolean {
  if (!block.breaks && !block.alternatives) return false;
  const first = text[next.start];
  if (first >= 'a' && first <= 'z') return false;
  const between = (at: number) => at >= previous.end && at < next.start;
  return !!block.breaks?.some(between) || !!block.alternatives?.some(between);
}

/**
 * Splits each block into sentences. Headings, list items and cells end a sentence where they
 * end, and a hard line break (signatures, addresses) ends a line. `terminated` tells a sentence
 * that ends with . ! ? … (or a colon at the end of its block) from a line that just stops.
 */
export function splitSentences(text: string, blocks: Block[], tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const block of blocks) {
    let first = block.firstToken;
    const proseEnd = block.runs.length > 0 ? block.runs[block.runs.length - 1].end : block.end;
    for (let i = block.firstToken; i < block.endToken; i++) {
      const last = i + 1 === block.endToken;
      const limit = last ? proseEnd : tokens[i + 1].start;
      const stop = last ? blockStop(text, tokens[i], proseEnd) : sentenceStop(text, tokens[i], tokens[i + 1]);
      if (!last && stop < 0 && !lineBreakBetween(text, block, tokens[i], tokens[i + 1])) continue;
      const end = stop >= 0 ? afterClosers(text, stop + 1, limit) : afterClosers(text, tokens[i].end, limit);
      sentences.push({ block, firstToken: first, endToken: i + 1, start: tokens[first].start, end, words: i + 1 - first, terminated: stop >= 0 });
      first = i + 1;
    }
  }
  return sentences;
}

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

/** True when the gap between two words ends a sentence. */
function endsSentence(text: string, previous: Token, next: Token): boolean {
  let i = next.start - 1;
  // Skip spaces, closing quotes and brackets back to the punctuation that ends a sentence.
  while (i >= previous.end) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\u00A0' || CLOSERS.has(c)) i--;
    else break;
  }
  if (i < previous.end) return false;
  const c = text[i];
  if (c !== '.' && c !== '!' && c !== '?' && c !== '\u2026') return false;
  // "Mr. Smith", "e.g. the": not the end of a sentence.
  if (c === '.' && i === previous.end && ABBREVIATIONS.has(previous.norm)) return false;
  const first = text[next.start];
  return !(first >= 'a' && first <= 'z');
}

/** Splits each block into sentences. Headings, list items and cells end a sentence where they end. */
export function splitSentences(text: string, blocks: Block[], tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const block of blocks) {
    let first = block.firstToken;
    for (let i = block.firstToken; i < block.endToken; i++) {
      const last = i + 1 === block.endToken;
      // An initialism that ends with its own full stop ("e.g.") does not end a sentence by itself.
      if (last || endsSentence(text, tokens[i], tokens[i + 1])) {
        sentences.push({ block, firstToken: first, endToken: i + 1, start: tokens[first].start, end: sentenceEnd(text, tokens[i], last ? block.end : tokens[i + 1].start), words: i + 1 - first });
        first = i + 1;
      }
    }
  }
  return sentences;
}

/** A sentence ends after its closing punctuation (not after the spaces that follow). */
function sentenceEnd(text: string, lastWord: Token, limit: number): number {
  let end = lastWord.end;
  while (end < limit && /[.!?\u2026"')\]\u2019\u201D]/.test(text[end])) end++;
  return end;
}

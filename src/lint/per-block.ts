/**
 * The per-block part of the lint: every rule run over blocks of prose, and what each block
 * holds, with offsets relative to the block's start, from the memo (memo.ts) where the same
 * block was linted before. The document-level part is in index.ts.
 */
import type { Explanation } from '../lexicon/index.js';
import { splitSentences, tokenizeBlocks } from './analyse.js';
import { type BlockResult, blockKey, memoFor } from './memo.js';
import { addToTotals, countWords, familiarTokens, noTotals } from './readability.js';
import { RULES } from './rules/index.js';
import type { Block, LintContext, LintOptions, RawFinding } from './types.js';

/** Where a block's findings go: the block that holds the offset, or the last block before it. */
function blockIndexFor(blocks: readonly Block[], offset: number): number {
  let low = 0;
  let high = blocks.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (blocks[mid].start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * Runs every rule over some blocks (in document order) and splits what they find by block,
 * with offsets relative to each block's start. Each block's result depends only on that block
 * (see memo.ts), so any subset of a document's blocks can be analysed together.
 */
function analyseBlocks(analysed: string, blocks: Block[], options: LintOptions, english: boolean): BlockResult[] {
  const tokens = tokenizeBlocks(analysed, blocks);
  const sentences = splitSentences(analysed, blocks, tokens);
  const familiar = english ? familiarTokens(options.lexicon, tokens, analysed) : undefined;
  const sentenceCounts = sentences.map((s) => countWords(analysed, tokens, s.firstToken, s.endToken, familiar));
  const raw: RawFinding[] = [];
  const explained: Explanation[] = [];
  const context: LintContext = {
    text: analysed,
    blocks,
    tokens,
    sentences,
    sentenceCounts,
    profile: options.profile,
    kind: options.kind,
    lang: options.lang ?? 'en',
    lexicon: options.lexicon,
    report: (finding) => raw.push(finding),
    explain: (explanation) => explained.push(explanation),
  };
  for (const rule of RULES) if (english || !rule.englishOnly) rule.run(context);

  const out = blocks.map(() => ({ findings: [] as RawFinding[], explained: [] as Explanation[], totals: noTotals(), firstSentence: undefined as [number, number] | undefined }));
  for (const finding of raw) {
    const index = blockIndexFor(blocks, finding.start);
    const base = blocks[index].start;
    out[index].findings.push({ ...finding, start: finding.start - base, end: finding.end - base });
  }
  for (const explanation of explained) {
    const index = blockIndexFor(blocks, explanation.offset);
    out[index].explained.push({ entry: explanation.entry, offset: explanation.offset - blocks[index].start });
  }
  const indexOf = new Map(blocks.map((block, i) => [block, i]));
  sentences.forEach((sentence, i) => {
    const index = indexOf.get(sentence.block)!;
    const block = out[index];
    block.firstSentence ??= [sentence.start - blocks[index].start, sentence.end - blocks[index].start];
    addToTotals(block.totals, sentenceCounts[i]);
  });
  return out.map(({ firstSentence, ...rest }) => (firstSentence ? { ...rest, firstSentence } : rest));
}

/** Each block's result: from the memo where the same block was linted before, else worked out now (and remembered). */
export function blockResults(analysed: string, blocks: Block[], options: LintOptions, english: boolean): BlockResult[] {
  if (options.memo === false) return analyseBlocks(analysed, blocks, options, english);
  const memo = memoFor(options);
  const results: BlockResult[] = new Array(blocks.length);
  const missing: number[] = [];
  const keys: string[] = [];
  blocks.forEach((block, i) => {
    const key = blockKey(analysed, block);
    const known = memo.get(key);
    if (known) {
      results[i] = known;
    } else {
      missing.push(i);
      keys.push(key);
    }
  });
  if (missing.length > 0) {
    const fresh = analyseBlocks(analysed, missing.map((i) => blocks[i]), options, english);
    missing.forEach((i, j) => {
      results[i] = fresh[j];
      memo.set(keys[j], fresh[j]);
    });
  }
  return results;
}


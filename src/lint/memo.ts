/**
 * A bounded memo of per-block lint results.
 *
 * Why: a batch sends thousands of letters that share most of their paragraphs; only the ones
 * holding a name, an amount or a date differ. Everything the rules find inside one block of
 * prose depends only on that block (its text, its kind and where its prose runs and line
 * breaks are) and on the lexicon and options, because no phrase, sentence or rule crosses a
 * block's edge. So a block's findings are worked out once and reused wherever the same block
 * appears again, shifted to where it sits now.
 *
 * What is *not* memoised, because it depends on more than one block, is decided afresh for
 * every document (index.ts): which use of a `once` entry is reported, the document's
 * readability summary and reading-age finding, suppressions and line/column positions.
 *
 * Bounded: least-recently-used blocks are dropped past MEMO_MAX_BLOCKS blocks or about
 * MEMO_MAX_SIZE characters per lexicon and options, and a memo goes with its compiled lexicon
 * (a WeakMap), so a long-running service that recompiles the lexicon does not keep old ones.
 */
import { LRUCache } from 'lru-cache';
import type { CompiledLexicon, Explanation } from '../lexicon/index.js';
import type { ReadabilityTotals } from './readability.js';
import type { Block, LintOptions, RawFinding } from './types.js';

/** Everything lint found in one block, with offsets relative to the block's start. */
export interface BlockResult {
  findings: readonly RawFinding[];
  /** Where `once` entries' terms are explained in the block. */
  explained: readonly Explanation[];
  /** Readability totals of the block's sentences. */
  totals: Readonly<ReadabilityTotals>;
  /** The block's first sentence (for the document's reading-age finding), if it has one. */
  firstSentence?: readonly [number, number];
}

/** Most blocks remembered per lexicon and options (a long guide has a few hundred). */
export const MEMO_MAX_BLOCKS = 20_000;
/** About this many characters of block text and findings remembered per lexicon and options. */
export const MEMO_MAX_SIZE = 16 * 1024 * 1024;

/**
 * The memo: least recently used blocks go past MEMO_MAX_SIZE, or past MEMO_MAX_BLOCKS blocks.
 * The count is kept here rather than by lru-cache's `max`, which allocates its tables for
 * `max` entries up front: about 5 ms, measured, of a `plainly lint` that checks one letter
 * and uses a handful of entries.
 */
class Memo extends LRUCache<string, BlockResult> {
  override set(key: string, value: BlockResult, options?: LRUCache.SetOptions<string, BlockResult, unknown>): this {
    super.set(key, value, options);
    while (this.size > MEMO_MAX_BLOCKS) this.pop();
    return this;
  }
}

const memos = new WeakMap<CompiledLexicon, Map<string, Memo>>();

/** The memo for one compiled lexicon and one set of options that change findings. */
export function memoFor(options: LintOptions): Memo {
  let byOptions = memos.get(options.lexicon);
  if (!byOptions) memos.set(options.lexicon, (byOptions = new Map()));
  const key = `${options.profile}\u0000${options.kind ?? ''}\u0000${options.lang ?? 'en'}`;
  let memo = byOptions.get(key);
  if (!memo) {
    memo = new Memo({
      maxSize: MEMO_MAX_SIZE,
      // Characters of the key plus a rough allowance for each finding's strings.
      sizeCalculation: (value, blockKey) => blockKey.length + 200 * (value.findings.length + value.explained.length + 1),
    });
    byOptions.set(key, memo);
  }
  return memo;
}

/**
 * What a block's result depends on besides the lexicon and options: its type (headings and
 * cells end sentences where they end; only paragraphs get the paragraph-length rule), its prose
 * runs and barriers, its hard line breaks and `{{else}}` tags (all relative to its start), and its exact text
 * (the text the rules read, with template syntax masked).
 */
export function blockKey(analysed: string, block: Block): string {
  const base = block.start;
  let runs = '';
  for (const run of block.runs) runs += `${run.start - base},${run.end - base},${run.barrier ? 1 : 0};`;
  const breaks = block.breaks ? block.breaks.map((at) => at - base).join(',') : '';
  const alternatives = block.alternatives ? block.alternatives.map((at) => at - base).join(',') : '';
  return `${block.type}\u0000${runs}\u0000${breaks}\u0000${alternatives}\u0000${analysed.slice(block.start, block.end)}`;
}

/** Drops every memo (tests that compare a cold run with a warm one). */
export function clearLintMemo(lexicon: CompiledLexicon): void {
  memos.delete(lexicon);
}

/**
 * The lint engine: `lintText` and `lintTree`. One tokenizer pass feeds every rule; the
 * lexicon and retext-equality's patterns are matched with token tries; readability comes
 * from the same word counts. Findings are data: nothing here throws for any input text.
 */
import type { Root } from 'mdast';
import { compareFindings, type Finding, LineIndex, summariseFindings } from '../core/index.js';
import { type Explanation, keepFirstUses } from '../lexicon/index.js';
import { splitSentences, tokenizeBlocks } from './analyse.js';
import { blocksFromText, blocksFromTree, splitAtAlternatives } from './blocks.js';
import { equalityRule } from './equality.js';
import { parseProse } from './markdown.js';
import { alternativeOffsets, maskTemplate } from './mask.js';
import { type BlockResult, blockKey, memoFor } from './memo.js';
import { addToTotals, countWords, familiarTokens, noTotals, summaryOf, TARGET_AGE } from './readability.js';
import { easyReadDigitsRule } from './rules/easy-read-digits.js';
import { easyReadSemicolonsRule } from './rules/easy-read-semicolons.js';
import { hardSentenceRule } from './rules/hard-sentence.js';
import { lexiconRule } from './rules/lexicon.js';
import { moneyRule } from './rules/money.js';
import { numericDateRule } from './rules/numeric-date.js';
import { paragraphLengthRule } from './rules/paragraph-length.js';
import { sentenceLengthRule } from './rules/sentence-length.js';
import { shoutingRule } from './rules/shouting.js';
import type { Block, LintContext, LintOptions, LintResult, RawFinding, Rule, Suppression } from './types.js';

export type { LintOptions, LintResult, ReadabilitySummary } from './types.js';
export { TARGET_AGE } from './readability.js';
export { MAX_SENTENCE_WORDS } from './rules/sentence-length.js';
export { MAX_PARAGRAPH_SENTENCES } from './rules/paragraph-length.js';
export { EQUALITY_PROFILE, type EqualityDecision } from './equality-profile.js';
export { maskTemplate } from './mask.js';
export { parseProse } from './markdown.js';
export { clearLintMemo } from './memo.js';

/** Every rule, in the order they run (the order of findings is by position, not by rule). */
export const RULES: readonly Rule[] = [
  lexiconRule,
  equalityRule,
  numericDateRule,
  shoutingRule,
  moneyRule,
  easyReadDigitsRule,
  easyReadSemicolonsRule,
  sentenceLengthRule,
  paragraphLengthRule,
  hardSentenceRule,
];

/** Rule ids that only make sense in English (skipped, and listed in `notApplied`, for other languages). */
export const ENGLISH_ONLY = [...RULES.filter((rule) => rule.englishOnly).map((rule) => rule.id), 'readability/reading-age', 'readability/summary'];

/** Texts shorter than this get no document-level reading-age finding: the formulas need more words. */
const MIN_WORDS_FOR_READING_AGE = 50;

function isEnglish(lang: string): boolean {
  return /^en(?:-|$)/i.test(lang);
}

function suppresses(suppression: Suppression, ruleId: string): boolean {
  return suppression.rules.some((rule) => rule === ruleId || (rule.endsWith('/*') && ruleId.startsWith(rule.slice(0, -1))) || rule === ruleId.split('/')[0]);
}

/** The block that holds an offset (blocks are in document order and do not overlap). */
function blockAt(blocks: readonly Block[], offset: number): Block | undefined {
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const block = blocks[mid];
    if (offset < block.start) high = mid - 1;
    else if (offset >= block.end) low = mid + 1;
    else return block;
  }
  return undefined;
}

function suppressionFindings(suppressions: readonly Suppression[]): RawFinding[] {
  const out: RawFinding[] = [];
  for (const s of suppressions) {
    if (s.rules.length === 0) {
      out.push({ ruleId: 'suppression/no-rule', source: 'suppression', severity: 'warning', reason: 'This plainly-ignore comment does not say which check to turn off. Write it as <!-- plainly-ignore lexicon/audit: why -->.', start: s.start, end: s.end, expected: [] });
    } else if (s.reason === '') {
      out.push({ ruleId: 'suppression/missing-reason', source: 'suppression', severity: 'warning', reason: 'A plainly-ignore comment needs a reason after a colon, so the people who review letters know why the check was turned off. Until it has one, it turns nothing off.', start: s.start, end: s.end, expected: [] });
    } else if (!s.used) {
      out.push({ ruleId: 'suppression/unused', source: 'suppression', severity: 'suggestion', reason: `This plainly-ignore comment turns off ${s.rules.join(', ')} but the next block has no such finding, so the comment can go.`, start: s.start, end: s.end, expected: [] });
    }
  }
  return out;
}

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
function blockResults(analysed: string, blocks: Block[], options: LintOptions, english: boolean): BlockResult[] {
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

/**
 * Lints prose blocks. `text` is what offsets index into and what findings quote; `analysed` is
 * the same text with template syntax masked (same length), which the rules read. Per-block
 * findings may come from the memo; what depends on the whole document is decided here: the
 * first use of each `once` entry, the readability summary and reading-age finding, and
 * suppressions.
 */
function lintBlocks(text: string, analysed: string, blocks: Block[], suppressions: Suppression[], options: LintOptions): LintResult {
  const lang = options.lang ?? 'en';
  const english = isEnglish(lang);
  const results = blockResults(analysed, blocks, options, english);

  const raw: RawFinding[] = [];
  const once: RawFinding[] = [];
  const explained: Explanation[] = [];
  const totals = noTotals();
  let firstSentence: [number, number] | undefined;
  results.forEach((result, i) => {
    const base = blocks[i].start;
    for (const finding of result.findings) {
      const shifted = { ...finding, start: finding.start + base, end: finding.end + base };
      (finding.once === undefined ? raw : once).push(shifted);
    }
    for (const e of result.explained) explained.push({ entry: e.entry, offset: e.offset + base });
    totals.sentences += result.totals.sentences;
    totals.judged += result.totals.judged;
    totals.names += result.totals.names;
    totals.syllables += result.totals.syllables;
    if (!firstSentence && result.firstSentence) firstSentence = [result.firstSentence[0] + base, result.firstSentence[1] + base];
  });
  // `once` entries: only the first use in the document, and not that when it is explained.
  once.sort((a, b) => a.start - b.start || a.once! - b.once!);
  raw.push(...keepFirstUses(options.lexicon, once.map((f) => ({ ...f, entryIndex: f.once! })), explained, analysed));

  const notApplied = english ? [] : [...ENGLISH_ONLY];
  const readability = summaryOf(totals, options.profile);
  if (english && readability.words >= MIN_WORDS_FOR_READING_AGE && readability.readingAge > readability.targetAge && firstSentence) {
    raw.push({
      ruleId: 'readability/reading-age',
      source: 'readability',
      severity: 'suggestion',
      reason: `The whole text reads at about age ${readability.readingAge}; for this kind of document aim for ${TARGET_AGE[options.profile]}. Shorter sentences and everyday words bring it down.`,
      start: firstSentence[0],
      end: firstSentence[1],
      expected: [],
    });
  }

  // Suppressions: a comment with rules and a reason turns those rules off for its block.
  const kept: RawFinding[] = [];
  for (const finding of raw) {
    const block = blockAt(blocks, finding.start);
    const suppression = block?.suppressions.find((s) => s.reason !== '' && suppresses(s, finding.ruleId));
    if (suppression) {
      suppression.used = true;
      continue;
    }
    kept.push(finding);
  }
  kept.push(...suppressionFindings(suppressions));

  const lines = new LineIndex(text);
  const findings: Finding[] = kept.map((f) => ({
    ruleId: f.ruleId,
    source: f.source,
    severity: f.severity,
    reason: f.reason,
    actual: text.slice(f.start, f.end),
    expected: f.expected,
    start: lines.position(f.start),
    end: lines.position(f.end),
  }));
  findings.sort(compareFindings);
  return { findings, summary: summariseFindings(findings), readability, notApplied };
}

/**
 * Lints a Markdown tree (from core `parseMarkdown(text)`); positions index into `text`.
 * Prose is headings, paragraphs, list items, table cells, quotes and `:::row` directives
 * (with their `alt` text); code, URLs, e-mail addresses, phone numbers and postcodes are not.
 */
export function lintTree(tree: Root, text: string, options: LintOptions): LintResult {
  const { blocks, suppressions } = blocksFromTree(tree, text);
  return lintBlocks(text, text, blocks, suppressions, options);
}

/**
 * Lints text. `format` (default `text`): `text` is plain prose; `markdown` is parsed first;
 * `template` is raw template source (front matter skipped, Handlebars opaque). Markdown is
 * parsed with `parseProse` (the core parser's syntax without GFM literal autolinks, which
 * change nothing in what is prose and cost more than the lint), so the findings are those of
 * `lintTree(parseMarkdown(text), text)`.
 */
export function lintText(text: string, options: LintOptions): LintResult {
  const format = options.format ?? 'text';
  if (format === 'markdown') return lintTree(parseProse(text), text, options);
  if (format === 'template') {
    const masked = maskTemplate(text);
    const { blocks, suppressions } = blocksFromTree(parseProse(masked), masked);
    splitAtAlternatives(blocks, alternativeOffsets(text));
    return lintBlocks(text, masked, blocks, suppressions, options);
  }
  const { blocks, suppressions } = blocksFromText(text);
  return lintBlocks(text, text, blocks, suppressions, options);
}

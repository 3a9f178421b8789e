/**
 * The lint engine: `lintText` and `lintTree`. One tokenizer pass feeds every rule; the
 * lexicon and retext-equality's patterns are matched with token tries; readability comes
 * from the same word counts. Findings are data: nothing here throws for any input text.
 */
import type { Root } from 'mdast';
import { compareFindings, type Finding, LineIndex, summariseFindings } from '../core/index.js';
import { splitSentences, tokenizeBlocks } from './analyse.js';
import { blocksFromText, blocksFromTree } from './blocks.js';
import { equalityRule } from './equality.js';
import { parseProse } from './markdown.js';
import { maskTemplate } from './mask.js';
import { countWords, summarise, TARGET_AGE } from './readability.js';
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

/**
 * Lints prose blocks. `text` is what offsets index into and what findings quote; `analysed` is
 * the same text with template syntax masked (same length), which the rules read.
 */
function lintBlocks(text: string, analysed: string, blocks: Block[], suppressions: Suppression[], options: LintOptions): LintResult {
  const lang = options.lang ?? 'en';
  const english = isEnglish(lang);
  const tokens = tokenizeBlocks(analysed, blocks);
  const sentences = splitSentences(analysed, blocks, tokens);
  const sentenceCounts = sentences.map((s) => countWords(analysed, tokens, s.firstToken, s.endToken));
  const raw: RawFinding[] = [];
  const context: LintContext = {
    text: analysed,
    blocks,
    tokens,
    sentences,
    sentenceCounts,
    profile: options.profile,
    kind: options.kind,
    lang,
    lexicon: options.lexicon,
    report: (finding) => raw.push(finding),
  };
  const notApplied: string[] = [];
  for (const rule of RULES) {
    if (rule.englishOnly && !english) {
      notApplied.push(rule.id);
      continue;
    }
    rule.run(context);
  }
  const readability = summarise(analysed, tokens, sentences, options.profile, sentenceCounts);
  if (!english) {
    notApplied.push('readability/reading-age', 'readability/summary');
  } else if (readability.words >= MIN_WORDS_FOR_READING_AGE && readability.readingAge > readability.targetAge && sentences.length > 0) {
    raw.push({
      ruleId: 'readability/reading-age',
      source: 'readability',
      severity: 'suggestion',
      reason: `The whole text reads at about age ${readability.readingAge}; for this kind of document aim for ${TARGET_AGE[options.profile]}. Shorter sentences and everyday words bring it down.`,
      start: sentences[0].start,
      end: sentences[0].end,
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
    return lintBlocks(text, masked, blocks, suppressions, options);
  }
  const { blocks, suppressions } = blocksFromText(text);
  return lintBlocks(text, text, blocks, suppressions, options);
}

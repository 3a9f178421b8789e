/**
 * The lint engine: `lintText` and `lintTree`. One tokenizer pass feeds every rule; the
 * lexicon and retext-equality's patterns are matched with token tries; readability comes
 * from the same word counts. Findings are data: nothing here throws for any input text.
 *
 * The Markdown parser is not imported here but passed in (`lintText`'s `parse`): lint/index.ts,
 * what the rest of the code imports, passes markdown.ts's; `plainly lint` of a text file loads
 * only this module, and the parser when a file needs it (pipeline/lint-stage.ts), as loading
 * the parser's libraries (micromark, mdast, remark) is about a tenth of that command's start.
 */
import type { Root } from 'mdast';
import { AppError, compareFindings, type Finding, LineIndex, summariseFindings } from '../core/index.js';
import { type Explanation, keepFirstUses } from '../lexicon/index.js';
import { blocksFromText, blocksFromTree, splitAtAlternatives } from './blocks.js';
import { alternativeOffsets, maskTemplate } from './mask.js';
import { blockResults } from './per-block.js';
import { noTotals, summaryOf, TARGET_AGE } from './readability.js';
import { ENGLISH_ONLY } from './rules/index.js';
import { applySuppressions } from './suppress.js';
import type { Block, LintOptions, LintResult, RawFinding, Suppression } from './types.js';

export type { LintOptions, LintResult, ReadabilitySummary } from './types.js';
export { TARGET_AGE } from './readability.js';
export { MAX_SENTENCE_WORDS } from './rules/sentence-length.js';
export { MAX_PARAGRAPH_SENTENCES } from './rules/paragraph-length.js';
export { EQUALITY_PROFILE, type EqualityDecision } from './equality-profile.js';
export { maskTemplate } from './mask.js';
export { clearLintMemo } from './memo.js';
export { RULES, ENGLISH_ONLY } from './rules/index.js';

/** Texts shorter than this get no document-level reading-age finding: the formulas need more words. */
const MIN_WORDS_FOR_READING_AGE = 50;

function isEnglish(lang: string): boolean {
  return /^en(?:-|$)/i.test(lang);
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

  const kept = applySuppressions(raw, blocks, suppressions);

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

/** Parses Markdown for linting: markdown.ts `parseProse`. */
export type ProseParser = (text: string) => Root;

/**
 * Lints text. `format` (default `text`): `text` is plain prose; `markdown` is parsed first;
 * `template` is raw template source (front matter skipped, Handlebars opaque). Markdown is
 * parsed with `parse`, which is markdown.ts `parseProse` (the core parser's syntax without GFM
 * literal autolinks, which change nothing in what is prose and cost more than the lint), so
 * the findings are those of `lintTree(parseMarkdown(text), text)`. lint/index.ts's `lintText`
 * passes it; here it is a parameter so plain text can be linted without loading the parser.
 * @throws AppError INTERNAL for Markdown or a template without `parse` (a bug, not input).
 */
export function lintText(text: string, options: LintOptions, parse?: ProseParser): LintResult {
  const format = options.format ?? 'text';
  if (format !== 'text' && !parse) throw new AppError('INTERNAL', `Markdown was linted without a Markdown parser (lint/engine.ts called without lint/markdown.ts's parseProse).`);
  if (format === 'markdown') return lintTree(parse!(text), text, options);
  if (format === 'template') {
    const masked = maskTemplate(text);
    const { blocks, suppressions } = blocksFromTree(parse!(masked), masked);
    splitAtAlternatives(blocks, alternativeOffsets(text));
    return lintBlocks(text, masked, blocks, suppressions, options);
  }
  const { blocks, suppressions } = blocksFromText(text);
  return lintBlocks(text, text, blocks, suppressions, options);
}

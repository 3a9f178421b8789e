/**
 * Types of the lint engine: its public options and result, and the internal picture of a
 * text (blocks of prose, words, sentences) that every rule reads.
 */
import type { DocumentKind, FindingSource, FindingSummary, Finding, Profile, Severity } from '../core/index.js';
import type { CompiledLexicon, Explanation, Token } from '../lexicon/index.js';
import type { Counts } from './readability.js';

/** How to lint. */
export interface LintOptions {
  profile: Profile;
  /** The kind of document; lexicon entries scoped to other kinds are skipped. Default: all entries apply. */
  kind?: DocumentKind;
  /** BCP 47 language of the text (default `en`). English-only rules are skipped for other languages. */
  lang?: string;
  lexicon: CompiledLexicon;
  /** `text` (default for lintText): prose; `markdown`: prose only; `template`: raw template source. */
  format?: 'text' | 'markdown' | 'template';
  /**
   * Reuse the findings of a block of prose already linted with the same lexicon and options
   * (default true: a batch's letters share most paragraphs; see memo.ts). `false` lints every
   * block afresh (for tests and benchmarks); the result is the same either way.
   */
  memo?: boolean;
}

/** Document-level readability, for the UI and API. */
export interface ReadabilitySummary {
  words: number;
  sentences: number;
  averageSentenceLength: number;
  /** Flesch reading ease (higher is easier; 60-70 is plain English). */
  fleschReadingEase: number;
  /** Flesch-Kincaid US school grade. */
  grade: number;
  /** The reading age the profile aims for (see docs/lint.md). */
  targetAge: number;
  /** Estimated reading age of the whole text (Flesch-Kincaid grade + 5). */
  readingAge: number;
}

/** What lint found. */
export interface LintResult {
  findings: Finding[];
  summary: FindingSummary;
  readability: ReadabilitySummary;
  /** Rule families that were skipped, e.g. English-only rules when `lang` is `cy`. */
  notApplied: string[];
}

/** A stretch of the linted text that is prose. `barrier`: something that is not prose comes just before it. */
export interface Run {
  start: number;
  end: number;
  barrier: boolean;
}

/** The kinds of prose block. */
export type BlockType = 'heading' | 'paragraph' | 'list-item' | 'cell' | 'quote' | 'alt';

/** A suppression comment: `<!-- plainly-ignore lexicon/audit: quoting the statute -->`. */
export interface Suppression {
  rules: string[];
  reason: string;
  start: number;
  end: number;
  used: boolean;
}

/** One block of prose: a heading, paragraph, list item paragraph, table cell, quote or picture description. */
export interface Block {
  type: BlockType;
  start: number;
  end: number;
  runs: Run[];
  suppressions: Suppression[];
  /** Offsets of hard line breaks inside the block (Markdown), in order. */
  breaks?: number[];
  /** Offsets of `{{else}}` inside the block (template source), in order: the text after one is an alternative to the text before. */
  alternatives?: number[];
  /** Token range [firstToken, endToken). Filled by analysis. */
  firstToken: number;
  endToken: number;
}

/** A sentence: tokens [firstToken, endToken) of one block. */
export interface Sentence {
  block: Block;
  firstToken: number;
  endToken: number;
  start: number;
  end: number;
  /** Number of words (placeholders count as one word each). */
  words: number;
  /** True when it ends with . ! ? … (or a colon that ends its block); false for a heading, label or line that just stops. */
  terminated: boolean;
}

/** Token marking a template placeholder: counts as a word, never matches anything. */
export const PLACEHOLDER_NORM = '\uE000';

/** A finding before positions are turned into line/column. */
export interface RawFinding {
  ruleId: string;
  source: FindingSource;
  severity: Severity;
  reason: string;
  start: number;
  end: number;
  expected: string[];
  /**
   * For a lexicon entry with `once`: its index. Such findings are every use of the term; which
   * one is reported is decided across the whole document (`keepFirstUses`), not per block.
   */
  once?: number;
}

/** Everything a rule can read. */
export interface LintContext {
  text: string;
  blocks: Block[];
  tokens: Token[];
  sentences: Sentence[];
  /** Word counts of each sentence (same order as `sentences`), for readability rules. */
  sentenceCounts: Counts[];
  profile: Profile;
  kind: DocumentKind | undefined;
  lang: string;
  lexicon: CompiledLexicon;
  report: (finding: RawFinding) => void;
  /** Notes where a `once` entry's term is explained (the lexicon rule), for the document-level `once` decision. */
  explain: (explanation: Explanation) => void;
}

/** One rule (one module in rules/). */
export interface Rule {
  /** Rule id, or family prefix for rules that report several ids (`equality/*`). */
  id: string;
  /** True when the rule only makes sense for English text. */
  englishOnly: boolean;
  run: (context: LintContext) => void;
}

/**
 * What the readers of Word, PDF and HTML files give back: blocks of text, each with where a
 * person finds it in the original (page, heading, source line). Lint never sees the file
 * itself, only these blocks joined as plain text (see locate.ts).
 */
import type { Finding, FindingSummary } from '../core/index.js';

/** The kinds of file `plainly lint` and the check page read. */
export const DOCUMENT_FORMATS = ['text', 'markdown', 'template', 'docx', 'pdf', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** One block of prose taken out of a document: a paragraph, heading, list item or table cell. */
export interface TextBlock {
  /** The words, with runs of white space made one space. Never empty. */
  text: string;
  /** True for a heading (h1–h6, a Word heading style, large type in a PDF). */
  heading: boolean;
  /** 1-based page (PDF only: Word files store no pages; the page breaks are made when printed). */
  page?: number;
  /** 1-based line in the HTML source where the block starts (HTML only). */
  line?: number;
}

/** A document read into blocks, with what a person should know about how it was read. */
export interface ExtractedDocument {
  format: 'docx' | 'pdf' | 'html';
  blocks: TextBlock[];
  /** Plain sentences about the reading, such as "only the accepted text was checked". */
  notes: string[];
  /** Word only: the file has tracked changes (insertions or deletions not yet accepted). */
  trackedChanges?: boolean;
}

/**
 * Where a finding is, for a person with the original in front of them. Word and HTML files
 * have no pages, so `page` is only there for PDFs; text files have `line` and `column`.
 */
export interface FindingWhere {
  page?: number;
  /** 1-based paragraph: counted from the nearest heading before it (for a PDF, from the top of the page when the heading is on an earlier page). Absent for a finding in a heading. */
  paragraph?: number;
  /** The nearest heading before the finding (or the heading it is in). */
  heading?: string;
  /** True when the finding is in the heading itself. */
  inHeading?: boolean;
  /** 1-based line (and column) in the file: text, Markdown and templates; for HTML, the line of the source where the block starts. */
  line?: number;
  column?: number;
  /** All of it in words: "page 2, under ‘What happens next’, paragraph 3". */
  text: string;
}

/** The sentence a finding is in, split around the words found, for quoting it in a report. */
export interface FindingSentence {
  before: string;
  actual: string;
  after: string;
}

/** A finding with where a person finds it and the sentence it is in. */
export interface LocatedFinding extends Finding {
  where: FindingWhere;
  sentence: FindingSentence;
}

/** What a lint of a text gives back (the pipeline's LintResult has at least this). */
export interface LintOutcome {
  findings: Finding[];
  summary: FindingSummary;
  readability?: unknown;
  notApplied?: string[];
}

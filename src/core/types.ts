/**
 * Shared vocabulary of Plainly: severities, profiles, document kinds and the one `Finding`
 * type that every stage, the CLI and the HTTP API use.
 */

/** How serious a finding is. `error` blocks a final document; the others inform. */
export const SEVERITIES = ['error', 'warning', 'suggestion'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank used for sorting and for "at least this severe" comparisons (higher is worse). */
export const SEVERITY_RANK: Record<Severity, number> = { suggestion: 0, warning: 1, error: 2 };

/** Writing profiles. Easy Read has shorter sentences, digits for numbers, bigger text. */
export const PROFILES = ['standard', 'easy-read'] as const;
export type Profile = (typeof PROFILES)[number];

/** The kinds of document a council sends. Lexicon entries may be scoped to some of them. */
export const DOCUMENT_KINDS = ['letter', 'agreement', 'guide', 'leaflet', 'form'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Output formats, all written from the same document tree. */
export const OUTPUT_FORMATS = ['pdf', 'html', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A point in the linted text. `offset` is a 0-based JS string index; line/column are 1-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** Where the words behind a finding came from, when the linted text was a filled template. */
export type FindingOrigin =
  | { kind: 'template'; file: string; line: number; column: number }
  | { kind: 'data'; path: string };

/** Which family of checks produced a finding. */
export type FindingSource =
  | 'lexicon'
  | 'readability'
  | 'equality'
  | 'simplify'
  | 'council'
  | 'structure'
  | 'suppression';

/**
 * One problem found in a text. Findings are data, never exceptions: the same JSON shape is
 * printed by the CLI and returned by the HTTP API (see DESIGN.md, "Finding").
 */
export interface Finding {
  /** Stable id, `<source>/<name>`, e.g. `lexicon/misspent`, `council/numeric-date`. */
  ruleId: string;
  source: FindingSource;
  severity: Severity;
  /** Why this matters, in plain words a non-technical reader understands. */
  reason: string;
  /** The words as they appear in the text. */
  actual: string;
  /** Suggested replacements, already in the matched form; empty when the sentence needs rewording. */
  expected: string[];
  start: Position;
  end: Position;
  /** Present when the text came from a template: which template line or data field it came from. */
  origin?: FindingOrigin;
}

/** Counts of findings by severity. */
export interface FindingSummary {
  error: number;
  warning: number;
  suggestion: number;
  total: number;
}

/** Counts findings by severity. */
export function summariseFindings(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { error: 0, warning: 0, suggestion: 0, total: findings.length };
  for (const finding of findings) summary[finding.severity]++;
  return summary;
}

/** True when any finding is an error, so a final document must not be produced. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

/** Orders findings by position, then by severity (worst first), then by rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.start.offset - b.start.offset || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareRuleIds(a.ruleId, b.ruleId);
}

/** Rule ids made only of lower-case letters, digits, '-' and '/' (nearly all of them). */
const PLAIN_RULE_ID = /^[a-z0-9/-]*$/;

/**
 * `a.localeCompare(b)`, without starting the collator for the usual ids: the first
 * localeCompare of a process loads ICU's collation data, which cost a short `plainly lint` more
 * than sorting everything else. For the characters of a plain id, English (and ICU's root)
 * collation orders them as their code units do ('-' < '/' < digits < letters), so the answer
 * is the same, and no longer depends on the machine's locale (Danish sorts "aa" after "z").
 */
export function compareRuleIds(a: string, b: string): number {
  if (PLAIN_RULE_ID.test(a) && PLAIN_RULE_ID.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

/**
 * Lint results as pages show them: findings numbered in text order with plain severity
 * labels and their replacements, the text split into highlighted segments, and a readability
 * summary. The browser script builds the same structure from the JSON API (the segmenting
 * and labels come from one shared module, `static/findings.js`).
 */
import type { Finding, FindingSummary, Severity } from '../core/index.js';
import type { ReadabilitySummary } from '../app/index.js';
import { GREETING_NOTE, SEVERITY_LABELS, SEVERITY_TAGS, applyReplacement, inGreeting, isPassage, offeredReplacements, segments, summaryText } from './static/findings.js';

/** Replacements offered per finding (the lexicon may list more; the first few are the best). */
export const MAX_REPLACEMENTS = 3;

/** One finding on a page. */
export interface FindingView {
  number: number;
  id: string;
  anchorId: string;
  severity: Severity;
  label: string;
  tagClass: string;
  ruleId: string;
  reason: string;
  actual: string;
  line: number;
  passage: boolean;
  replacements: { text: string; value: string }[];
  /** Set when the words are who a greeting is to: no replacement is offered, this says why. */
  greetingNote?: string;
}

/** One stretch of the text. */
export interface SegmentView {
  text: string;
  kind: 'mark' | 'passage' | 'plain';
  severity?: Severity;
  /** Ids of anchors that start here (links from the findings list land on them). */
  anchors: string[];
  /** Said by screen readers after the words, e.g. "(finding 3: must change)". */
  note?: string;
}

/** Everything the results partial shows. */
export interface ResultsView {
  summary: FindingSummary;
  summaryText: string;
  findings: FindingView[];
  segments: SegmentView[];
  readability: ReadabilitySummary & { easyEnough: boolean };
}

/** The value a "use this instead" button sends: where the words were, and which replacement. */
export function applyValue(finding: Pick<Finding, 'start' | 'end'>, index: number): string {
  return `${finding.start.offset}:${finding.end.offset}:${index}`;
}

/** Parses an `applyValue`; undefined when it is not one. */
export function parseApplyValue(value: unknown): { start: number; end: number; index: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,7}):(\d{1,7}):(\d{1,2})$/.exec(value);
  if (!match) return undefined;
  const [start, end, index] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return start <= end ? { start, end, index } : undefined;
}

/**
 * "Use this instead" sent as a plain form: finds the finding the button was for among the
 * findings of a fresh check of the same text (so a tampered or out-of-date button can change
 * nothing else) and applies its replacement. Undefined when the words are no longer there.
 */
export function applyChosenReplacement(text: string, findings: readonly Finding[], value: unknown): { text: string; actual: string; replacement: string } | undefined {
  const target = parseApplyValue(value);
  if (!target) return undefined;
  const finding = findings.find((f) => f.start.offset === target.start && f.end.offset === target.end && f.expected[target.index] !== undefined);
  // Words in a greeting are never replaced by another word for people (no button offers it).
  if (!finding || inGreeting(text, finding.start.offset)) return undefined;
  const replacement = finding.expected[target.index];
  const changed = applyReplacement(text, target.start, target.end, finding.actual, replacement);
  return changed === undefined ? undefined : { text: changed, actual: finding.actual, replacement };
}

/** Builds the results view for `text` and its findings. */
export function resultsView(text: string, result: { findings: Finding[]; summary: FindingSummary; readability: ReadabilitySummary }, prefix = 'finding'): ResultsView {
  const findings: FindingView[] = result.findings.map((finding, i) => {
    const offered = offeredReplacements(text, finding, MAX_REPLACEMENTS);
    return {
      number: i + 1,
      id: `${prefix}-${i + 1}`,
      anchorId: `${prefix}-${i + 1}-in-text`,
      severity: finding.severity,
      label: SEVERITY_LABELS[finding.severity],
      tagClass: SEVERITY_TAGS[finding.severity],
      ruleId: finding.ruleId,
      reason: finding.reason,
      actual: finding.actual,
      line: finding.start.line,
      passage: isPassage(finding),
      replacements: offered.replacements.map((replacement, index) => ({ text: replacement, value: applyValue(finding, index) })),
      greetingNote: offered.greeting ? GREETING_NOTE : undefined,
    };
  });
  const segmentViews: SegmentView[] = segments(text, result.findings).map((segment) => {
    const kind = segment.marks.length ? 'mark' : segment.passages.length ? 'passage' : 'plain';
    const ending = segment.ends.filter((index) => !findings[index].passage);
    return {
      text: segment.text,
      kind,
      severity: segment.severity,
      anchors: segment.starts.map((index) => findings[index].anchorId),
      note: ending.length ? `(${ending.map((index) => `finding ${index + 1}: ${findings[index].label.toLowerCase()}`).join('; ')})` : undefined,
    };
  });
  return {
    summary: result.summary,
    summaryText: summaryText(result.summary),
    findings,
    segments: segmentViews,
    readability: roundReadability(result.readability),
  };
}

/** Readability figures as people read them: whole numbers, one decimal for sentence length. */
export function roundReadability(readability: ReadabilitySummary): ReadabilitySummary & { easyEnough: boolean } {
  return {
    ...readability,
    averageSentenceLength: Math.round(readability.averageSentenceLength * 10) / 10,
    fleschReadingEase: Math.round(readability.fleschReadingEase),
    grade: Math.round(readability.grade * 10) / 10,
    readingAge: Math.round(readability.readingAge),
    easyEnough: Math.round(readability.readingAge) <= readability.targetAge,
  };
}

/** Types for findings.js (shared by the server and the browser). */
import type { Finding, FindingSummary, Severity } from '../../core/index.js';

export declare const SEVERITY_LABELS: Record<Severity, string>;
export declare const SEVERITY_TAGS: Record<Severity, string>;
export declare const PASSAGE_CHARACTERS: number;
export declare function isPassage(finding: Pick<Finding, 'start' | 'end'>): boolean;

/** A stretch of the text and the findings over it (indexes into the findings array). */
export interface Segment {
  text: string;
  start: number;
  end: number;
  marks: number[];
  passages: number[];
  starts: number[];
  ends: number[];
  severity: Severity | undefined;
}

export declare function segments(text: string, findings: readonly Pick<Finding, 'start' | 'end' | 'severity'>[]): Segment[];
export declare function countText(count: number, one: string, many: string): string;
export declare function summaryText(summary: FindingSummary): string;
export declare function applyReplacement(text: string, start: number, end: number, actual: string, replacement: string): string | undefined;
export declare function inGreeting(text: string, start: number): boolean;
export declare const GREETING_NOTE: string;
export declare function offeredReplacements(text: string, finding: Pick<Finding, 'start' | 'expected'>, max: number): { replacements: string[]; greeting: boolean };

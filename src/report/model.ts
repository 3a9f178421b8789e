/**
 * A report over many documents, as data: the worst documents first, counts by rule and by
 * severity, and a few plain sentences a co-production group can take to a meeting. The HTML,
 * CSV and JSON writers all start from this one model, so they say the same thing.
 */
import { SEVERITIES, type Severity } from '../core/index.js';

/** A finding as the report needs it (ingest's LocatedFinding has all of this). */
export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  reason: string;
  actual: string;
  expected: string[];
  where: { text: string };
  sentence: { before: string; actual: string; after: string };
}

/** One document: checked (with its findings) or not read (with why). */
export type ReportDocument =
  | { name: string; status: 'checked'; format: string; findings: ReportFinding[]; notes: string[]; words: number }
  | { name: string; status: 'unreadable'; message: string };

type Checked = Extract<ReportDocument, { status: 'checked' }>;

/** Counts by severity. */
export type Counts = Record<Severity, number> & { total: number };

/** One rule's findings over all documents. */
export interface RuleCount {
  ruleId: string;
  severity: Severity;
  /** The words found, most frequent first (at most five). */
  words: string[];
  /** What to say instead (the first suggestion seen). */
  expected: string[];
  reason: string;
  findings: number;
  documents: number;
}

/** A checked document with its counts. */
export interface DocumentRow {
  document: Checked;
  counts: Counts;
}

/** Everything the writers show. */
export interface ReportModel {
  generatedAt: string;
  documents: DocumentRow[];
  unreadable: Array<Extract<ReportDocument, { status: 'unreadable' }>>;
  totals: Counts;
  /** Documents with at least one finding of each severity. */
  documentsWith: Record<Severity, number>;
  rules: RuleCount[];
  /** Plain sentences for a meeting. */
  summary: string[];
}

/** How a severity reads to someone who does not know the word. */
export const SEVERITY_LABELS: Record<Severity, { label: string; meaning: string }> = {
  error: { label: 'Must change', meaning: 'Wording that must change before a letter is sent (an error)' },
  warning: { label: 'Should change', meaning: 'Wording that should change (a warning)' },
  suggestion: { label: 'Could change', meaning: 'A suggestion to make it easier to read' },
};

function countsOf(findings: readonly ReportFinding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, suggestion: 0, total: findings.length };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Worst first: most errors, then warnings, then suggestions; then by name. */
function worstFirst(a: DocumentRow, b: DocumentRow): number {
  return b.counts.error - a.counts.error || b.counts.warning - a.counts.warning || b.counts.suggestion - a.counts.suggestion || a.document.name.localeCompare(b.document.name, 'en');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

/** Builds the report from the documents' results. */
export function buildReport(documents: readonly ReportDocument[], generatedAt: Date = new Date()): ReportModel {
  const rows: DocumentRow[] = [];
  const unreadable: ReportModel['unreadable'] = [];
  for (const document of documents) {
    if (document.status === 'checked') rows.push({ document, counts: countsOf(document.findings) });
    else unreadable.push(document);
  }
  rows.sort(worstFirst);
  const totals: Counts = { error: 0, warning: 0, suggestion: 0, total: 0 };
  const documentsWith: Record<Severity, number> = { error: 0, warning: 0, suggestion: 0 };
  const rules = new Map<string, RuleCount & { wordCounts: Map<string, number>; seenIn: Set<string> }>();
  for (const { document, counts } of rows) {
    for (const severity of SEVERITIES) {
      totals[severity] += counts[severity];
      if (counts[severity] > 0) documentsWith[severity]++;
    }
    totals.total += counts.total;
    for (const finding of document.findings) {
      let rule = rules.get(finding.ruleId);
      if (!rule) {
        rule = { ruleId: finding.ruleId, severity: finding.severity, words: [], expected: finding.expected, reason: finding.reason, findings: 0, documents: 0, wordCounts: new Map(), seenIn: new Set() };
        rules.set(finding.ruleId, rule);
      }
      rule.findings++;
      rule.seenIn.add(document.name);
      const word = finding.actual.toLowerCase();
      rule.wordCounts.set(word, (rule.wordCounts.get(word) ?? 0) + 1);
      if (rule.expected.length === 0 && finding.expected.length > 0) rule.expected = finding.expected;
    }
  }
  const ruleList: RuleCount[] = [...rules.values()]
    .map(({ wordCounts, seenIn, ...rule }) => ({
      ...rule,
      words: [...wordCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([word]) => word),
      documents: seenIn.size,
    }))
    .sort((a, b) => ['error', 'warning', 'suggestion'].indexOf(a.severity) - ['error', 'warning', 'suggestion'].indexOf(b.severity) || b.findings - a.findings || a.ruleId.localeCompare(b.ruleId));
  return { generatedAt: generatedAt.toISOString(), documents: rows, unreadable, totals, documentsWith, rules: ruleList, summary: summarise(rows, unreadable.length, totals, documentsWith, ruleList) };
}

function summarise(rows: DocumentRow[], unread: number, totals: Counts, documentsWith: Record<Severity, number>, rules: RuleCount[]): string[] {
  const lines: string[] = [];
  const total = rows.length + unread;
  lines.push(`We checked ${plural(rows.length, 'document')}${unread > 0 ? ` (${plural(unread, 'more file')} could not be read: see the end of this report)` : ''}${total === 0 ? '' : '.'}`);
  if (rows.length === 0) return lines;
  if (totals.total === 0) {
    lines.push('None of them has wording to change.');
    return lines;
  }
  if (documentsWith.error > 0) {
    const one = documentsWith.error === 1;
    lines.push(`${plural(documentsWith.error, 'document has', 'documents have')} wording that must change before ${one ? 'it is' : 'they are'} sent again: ${plural(totals.error, 'place')} in all.`);
  } else {
    lines.push('No document has wording that must change before it is sent again.');
  }
  if (totals.warning + totals.suggestion > 0) {
    lines.push(`There ${totals.warning === 1 ? 'is' : 'are'} also ${plural(totals.warning, 'thing')} that should change and ${plural(totals.suggestion, 'suggestion')} to make them easier to read.`);
  }
  const common = rules.slice().sort((a, b) => b.documents - a.documents || b.findings - a.findings).slice(0, 3);
  if (common.length > 0) {
    lines.push(`The wording found most widely: ${common.map((rule) => `“${rule.words[0] ?? rule.ruleId}” (in ${plural(rule.documents, 'document')})`).join(', ')}.`);
  }
  const worst = rows.filter((row) => row.counts.total > 0).slice(0, 3);
  lines.push(`Start with ${worst.map((row) => `${row.document.name} (${describeCounts(row.counts)})`).join('; ')}.`);
  return lines;
}

/** "3 must change, 2 should change, 1 could change". */
export function describeCounts(counts: Counts): string {
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${SEVERITY_LABELS[severity].label.toLowerCase()}`);
  return parts.join(', ') || 'nothing to change';
}

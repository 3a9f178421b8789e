/**
 * "What would this change affect?" — before anyone approves (or retires) a lexicon entry,
 * which published templates, checked with their own example data, would gain or lose
 * findings, and at which severity. One computation for `POST /api/lexicon/impact` and the
 * web pages' entry page, so the two can never disagree.
 */
import { AppError, type Finding, type FindingSummary, SEVERITY_RANK, type Severity, summariseFindings } from '../core/index.js';
import type { LexiconEntry } from '../pipeline/light.js';
import { loadPipeline } from './pipeline-loader.js';
import type { PipelineService, StoreContext } from './pipeline-service.js';

/** The change to weigh: an entry's proposed content, or retiring an approved entry. */
export type LexiconChange = { entry: LexiconEntry } | { retire: string };

/** A finding that one side has and the other has not. */
export interface ChangedFinding {
  ruleId: string;
  severity: Severity;
  actual: string;
  line: number;
  column: number;
  /** The sentence it is in (from the document as filled with the template's example), so people see the words in context. */
  sentence: string;
}

/** One published template whose findings would change. */
export interface TemplateImpact {
  id: string;
  title: string;
  /** The published version that was checked. */
  version: number;
  before: FindingSummary;
  after: FindingSummary;
  gained: ChangedFinding[];
  lost: ChangedFinding[];
  gainedBySeverity: FindingSummary;
  lostBySeverity: FindingSummary;
  /** The most severe gained finding, if any. */
  worst: Severity | null;
}

/** What approving (or retiring) would change. */
export interface LexiconImpact {
  /** The lexicon version the change was weighed against. */
  lexiconVersion: number;
  change: { kind: 'approve' | 'retire'; id: string };
  templates: TemplateImpact[];
  /** Ids of the published templates that would not change. */
  unaffected: string[];
  /** True when some published template would gain an error finding (and so could not be sent). */
  blocking: boolean;
}

/** Findings are the same when rule, place and severity are. */
function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${finding.start.offset}|${finding.end.offset}|${finding.severity}`;
}

/** The findings in `to` that are not in `from`. */
function difference(from: readonly Finding[], to: readonly Finding[]): Finding[] {
  const seen = new Set(from.map(findingKey));
  return to.filter((finding) => !seen.has(findingKey(finding)));
}

function brief(finding: Finding, text: string): ChangedFinding {
  return { ruleId: finding.ruleId, severity: finding.severity, actual: finding.actual, line: finding.start.line, column: finding.start.column, sentence: sentenceAround(text, finding.start.offset, finding.end.offset) };
}

/**
 * The sentence holding `text[start, end)`: back to the end of the sentence or line before it,
 * on to the end of its own (at most 120 characters either side), without Markdown marks.
 */
export function sentenceAround(text: string, start: number, end: number): string {
  const limit = 120;
  let from = start;
  while (from > 0 && start - from < limit && !/[.!?]\s$|\n$/.test(text.slice(Math.max(0, from - 2), from))) from--;
  let to = end;
  while (to < text.length && to - end < limit && !/^[.!?](\s|$)|^\n/.test(text.slice(to, to + 2))) to++;
  if (/^[.!?]/.test(text.slice(to, to + 1))) to++;
  const clipped = (from > 0 && start - from >= limit ? '…' : '') + text.slice(from, to) + (to < text.length && to - end >= limit ? '…' : '');
  return clipped.replace(/^\s*(#+|[-*+]|\d+\.)\s+/, '').replace(/\*\*|__/g, '').replace(/\s+/g, ' ').trim();
}

function worstOf(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) if (worst === null || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) worst = finding.severity;
  return worst;
}

/**
 * Weighs `change` against the current approved lexicon and the published templates in `sc`.
 * Nothing is saved.
 * @throws AppError NOT_FOUND when retiring an entry that is not approved.
 */
export async function computeLexiconImpact(pipeline: PipelineService, sc: StoreContext, change: LexiconChange): Promise<LexiconImpact> {
  const current = await pipeline.lexiconAt(sc.lexiconVersion);
  const id = 'entry' in change ? change.entry.id : change.retire;
  const entries = current.entries.filter((entry) => entry.id !== id);
  if ('entry' in change) entries.push(change.entry);
  else if (entries.length === current.entries.length) throw new AppError('NOT_FOUND', `There is no approved lexicon entry "${id}" to retire.`);
  const { checkDocument, compileLexicon } = await loadPipeline();
  const proposed = await pipeline.contextFor({ entries, compiled: compileLexicon(entries) }, sc.ctx.templates);
  const templates: TemplateImpact[] = [];
  const unaffected: string[] = [];
  for (const template of sc.ctx.templates.list()) {
    const before = checkDocument(sc.ctx, template, template.example);
    const after = checkDocument(proposed, template, template.example);
    const gained = difference(before.findings, after.findings);
    const lost = difference(after.findings, before.findings);
    if (gained.length === 0 && lost.length === 0) {
      unaffected.push(template.id);
      continue;
    }
    templates.push({
      id: template.id,
      title: template.title,
      version: sc.publishedVersions.get(template.id)!,
      before: before.summary,
      after: after.summary,
      gained: gained.map((f) => brief(f, after.text)),
      lost: lost.map((f) => brief(f, before.text)),
      gainedBySeverity: summariseFindings(gained),
      lostBySeverity: summariseFindings(lost),
      worst: worstOf(gained),
    });
  }
  return {
    lexiconVersion: sc.lexiconVersion,
    change: { kind: 'entry' in change ? 'approve' : 'retire', id },
    templates,
    unaffected,
    blocking: templates.some((template) => template.worst === 'error'),
  };
}

/**
 * "What this change would affect", shaped for the entry page. The analysis itself is the
 * API's (`lexiconImpact` in src/app/lexicon.ts: the same computation and cache as
 * `POST /api/lexicon/impact`); this only adds the plain-language severity labels and counts
 * the unaffected templates.
 */
import type { Severity } from '../core/index.js';
import { type AppContext, type LexiconEntry, lexiconImpact as lexiconImpactOf } from '../app/index.js';
import { SEVERITY_LABELS } from './static/findings.js';

/** One changed finding, as the page lists it. */
export interface ImpactFinding {
  severity: Severity;
  label: string;
  actual: string;
  line: number;
  /** The sentence the words are in, split around them so the page can mark them. */
  quote?: { before: string; words: string; after: string };
}

/** One template whose findings would change. */
export interface TemplateImpact {
  id: string;
  title: string;
  gained: ImpactFinding[];
  lost: ImpactFinding[];
  worst?: Severity;
}

/** What approving (or retiring) would change. */
export interface Impact {
  lexiconVersion: number;
  templates: TemplateImpact[];
  unaffected: number;
  /** True when some published document would get a "must change" finding (so could not be sent). */
  blocking: boolean;
}

function labelled(finding: { severity: Severity; actual: string; line: number; sentence?: string }): ImpactFinding {
  const at = finding.sentence ? finding.sentence.indexOf(finding.actual) : -1;
  const quote = finding.sentence && at >= 0 ? { before: finding.sentence.slice(0, at), words: finding.actual, after: finding.sentence.slice(at + finding.actual.length) } : undefined;
  return { severity: finding.severity, label: SEVERITY_LABELS[finding.severity], actual: finding.actual, line: finding.line, ...(quote ? { quote } : {}) };
}

/**
 * The impact of making `change` the approved content of its entry (or, with `retire`, of
 * retiring the entry with that id).
 */
export async function lexiconImpact(app: AppContext, change: LexiconEntry | { retire: string }): Promise<Impact> {
  const impact = await lexiconImpactOf(app, 'retire' in change ? change : { entry: change });
  return {
    lexiconVersion: impact.lexiconVersion,
    templates: impact.templates.map((t) => ({ id: t.id, title: t.title, gained: t.gained.map(labelled), lost: t.lost.map(labelled), worst: t.worst ?? undefined })),
    unaffected: impact.unaffected.length,
    blocking: impact.blocking,
  };
}

/**
 * "What this change would affect": before anyone agrees to a word, which published templates
 * (checked with their own example data) would get new findings or lose some. The same
 * computation as `POST /api/lexicon/impact` (pipeline context from the store, the current
 * lexicon with and without the change, `checkDocument` on each template's example), shaped
 * for the entry page, and cached per lexicon version, templates revision and change, since the
 * entry page is read far more often than anything changes.
 */
import { type Finding, SEVERITY_RANK, type Severity } from '../core/index.js';
import type { AppContext } from '../http/context.js';
import { type LexiconEntry, compileLexicon } from '../pipeline/index.js';
import { checkDocument } from '../pipeline/index.js';
import { SEVERITY_LABELS } from './static/findings.js';

/** One template whose findings would change. */
export interface TemplateImpact {
  id: string;
  title: string;
  gained: { severity: Severity; label: string; actual: string; line: number }[];
  lost: { severity: Severity; label: string; actual: string; line: number }[];
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

const cache = new Map<string, Promise<Impact>>();

function key(finding: Finding): string {
  return `${finding.ruleId}|${finding.start.offset}|${finding.end.offset}|${finding.severity}`;
}

function brief(finding: Finding) {
  return { severity: finding.severity, label: SEVERITY_LABELS[finding.severity], actual: finding.actual, line: finding.start.line };
}

/**
 * The impact of making `change` the approved content of its entry (or, with `retire`, of
 * retiring the entry with that id).
 */
export function lexiconImpact(app: AppContext, change: LexiconEntry | { retire: string }): Promise<Impact> {
  return (async () => {
    const sc = await app.pipeline.context();
    const cacheKey = `${sc.lexiconVersion}/${sc.templatesRevision}/${JSON.stringify(change)}`;
    let result = cache.get(cacheKey);
    if (!result) {
      result = compute(app, change, sc);
      result.catch(() => cache.delete(cacheKey));
      if (cache.size >= 32) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, result);
    }
    return result;
  })();
}

async function compute(app: AppContext, change: LexiconEntry | { retire: string }, sc: Awaited<ReturnType<AppContext['pipeline']['context']>>): Promise<Impact> {
  const current = await app.pipeline.lexiconAt(sc.lexiconVersion);
  const id = 'retire' in change ? change.retire : change.id;
  const entries = current.entries.filter((entry) => entry.id !== id);
  if (!('retire' in change)) entries.push(change);
  const proposed = app.pipeline.contextFor({ entries, compiled: compileLexicon(entries) }, sc.ctx.templates);
  const templates: TemplateImpact[] = [];
  let unaffected = 0;
  for (const template of sc.ctx.templates.list()) {
    const before = checkDocument(sc.ctx, template, template.example).findings;
    const after = checkDocument(proposed, template, template.example).findings;
    const beforeKeys = new Set(before.map(key));
    const afterKeys = new Set(after.map(key));
    const gained = after.filter((finding) => !beforeKeys.has(key(finding)));
    const lost = before.filter((finding) => !afterKeys.has(key(finding)));
    if (gained.length === 0 && lost.length === 0) {
      unaffected++;
      continue;
    }
    const worst = gained.reduce<Severity | undefined>((w, f) => (w === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), undefined);
    templates.push({ id: template.id, title: template.title, gained: gained.map(brief), lost: lost.map(brief), worst });
  }
  return { lexiconVersion: sc.lexiconVersion, templates, unaffected, blocking: templates.some((t) => t.worst === 'error') };
}

/**
 * Where a template finding is, in words: light (no stage loaded), so the service's pages and
 * messages can say it without loading the linter.
 */
import type { TemplateFinding } from './template-check.js';

/** Where a template finding is, for people: "line 63", or "line 5 of templates/partials/contact.md", or "in the example's note". */
export function findingPlace(finding: TemplateFinding, templateFile: string): string {
  if (finding.origin?.kind === 'data') return `in the example's ${finding.origin.path}`;
  if (finding.origin?.kind === 'template' && finding.origin.file !== templateFile) return `line ${finding.origin.line} of ${finding.origin.file}`;
  return `line ${finding.start.line}`;
}

/** A finding in one line for messages: `"audit" on line 63 (lexicon/audit) when prepaidCard is true`. */
export function describeTemplateFinding(finding: TemplateFinding, templateFile: string): string {
  const place = findingPlace(finding, templateFile);
  return `"${finding.actual.slice(0, 60)}" ${place.startsWith('line') ? 'on ' : ''}${place} (${finding.ruleId})${finding.branch ? ` ${finding.branch}` : ''}`;
}

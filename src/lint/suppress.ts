/**
 * Suppression comments (`<!-- plainly-ignore lexicon/audit: quoting the statute -->`): a comment
 * with rules and a reason turns those rules off for its block; a comment without a reason, one
 * that names no rule, or one that turns nothing off is itself a finding.
 */
import type { Block, RawFinding, Suppression } from './types.js';

function suppresses(suppression: Suppression, ruleId: string): boolean {
  return suppression.rules.some((rule) => rule === ruleId || (rule.endsWith('/*') && ruleId.startsWith(rule.slice(0, -1))) || rule === ruleId.split('/')[0]);
}

/** The block that holds an offset (blocks are in document order and do not overlap). */
function blockAt(blocks: readonly Block[], offset: number): Block | undefined {
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const block = blocks[mid];
    if (offset < block.start) high = mid - 1;
    else if (offset >= block.end) low = mid + 1;
    else return block;
  }
  return undefined;
}

function suppressionFindings(suppressions: readonly Suppression[]): RawFinding[] {
  const out: RawFinding[] = [];
  for (const s of suppressions) {
    if (s.rules.length === 0) {
      out.push({ ruleId: 'suppression/no-rule', source: 'suppression', severity: 'warning', reason: 'This plainly-ignore comment does not say which check to turn off. Write it as <!-- plainly-ignore lexicon/audit: why -->.', start: s.start, end: s.end, expected: [] });
    } else if (s.reason === '') {
      out.push({ ruleId: 'suppression/missing-reason', source: 'suppression', severity: 'warning', reason: 'A plainly-ignore comment needs a reason after a colon, so the people who review letters know why the check was turned off. Until it has one, it turns nothing off.', start: s.start, end: s.end, expected: [] });
    } else if (!s.used) {
      out.push({ ruleId: 'suppression/unused', source: 'suppression', severity: 'suggestion', reason: `This plainly-ignore comment turns off ${s.rules.join(', ')} but the next block has no such finding, so the comment can go.`, start: s.start, end: s.end, expected: [] });
    }
  }
  return out;
}

/**
 * Drops the findings a suppression turns off (marking it used) and adds the suppressions' own
 * findings. `blocks` in document order; `suppressions` every comment in the document.
 */
export function applySuppressions(raw: readonly RawFinding[], blocks: readonly Block[], suppressions: readonly Suppression[]): RawFinding[] {
  const kept: RawFinding[] = [];
  for (const finding of raw) {
    const block = blockAt(blocks, finding.start);
    const suppression = block?.suppressions.find((s) => s.reason !== '' && suppresses(s, finding.ruleId));
    if (suppression) {
      suppression.used = true;
      continue;
    }
    kept.push(finding);
  }
  kept.push(...suppressionFindings(suppressions));
  return kept;
}

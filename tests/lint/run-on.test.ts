/**
 * One very long sentence (a pasted table, a list with no full stops) lints in time that grows
 * with its length, not with its length times the number of matches in it: the check for a
 * quoted mention looks a short way either side of each match, not to the ends of the sentence.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { compileLexicon, loadLexiconDir } from '../../src/lexicon/index.js';
import { lintText } from '../../src/lint/index.js';

const lexicon = compileLexicon(loadLexiconDir(path.join(PROJECT_ROOT, 'lexicon')));

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('a run-on sentence', () => {
  it('with a match every few words lints 80 KB in well under a second of CPU, and four times as much text in about four times the time', () => {
    // No quotation marks anywhere, so the look for one cannot stop early.
    const piece = 'the audit and misspent money and ';
    const text = (n: number) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n);
    lintText(text(2_000), { profile: 'standard', lexicon }); // warm
    let findings = 0;
    const small = cpuMs(() => lintText(text(20_000), { profile: 'standard', lexicon }));
    const large = cpuMs(() => {
      findings = lintText(text(80_000), { profile: 'standard', lexicon }).findings.length;
    });
    expect(findings).toBeGreaterThan(2_000);
    // Quadratic work took about 4 s for 80 KB (16 times the 20 KB run); linear work is a fraction of a second.
    expect(large).toBeLessThan(1_500);
    expect(large / Math.max(small, 1)).toBeLessThan(8);
  }, 60_000);

  it('still treats a quoted word as a mention and a bare one as a use', () => {
    const result = lintText('We no longer say "audit" in letters. The audit is next week.', { profile: 'standard', lexicon });
    const audit = result.findings.filter((f) => f.ruleId === 'lexicon/audit');
    expect(audit.map((f) => [f.start.offset, f.severity])).toEqual([
      [18, 'suggestion'],
      [41, 'error'],
    ]);
  });
});

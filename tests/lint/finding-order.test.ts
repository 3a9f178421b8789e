import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRuleIds } from '../../src/core/index.js';

const sign = (n: number) => Math.sign(n);

describe('findings at the same place are ordered by rule id as localeCompare orders them', () => {
  it('plain ids (lower-case letters, digits, "-", "/") without the collator: the same order as English collation', () => {
    const plain = fc.stringMatching(/^[a-z0-9/-]{0,12}$/);
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(sign(compareRuleIds(a, b))).toBe(sign(a.localeCompare(b, 'en')));
      }),
      { numRuns: 2000 },
    );
    expect(['lexicon/suspend', 'council/money', 'lexicon/failure-to', 'equality/just', 'lexicon/fail', 'council/conditional-threat'].sort(compareRuleIds)).toEqual([
      'council/conditional-threat',
      'council/money',
      'equality/just',
      'lexicon/fail',
      'lexicon/failure-to',
      'lexicon/suspend',
    ]);
  });

  it('other ids (retext-equality has "father-of-*" and "front-men,-frontmen-…") still go through localeCompare', () => {
    // Code units put ',' before '-'; the collation puts '-' first.
    expect(sign(compareRuleIds('equality/a-b', 'equality/a,b'))).toBe(sign('equality/a-b'.localeCompare('equality/a,b')));
    expect(sign(compareRuleIds('equality/a-b', 'equality/a,b'))).toBe(-1);
  });
});

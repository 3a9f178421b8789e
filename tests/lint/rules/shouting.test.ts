import { describe, expect, it } from 'vitest';
import { isShouting } from '../../../src/lint/rules/shouting.js';
import { found } from '../helpers.js';

const rule = 'council/shouting';

describe(rule, () => {
  it('flags words in capitals, joining a run of them', () => {
    expect(found('You must NOT do this.', rule)).toEqual([['NOT', ['not']]]);
    expect(found('This is a PREPAYMENT CARD.', rule)).toEqual([['PREPAYMENT CARD', ['prepayment card']]]);
  });

  it('allows known acronyms, short unknown acronyms, references and single letters', () => {
    expect(found('Ask the NHS, DWP, your PA, the CQC or HMRC in the UK. Your ILF ref DP000123. I am A1.', rule)).toEqual([]);
    expect(isShouting('PAs')).toBe(false);
    expect(isShouting('NHS')).toBe(false);
    expect(isShouting('YOU')).toBe(true);
    expect(isShouting('Hello')).toBe(false);
  });
});

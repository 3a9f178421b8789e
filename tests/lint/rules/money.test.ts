import { describe, expect, it } from 'vitest';
import { ukMoney } from '../../../src/lint/rules/money.js';
import { found } from '../helpers.js';

const rule = 'council/money';

describe(rule, () => {
  it('flags money that is not written the UK way', () => {
    expect(found('You have 1234.56 GBP left.', rule)).toEqual([['1234.56 GBP', ['£1,234.56']]]);
    expect(found('You have £1234 left.', rule)).toEqual([['£1234', ['£1,234']]]);
    expect(found('It costs £ 75 or GBP 20.5 or 12 pounds.', rule)).toEqual([
      ['£ 75', ['£75']],
      ['GBP 20.5', ['£20.50']],
      ['12 pounds', ['£12']],
    ]);
  });

  it('suggests dropping .00 from whole pounds', () => {
    const [finding] = found('It costs £75.00.', rule);
    expect(finding).toEqual(['£75.00', ['£75']]);
  });

  it('leaves UK money alone, including at the end of a sentence', () => {
    expect(found('You have £1,234.56. You pay £75, then £1,000.', rule)).toEqual([]);
  });

  it('formats amounts', () => {
    expect(ukMoney('1234567.5')).toBe('£1,234,567.50');
    expect(ukMoney('0.5')).toBe('£0.50');
    expect(ukMoney('1.234')).toBeUndefined();
  });
});

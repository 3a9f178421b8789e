import { describe, expect, it } from 'vitest';
import { found } from '../helpers.js';

const rule = 'council/numeric-date';

describe(rule, () => {
  it('flags numeric dates and offers the long form', () => {
    expect(found('Please reply by 31.01.21.', rule)).toEqual([['31.01.21', ['31 January 2021']]]);
    expect(found('We paid on 03/04/2025 and 2021-01-31.', rule)).toEqual([
      ['03/04/2025', ['3 April 2025']],
      ['2021-01-31', ['31 January 2021']],
    ]);
    expect(found('Born 1-2-85', rule)).toEqual([['1-2-85', ['1 February 1985']]]);
  });

  it('leaves long dates, money, versions and impossible dates alone', () => {
    expect(found('Please reply by 31 January 2021.', rule)).toEqual([]);
    expect(found('You have £1,234.56 and version 1.2.3 of 45/67/89 and 31.02.2021.', rule)).toEqual([]);
    expect(found('Call 0300 123 4567.', rule)).toEqual([]);
  });
});

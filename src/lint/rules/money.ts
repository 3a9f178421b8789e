/**
 * Money written the UK way: "£1,234.56" and "£75" (no ".00"), not "1234.56 GBP", "£1234" or
 * "£ 75". The same form as the templates' {{money}} helper, so every letter reads alike.
 */
import type { Rule } from '../types.js';
import { forEachProseMatch } from './prose-matches.js';

const MONEY = /(?:£[ \t\u00A0]*|\bGBP[ \t\u00A0]?)(\d[\d,]*(?:\.\d+)?)|(?<![\d£.,])(\d[\d,]*(?:\.\d+)?)[ \t\u00A0]?(?:GBP|pounds?)\b/gi;

/** The UK form of an amount in pounds ("1234.5" -> "£1,234.50", "75.00" -> "£75"), or undefined when it is not a number. */
export function ukMoney(amount: string): string | undefined {
  const plain = amount.replace(/,/g, '');
  if (!/^\d+(?:\.\d+)?$/.test(plain)) return undefined;
  const [pounds, pence = ''] = plain.split('.');
  if (pence.length > 2) return undefined; // 1.234 is not an amount of money we can read
  const grouped = String(Number(pounds)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (pence === '' || /^0+$/.test(pence)) return `£${grouped}`;
  return `£${grouped}.${pence.padEnd(2, '0')}`;
}

export const moneyRule: Rule = {
  id: 'council/money',
  englishOnly: false,
  run(context) {
    forEachProseMatch(context, MONEY, (match, start) => {
      // A sentence's full stop or a list's comma after the amount is not part of it.
      const actual = match[0].replace(/[.,]+$/, '');
      const amount = (match[1] ?? match[2]).replace(/[.,]+$/, '');
      const expected = ukMoney(amount);
      if (!expected || actual === expected) return;
      const onlyZeroPence = actual.startsWith('£') && /\.0{1,2}$/.test(actual) && actual.replace(/\.0+$/, '') === expected;
      context.report({
        ruleId: 'council/money',
        source: 'council',
        severity: onlyZeroPence ? 'suggestion' : 'warning',
        reason: onlyZeroPence
          ? 'Whole pounds are easier to read without ".00".'
          : 'Write money the UK way, with the £ sign first and commas in thousands, like £1,234.56, so every letter reads the same and screen readers say it as money.',
        start,
        end: start + actual.length,
        expected: [expected],
      });
    });
  },
};

/**
 * Dates in numbers (31.01.21, 03/04/2025, 2021-01-31) are read differently by different
 * people (is 03/04 March or April?) and screen readers speak them as numbers. Write
 * "31 January 2021".
 */
import type { Rule } from '../types.js';
import { forEachProseMatch } from './prose-matches.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Day-month-year with . / or - and a 2- or 4-digit year; or ISO year-month-day.
const NUMERIC_DATE = /(?<![\d.,/-])(?:(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2}))(?![\d/-]|[.,]\d)/g;

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "31 January 2021" for a valid day, month and year; undefined when it is not a real date. */
export function longDate(day: number, month: number, year: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** Two-digit years: 00-69 are 2000s, 70-99 are 1900s (birth dates). */
function fullYear(value: string): number {
  const year = Number(value);
  if (value.length === 4) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

/** Reads a numeric date UK-style (day first); returns the long form, or undefined. */
export function readNumericDate(match: RegExpExecArray): string | undefined {
  if (match[5] !== undefined) return longDate(Number(match[7]), Number(match[6]), Number(match[5]));
  return longDate(Number(match[1]), Number(match[3]), fullYear(match[4]));
}

export const numericDateRule: Rule = {
  id: 'council/numeric-date',
  englishOnly: false,
  run(context) {
    forEachProseMatch(context, NUMERIC_DATE, (match, start) => {
      const long = readNumericDate(match);
      if (!long) return; // 1.5.2 or 45/67/89 is not a date.
      context.report({
        ruleId: 'council/numeric-date',
        source: 'council',
        severity: 'warning',
        reason: 'Dates written in numbers are easy to misread (is 03/04 March or April?) and screen readers read them as numbers. Write the month as a word.',
        start,
        end: start + match[0].length,
        expected: [long],
      });
    });
  },
};

import { describe, expect, it } from 'vitest';
import { formatRowList, generalMessage, type RowProblem, summariseProblems } from '../../src/batch/index.js';

const problem = (row: number, field: string, label: string, message: string): RowProblem => ({ row, column: '', field, label, message });

describe('summariseProblems', () => {
  it('reads the way people read it: what is wrong, how many rows, which rows', () => {
    const groups = summariseProblems([
      problem(4, 'recipient.address.postcode', 'Postcode', 'is not a UK postcode'),
      problem(17, 'recipient.address.postcode', 'Postcode', 'is not a UK postcode'),
      problem(203, 'recipient.address.postcode', 'Postcode', 'is not a UK postcode'),
      problem(9, 'letterDate', 'Date of the letter', 'is not a real date'),
    ]);
    expect(groups.map((g) => g.text)).toEqual([
      'Postcode is not a UK postcode in 3 rows: rows 4, 17 and 203',
      'Date of the letter is not a real date in 1 row: row 9',
    ]);
  });

  it('groups list items as one field, and the same check with different figures as one problem', () => {
    const groups = summariseProblems([
      problem(2, 'documents.1', 'What to send', 'must be at most 200 characters (it has 250)'),
      problem(3, 'documents.4', 'What to send', 'must be at most 200 characters (it has 201)'),
      problem(5, 'replyBy', 'Please reply by', 'must be at least 14 days after Date of the letter (31 January 2021)'),
      problem(6, 'replyBy', 'Please reply by', 'must be at least 14 days after Date of the letter (1 March 2021)'),
    ]);
    expect(groups.map((g) => g.text)).toEqual([
      'What to send must be at most 200 characters in 2 rows: rows 2 and 3',
      'Please reply by must be at least 14 days after Date of the letter in 2 rows: rows 5 and 6',
    ]);
  });

  it('counts a row once per group even when it has the problem twice', () => {
    const groups = summariseProblems([problem(2, 'documents.1', 'Item', 'is empty'), problem(2, 'documents.2', 'Item', 'is empty')]);
    expect(groups[0].rows).toEqual([2]);
  });

  it('uses a colon for messages that do not read on from the field name, and capitalises whole-row problems', () => {
    expect(summariseProblems([problem(2, 'recipient.address', 'Postal address', 'the last line must be a UK postcode')])[0].text).toBe(
      'Postal address: the last line must be a UK postcode, in 1 row: row 2',
    );
    expect(summariseProblems([problem(7, '', '', 'has more cells than there are headings')])[0].text).toBe('Has more cells than there are headings in 1 row: row 7');
  });

  it('keeps hints without figures, and drops figures', () => {
    expect(generalMessage('is not a real date (dates are day/month/year)')).toBe('is not a real date (dates are day/month/year)');
    expect(generalMessage('must be at most 30 characters (it has 31)')).toBe('must be at most 30 characters');
  });

  it('cuts long row lists short, pointing to the full list', () => {
    expect(formatRowList([1])).toBe('row 1');
    expect(formatRowList([1, 2])).toBe('rows 1 and 2');
    expect(formatRowList(Array.from({ length: 25 }, (_, i) => i + 2))).toBe('rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 15 more');
  });
});

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excelSafe, excelSafeCsvLine, toExcelSafeCsv } from '../../src/batch/index.js';

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r'];

describe('excelSafe', () => {
  it.each(['=SUM(A1:A2)', '+44 7700 900123', '-12.50', '@cmd', '\tx', '\r=1'])('neutralises %j', (cell) => {
    expect(excelSafe(cell)).toBe(`'${cell}`);
  });

  it.each(['DP-000123', 'Mrs Amina Patel', '', "'already quoted", '12.50', ' =not first'])('leaves %j alone', (cell) => {
    expect(excelSafe(cell)).toBe(cell);
  });

  it('never returns a cell that starts a formula, and changes nothing else (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (cell) => {
        const safe = excelSafe(cell);
        expect(DANGEROUS.includes(safe.charAt(0))).toBe(false);
        expect(safe === cell || safe === `'${cell}`).toBe(true);
      }),
    );
  });

  it('writes CSV that reads back cell for cell, every cell neutralised (property)', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('=1+1', '-5', '"quoted"', 'a,b', 'line\nbreak', '@x'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const text = toExcelSafeCsv(['a', 'b', 'c'], rows);
        const back = parse(text, { relax_column_count: true }) as string[][];
        expect(back[0]).toEqual(['a', 'b', 'c']);
        expect(back.slice(1)).toEqual(rows.map((row) => row.map(excelSafe)));
        for (const row of back) for (const value of row) expect(DANGEROUS.includes(value.charAt(0))).toBe(false);
      }),
    );
  });

  it('starts with a byte order mark when asked, so Excel reads £ as £', () => {
    expect(toExcelSafeCsv(['amount'], [['£5']], { bom: true }).startsWith('\ufeffamount\r\n')).toBe(true);
    expect(excelSafeCsvLine(['=HYPERLINK("x")', 3, null])).toBe(`"'=HYPERLINK(""x"")",3,\r\n`);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertCell, excelSerialToIso, parseDateText, parseMoneyText } from '../../src/batch/index.js';

const date = { type: 'date' } as const;
const money = { type: 'money' } as const;

describe('dates', () => {
  it.each([
    ['31/01/2021', '2021-01-31'],
    ['1/2/2021', '2021-02-01'],
    ['31-01-2021', '2021-01-31'],
    ['31.01.2021', '2021-01-31'],
    ['2021-01-31', '2021-01-31'],
    ['2021-01-31T00:00:00', '2021-01-31'],
    ['31/01/2021 00:00', '2021-01-31'],
    ['31 January 2021', '2021-01-31'],
    ['Sunday 31 Jan 2021', '2021-01-31'],
    ['29/02/2024', '2024-02-29'],
    ['44227', '2021-01-31'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDateText(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['31/02/2021', 'is not a real date'],
    ['29/02/2023', 'is not a real date'],
    ['01/31/2021', 'is not a real date'],
    ['31.01.21', 'has a 2-digit year'],
    ['next Tuesday', 'is not a date Plainly can read'],
    ['20210131', 'is not a date Plainly can read'],
    ['31 Smarch 2021', 'is not a date Plainly can read'],
  ])('refuses %j', (text, message) => {
    const result = parseDateText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('reads Excel serial numbers, including around the 1900 leap-year bug', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull(); // Excel's 29 February 1900 never existed
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(44227.75)).toBe('2021-01-31');
    expect(excelSerialToIso(0)).toBeNull();
    expect(convertCell(44227, date)).toEqual({ ok: true, value: '2021-01-31' });
    expect(convertCell(new Date(Date.UTC(2021, 0, 31)), date)).toEqual({ ok: true, value: '2021-01-31' });
  });

  it("reads serial numbers in Excel's 1904 date system (old Mac workbooks)", () => {
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(excelSerialToIso(1, true)).toBe('1904-01-02');
    expect(excelSerialToIso(42765, true)).toBe('2021-01-31'); // 44227 in the 1900 system: 1462 days apart
    expect(excelSerialToIso(-1, true)).toBeNull();
    expect(convertCell(42765, date, true)).toEqual({ ok: true, value: '2021-01-31' });
    expect(convertCell(42765, date)).toEqual({ ok: true, value: '2017-01-30' }); // the same number, 1900 system
  });

  it('reads any real date written dd/mm/yyyy, and its serial number, back to the same day (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1901, 0, 1)), max: new Date(Date.UTC(9998, 11, 31)), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(parseDateText(`${day}/${m}/${y}`)).toEqual({ ok: true, value: iso });
        const serial = Math.floor((Date.UTC(Number(y), Number(m) - 1, Number(day)) - Date.UTC(1899, 11, 30)) / 86_400_000);
        expect(excelSerialToIso(serial)).toBe(iso);
      }),
    );
  });

  it('never throws on any text (property)', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseDateText(text)));
  });
});

describe('money', () => {
  it.each([
    ['£1,234.56', 123456],
    ['1234.5', 123450],
    ['£75', 7500],
    ['75p', 75],
    ['£0.05', 5],
    ['.5', 50],
    ['-£12.50', -1250],
    ['£-12.50', -1250],
    ['(£12.50)', -1250],
    [' £ 1,000 ', 100000],
    ['GBP 20', 2000],
  ])('reads %j as %d pence', (text, pence) => {
    expect(parseMoneyText(text)).toEqual({ ok: true, value: pence });
  });

  it.each([
    ['£12.345', 'more than 2 decimal places'],
    ['1,23', 'not an amount of money'],
    ['12,34.00', 'not an amount of money'],
    ['£', 'not an amount of money'],
    ['twelve pounds', 'not an amount of money'],
    ['$12', 'not an amount of money'],
  ])('refuses %j', (text, message) => {
    const result = parseMoneyText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('takes numbers in XLSX cells as pounds, to the penny', () => {
    expect(convertCell(1234.56, money)).toEqual({ ok: true, value: 123456 });
    expect(convertCell(0.1 + 0.2, money)).toEqual({ ok: true, value: 30 });
    expect(convertCell(10.005, money).ok).toBe(false);
  });

  it('reads any amount written with £ and thousands commas back to the same pence (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (pence, withCommas) => {
        const pounds = Math.floor(Math.abs(pence) / 100);
        const poundsText = withCommas ? pounds.toLocaleString('en-GB') : String(pounds);
        const text = `${pence < 0 ? '-' : ''}£${poundsText}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
        expect(parseMoneyText(text)).toEqual({ ok: true, value: pence === 0 ? 0 : pence });
      }),
    );
  });

  it('never throws on any text (property)', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseMoneyText(text)));
  });
});

describe('other types', () => {
  it.each([
    ['Yes', true], ['y', true], ['TRUE', true], [true, true], [1, true],
    ['No', false], ['n', false], ['false', false], [false, false], [0, false],
  ])('reads %j as yes/no %s', (cell, value) => {
    expect(convertCell(cell, { type: 'boolean' })).toEqual({ ok: true, value });
  });

  it('refuses a yes/no it cannot read', () => {
    expect(convertCell('maybe', { type: 'boolean' })).toEqual({ ok: false, message: 'is not yes or no' });
  });

  it('reads whole numbers and numbers with thousands commas', () => {
    expect(convertCell('1,234', { type: 'integer' })).toEqual({ ok: true, value: 1234 });
    expect(convertCell('37.5', { type: 'number' })).toEqual({ ok: true, value: 37.5 });
    expect(convertCell('37.5', { type: 'integer' })).toEqual({ ok: false, message: 'is not a whole number' });
    expect(convertCell('lots', { type: 'number' })).toEqual({ ok: false, message: 'is not a number' });
  });

  it('keeps references typed as numbers as text, and refuses phone numbers stored as numbers', () => {
    expect(convertCell(123456, { type: 'string' })).toEqual({ ok: true, value: '123456' });
    const phone = convertCell(7700900123, { type: 'phone' });
    expect(phone.ok).toBe(false);
    if (!phone.ok) expect(phone.message).toContain('leading 0 is lost');
  });

  it('matches choices without minding case', () => {
    expect(convertCell('MONTHLY', { type: 'enum', values: ['monthly', 'weekly'] })).toEqual({ ok: true, value: 'monthly' });
  });

  it('names formula cells without a saved result, and Excel errors', () => {
    const formula = convertCell({ issue: 'formula-without-result', detail: '' }, { type: 'string' });
    expect(formula.ok).toBe(false);
    if (!formula.ok) expect(formula.message).toContain('formula with no saved result');
    const error = convertCell({ issue: 'error-value', detail: '#N/A' }, date);
    expect(error.ok).toBe(false);
    if (!error.ok) expect(error.message).toContain('#N/A');
  });
});

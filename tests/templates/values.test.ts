import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPence,
  isRealIsoDate,
  parseAddress,
  parseBoolean,
  parseDate,
  parseEmail,
  parseInteger,
  parseMoney,
  parsePhone,
  parsePostcode,
  parseString,
  parseText,
} from '../../src/templates/values.js';
import { formatDate, formatList, formatPlural } from '../../src/templates/format.js';

describe('value parsers', () => {
  it('dates: real dates only', () => {
    expect(parseDate('2021-01-31')).toEqual({ ok: true, value: '2021-01-31' });
    expect(parseDate('2020-02-29').ok).toBe(true);
    expect(parseDate('2021-02-30')).toMatchObject({ ok: false, message: expect.stringContaining('not a real date') });
    expect(parseDate('31.01.21').ok).toBe(false);
    expect(parseDate('2021-01-31', { min: '2021-02-01' }).ok).toBe(false);
    expect(parseDate(new Date(Date.UTC(2021, 0, 31)))).toEqual({ ok: true, value: '2021-01-31' });
  });

  it('money: pence or pounds, never negative unless allowed', () => {
    expect(parseMoney(123456)).toEqual({ ok: true, value: 123456 });
    expect(parseMoney('£1,234.56')).toEqual({ ok: true, value: 123456 });
    expect(parseMoney('1234.5')).toEqual({ ok: true, value: 123450 });
    expect(parseMoney('75')).toEqual({ ok: true, value: 7500 });
    expect(parseMoney('-£5')).toMatchObject({ ok: false, message: 'must not be negative' });
    expect(parseMoney(-500)).toMatchObject({ ok: false });
    expect(parseMoney('-£5', { negative: true })).toEqual({ ok: true, value: -500 });
    expect(parseMoney('1.234').ok).toBe(false);
    expect(parseMoney('£1,23').ok).toBe(false);
    expect(parseMoney(12.5).ok).toBe(false);
    expect(parseMoney('10', { max: 500 })).toMatchObject({ ok: false, message: 'must be at most £5' });
  });

  it('money formats as people read it', () => {
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPence(7500)).toBe('£75');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-500)).toBe('\u2212£5');
  });

  it('money round-trips for any amount (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (pence) => {
      const parsed = parseMoney(formatPence(pence));
      expect(parsed).toEqual({ ok: true, value: pence });
    }));
  });

  it('dates: any parseable date is a real one, and formats in words (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const parsed = parseDate(iso);
      expect(parsed.ok).toBe(isRealIsoDate(iso));
      if (parsed.ok) expect(formatDate(parsed.value)).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    }));
  });

  it('strings: length, one line, no private-use characters', () => {
    expect(parseString(' Sam ', { max: 10 })).toEqual({ ok: true, value: 'Sam' });
    expect(parseString('x'.repeat(1024 * 1024), { max: 200 })).toMatchObject({ ok: false, message: expect.stringContaining('at most 200') });
    expect(parseString('a\nb', { max: 10 }).ok).toBe(false);
    expect(parseString('a\ue000b', { max: 10 }).ok).toBe(false);
    expect(parseString('👋🏽 Siân Ŵyn', { max: 11 }).ok).toBe(true);
    expect(parseText('line one\r\nline two', { max: 100 })).toEqual({ ok: true, value: 'line one\nline two' });
    expect(parseText('bell\u0007', { max: 100 }).ok).toBe(false);
  });

  it('postcodes, phones, emails, booleans, integers', () => {
    expect(parsePostcode('sw1a1aa')).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(parsePostcode('NM1 1AA')).toEqual({ ok: true, value: 'NM1 1AA' });
    expect(parsePostcode('12345').ok).toBe(false);
    expect(parsePhone('0161 496 0123').ok).toBe(true);
    expect(parsePhone('+44 161 496 0123').ok).toBe(true);
    expect(parsePhone('123').ok).toBe(false);
    expect(parseEmail('a@b.example').ok).toBe(true);
    expect(parseEmail('a@b').ok).toBe(false);
    expect(parseBoolean('Yes')).toEqual({ ok: true, value: true });
    expect(parseBoolean('n')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
    expect(parseInteger('12')).toEqual({ ok: true, value: 12 });
    expect(parseInteger(1.5).ok).toBe(false);
  });

  it('addresses as GOV.UK Notify checks them', () => {
    expect(parseAddress(['1 High St', 'Town', 'nm11aa'])).toEqual({ ok: true, value: ['1 High St', 'Town', 'NM1 1AA'] });
    expect(parseAddress('1 High St\nTown\nNM1 1AA').ok).toBe(true);
    expect(parseAddress(['1 High St', 'NM1 1AA'])).toMatchObject({ ok: false, message: expect.stringContaining('3 to 7 lines') });
    const nine = ['1', '2', '3', '4', '5', '6', '7', '8', 'NM1 1AA'].map((n) => `Line ${n}`);
    expect(parseAddress(nine)).toMatchObject({ ok: false, message: expect.stringContaining('(it has 9)') });
    expect(parseAddress(['1 High St', 'Town', 'Nowhere'])).toMatchObject({ ok: false, message: expect.stringContaining('postcode') });
    expect(parseAddress(['=HYPERLINK("x")', 'Town', 'NM1 1AA'])).toMatchObject({ ok: false, message: expect.stringContaining('must not start with =') });
    expect(parseAddress(['@home', 'Town', 'NM1 1AA']).ok).toBe(false);
  });

  it('parsers never throw on any input (property)', () => {
    fc.assert(fc.property(fc.anything(), (input) => {
      for (const parse of [parseDate, parseMoney, parsePostcode, parsePhone, parseEmail, parseBoolean, parseAddress, (v: unknown) => parseString(v, { max: 50 })]) {
        const result = parse(input as never);
        expect(typeof result.ok).toBe('boolean');
      }
    }));
  });
});

describe('formatting helpers', () => {
  it('lists, plurals and Welsh dates', () => {
    expect(formatList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(formatList(['a'])).toBe('a');
    expect(formatList(['a', 'b'], 'en', 'or')).toBe('a or b');
    expect(formatList(['a', 'b'], 'cy')).toBe('a a b');
    expect(formatPlural(1, 'day', 'days')).toBe('1 day');
    expect(formatPlural(3, 'day', 'days')).toBe('3 days');
    expect(formatDate('2021-01-31')).toBe('31 January 2021');
    expect(formatDate('2021-01-31', 'cy')).toBe('31 Ionawr 2021');
  });
});

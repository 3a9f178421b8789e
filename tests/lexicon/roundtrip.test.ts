import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, PROFILES, SEVERITIES } from '../../src/core/index.js';
import { guardCell, type LexiconEntry, LexiconEntrySchema, lexiconFromCsv, lexiconToCsv, lexiconToYaml, loadLexiconDir, parseLexiconYaml, unguardCell } from '../../src/lexicon/index.js';
import { appErrorOf, FIXTURES, shown } from './helpers.js';

const word = fc.stringMatching(/^[a-z][a-z'-]{0,9}$/);
const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
// Free text with the characters that break naive CSV and YAML: quotes, commas, colons, #, backslashes, line breaks, unicode.
const freeText = fc
  .string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', "'", ':', '#', '\\', '\n', 'é', '£', '-', '[', ']', '{', '\\n', '’'), minLength: 1, maxLength: 30 })
  .filter((s) => s.trim().length > 0);

const entryArb: fc.Arbitrary<LexiconEntry> = fc
  .record(
    {
      id: fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,5})?$/),
      terms: fc.array(phrase, { minLength: 1, maxLength: 3 }),
      replace: fc.array(phrase, { maxLength: 2 }),
      severity: fc.constantFrom(...SEVERITIES),
      reason: freeText,
      kinds: fc.option(fc.uniqueArray(fc.constantFrom(...DOCUMENT_KINDS), { minLength: 1 }), { nil: undefined }),
      profiles: fc.option(fc.uniqueArray(fc.constantFrom(...PROFILES), { minLength: 1 }), { nil: undefined }),
      unless: fc.option(fc.array(phrase, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      explained: fc.option(fc.array(phrase, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      once: fc.option(fc.constant(true), { nil: undefined }),
      exact: fc.option(fc.constant(true), { nil: undefined }),
      examples: fc.record({ flag: fc.array(freeText, { minLength: 1, maxLength: 2 }), pass: fc.array(freeText, { minLength: 1, maxLength: 2 }) }),
    },
    { requiredKeys: ['id', 'terms', 'replace', 'severity', 'reason', 'examples'] },
  )
  .map((raw) => LexiconEntrySchema.parse(raw));

const uniqueEntries = fc.uniqueArray(entryArb, { minLength: 1, maxLength: 5, selector: (e) => e.id });

// Text a spreadsheet would run as a formula, or that starts with an apostrophe of its own.
const formulaStart = fc.constantFrom('=', '+', '-', '@', "'", "''", '\t', '\r', "'=");
const formulaText = fc.tuple(formulaStart, fc.constantFrom('SUM(A1:A9)', 'cmd|\' /C calc\'!A0', 'HYPERLINK("http://x.example")', '1+1', 'a word', "'", ''), freeText).map(([start, body, rest]) => `${start}${body} ${rest}`);
const formulaPhrase = fc.tuple(formulaStart, phrase).map(([start, p]) => `${start}${p}`);
const formulaEntries: fc.Arbitrary<LexiconEntry[]> = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
      terms: fc.array(fc.oneof(phrase, formulaPhrase), { minLength: 1, maxLength: 2 }),
      replace: fc.array(fc.oneof(phrase, formulaPhrase), { maxLength: 2 }),
      severity: fc.constantFrom(...SEVERITIES),
      reason: fc.oneof(formulaText, freeText),
      unless: fc.option(fc.array(formulaPhrase, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      explained: fc.option(fc.array(formulaPhrase, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      examples: fc.record({ flag: fc.array(fc.oneof(formulaText, freeText), { minLength: 1, maxLength: 2 }), pass: fc.array(formulaText, { minLength: 1, maxLength: 2 }) }),
    }, { requiredKeys: ['id', 'terms', 'replace', 'severity', 'reason', 'examples'] }),
    { minLength: 1, maxLength: 4, selector: (e) => e.id },
  )
  .map((raws) => raws.map((raw) => LexiconEntrySchema.parse(raw)));

/** True when a spreadsheet would read the cell as a formula. */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe('YAML and CSV round-trip exactly', () => {
  it('entries -> YAML -> entries', () => {
    fc.assert(fc.property(uniqueEntries, (entries) => { expect(parseLexiconYaml(lexiconToYaml(entries), 'x.yml')).toEqual(entries); }), { numRuns: 150 });
  });

  it('entries -> CSV -> entries', () => {
    fc.assert(fc.property(uniqueEntries, (entries) => { expect(lexiconFromCsv(lexiconToCsv(entries), 'x.csv')).toEqual(entries); }), { numRuns: 150 });
  });

  it('entries whose text looks like a formula -> CSV -> entries, and no cell would run as one', () => {
    fc.assert(
      fc.property(formulaEntries, (entries) => {
        const csv = lexiconToCsv(entries);
        const cells = (parse(csv) as string[][]).flat();
        expect(cells.filter(runsAsFormula)).toEqual([]);
        expect(lexiconFromCsv(csv, 'f.csv')).toEqual(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('guards each dangerous first character with an apostrophe and doubles a real one', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "'quoted", "'=x", 'plain', ''].map(guardCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "''quoted", "''=x", 'plain', '']);
    for (const cell of ['=1+1', "'quoted", "''", "'=x", 'plain', '-']) expect(unguardCell(guardCell(cell))).toBe(cell);
    // An apostrophe someone typed before an ordinary letter is theirs, and stays.
    expect(unguardCell("'Tis the season")).toBe("'Tis the season");
  });

  it('an exported reason that starts with "=" opens as text: the row shows the guard', () => {
    const entry = LexiconEntrySchema.parse({ id: 'eq', terms: ['-ise words'], replace: [], severity: 'warning', reason: '=HYPERLINK("http://x.example","click")', examples: { flag: ['@me'], pass: ["'quoted'"] } });
    const csv = lexiconToCsv([entry]);
    expect(csv.split('\n')[1]).toBe(`eq,'-ise words,,warning,"'=HYPERLINK(""http://x.example"",""click"")",,,,,'@me,''quoted',,`);
    expect(lexiconFromCsv(csv, 'eq.csv')).toEqual([entry]);
  });

  it('the fixture lexicon survives YAML -> CSV -> YAML', () => {
    const entries = loadLexiconDir(path.join(FIXTURES, 'lexicon-basic'));
    const yaml = lexiconToYaml(entries);
    expect(parseLexiconYaml(lexiconToYaml(lexiconFromCsv(lexiconToCsv(parseLexiconYaml(yaml, 'a.yml')), 'a.csv')), 'b.yml')).toEqual(entries);
    expect(yaml).toContain('terms: [misspend]');
  });

  it('writes absent optional fields as blank cells and reads "yes" as true', () => {
    const csv = 'id,terms,replace,severity,reason,flag,pass,exact\nx,a word,,warning,Because.,a word,b,yes\n';
    expect(lexiconFromCsv(csv, 'y.csv')).toEqual([{ id: 'x', terms: ['a word'], replace: [], severity: 'warning', reason: 'Because.', exact: true, examples: { flag: ['a word'], pass: ['b'] } }]);
  });
});

describe('lexiconFromCsv errors', () => {
  it('names the row and column of a bad cell', () => {
    const csv = 'id,terms,replace,severity,reason,flag,pass\nx,a word,,loud,Because.,a word,b\n';
    expect(shown(appErrorOf(() => lexiconFromCsv(csv, 'l.csv')))).toMatch(/l\.csv: row 2, column "severity": entry "x", severity: must be one of/);
  });

  it('names unknown and missing columns', () => {
    const message = shown(appErrorOf(() => lexiconFromCsv('id,words\nx,y\n', 'l.csv')));
    expect(message).toMatch(/unknown column "words"/);
    expect(message).toMatch(/the column "terms" is missing/);
  });

  it('names a duplicate id by row', () => {
    const csv = 'id,terms,replace,severity,reason,flag,pass\nx,a,,warning,r,a,b\nx,c,,warning,r,c,d\n';
    expect(shown(appErrorOf(() => lexiconFromCsv(csv, 'l.csv')))).toMatch(/row 3: entry "x": the id is used twice \(first in row 2\)/);
  });
});

describe('readers on any input', () => {
  const isAppError = (fn: () => unknown) => {
    try {
      fn();
      return true;
    } catch (error) {
      return error instanceof Error && error.name === 'AppError' && !/\n\s+at /.test(error.message);
    }
  };
  const noisy = fc.string({ unit: fc.constantFrom('-', ' ', '\n', ':', 'id', 'terms', '[', ']', '{', '}', '"', ',', 'a', '#', '&', '*', '!', '|', '>', '\t', '\0', 'é'), maxLength: 120 });

  it('parseLexiconYaml returns entries or throws an AppError, nothing else', () => {
    fc.assert(fc.property(fc.oneof(noisy, fc.string({ maxLength: 120 })), (text) => isAppError(() => parseLexiconYaml(text, 'p.yml'))), { numRuns: 400 });
  });

  it('lexiconFromCsv returns entries or throws an AppError, nothing else', () => {
    fc.assert(fc.property(fc.oneof(noisy, fc.string({ maxLength: 120 })), (text) => isAppError(() => lexiconFromCsv(text, 'p.csv'))), { numRuns: 400 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeaders, normaliseHeading, pathToHeading } from '../../src/batch/index.js';
import { AppError } from '../../src/core/index.js';
import { CHECKUP_HEADINGS, checkupTemplate } from './helpers.js';

const fields = checkupTemplate().fields;

function mappingError(headings: string[]): AppError {
  try {
    mapHeaders(fields, headings);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the headings to be refused');
}

describe('mapHeaders', () => {
  it('maps headings ignoring case, spaces, _ and -, with dots for nested fields and numbers for list items', () => {
    const mapping = mapHeaders(fields, CHECKUP_HEADINGS);
    const targets = mapping.columns.map((c) => c.target && `${pathToHeading(c.target.path)}:${c.target.role.kind}${c.target.role.kind === 'address-line' ? c.target.role.line : ''}`);
    expect(targets).toEqual([
      'reference:value', 'letterDate:value', 'recipient.name:value',
      'recipient.address:address-line1', 'recipient.address:address-line2', 'recipient.address:address-line3', 'recipient.address:address-postcode',
      'periodStart:value', 'periodEnd:value', 'replyBy:value', 'prepaidCard:value',
      'documents.1:value', 'documents.2:value', 'documents.3:value', 'note:value',
    ]);
    expect(mapping.unknown).toEqual([]);
  });

  it('matches any mix of case, spaces, _ and - in a field name (property)', () => {
    const noise = fc.constantFrom('', ' ', '_', '-', '  ', '_-');
    fc.assert(
      fc.property(fc.constantFrom('letterDate', 'periodStart', 'replyBy', 'prepaidCard'), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.array(noise, { minLength: 12, maxLength: 12 }), (name, upper, gaps) => {
        const heading = [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase()) + gaps[i]).join('');
        expect(normaliseHeading(heading)).toBe(name.toLowerCase());
        const mapping = mapHeaders(fields, [...CHECKUP_HEADINGS.filter((h) => normaliseHeading(h) !== name.toLowerCase()), heading]);
        expect(mapping.columns.at(-1)?.target?.path).toEqual([name]);
      }),
    );
  });

  it("matches a field's label too, and GOV.UK Notify's address headings", () => {
    const mapping = mapHeaders(fields, ['Our reference', 'Date of the letter', 'recipient.name', 'Address line 1', 'address_line_2', 'Postcode', 'periodStart', 'periodEnd', 'replyBy', 'prepaidCard', 'documents.1']);
    expect(mapping.columns.map((c) => c.target?.path.join('.'))).toEqual([
      'reference', 'letterDate', 'recipient.name', 'recipient.address', 'recipient.address', 'recipient.address', 'periodStart', 'periodEnd', 'replyBy', 'prepaidCard', 'documents.0',
    ]);
  });

  it('accepts a whole address or list in one cell', () => {
    const mapping = mapHeaders(fields, ['reference', 'letterDate', 'recipient.name', 'recipient.address', 'periodStart', 'periodEnd', 'replyBy', 'prepaidCard', 'documents']);
    expect(mapping.columns[3].target?.role).toEqual({ kind: 'lines' });
    expect(mapping.columns[8].target?.role).toEqual({ kind: 'lines' });
  });

  it('reports unknown columns (with a suggestion for a likely typo) without refusing the file', () => {
    const mapping = mapHeaders(fields, [...CHECKUP_HEADINGS, 'Notes for finance', 'recipent.name2', '']);
    expect(mapping.unknown.map((c) => [c.letter, c.header])).toEqual([['P', 'Notes for finance'], ['Q', 'recipent.name2']]);
    expect(mapping.unknown[1].suggestion).toBe('recipient.name');
  });

  it('reports every missing required column at once, before any row is read', () => {
    const error = mappingError(['reference', 'recipient.address.1', 'documents.2']);
    expect(error.code).toBe('VALIDATION_FAILED');
    const paths = error.details.errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['letterDate', 'recipient.name', 'recipient.address', 'periodStart', 'periodEnd', 'replyBy', 'prepaidCard', 'documents.1']));
    expect(paths).not.toContain('note'); // optional
    expect(error.message).toContain('there is no column for "Date of the letter" (letterDate), which is needed: add a column headed letterDate');
    expect(error.message).toContain('"Postal address" (recipient.address) needs at least 3 columns');
  });

  it('refuses two columns that fill the same field, naming both', () => {
    const error = mappingError([...CHECKUP_HEADINGS, 'REFERENCE']);
    expect(error.message).toContain('column A ("Reference") and column P ("REFERENCE") both fill reference; keep one of them');
  });

  it('refuses an address given both in one cell and in line columns', () => {
    const error = mappingError([...CHECKUP_HEADINGS, 'recipient.address']);
    expect(error.message).toContain('holds all of recipient.address, but');
  });

  it('refuses list item columns beyond the list\'s maximum and address lines beyond 7', () => {
    expect(mappingError([...CHECKUP_HEADINGS, 'documents.11']).message).toContain('documents holds at most 10 items');
    expect(mappingError([...CHECKUP_HEADINGS, 'recipient.address.8']).message).toContain('an address has at most 7 lines');
  });

  it('refuses a heading that names a group of fields', () => {
    expect(mappingError([...CHECKUP_HEADINGS, 'recipient']).message).toContain('recipient is a group of fields: give each its own column, e.g. recipient.name');
  });

  it('follows a mapping the user confirmed', () => {
    const mapping = mapHeaders(fields, [...CHECKUP_HEADINGS.filter((h) => h !== 'Recipient.Name'), 'Client name'], { mapping: { 'Client name': 'recipient.name' } });
    expect(mapping.columns.at(-1)?.target?.path).toEqual(['recipient', 'name']);
    expect(() => mapHeaders(fields, [...CHECKUP_HEADINGS, 'Other'], { mapping: { Other: 'nope' } })).toThrow('the template has no field nope');
  });

  it('never throws anything but an AppError on any heading row (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...CHECKUP_HEADINGS, 'documents.0', 'recipient.address.line9', '...', 'a..b')), { maxLength: 20 }), (headings) => {
        try {
          mapHeaders(fields, headings);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
    );
  });
});

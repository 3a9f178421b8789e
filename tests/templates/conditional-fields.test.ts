/**
 * Conditional fields (`requiredWhen`) and named examples (`examples:`): the shipped financial
 * checkup takes a prepaid-card row with no "What to send", through the field schema and
 * through a batch spreadsheet; bad definitions are refused at file:line:col.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTemplate, validateSpreadsheet, validRows } from '../../src/batch/index.js';
import { AppError, PROJECT_ROOT } from '../../src/core/index.js';
import { defaultPartials, parseTemplate } from '../../src/templates/index.js';
import { CHECKUP_HEADINGS, checkupRow, sheetFromBytes, tempDir } from '../batch/helpers.js';

const FILE = 'templates/letters/financial-checkup.md';
const SOURCE = fs.readFileSync(path.join(PROJECT_ROOT, FILE), 'utf8');
const checkup = parseTemplate(SOURCE, FILE);

function problemsOf(source: string): { path: string; message: string }[] {
  try {
    parseTemplate(source, 'fixture.md', { partials: defaultPartials() });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TEMPLATE_INVALID');
    return (error as AppError).details.errors ?? [];
  }
  throw new Error('expected TEMPLATE_INVALID');
}

/** The 1-based line of the first line of `source` that contains `text`. */
function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(text));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

const { documents: _documents, ...withoutDocuments } = checkup.example as Record<string, unknown>;

describe('requiredWhen on the shipped financial checkup', () => {
  it('a prepaid-card letter needs nothing to send; others still need it, and are told why', () => {
    expect(checkup.fields.documents.requiredWhen).toEqual({ prepaidCard: false });
    const prepaid = checkup.validate({ ...withoutDocuments, prepaidCard: true });
    expect(prepaid.ok).toBe(true);
    expect(checkup.validate({ ...withoutDocuments, prepaidCard: true, documents: [] }).ok).toBe(true);
    const bank = checkup.validate({ ...withoutDocuments, prepaidCard: false });
    expect(bank).toEqual({ ok: false, errors: [{ path: 'documents', message: 'What to send is required when Paid on a prepaid card is no' }] });
    // The list's own limits still apply when it is given.
    const tooMany = checkup.validate({ ...withoutDocuments, prepaidCard: true, documents: Array.from({ length: 11 }, () => 'x') });
    expect(tooMany.ok).toBe(false);
  });

  it('the named example "prepaid card" is merged over the example and passes', () => {
    expect(Object.keys(checkup.examples)).toEqual(['prepaid card']);
    const prepaid = checkup.examples['prepaid card'];
    expect(prepaid.prepaidCard).toBe(true);
    expect('documents' in prepaid).toBe(false);
    expect(prepaid.reference).toBe(checkup.example.reference);
    expect(checkup.validate(prepaid).ok).toBe(true);
  });
});

describe('a batch row', () => {
  const temp = tempDir();
  afterAll(() => temp.cleanup());
  const template = prepareTemplate(checkup);

  it('with prepaidCard yes and no documents is valid; with no and no documents it is not, naming the field', async () => {
    const prepaid = checkupRow(1);
    prepaid[10] = 'Yes';
    prepaid[11] = prepaid[12] = prepaid[13] = '';
    const bank = checkupRow(2);
    bank[10] = 'No';
    bank[11] = bank[12] = bank[13] = '';
    const sheet = await sheetFromBytes(temp.dir, 'rows.csv', stringify([CHECKUP_HEADINGS, prepaid, bank]));
    const report = await validateSpreadsheet(sheet, template);
    expect(report.valid).toBe(1);
    expect(report.invalidRows).toEqual([3]);
    expect(report.problems.find((p) => p.row === 3)).toMatchObject({ field: 'documents', label: 'What to send', message: 'is empty' });
    const rows = [];
    for await (const row of validRows(sheet, template, report)) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(rows[0].data.prepaidCard).toBe(true);
    expect(rows[0].data.documents).toBeUndefined();
  });
});

describe('bad definitions are refused at file:line:col', () => {
  const withCondition = (condition: string) => SOURCE.replace('    requiredWhen: { prepaidCard: false }', `    requiredWhen: ${condition}`);

  it('a condition on a field that does not exist', () => {
    const source = withCondition('{ paidByCard: false }');
    const problems = problemsOf(source);
    expect(problems).toHaveLength(1);
    const line = lineOf(source, 'requiredWhen:');
    // At the value of the condition that is wrong.
    expect(problems[0].path).toBe(`fixture.md:${line}:${source.split('\n')[line - 1].indexOf('false') + 1}`);
    expect(problems[0].message).toBe('fields.documents.requiredWhen: "paidByCard" is not a field of this template');
  });

  it('a value the field cannot have, a field that cannot be a condition, and optional at the same time', () => {
    expect(problemsOf(withCondition('{ prepaidCard: "maybe" }'))[0].message).toBe('fields.documents.requiredWhen.prepaidCard: "maybe" is not a value "prepaidCard" can have (true or false)');
    expect(problemsOf(withCondition('{ letterDate: "2021-01-31" }'))[0].message).toMatch(/"letterDate" is a date field; a condition can name only/);
    const both = SOURCE.replace('    requiredWhen: { prepaidCard: false }', '    requiredWhen: { prepaidCard: false }\n    optional: true');
    const problems = problemsOf(both);
    expect(problems[0]).toEqual({ path: `fixture.md:${lineOf(both, '    optional: true')}:15`, message: 'fields.documents: a field is either optional or requiredWhen, not both' });
    expect(problemsOf(withCondition('prepaidCard'))[0].message).toMatch(/requiredWhen: must name fields and the values/);
  });

  it('a named example that fails its fields names the example and its line', () => {
    const source = SOURCE.replace('    documents: null\n', '    documents: null\n    replyBy: 2021-02-30\n');
    const problems = problemsOf(source);
    expect(problems).toEqual([{ path: `fixture.md:${lineOf(source, 'replyBy: 2021-02-30')}:14`, message: 'examples.prepaid card.replyBy: Please reply by is not a real date (there is no such day in the calendar)' }]);
    // A named example that leaves out what its branch needs is refused too.
    const needs = SOURCE.replace('    prepaidCard: true\n    documents: null\n', '    prepaidCard: false\n    documents: null\n');
    expect(problemsOf(needs)[0].message).toBe('examples.prepaid card.documents: What to send is required when Paid on a prepaid card is no');
  });
});

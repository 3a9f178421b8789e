import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { problemsToCsv, summariseProblems, validateSpreadsheet, validRows } from '../../src/batch/index.js';
import { AppError } from '../../src/core/index.js';
import { CHECKUP_HEADINGS, checkupRow, checkupTemplate, fieldsTemplate, sheetFromBytes, tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let counter = 0;
const template = checkupTemplate();

function csv(rows: string[][], headings = CHECKUP_HEADINGS): string {
  return stringify([headings, ...rows], { record_delimiter: 'windows' });
}

async function validate(text: string | Buffer, ext = 'csv') {
  const sheet = await sheetFromBytes(temp.dir, `v-${++counter}.${ext}`, text);
  return { sheet, report: await validateSpreadsheet(sheet, template) };
}

describe('validateSpreadsheet', () => {
  it('passes good rows and gives each valid row its data for rendering', async () => {
    const { sheet, report } = await validate(csv([checkupRow(1), checkupRow(2), checkupRow(3)]));
    expect(report.problems).toEqual([]);
    expect({ total: report.total, valid: report.valid, invalid: report.invalid }).toEqual({ total: 3, valid: 3, invalid: 0 });
    const rows = [];
    for await (const row of validRows(sheet, template, report)) rows.push(row);
    expect(rows.map((r) => [r.row, r.reference])).toEqual([[2, 'DP-000001'], [3, 'DP-000002'], [4, 'DP-000003']]);
    expect(rows[2].data).toEqual({
      reference: 'DP-000003',
      letterDate: '2021-01-31',
      recipient: { name: 'Person 3', address: ['3 Larch Close', 'Alderley Park', 'Stockport', 'SK4 3QT'] },
      periodStart: '2020-10-01',
      periodEnd: '2020-12-31',
      replyBy: '2021-02-28',
      prepaidCard: true,
      documents: ['Bank statements for your direct payment account', 'Payslips or timesheets for your personal assistant'],
    });
    expect(template.validate(rows[2].data).ok).toBe(true);
  });

  it('names every bad cell by row and column, and summarises them the way people read them', async () => {
    const rows = Array.from({ length: 205 }, (_, i) => checkupRow(i + 1));
    const badPostcode = (n: number) => {
      rows[n - 2][6] = 'NOT A POSTCODE';
    };
    [4, 17, 203].forEach(badPostcode);
    rows[5 - 2][1] = '31/02/2021'; // row 5
    rows[9 - 2][1] = '31/01/21'; // row 9
    rows[10 - 2][10] = 'maybe'; // row 10
    rows[11 - 2][2] = ''; // row 11: no name
    const { report } = await validate(csv(rows));
    expect(report.total).toBe(205);
    expect(report.invalidRows).toEqual([4, 5, 9, 10, 11, 17, 203]);
    expect(report.valid).toBe(198);
    const texts = report.summary.map((g) => g.text);
    expect(texts[0]).toBe('Postal address: the last line must be a UK postcode, in 3 rows: rows 4, 17 and 203');
    expect(report.problems.find((p) => p.row === 17)).toMatchObject({ column: 'G ("recipient.address.postcode")', field: 'recipient.address' });
    expect(texts).toContain('Date of the letter is not a real date (dates are day/month/year) in 1 row: row 5');
    expect(texts).toContain('Date of the letter has a 2-digit year: write the year in full, like 31/01/2021 in 1 row: row 9');
    expect(texts).toContain('Paid on a prepaid card is not yes or no in 1 row: row 10');
    expect(texts).toContain('Name is empty in 1 row: row 11');
    const detail = report.problems.find((p) => p.row === 10);
    expect(detail).toMatchObject({ column: 'K ("Prepaid card")', field: 'prepaidCard', label: 'Paid on a prepaid card', message: 'is not yes or no' });
    // Summaries and the problems file never quote a cell's value (personal data).
    expect(JSON.stringify(report.summary)).not.toContain('NOT A POSTCODE');
  });

  it('writes every problem to an Excel-safe CSV (row, column, field, problem)', async () => {
    const rows = [checkupRow(1), checkupRow(2)];
    rows[1][1] = 'soon';
    const { report } = await validate(csv(rows));
    const file = problemsToCsv(report.problems);
    expect(file.startsWith('\ufeff')).toBe(true);
    const parsed = parse(file, { bom: true }) as string[][];
    expect(parsed).toEqual([
      ['row', 'column', 'field', 'problem'],
      ['3', 'B ("Letter date")', 'letterDate', 'Date of the letter is not a date Plainly can read: write it as day/month/year, like 31/01/2021'],
    ]);
  });

  it('holds back both rows of a duplicated reference (also when they differ only in case or in characters a file name cannot have)', async () => {
    const rows = [checkupRow(1), checkupRow(2), checkupRow(3), checkupRow(4)];
    rows[2][0] = 'dp-000001';
    rows[3][0] = 'DP/5';
    const extra = checkupRow(5);
    extra[0] = 'DP_5';
    const { report } = await validate(csv([...rows, extra]));
    expect(report.invalidRows).toEqual([2, 4, 5, 6]);
    expect(report.summary.map((g) => g.text)).toEqual([
      'Our reference is used on more than one row: each letter needs its own reference, as its file is named by it in 4 rows: rows 2, 4, 5 and 6',
    ]);
  });

  it('reads embedded line breaks as address lines, and reports a list with a gap instead of dropping the item', async () => {
    const headings = ['reference', 'letterDate', 'recipient.name', 'recipient.address', 'periodStart', 'periodEnd', 'replyBy', 'prepaidCard', 'documents.1', 'documents.2', 'documents.3'];
    const good = ['DP-1', '31/01/2021', 'Ann', '1 High St\r\nStockport\r\n\r\nSK4 3QT', '01/10/2020', '31/12/2020', '28/02/2021', 'no', 'Statements', '', ''];
    const gap = ['DP-2', '31/01/2021', 'Bob', '1 High St\nStockport\nSK4 3QT', '01/10/2020', '31/12/2020', '28/02/2021', 'no', 'Statements', '', 'Receipts'];
    const { sheet, report } = await validate(csv([good, gap], headings));
    expect(report.invalidRows).toEqual([3]);
    expect(report.problems[0]).toMatchObject({ row: 3, field: 'documents.3', message: expect.stringContaining('after an empty documents.2') });
    const valid = [];
    for await (const row of validRows(sheet, template, report)) valid.push(row);
    expect((valid[0].data.recipient as { address: string[] }).address).toEqual(['1 High St', 'Stockport', 'SK4 3QT']);
  });

  it('treats a row with more cells than headings as invalid (a stray comma shifts every cell)', async () => {
    const row = checkupRow(5); // has a note in its last cell, which the stray comma pushes past the headings
    const { report } = await validate(csv([checkupRow(2), [...row.slice(0, 3), 'Flat 2', ...row.slice(3)]]));
    expect(report.invalidRows).toContain(3);
    expect(report.problems.some((p) => p.row === 3 && p.message.startsWith('has more cells than there are headings'))).toBe(true);
  });

  it('reports short rows by the fields they leave empty', async () => {
    const { report } = await validate(csv([checkupRow(1).slice(0, 5)]));
    expect(report.summary.map((g) => g.text)).toContain('Please reply by is empty in 1 row: row 2');
  });

  it('skips blank rows between letters and says so; ignores trailing blank rows', async () => {
    const text = csv([checkupRow(1), Array(15).fill(''), checkupRow(2), Array(15).fill(''), Array(15).fill('')]);
    const { report } = await validate(text);
    expect(report.total).toBe(2);
    expect(report.notes).toContain('1 blank row was skipped: row 3.');
  });

  it('refuses a heading row with no letters, and a file of blank lines', async () => {
    await expect(validate(csv([]))).rejects.toThrow('has a heading row but no rows for letters');
    await expect(validate('\r\n,,\r\n')).rejects.toThrow('is empty');
  });

  it('refuses the file before reading rows when a required column is missing', async () => {
    const error = await validate(csv([checkupRow(1)], CHECKUP_HEADINGS.map((h) => (h === 'Reference' ? 'Ref no' : h)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).details.errors).toEqual([expect.objectContaining({ path: 'reference' })]);
  });

  it('notes unknown columns and a Windows-1252 file', async () => {
    const iconv = (await import('iconv-lite')).default;
    const text = csv([[...checkupRow(1), 'owes £5']], [...CHECKUP_HEADINGS, 'Finance notes']);
    const { report } = await validate(iconv.encode(text, 'win1252'));
    expect(report.notes).toEqual([
      expect.stringContaining('was saved as Windows-1252 text'),
      'Column P ("Finance notes") does not match any field of the template, so it is not used (1 row has something in it).',
    ]);
  });

  it('reads an XLSX with real dates, serial dates, money-free booleans, and formula results; names formula cells with no result', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Letters');
    sheet.addRow(CHECKUP_HEADINGS);
    const first = checkupRow(1) as unknown[];
    first[1] = new Date(Date.UTC(2021, 0, 31));
    first[7] = 44105; // 2020-10-01 as an Excel serial in a General cell
    first[8] = { formula: 'H2+91', result: 44196 }; // 2020-12-31
    first[10] = false;
    const added = sheet.addRow(first);
    added.getCell(2).numFmt = 'dd/mm/yyyy';
    const second = checkupRow(2) as unknown[];
    second[9] = { formula: 'B3+28' }; // no saved result
    sheet.addRow(second);
    const { sheet: opened, report } = await validate(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx');
    expect(report.invalidRows).toEqual([3]);
    expect(summariseProblems(report.problems)[0].text).toBe(
      'Please reply by is a formula with no saved result: open the file in Excel, save it, and try again (or paste the column as values) in 1 row: row 3',
    );
    const rows = [];
    for await (const row of validRows(opened, template, report)) rows.push(row);
    expect(rows[0].data).toMatchObject({ letterDate: '2021-01-31', periodStart: '2020-10-01', periodEnd: '2020-12-31', prepaidCard: false });
  });

  it("reads a workbook in Excel's 1904 date system: formatted dates and bare serial numbers give the same days", async () => {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    const sheet = book.addWorksheet('Letters');
    sheet.addRow(CHECKUP_HEADINGS);
    const first = checkupRow(1) as unknown[];
    first[1] = new Date(Date.UTC(2021, 0, 31));
    first[7] = 42643; // 2020-10-01 in the 1904 system (44105 in the 1900 system)
    first[8] = 42734; // 2020-12-31
    sheet.addRow(first).getCell(2).numFmt = 'dd/mm/yyyy';
    const { sheet: opened, report } = await validate(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx');
    expect(report.invalidRows).toEqual([]);
    const rows = [];
    for await (const row of validRows(opened, template, report)) rows.push(row);
    expect(rows[0].data).toMatchObject({ letterDate: '2021-01-31', periodStart: '2020-10-01', periodEnd: '2020-12-31' });
  });
});

describe('cross-field checks', () => {
  it("reports the template's own checks (a reply date too soon, a period that ends before it starts) by row", async () => {
    const rows = [checkupRow(1), checkupRow(2)];
    rows[0][9] = '01/02/2021'; // reply by one day after the letter
    rows[1][8] = '01/09/2020'; // period ends before it starts
    const { report } = await validate(csv(rows));
    expect(report.invalidRows).toEqual([2, 3]);
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([[2, 'replyBy'], [3, 'periodEnd']]);
  });
});

describe('money, numbers and choices from a spreadsheet', () => {
  it('reads money with £ and commas (and Excel numbers) as pence, and names amounts it cannot read', async () => {
    const fields = {
      reference: { type: 'string' as const },
      balance: { type: 'money' as const, label: 'Balance' },
      contingency: { type: 'money' as const, label: 'Contingency' },
      hours: { type: 'number' as const, label: 'Hours a week' },
      frequency: { type: 'enum' as const, values: ['weekly', 'monthly'], label: 'How often' },
    };
    const moneyTemplate = fieldsTemplate(fields);
    const text = stringify([
      ['reference', 'balance', 'contingency', 'hours', 'frequency'],
      ['A-1', '£1,234.56', '£500', '37.5', 'Monthly'],
      ['A-2', '1,23', '(£12.50)', 'lots', 'yearly'],
    ]);
    const sheet = await sheetFromBytes(temp.dir, `money-${++counter}.csv`, text);
    const report = await validateSpreadsheet(sheet, moneyTemplate);
    expect(report.invalidRows).toEqual([3]);
    const texts = report.summary.map((g) => g.text);
    expect(texts).toContain('Balance is not an amount of money Plainly can read: write it like £1,234.56 or 1234.56 in 1 row: row 3');
    expect(texts).toContain('Hours a week is not a number in 1 row: row 3');
    expect(texts.some((t) => t.startsWith('How often') && t.endsWith('row 3'))).toBe(true);
    const rows = [];
    for await (const row of validRows(sheet, moneyTemplate, report)) rows.push(row.data);
    expect(rows).toEqual([{ reference: 'A-1', balance: 123456, contingency: 50000, hours: 37.5, frequency: 'monthly' }]);
  });
});

describe('validateSpreadsheet with maxProblems (the service keeps the first 1,000)', () => {
  it('keeps the first problems whole, counts and summarises every one', async () => {
    const folder = tempDir();
    try {
      const rows = Array.from({ length: 30 }, (_, i) => {
        const cells = checkupRow(i + 1);
        cells[1] = 'tomorrow';
        cells[6] = 'NOWHERE';
        return cells;
      });
      const sheet = await sheetFromBytes(folder.dir, 'capped.csv', stringify([CHECKUP_HEADINGS, ...rows]));
      const report = await validateSpreadsheet(sheet, checkupTemplate(), { maxProblems: 7 });
      expect(report.problems).toHaveLength(7);
      expect(report.problems.map((p) => p.row)).toEqual([2, 2, 3, 3, 4, 4, 5]);
      expect(report.problemTotal).toBe(60);
      expect(report.problemsPerRow.get(31)).toBe(2);
      expect(report.invalid).toBe(30);
      expect(report.summary.map((g) => g.rows.length)).toEqual([30, 30]);
    } finally {
      folder.cleanup();
    }
  });
});

import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../../src/batch/index.js';
import { AppError } from '../../src/core/index.js';
import { allRows, sheetFromBytes, tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let counter = 0;
const name = (ext: string) => `file-${++counter}.${ext}`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('CSV', () => {
  it('reads UTF-8 with a byte order mark, and without', async () => {
    for (const bom of ['\ufeff', '']) {
      const sheet = await sheetFromBytes(temp.dir, name('csv'), `${bom}reference,amount\r\nDP-1,£5\r\n`);
      expect(sheet.format).toBe('csv');
      expect(sheet.encoding).toEqual({ encoding: 'utf-8', bom: bom !== '' });
      expect(await allRows(sheet)).toEqual([
        { row: 1, cells: ['reference', 'amount'] },
        { row: 2, cells: ['DP-1', '£5'] },
      ]);
    }
  });

  it('detects a Windows-1252 export and reads £ and accents correctly', async () => {
    const bytes = iconv.encode('reference,name,amount\r\nDP-1,Zoë Brontë,£1,234.56\r\n', 'win1252');
    expect(bytes.includes(0xa3)).toBe(true); // "£" is one byte, not valid UTF-8
    const sheet = await sheetFromBytes(temp.dir, name('csv'), bytes);
    expect(sheet.encoding?.encoding).toBe('windows-1252');
    expect((await allRows(sheet))[1].cells).toEqual(['DP-1', 'Zoë Brontë', '£1', '234.56']);
  });

  it('reads UTF-16 with a byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('reference,name\r\nDP-1,Zoë\r\n', 'utf-16le')]);
    const sheet = await sheetFromBytes(temp.dir, name('csv'), bytes);
    expect(sheet.encoding?.encoding).toBe('utf-16le');
    expect((await allRows(sheet))[1].cells).toEqual(['DP-1', 'Zoë']);
  });

  it('refuses bytes that are neither UTF-8 nor Windows-1252, saying how to save the file', async () => {
    const error = await rejection(sheetFromBytes(temp.dir, name('csv'), Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x81, 0x8d, 0x0a])));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toMatch(/neither UTF-8 nor Windows-1252.*byte 5 is 0x81.*CSV UTF-8/);
  });

  it('refuses binary data', async () => {
    const error = await rejection(sheetFromBytes(temp.dir, name('csv'), Buffer.from([0x61, 0x00, 0x62])));
    expect(error.message).toContain('not a text (CSV) file');
  });

  it('refuses an empty file', async () => {
    const error = await rejection(sheetFromBytes(temp.dir, name('csv'), ''));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toContain('is empty');
  });

  it('keeps embedded line breaks, commas and doubled quote marks inside quoted cells; row numbers count rows, not lines', async () => {
    const sheet = await sheetFromBytes(temp.dir, name('csv'), 'reference,address,note\r\nDP-1,"1 High St\r\nStockport\r\nSK4 3QT","She said ""thanks"", twice"\r\nDP-2,x,5" tablet\r\n');
    expect(await allRows(sheet)).toEqual([
      { row: 1, cells: ['reference', 'address', 'note'] },
      { row: 2, cells: ['DP-1', '1 High St\r\nStockport\r\nSK4 3QT', 'She said "thanks", twice'] },
      { row: 3, cells: ['DP-2', 'x', '5" tablet'] },
    ]);
  });

  it('keeps ragged rows (short and long) for validation to judge', async () => {
    const sheet = await sheetFromBytes(temp.dir, name('csv'), 'a,b,c\n1\n1,2,3,4\n');
    expect((await allRows(sheet)).map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });

  it('refuses a quote mark that is never closed, naming the line', async () => {
    const sheet = await sheetFromBytes(temp.dir, name('csv'), 'a,b\n1,2\n3,"oops\n5,6\n');
    const error = await rejection(allRows(sheet));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toMatch(/line \d+: a quote mark \(\"\) opens a cell that is never closed/);
  });

  it('refuses a file over the byte limit by its size alone (a 200 MB file is not read)', async () => {
    const file = path.join(temp.dir, 'huge.csv');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024); // sparse: takes no disk space and is never read
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const error = await rejection(openSpreadsheet({ path: file }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toContain('huge.csv is 200 MB; the largest spreadsheet Plainly takes is 100 MB');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses more than 100,000 rows of letters, and takes exactly 100,000', async () => {
    const line = 'DP-1,Person\n';
    const atLimit = await sheetFromBytes(temp.dir, name('csv'), 'reference,name\n' + line.repeat(100_000));
    expect((await allRows(atLimit)).length).toBe(100_001);
    const over = await sheetFromBytes(temp.dir, name('csv'), 'reference,name\n' + line.repeat(100_001));
    const error = await rejection(allRows(over));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toContain('more than 100,000 rows');
  });

  it('reads back any table of text written as CSV, in UTF-8 and in Windows-1252 (property)', async () => {
    // "£" comes before an amount, as in real files: a symbol between letters ("a£b") is how a
    // Central European file gives itself away, and such a file is refused (encoding-central-european.test.ts).
    const latin = fc.string({ unit: fc.constantFrom(...'abcXYZ019 ,;"\'\r\néëñ€–=+-@\t'.split(''), '£5', ' £12.50') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(latin, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (table, cp1252) => {
        const text = stringify(table, { record_delimiter: 'windows', quoted_match: /\s/ });
        const sheet = await sheetFromBytes(temp.dir, name('csv'), cp1252 ? iconv.encode(text, 'win1252') : text);
        const rows = await allRows(sheet);
        expect(rows.map((r) => r.cells)).toEqual(table.map((row) => row.map((cell) => (cell === '' ? null : cell))));
      }),
      { numRuns: 60 },
    );
  });
});

describe('XLSX', () => {
  async function workbook(build: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    build(book.addWorksheet('Letters'), book);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads text, numbers, dates, booleans, rich text and cached formula results', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['reference', 'letterDate', 'serial', 'amount', 'prepaid', 'name', 'total']);
      const row = sheet.addRow(['DP-1', new Date(Date.UTC(2021, 0, 31)), 44227, 1234.56, true, { richText: [{ text: 'Mrs ' }, { text: 'Patel', font: { bold: true } }] }, { formula: 'D2*2', result: 2469.12 }]);
      row.getCell(2).numFmt = 'dd/mm/yyyy';
    });
    const sheet = await sheetFromBytes(temp.dir, name('xlsx'), bytes);
    expect(sheet.format).toBe('xlsx');
    const rows = await allRows(sheet);
    expect(rows[0]).toEqual({ row: 1, cells: ['reference', 'letterDate', 'serial', 'amount', 'prepaid', 'name', 'total'] });
    expect(rows[1].row).toBe(2);
    const [ref, date, serial, amount, prepaid, person, total] = rows[1].cells;
    expect(ref).toBe('DP-1');
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).toISOString().slice(0, 10)).toBe('2021-01-31');
    expect([serial, amount, prepaid, person, total]).toEqual([44227, 1234.56, true, 'Mrs Patel', 2469.12]);
  });

  it('names a formula with no saved result, and Excel error values, instead of guessing', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['reference', 'amount']);
      sheet.addRow(['DP-1', { formula: 'SUM(C1:C9)' }]);
      sheet.addRow(['DP-2', { error: '#N/A' }]);
    });
    const rows = await allRows(await sheetFromBytes(temp.dir, name('xlsx'), bytes));
    expect(rows[1].cells[1]).toEqual({ issue: 'formula-without-result', detail: 'a formula with no saved result' });
    expect(rows[2].cells[1]).toEqual({ issue: 'error-value', detail: '#N/A' });
  });

  it('reads only the first worksheet, even when there are more', async () => {
    const bytes = await workbook((sheet, book) => {
      sheet.addRow(['reference']);
      sheet.addRow(['DP-1']);
      book.addWorksheet('Notes').addRow(['not a letter']);
    });
    expect((await allRows(await sheetFromBytes(temp.dir, name('xlsx'), bytes))).map((r) => r.cells)).toEqual([['reference'], ['DP-1']]);
  });

  it('refuses a ZIP file that is not a workbook, and an old .xls file, saying what to do', async () => {
    // Refused when it is opened: its ZIP table of contents is read before any row (xlsx-guard.ts).
    const error = await rejection(sheetFromBytes(temp.dir, name('xlsx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toContain('could not be read as an Excel workbook (.xlsx)');
    const xls = await rejection(sheetFromBytes(temp.dir, name('xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])));
    expect(xls.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(xls.message).toContain('old-style Excel file (.xls)');
  });
});

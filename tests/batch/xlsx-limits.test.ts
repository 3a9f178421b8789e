// Issue 13, item 3: spreadsheet bombs. A 2 MB workbook whose shared strings inflate to 1 GB
// used to run the process out of memory (exceljs holds every shared string). Workbooks are now
// checked from their ZIP table of contents, then counted while every part is inflated, and
// read in a worker thread with a capped heap.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/index.js';
import { checkXlsx, openSpreadsheet } from '../../src/batch/index.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { allRows, tempDir } from './helpers.js';
import { hiddenPartXlsx, sharedStringsBombXlsx, smallWorkbook } from './xlsx-bomb.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let counter = 0;

function write(bytes: Buffer): string {
  const file = path.join(temp.dir, `book-${++counter}.xlsx`);
  writeFileSync(file, bytes);
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('XLSX limits', () => {
  it('refuses a 1 GB shared-strings bomb from its table of contents, before inflating anything, naming the limit', async () => {
    const bytes = await sharedStringsBombXlsx(1024);
    expect(bytes.length).toBeLessThan(4 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const error = await refusal(openSpreadsheet({ path: write(bytes), name: 'checkups.xlsx' }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(error.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(error.status).toBe(422);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^checkups\.xlsx unpacks to 1024 MB of shared text \(the most Plainly reads is 100 MB\)/);
    expect(error.details).toMatchObject({ limit: 'maxSharedStringBytes' });
  });

  it('counts while inflating: a part whose table of contents lies about its size is stopped at the size it claimed', async () => {
    const bytes = await sharedStringsBombXlsx(1024, { lie: true });
    const started = Date.now();
    const error = await refusal(openSpreadsheet({ path: write(bytes), name: 'lies.xlsx' }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toContain('unpacks to more than its table of contents says');
  });

  it('refuses a part that unpacks to far more than its packed size (the ratio limit)', async () => {
    const bytes = await sharedStringsBombXlsx(50); // 50 MB: under the shared strings limit, but about 1,000 times its packed size
    const error = await refusal(openSpreadsheet({ path: write(bytes), name: 'ratio.xlsx' }));
    expect(error.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(error.message).toMatch(/has a part that unpacks to [\d,]+ times its packed size \(the most Plainly reads is 200 times\)/);
  });

  it('refuses parts hidden outside the table of contents (a streaming reader would inflate them unchecked)', async () => {
    const error = await refusal(openSpreadsheet({ path: write(await hiddenPartXlsx()), name: 'hidden.xlsx' }));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toContain('holds data outside its table of contents');
  });

  it('counts shared strings and cells while inflating, and cells again while reading', async () => {
    const book = await smallWorkbook(0, (sheet) => {
      sheet.addRow(['reference', 'name', 'note']);
      for (let i = 1; i <= 60; i++) sheet.addRow([`DP-${i}`, `Person ${i}`, `Note ${i}`]);
    });
    const file = write(book);
    const facts = await checkXlsx({ path: file }, book.length);
    expect(facts.sharedStrings).toBe(183);
    expect(facts.cells).toBe(183);
    const strings = await refusal(openSpreadsheet({ path: file, name: 'strings.xlsx' }, { maxRows: 100_000, maxBytes: 1e8, xlsx: { maxSharedStrings: 100 } }));
    expect(strings.message).toMatch(/^strings\.xlsx holds more than 100 different texts \(the most Plainly reads is 100 texts\)/);
    const cells = await refusal(openSpreadsheet({ path: file, name: 'cells.xlsx' }, { maxRows: 100_000, maxBytes: 1e8, xlsx: { maxCells: 150 } }));
    expect(cells.message).toMatch(/^cells\.xlsx has more than 150 cells \(the most Plainly reads is 150 cells\)/);
  });

  it('a workbook that still needs too much memory stops its worker thread, not the process', async () => {
    // Limits loosened so the bomb gets past the checks; the 32 MB heap of the reading thread is the last wall.
    const bytes = await sharedStringsBombXlsx(120, { textLength: 2000 });
    const loose = { maxRows: 100_000, maxBytes: 1e9, xlsx: { maxSharedStringBytes: 1e12, maxInflatedBytes: 1e12, maxRatio: 1e6, maxSharedStrings: 1e12, workerHeapMb: 32 } };
    const sheet = await openSpreadsheet({ path: write(bytes), name: 'memory.xlsx' }, loose);
    const before = process.memoryUsage().heapUsed;
    const error = await refusal(allRows(sheet));
    expect(error.code).toBe('INPUT_LIMIT_EXCEEDED');
    expect(error.message).toBe('memory.xlsx needs more memory to read than a spreadsheet may use (32 MB), so it was not read. If it is a real spreadsheet, split it into smaller files, or save it as "CSV UTF-8" and send that.');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  it('still reads a real workbook in its worker thread, and stops the thread when the reader stops early', async () => {
    const sheet = await openSpreadsheet({ path: write(await smallWorkbook(600)), name: 'real.xlsx' });
    const rows = await allRows(sheet);
    expect(rows).toHaveLength(601);
    expect(rows[600]).toEqual({ row: 601, cells: ['DP-600', 'Person 600'] });
    const limited = await openSpreadsheet({ path: write(await smallWorkbook(600)), name: 'limited.xlsx' }, { maxRows: 10, maxBytes: 1e8 });
    const error = await refusal(allRows(limited));
    expect(error.code).toBe('INPUT_TOO_LARGE');
  });

  it('plainly batch exits 2 on a bomb, naming the limit, and writes nothing', async () => {
    const file = write(await sharedStringsBombXlsx(1024));
    const captured = { out: '', err: '' };
    const cli: CliIO = { stdout: (text) => void (captured.out += text), stderr: (text) => void (captured.err += text), readStdin: async () => Buffer.alloc(0), cwd: temp.dir, isTTY: false };
    const code = await main(['node', 'plainly', 'batch', 'financial-checkup', file, '--out', 'bomb.zip'], cli);
    expect(code).toBe(2);
    expect(captured.err).toContain('unpacks to 1024 MB of shared text (the most Plainly reads is 100 MB)');
    expect(captured.err).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(path.join(temp.dir, 'bomb.zip'))).toBe(false);
    expect(existsSync(path.join(temp.dir, 'bomb.zip.partial'))).toBe(false);
  });
});

import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BatchProgress, runBatch } from '../../src/batch/index.js';
import { AppError } from '../../src/core/index.js';
import { CHECKUP_HEADINGS, checkupRow, loadTemplate, tempDir } from './helpers.js';
import { readZip } from './zip.js';
import { readPdf } from '../helpers/pdf.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const template = loadTemplate();
const TEST_WORKER = new URL('../fixtures/batch/test-letter-worker.ts', import.meta.url);
let counter = 0;

function writeCsv(rows: string[][]): string {
  const file = path.join(temp.dir, `input-${++counter}.csv`);
  writeFileSync(file, stringify([CHECKUP_HEADINGS, ...rows]));
  return file;
}

const NOTE = CHECKUP_HEADINGS.indexOf('Note');

describe('runBatch (orchestration, with a test worker)', () => {
  it('accounts for every row: produced, held back or invalid, in row order, with a manifest and problem files', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => checkupRow(i + 1));
    rows[2][NOTE] = 'The money was misspent.'; // row 4: held back
    rows[5][1] = '31/02/2021'; // row 7: invalid
    rows[8][NOTE] = 'crash'; // row 10: the worker throws
    rows[9][NOTE] = 'invalid'; // row 11: the worker says invalid
    const out = path.join(temp.dir, 'out-1.zip');
    const progress: BatchProgress[] = [];
    const result = await runBatch({
      template,
      source: { path: writeCsv(rows) },
      out,
      worker: { templateId: 'financial-checkup' },
      workerModule: TEST_WORKER,
      threads: 2,
      onProgress: (p) => progress.push(p),
      mtime: new Date(Date.UTC(2021, 0, 31)),
    });
    expect({ total: result.total, produced: result.produced, held: result.held, invalid: result.invalid }).toEqual({ total: 12, produced: 8, held: 2, invalid: 2 });
    expect(result.total).toBe(result.produced + result.held + result.invalid);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);

    const zip = readZip(readFileSync(out));
    const pdfs = [...zip.keys()].filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toEqual(['DP-000001.pdf', 'DP-000002.pdf', 'DP-000004.pdf', 'DP-000005.pdf', 'DP-000007.pdf', 'DP-000008.pdf', 'DP-000011.pdf', 'DP-000012.pdf']);
    for (const name of pdfs) expect(zip.get(name)!.subarray(0, 5).toString()).toBe('%PDF-');

    expect(zip.get('manifest.csv')!.toString('utf8').split('\r\n')[0]).toBe('\ufeffrow,reference,document id,sha256,status,reason,file');
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest.map((m) => [m.row, m.status])).toEqual([
      ['2', 'produced'], ['3', 'produced'], ['4', 'held back'], ['5', 'produced'], ['6', 'produced'], ['7', 'invalid'],
      ['8', 'produced'], ['9', 'produced'], ['10', 'held back'], ['11', 'invalid'], ['12', 'produced'], ['13', 'produced'],
    ]);
    expect(manifest[0]).toMatchObject({ reference: 'DP-000001', file: 'DP-000001.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest[2].reason).toBe('1 wording problem to change before it can be sent: "misspent" (lexicon/misspent)');
    expect(manifest[5]).toMatchObject({ reference: 'DP-000006', reason: 'Date of the letter is not a real date (dates are day/month/year)' });
    expect(manifest[8].reason).toContain('could not render this letter');
    expect(manifest[8].reason).not.toContain('crashed');

    const held = parse(zip.get('held-back.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(held).toEqual([{ row: '4', reference: 'DP-000003', rule: 'lexicon/misspent', words: 'misspent', why: 'Makes people feel suspected.', 'say instead': 'spent on things not in your support plan', where: 'data: note' }]);
    const problems = parse(zip.get('problems.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(problems).toEqual([{ row: '7', column: 'B ("Letter date")', field: 'letterDate', problem: 'Date of the letter is not a real date (dates are day/month/year)' }]);

    expect(progress[0].phase).toBe('validating');
    expect(progress.at(-1)).toMatchObject({ phase: 'finishing', produced: 8, held: 2, invalid: 2 });
  });

  it('writes print.pdf when asked: every produced letter in row order, each starting on an odd page', async () => {
    const out = path.join(temp.dir, 'print.zip');
    const result = await runBatch({ template, source: { path: writeCsv([checkupRow(1), checkupRow(2), checkupRow(3)]) }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER, threads: 2, print: true });
    expect(result.files).toContain('print.pdf');
    const facts = await readPdf(readZip(readFileSync(out)).get('print.pdf')!);
    expect(facts.pageText).toEqual(['Letter DP-000001', '', 'Letter DP-000002', '', 'Letter DP-000003', '']);
  });

  it('writes into a new folder, and refuses a folder that already has files', async () => {
    const out = path.join(temp.dir, 'out-folder');
    const result = await runBatch({ template, source: { path: writeCsv([checkupRow(1), checkupRow(2)]) }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER, threads: 1 });
    expect(result.produced).toBe(2);
    expect(readdirSync(out).sort()).toEqual(['DP-000001.pdf', 'DP-000002.pdf', 'manifest.csv']);
    await expect(runBatch({ template, source: { path: writeCsv([checkupRow(1)]) }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER })).rejects.toThrow('already has files in it');
  });

  it('writes nothing when the headings do not fit the template', async () => {
    const file = path.join(temp.dir, 'bad-headings.csv');
    writeFileSync(file, 'name,amount\nAnn,5\n');
    const out = path.join(temp.dir, 'never.zip');
    const error = await runBatch({ template, source: { path: file }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('still writes a manifest and the problems when every row is invalid', async () => {
    const rows = [checkupRow(1), checkupRow(2)].map((row) => {
      row[1] = 'tomorrow';
      return row;
    });
    const out = path.join(temp.dir, 'all-invalid.zip');
    const result = await runBatch({ template, source: { path: writeCsv(rows) }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER });
    expect({ produced: result.produced, invalid: result.invalid }).toEqual({ produced: 0, invalid: 2 });
    expect([...readZip(readFileSync(out)).keys()]).toEqual(['manifest.csv', 'problems.csv']);
  });
});

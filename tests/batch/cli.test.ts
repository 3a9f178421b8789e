import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { CHECKUP_HEADINGS, checkupRow, tempDir } from './helpers.js';
import { readZip } from './zip.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const NOTE = CHECKUP_HEADINGS.indexOf('Note');

function io(): CliIO & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    stdout: (text: string) => void (captured.out += text),
    stderr: (text: string) => void (captured.err += text),
    readStdin: async () => Buffer.alloc(0),
    cwd: temp.dir,
    isTTY: false,
  };
  return captured;
}

function csvFile(name: string, rows: string[][]): string {
  writeFileSync(path.join(temp.dir, name), stringify([CHECKUP_HEADINGS, ...rows]));
  return name;
}

describe('plainly batch (real pipeline: fill, lint, tagged PDF)', () => {
  it('produces the good letters, holds back wording that must change, names invalid rows, and exits 1', async () => {
    const rows = [checkupRow(1), checkupRow(2), checkupRow(3), checkupRow(4)];
    rows[1][NOTE] = 'We think the money was misspent.'; // row 3: held back by the lexicon
    rows[2][6] = 'NOWHERE'; // row 4: not a UK postcode
    const input = csvFile('mixed.csv', rows);
    const cli = io();
    const code = await main(['node', 'plainly', 'batch', 'financial-checkup', input, '--out', 'mixed.zip', '--threads', '2'], cli);
    expect(cli.err).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(code).toBe(1);
    expect(cli.out).toContain('Read mixed.csv (CSV, UTF-8): 4 rows of letters.');
    expect(cli.out).toContain('Postal address: the last line must be a UK postcode, in 1 row: row 4');
    expect(cli.out).toContain('1 letter was held back');
    expect(cli.out).toContain('Produced 2, held back 1, invalid 1 (of 4 rows).');
    expect(cli.err).toContain('Letters: 3 of 3 (100%)');

    const zip = readZip(readFileSync(path.join(temp.dir, 'mixed.zip')));
    expect([...zip.keys()].sort()).toEqual(['DP-000001.pdf', 'DP-000004.pdf', 'held-back.csv', 'manifest.csv', 'problems.csv']);
    const pdf = zip.get('DP-000001.pdf')!.toString('latin1');
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf).toContain('/StructTreeRoot'); // tagged
    expect(pdf).toContain('/FontFile2'); // the font is embedded
    const manifest = parse(zip.get('manifest.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(manifest.map((m) => [m.row, m.reference, m.status])).toEqual([
      ['2', 'DP-000001', 'produced'], ['3', 'DP-000002', 'held back'], ['4', 'DP-000003', 'invalid'], ['5', 'DP-000004', 'produced'],
    ]);
    expect(manifest[1].reason).toContain('"misspent" (lexicon/misspent)');
    const held = parse(zip.get('held-back.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(held[0]).toMatchObject({ row: '3', rule: 'lexicon/misspent', words: 'misspent', where: 'data: note' });
  }, 120_000);

  it('renders the same row to the same bytes (deterministic output)', async () => {
    const a = io();
    const b = io();
    const input = csvFile('same.csv', [checkupRow(7)]);
    expect(await main(['node', 'plainly', 'batch', 'financial-checkup', input, '--out', 'same-a', '--threads', '1'], a)).toBe(0);
    expect(await main(['node', 'plainly', 'batch', 'financial-checkup', input, '--out', 'same-b', '--threads', '1'], b)).toBe(0);
    expect(readFileSync(path.join(temp.dir, 'same-a', 'DP-000007.pdf')).equals(readFileSync(path.join(temp.dir, 'same-b', 'DP-000007.pdf')))).toBe(true);
    expect(readdirSync(path.join(temp.dir, 'same-a')).sort()).toEqual(['DP-000007.pdf', 'manifest.csv']);
  }, 120_000);

  it('exits 2, naming the problem and writing nothing, for headings that do not fit', async () => {
    writeFileSync(path.join(temp.dir, 'wrong.csv'), 'name,amount\nAnn,5\n');
    const cli = io();
    const code = await main(['node', 'plainly', 'batch', 'financial-checkup', 'wrong.csv', '--out', 'wrong.zip'], cli);
    expect(code).toBe(2);
    expect(cli.err).toContain("problems with the spreadsheet's column headings, so no rows were read");
    expect(cli.err).toContain('add a column headed reference');
    expect(existsSync(path.join(temp.dir, 'wrong.zip'))).toBe(false);
  });

  it('exits 2 for an unknown template, a missing --out, and a bad --map', async () => {
    const input = csvFile('ok.csv', [checkupRow(1)]);
    const unknown = io();
    expect(await main(['node', 'plainly', 'batch', 'no-such-template', input, '--out', 'x.zip'], unknown)).toBe(2);
    expect(unknown.err).toContain('There is no template "no-such-template"');
    const noOut = io();
    expect(await main(['node', 'plainly', 'batch', 'financial-checkup', input], noOut)).toBe(2);
    expect(noOut.err).toContain('--out is needed');
    const badMap = io();
    expect(await main(['node', 'plainly', 'batch', 'financial-checkup', input, '--out', 'y.zip', '--map', 'nothing'], badMap)).toBe(2);
    expect(badMap.err).toContain('--map "nothing" should be written "Heading=field"');
  });

  it('runs through bin/plainly.mjs with exit 0 when every row is produced', async () => {
    const input = csvFile('bin.csv', [checkupRow(1), checkupRow(2)]);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'batch', 'financial-checkup', input, '--out', 'bin-out', '--threads', '1'], { cwd: temp.dir });
    expect(stdout).toContain('Produced 2, held back 0, invalid 0 (of 2 rows).');
    expect(stderr).toContain('Letters: 2 of 2 (100%)');
    expect(readdirSync(path.join(temp.dir, 'bin-out')).sort()).toEqual(['DP-000001.pdf', 'DP-000002.pdf', 'manifest.csv']);
  }, 120_000);
});

describe('progress on stderr', () => {
  it('draws a bar on a terminal, and writes a line every 10% otherwise', async () => {
    const { progressReporter } = await import('../../src/cli/commands/batch.js');
    const tty = io();
    tty.isTTY = true;
    const bar = progressReporter(tty);
    bar.update({ phase: 'rendering', done: 50, total: 100, produced: 50, held: 0, invalid: 0 });
    bar.update({ phase: 'rendering', done: 100, total: 100, produced: 100, held: 0, invalid: 0 });
    bar.end();
    expect(tty.err).toContain('\r[###############...............] 50% 50/100 letters');
    expect(tty.err).toContain('[##############################] 100% 100/100 letters');
    expect(tty.err.endsWith('\n')).toBe(true);

    const plain = io();
    const lines = progressReporter(plain);
    for (let done = 1; done <= 100; done++) lines.update({ phase: 'rendering', done, total: 100, produced: done, held: 0, invalid: 0 });
    lines.end();
    expect(plain.err).not.toContain('\r');
    const written = plain.err.trim().split('\n');
    expect(written.length).toBeLessThanOrEqual(11);
    expect(written.at(-1)).toBe('Letters: 100 of 100 (100%)');
  });
});

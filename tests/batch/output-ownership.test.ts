// Issue 13, item 1: every file added to an output must live until the output is finished.
// yazl reads a ZIP's entries when it reaches them, which can be long after they were queued;
// the runner used to delete its temporary problems.csv straight after queueing it, and a
// 1,000-row batch then died with ENOENT at its last step in 2 runs of 3.
//
// To make the race certain rather than likely, the file system is made slow for the ZIP being
// written: every write to a `*.zip.partial` file (and every callback-style stat or open, which
// is how a lazy ZIP writer looks a file up) waits before it completes. The batch then always
// reaches its clean-up while the ZIP writer is still behind.
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import fs, { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutput, runBatch, ZipStreamWriter } from '../../src/batch/index.js';
import { CHECKUP_HEADINGS, checkupRow, loadTemplate, tempDir } from './helpers.js';
import { readZip } from './zip.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const template = loadTemplate();
const TEST_WORKER = new URL('../fixtures/batch/test-letter-worker.ts', import.meta.url);

type Callback = (...args: unknown[]) => void;
const fsAny = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
const originals = { open: fsAny.open, stat: fsAny.stat, write: fsAny.write, writev: fsAny.writev };
const slowFds = new Set<number>();
const DELAY_MS = 40;

/** Delays the callback (the last argument) of a callback-style fs call. */
function delayed(original: (...args: unknown[]) => unknown, when: (args: unknown[]) => boolean) {
  return (...args: unknown[]) => {
    if (!when(args)) return original(...args);
    const callback = args.pop() as Callback;
    return original(...args, (...result: unknown[]) => setTimeout(() => callback(...result), DELAY_MS));
  };
}

function slowFileSystem(): void {
  fsAny.open = (...args: unknown[]) => {
    const file = String(args[0]);
    const callback = args.pop() as Callback;
    return originals.open(...args, (error: unknown, fd: number) => {
      if (!error && file.endsWith('.zip.partial')) slowFds.add(fd);
      setTimeout(() => callback(error, fd), file.endsWith('.csv') || file.endsWith('.pdf') ? DELAY_MS : 0);
    });
  };
  fsAny.stat = delayed(originals.stat, () => true);
  fsAny.write = delayed(originals.write, (args) => slowFds.has(args[0] as number));
  fsAny.writev = delayed(originals.writev, (args) => slowFds.has(args[0] as number));
}

function restoreFileSystem(): void {
  Object.assign(fsAny, originals);
  slowFds.clear();
}

let counter = 0;
function writeCsv(rows: string[][]): string {
  const file = path.join(temp.dir, `input-${++counter}.csv`);
  writeFileSync(file, stringify([CHECKUP_HEADINGS, ...rows]));
  return file;
}

describe('an output owns every file added to it until it is finished', () => {
  beforeEach(slowFileSystem);
  afterEach(restoreFileSystem);

  it('a file removed straight after addFromDisk is still written into the ZIP (the sink opened it)', async () => {
    const out = path.join(temp.dir, 'owned.zip');
    const sink = await openOutput(out, { mtime: new Date(Date.UTC(2021, 0, 31)) });
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = path.join(temp.dir, `part-${i}.csv`);
      writeFileSync(file, `row,problem\r\n${i},is not right\r\n`);
      await sink.addFromDisk(`part-${i}.csv`, file);
      await rm(file); // the caller lets go at once: the sink must not need the path any more
      files.push(file);
    }
    await sink.finish();
    const zip = readZip(readFileSync(out));
    expect([...zip.keys()]).toEqual(['part-0.csv', 'part-1.csv', 'part-2.csv', 'part-3.csv', 'part-4.csv']);
    expect(zip.get('part-3.csv')!.toString()).toBe('row,problem\r\n3,is not right\r\n');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('addFromDisk of a file that is not there fails at once, not at the end of the batch', async () => {
    const sink = await openOutput(path.join(temp.dir, 'missing.zip'));
    await expect(sink.addFromDisk('x.csv', path.join(temp.dir, 'no-such-file.csv'))).rejects.toThrow(/could not be written|ENOENT/);
    await sink.abort();
    expect(existsSync(path.join(temp.dir, 'missing.zip.partial'))).toBe(false);
  });

  // Counts open descriptors in /proc (Linux).
  it.skipIf(!existsSync('/proc/self/fd'))('abort lets go of files still queued (no descriptor is left open)', async () => {
    const target = new PassThrough(); // nobody reads it: the ZIP stays behind
    const writer = new ZipStreamWriter(target);
    const file = path.join(temp.dir, 'queued.csv');
    writeFileSync(file, 'a,b\r\n');
    await writer.add('big.bin', randomBytes(2 * 1024 * 1024)); // fills the pipe: later entries wait
    const before = fs.readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 20; i++) await writer.addFromDisk(`q-${i}.csv`, file);
    expect(fs.readdirSync('/proc/self/fd').length).toBeGreaterThanOrEqual(before + 19);
    await writer.abort();
    expect(fs.readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 1);
    target.resume(); // reading on must not make the stopped ZIP touch a closed file
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('a file that changes under the ZIP makes finish fail with a message, never an uncaught error', async () => {
    const out = path.join(temp.dir, 'shrunk.zip');
    const sink = await openOutput(out);
    const file = path.join(temp.dir, 'shrinks.csv');
    writeFileSync(file, 'x'.repeat(100_000));
    await sink.addFromDisk('shrinks.csv', file);
    fs.truncateSync(file, 10); // the same file (not a new one at the path): its size no longer matches
    await expect(sink.finish()).rejects.toThrow(/could not be written/);
    await sink.abort();
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('a batch with bad rows finishes its ZIP every time (problems.csv, held-back.csv, manifest.csv and print.pdf are all in it)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => checkupRow(i + 1));
    for (const bad of [3, 17, 31]) rows[bad][1] = '31/02/2021'; // 3 invalid rows
    rows[10][CHECKUP_HEADINGS.indexOf('Note')] = 'The money was misspent.'; // 1 held back
    const source = writeCsv(rows);
    for (let run = 1; run <= 6; run++) {
      const out = path.join(temp.dir, `letters-${run}.zip`);
      const result = await runBatch({ template, source: { path: source }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER, threads: 1, print: run % 2 === 0 });
      expect({ produced: result.produced, held: result.held, invalid: result.invalid }).toEqual({ produced: 36, held: 1, invalid: 3 });
      expect(existsSync(out), `run ${run}: letters.zip`).toBe(true);
      expect(existsSync(`${out}.partial`), `run ${run}: no partial left`).toBe(false);
      const zip = readZip(readFileSync(out));
      expect(zip.has('manifest.csv') && zip.has('problems.csv') && zip.has('held-back.csv')).toBe(true);
      if (run % 2 === 0) expect(zip.get('print.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
      const problems = parse(zip.get('problems.csv')!, { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(problems.map((p) => p.row)).toEqual(['5', '19', '33']);
    }
  }, 120_000);

  it('a batch whose rows are all invalid finishes its ZIP every time', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => checkupRow(i + 1)).map((row) => {
      row[1] = 'tomorrow';
      return row;
    });
    const source = writeCsv(rows);
    for (let run = 1; run <= 10; run++) {
      const out = path.join(temp.dir, `invalid-${run}.zip`);
      const result = await runBatch({ template, source: { path: source }, out, worker: { templateId: 'financial-checkup' }, workerModule: TEST_WORKER });
      expect(result.invalid).toBe(30);
      expect([...readZip(readFileSync(out)).keys()]).toEqual(['manifest.csv', 'problems.csv']);
    }
  }, 60_000);
});

describe('the service ZIP download', () => {
  it('stops, and lets go of its files, when the client goes away mid-download', async () => {
    const target = new PassThrough({ highWaterMark: 1024 });
    const writer = new ZipStreamWriter(target);
    const file = path.join(temp.dir, 'download.csv');
    writeFileSync(file, 'a,b\r\n');
    await writer.addFromDisk('manifest.csv', file);
    const adding = (async () => {
      for (let i = 0; i < 40; i++) await writer.add(`letter-${i}.pdf`, randomBytes(1024 * 1024)); // more than the 16 MB it queues
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    target.destroy(); // the client hung up
    await expect(adding).rejects.toThrow(/closed before the ZIP was written/);
    await writer.abort();
  });
});

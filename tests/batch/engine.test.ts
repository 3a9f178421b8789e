/**
 * The one batch engine (src/batch/engine.ts): its row sources share one check (the same
 * duplicate-reference rule and problem cap for a spreadsheet and for JSON rows), it hands rows
 * to the queue and the rest to the sink in row order, and the in-process queues hand each row
 * out once.
 */
import { stringify } from 'csv-stringify/sync';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CheckReport,
  DUPLICATE_REFERENCE_MESSAGE,
  JsonRows,
  type LetterOutcome,
  type LetterTask,
  type OutcomeSink,
  runEngine,
  type SettledRow,
  SpreadsheetRows,
  StreamQueue,
  type ValidRow,
  type WorkerPool,
} from '../../src/batch/index.js';
import { StoredRowQueue } from '../../src/batch/store-queue.js';
import type { BatchRepository } from '../../src/store/batches.js';
import { CHECKUP_HEADINGS, checkupRow, checkupTemplate, tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const template = checkupTemplate();

const jsonRow = (reference: string, extra: Record<string, unknown> = {}) => ({
  reference,
  letterDate: '2021-01-31',
  recipient: { name: 'Ann', address: ['1 High St', 'Stockport', 'SK4 3QT'] },
  periodStart: '2020-10-01',
  periodEnd: '2020-12-31',
  replyBy: '2021-02-28',
  prepaidCard: false,
  documents: ['Bank statements'],
  ...extra,
});

/** A pool that "renders" in the main thread: produced, or held when the reference says so. */
function fakePool(): WorkerPool<LetterTask, LetterOutcome> {
  return {
    threads: 2,
    loader: 'bundle',
    queued: 0,
    run: async (task) =>
      String(task.data.reference).includes('HOLD')
        ? { status: 'held', row: task.row, findings: [] }
        : { status: 'produced', row: task.row, pdf: new Uint8Array([task.row]), sha256: String(task.row), summary: { error: 0, warning: 0, suggestion: 0, total: 0 } },
    close: async () => undefined,
  };
}

/** A sink that records what it was told, in order. */
function recordingSink(): OutcomeSink & { events: string[]; finished: boolean } {
  const events: string[] = [];
  return {
    events,
    finished: false,
    checked: async (report: CheckReport) => void events.push(`checked ${report.total}`),
    settle: async (entry: SettledRow) => void events.push(`${entry.status} ${entry.row}`),
    outcome: async (row: ValidRow, outcome: LetterOutcome) => void events.push(`${outcome.status} ${row.row}`),
    async finish() {
      this.finished = true;
    },
  };
}

describe('row sources: one check', () => {
  it('refuses a reference used twice (any capitals) in a spreadsheet and in JSON rows alike', async () => {
    const rows = [checkupRow(1), checkupRow(2), checkupRow(3)];
    rows[2][0] = rows[0][0].toLowerCase(); // row 4 repeats row 2's reference in other capitals
    const file = path.join(temp.dir, 'duplicates.csv');
    writeFileSync(file, stringify([CHECKUP_HEADINGS, ...rows]));
    const sheet = await new SpreadsheetRows({ path: file }).check(template);
    const json = await new JsonRows([jsonRow('DP-1'), jsonRow('DP-2'), jsonRow('dp-1')]).check(template);

    expect(sheet.invalidRows).toEqual([2, 4]);
    expect(json.invalidRows).toEqual([1, 3]);
    for (const report of [sheet, json]) {
      expect(report.problems.map((p) => p.message)).toEqual([DUPLICATE_REFERENCE_MESSAGE, DUPLICATE_REFERENCE_MESSAGE]);
      expect(report.problems.map((p) => p.field)).toEqual(['reference', 'reference']);
      expect(report.valid).toBe(1);
    }
  });

  it('JSON rows keep the first problems only past the cap, counting the rest', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => jsonRow(`DP-${i}`, { letterDate: 'soon' }));
    const report = await new JsonRows(rows).check(template, { maxProblems: 2 });
    expect(report.problems.map((p) => p.row)).toEqual([1, 2]);
    expect(report.problemTotal).toBe(5);
    expect(report.problemsPerRow.get(5)).toBe(1);
    expect(report.summary[0].rows).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('runEngine', () => {
  it('settles invalid and skipped rows and renders the rest, all in row order, then finishes', async () => {
    const rows = [jsonRow('DP-1'), jsonRow('DP-2', { letterDate: 'soon' }), jsonRow('DP-SENT'), jsonRow('DP-HOLD'), jsonRow('DP-5')];
    const sink = recordingSink();
    const { report, finished } = await runEngine({
      source: new JsonRows(rows),
      template,
      queue: new StreamQueue(),
      sink,
      pool: async () => fakePool(),
      skip: (reference) => (reference === 'DP-SENT' ? 'already sent on 5 December 2026' : undefined),
    });
    expect(finished).toBe(true);
    expect(sink.finished).toBe(true);
    expect(report.invalidRows).toEqual([2]);
    // The queue reads ahead of rendering: settled rows may come before earlier outcomes, but
    // each kind is in row order and every row is told exactly once.
    expect(sink.events[0]).toBe('checked 5');
    expect(sink.events.slice(1).sort()).toEqual(['held 4', 'invalid 2', 'produced 1', 'produced 5', 'skipped 3']);
    expect(sink.events.filter((e) => /^(produced|held)/.test(e))).toEqual(['produced 1', 'held 4', 'produced 5']);
  });

  it('does not start the pool when no row is left to render', async () => {
    let started = false;
    const sink = recordingSink();
    await runEngine({
      source: new JsonRows([jsonRow('DP-1', { letterDate: 'soon' })]),
      template,
      queue: new StreamQueue(),
      sink,
      pool: async () => {
        started = true;
        return fakePool();
      },
    });
    expect(started).toBe(false);
    expect(sink.events).toEqual(['checked 1', 'invalid 1']);
    expect(sink.finished).toBe(true);
  });

  it('stops between rows when asked, leaving the rest queued and the batch unfinished', async () => {
    const sink = recordingSink();
    let stop = false;
    const { finished } = await runEngine({
      source: new JsonRows(Array.from({ length: 40 }, (_, i) => jsonRow(`DP-${i}`))),
      template,
      queue: new StreamQueue(),
      sink: {
        ...sink,
        outcome: async (row, outcome) => {
          await sink.outcome(row, outcome);
          stop = true;
        },
      },
      pool: async () => fakePool(),
      stopped: () => stop,
    });
    expect(finished).toBe(false);
    expect(sink.finished).toBe(false);
    expect(sink.events.filter((e) => e.startsWith('produced'))).toEqual(['produced 1']);
  });
});

describe('StoredRowQueue (the service on SQLite)', () => {
  /** A repository holding pending rows in memory, as the store does. */
  function memoryRepo() {
    const rows = new Map<number, { row: number; reference: string | null; status: string; data: unknown }>();
    const repo = {
      addRows: async (_id: string, list: Array<{ row: number; reference?: string; status: string; data?: unknown }>) => {
        for (const r of list) rows.set(r.row, { row: r.row, reference: r.reference ?? null, status: r.status, data: r.data ?? null });
      },
      pending: async (_id: string, limit: number) => [...rows.values()].filter((r) => r.status === 'pending').sort((a, b) => a.row - b.row).slice(0, limit),
      progressed: async () => undefined,
    };
    return { rows, repo: repo as unknown as BatchRepository };
  }

  it('hands each pending row out once, even while earlier ones are still being rendered', async () => {
    const { rows, repo } = memoryRepo();
    const queue = new StoredRowQueue(repo, 'b', async () => true);
    await queue.enqueue((async function* () {
      for (let row = 1; row <= 10; row++) yield { row, reference: `R${row}`, data: { row } };
    })());
    const first = await queue.claim(4);
    const second = await queue.claim(4); // rows 1-4 are still pending in the store
    expect(first.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(second.map((r) => r.row)).toEqual([5, 6, 7, 8]);
    for (const r of [...first, ...second]) {
      rows.get(r.row)!.status = 'produced';
      await queue.done(r.row);
    }
    expect((await queue.claim(4)).map((r) => r.row)).toEqual([9, 10]);
    expect(await queue.claim(4)).toEqual([]);
  });

  it('a new process (a new queue) claims exactly the rows left pending', async () => {
    const { rows, repo } = memoryRepo();
    await new StoredRowQueue(repo, 'b', async () => true).enqueue((async function* () {
      for (let row = 1; row <= 5; row++) yield { row, data: {} };
    })());
    rows.get(2)!.status = 'produced';
    rows.get(4)!.status = 'held';
    const again = new StoredRowQueue(repo, 'b', async () => true);
    expect((await again.claim(10)).map((r) => r.row)).toEqual([1, 3, 5]);
  });

  it('says the claim is lost when the lease is', async () => {
    const { repo } = memoryRepo();
    expect(await new StoredRowQueue(repo, 'b', async () => false).heartbeat()).toBe(false);
  });
});

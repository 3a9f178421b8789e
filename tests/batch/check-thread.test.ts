// Issue 13 item 7: a service batch's check (the upload read, every row checked, the rows
// stored) runs on a thread of its own that ends with the check (batch/check-thread.ts), so the
// main thread's heap does not keep what the check allocated while the letters are made.
import { writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchService, batchServiceOf } from '../../src/batch/durable.js';
import type { CheckJob } from '../../src/batch/check-worker.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';

// The worker threads started from this process, seen by swapping node:worker_threads' Worker
// for a subclass that records each one (syncBuiltinESMExports updates the ES module bindings).
const workerThreads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
const RealWorker = workerThreads.Worker;
const checkThreads: Array<{ job: CheckJob; exited: boolean }> = [];

const FINANCE = { kind: 'token', id: 'tok-finance', name: 'finance', role: 'finance' } as const;

let t: TestApp;
let running: BatchService;

beforeAll(async () => {
  t = await createTestApp();
  running = batchServiceOf(t.context);
  await running.stop(); // each test runs its own service
});

afterAll(async () => {
  running.start();
  await t.dispose();
});

beforeEach(() => {
  checkThreads.length = 0;
  class RecordingWorker extends RealWorker {
    constructor(...args: ConstructorParameters<typeof RealWorker>) {
      super(...args);
      const job = (args[1]?.workerData as { check?: CheckJob } | undefined)?.check;
      if (job) {
        const seen = { job, exited: false };
        checkThreads.push(seen);
        this.once('exit', () => (seen.exited = true));
      }
    }
  }
  workerThreads.Worker = RecordingWorker as typeof RealWorker;
  syncBuiltinESMExports();
});

afterEach(() => {
  workerThreads.Worker = RealWorker;
  syncBuiltinESMExports();
});

/** A row whose letter date (the second column) is `date`. */
function withLetterDate(row: string[], date: string): string[] {
  return [row[0], date, ...row.slice(2)];
}

async function runBatch(service: BatchService, rows: string[][], name: string) {
  const file = path.join(t.dataDir, `upload-${name}`);
  writeFileSync(file, stringify(rows));
  const { batch } = await service.submit({ templateId: 'financial-checkup', input: { kind: 'file', path: file, name }, actor: FINANCE });
  service.start();
  const until = Date.now() + 90_000;
  for (;;) {
    const view = await service.view(batch.id);
    if (view.status === 'done' || view.status === 'failed' || Date.now() > until) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the check of a service batch', () => {
  it('runs on a thread of its own, which has ended when the letters are made', async () => {
    const service = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20, checkInThread: true });
    try {
      const view = await runBatch(service, [CHECKUP_HEADINGS, checkupRow(1), checkupRow(2), withLetterDate(checkupRow(3), '31/02/2021')], 'apart.csv');
      expect(view.status).toBe('done');
      expect(view.totals).toMatchObject({ total: 3, produced: 2, invalid: 1, pending: 0 });
      expect(view.problems.map((p) => p.row)).toEqual([4]); // row 3 of the data, under the headings
      expect(checkThreads).toHaveLength(1);
      expect(checkThreads[0].job.batchId).toBe(view.id);
      expect(checkThreads[0].exited).toBe(true);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it('(without checkInThread it runs in this thread: no check thread is started)', async () => {
    const service = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20 });
    try {
      const view = await runBatch(service, [CHECKUP_HEADINGS, checkupRow(1)], 'main.csv');
      expect(view.status).toBe('done');
      expect(checkThreads).toHaveLength(0);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it('fails a batch whose upload cannot be used, with the reason the thread found', async () => {
    const service = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20, checkInThread: true });
    try {
      const view = await runBatch(service, [CHECKUP_HEADINGS.slice(1), checkupRow(1).slice(1)], 'no-reference.csv');
      expect(view.status).toBe('failed');
      expect(view.error).toMatch(/reference/i);
      expect(checkThreads).toHaveLength(1);
      expect(checkThreads[0].exited).toBe(true);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it('ends the thread when the service stops during the check; the next start checks the batch again', async () => {
    // Every row has a date that does not exist: the batch is all check, nothing to render.
    const rows = [CHECKUP_HEADINGS, ...Array.from({ length: 2000 }, (_, i) => withLetterDate(checkupRow(i + 1), '31/02/2021'))];
    const first = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20, checkInThread: true });
    const file = path.join(t.dataDir, 'upload-stopped.csv');
    writeFileSync(file, stringify(rows));
    const { batch } = await first.submit({ templateId: 'financial-checkup', input: { kind: 'file', path: file, name: 'stopped.csv' }, actor: FINANCE });
    first.start();
    const until = Date.now() + 60_000;
    while (checkThreads.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    await first.stop();
    expect(checkThreads).toHaveLength(1);
    expect(checkThreads[0].exited).toBe(true);
    expect((await first.view(batch.id)).status).toBe('validating');

    const second = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20, checkInThread: true });
    try {
      second.start();
      let view = await second.view(batch.id);
      while (view.status !== 'done' && view.status !== 'failed' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        view = await second.view(batch.id);
      }
      expect(view.status).toBe('done');
      expect(view.totals).toMatchObject({ total: 2000, invalid: 2000, produced: 0, pending: 0 });
      expect(checkThreads).toHaveLength(2);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('is started by the service (startBatches)', async () => {
    const view = await runBatch(running, [CHECKUP_HEADINGS, checkupRow(1)], 'service.csv');
    await running.stop();
    expect(view.status).toBe('done');
    expect(checkThreads).toHaveLength(1);
  }, 120_000);
});

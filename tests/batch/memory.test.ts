// Issue 13 item 7: the service's batch memory. The number of rendering threads is a setting
// (PLAINLY_BATCH_THREADS), and a debug/bench mode (PLAINLY_BATCH_MEMORY_REPORT=1) writes each
// thread's memory to the batch's memory.json so bench:batch can say where the memory went.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchService, batchServiceOf } from '../../src/batch/durable.js';
import { MemoryProbe, memoryReportWanted, type BatchMemoryReport } from '../../src/batch/memory-probe.js';
import { isAppError, loadConfig, serviceBatchThreads } from '../../src/core/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow } from './helpers.js';

describe('PLAINLY_BATCH_THREADS', () => {
  it('is the pool default when unset or empty', () => {
    expect(serviceBatchThreads({})).toBeUndefined();
    expect(serviceBatchThreads({ PLAINLY_BATCH_THREADS: '' })).toBeUndefined();
  });

  it('takes a whole number from 1 to 64', () => {
    expect(serviceBatchThreads({ PLAINLY_BATCH_THREADS: '1' })).toBe(1);
    expect(serviceBatchThreads({ PLAINLY_BATCH_THREADS: '64' })).toBe(64);
  });

  it.each(['0', '65', '1.5', 'two', '-1'])('refuses %s with CONFIG_INVALID naming the variable and the value', (value) => {
    let caught: unknown;
    try {
      serviceBatchThreads({ PLAINLY_BATCH_THREADS: value });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toBe(`PLAINLY_BATCH_THREADS is not valid: it must be a whole number from 1 to 64 (it is "${value}").`);
  });

  it('is read with the rest of the configuration, so a wrong value stops the service at start', () => {
    expect(loadConfig({ PLAINLY_BATCH_THREADS: '3' }).batchThreads).toBe(3);
    expect(loadConfig({}).batchThreads).toBeUndefined();
    expect(() => loadConfig({ PLAINLY_BATCH_THREADS: 'two' })).toThrow(/PLAINLY_BATCH_THREADS is not valid/);
  });
});

describe('MemoryProbe', () => {
  it('is wanted only with PLAINLY_BATCH_MEMORY_REPORT=1', () => {
    expect(memoryReportWanted({})).toBe(false);
    expect(memoryReportWanted({ PLAINLY_BATCH_MEMORY_REPORT: '0' })).toBe(false);
    expect(memoryReportWanted({ PLAINLY_BATCH_MEMORY_REPORT: '1' })).toBe(true);
  });

  it("keeps each thread's largest heap figures and the RSS of each phase", () => {
    const probe = new MemoryProbe(10);
    probe.addThread({ thread: 2, heapUsedMb: 40, heapTotalMb: 60, externalMb: 9 });
    probe.addThread({ thread: 2, heapUsedMb: 35, heapTotalMb: 70, externalMb: 5 });
    probe.addThread({ thread: 3, heapUsedMb: 20, heapTotalMb: 30, externalMb: 1 });
    probe.addThread(undefined);
    probe.mark('render');
    const report = probe.stop();
    expect(report.threads).toEqual([
      { thread: 2, heapUsedMb: 40, heapTotalMb: 70, externalMb: 9 },
      { thread: 3, heapUsedMb: 20, heapTotalMb: 30, externalMb: 1 },
    ]);
    expect(report.startRssMb).toBeGreaterThan(0);
    expect(report.phases.renderStartRssMb).toBeGreaterThan(0);
    expect(report.phases.renderPeakRssMb).toBeGreaterThanOrEqual(report.phases.renderStartRssMb);
    // The main thread's largest heap and ArrayBuffers, per phase.
    for (const phase of ['check', 'render']) {
      expect(report.phases[`${phase}PeakHeapTotalMb`]).toBeGreaterThan(0);
      expect(report.phases[`${phase}PeakArrayBuffersMb`]).toBeGreaterThanOrEqual(0);
    }
    expect(Math.max(report.phases.checkPeakHeapTotalMb, report.phases.renderPeakHeapTotalMb)).toBe(report.mainPeaks.heapTotalMb);
    expect(report.atPeakRss.rssMb).toBe(report.mainPeaks.rssMb);
  });
});

describe('a service batch with one rendering thread and the memory report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('renders every row on the one thread and writes memory.json (no row data in it)', async () => {
    const running = batchServiceOf(t.context);
    await running.stop(); // this test runs its own service
    const before = process.env.PLAINLY_BATCH_MEMORY_REPORT;
    process.env.PLAINLY_BATCH_MEMORY_REPORT = '1';
    const service = new BatchService({ store: t.store, config: t.config, threads: 1, pollMs: 20 });
    try {
      const file = path.join(t.dataDir, 'upload-memory.csv');
      writeFileSync(file, stringify([CHECKUP_HEADINGS, checkupRow(1), checkupRow(2), checkupRow(3)]));
      const { batch } = await service.submit({ templateId: 'financial-checkup', input: { kind: 'file', path: file, name: 'memory.csv' }, actor: { kind: 'token', id: 'tok-finance', name: 'finance', role: 'finance' } });
      service.start();
      const report = path.join(service.batchDir(batch.id), 'memory.json');
      const until = Date.now() + 90_000;
      while (!existsSync(report) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      const view = await service.view(batch.id);
      expect(view.status).toBe('done');
      expect(view.totals.produced).toBe(3);
      const text = readFileSync(report, 'utf8');
      const memory = JSON.parse(text) as BatchMemoryReport;
      expect(memory.threads).toHaveLength(1);
      expect(memory.threads[0].heapUsedMb).toBeGreaterThan(0);
      expect(memory.phases.renderStartRssMb).toBeGreaterThan(0);
      expect(text).not.toContain(checkupRow(1)[0]); // the reference of a row: no row data
    } finally {
      await service.stop();
      if (before === undefined) delete process.env.PLAINLY_BATCH_MEMORY_REPORT;
      else process.env.PLAINLY_BATCH_MEMORY_REPORT = before;
      running.start();
    }
  }, 120_000);
});

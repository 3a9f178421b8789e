// Issue 13 item 7: a letter's PDF bytes are moved from its worker thread to the main thread
// (not copied), and the service gives them back as soon as the letter is on disk, rather
// than when V8 next collects (it lets up to 64 MB of such buffers build up first).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LetterOutcome, movePdf } from '../../src/batch/letters.js';
import { createWorkerPool } from '../../src/batch/pool.js';
import { releaseBytes, StoreOutcomeSink } from '../../src/batch/store-sink.js';
import { BatchService, batchServiceOf } from '../../src/batch/durable.js';
import { transferableSymbol, valueSymbol } from 'piscina';
import { type TestApp, createTestApp } from '../helpers/app.js';

const MOVING_WORKER = new URL('../fixtures/batch/move-pdf-worker.ts', import.meta.url);
const SUMMARY = { errors: 0, warnings: 0, info: 0 } as never;

describe('movePdf', () => {
  it('lists a PDF that is its whole buffer for moving, with the outcome as the value sent', () => {
    const outcome: LetterOutcome = { status: 'produced', row: 1, pdf: new Uint8Array(10), sha256: 'x', summary: SUMMARY };
    const moved = movePdf(outcome) as unknown as Record<symbol, unknown>;
    expect(moved[transferableSymbol]).toEqual([outcome.status === 'produced' && outcome.pdf.buffer]);
    expect(moved[valueSymbol]).toBe(outcome);
  });

  it('leaves a view into a larger buffer, and outcomes with no PDF, to be copied', () => {
    const view: LetterOutcome = { status: 'produced', row: 1, pdf: new Uint8Array(new ArrayBuffer(20), 5, 10), sha256: 'x', summary: SUMMARY };
    expect(movePdf(view)).toBe(view);
    const held: LetterOutcome = { status: 'held', row: 2, findings: [] };
    expect(movePdf(held)).toBe(held);
  });

  it('moves the bytes out of the worker thread, and they arrive whole', async () => {
    const pool = await createWorkerPool<{ row: number; data: { view?: boolean } }, LetterOutcome>(MOVING_WORKER, { threads: 1, options: { templateId: 'unused' } });
    try {
      const outcomes = [];
      for (const [row, view] of [[1, false], [2, true], [3, false], [4, false]] as const) outcomes.push(await pool.run({ row, data: { view } }));
      // Each says whether the previous task's buffer left the thread: moved (1), copied (2: a view), moved (3).
      expect(outcomes.map((o) => o.status === 'produced' && o.sha256)).toEqual(['first', 'true', 'false', 'true']);
      for (const outcome of outcomes) {
        if (outcome.status !== 'produced') throw new Error('not produced');
        expect(outcome.pdf.byteLength).toBe(64 * 1024);
        expect(outcome.pdf.every((byte) => byte === outcome.row)).toBe(true);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('releaseBytes', () => {
  it('frees a buffer that holds only these bytes (it reads as empty afterwards)', () => {
    const bytes = new Uint8Array(1024).fill(7);
    releaseBytes(bytes);
    expect(bytes.byteLength).toBe(0);
    expect((bytes.buffer as ArrayBuffer & { detached: boolean }).detached).toBe(true);
  });

  it('leaves a view into a larger buffer alone', () => {
    const buffer = new ArrayBuffer(2048);
    const bytes = new Uint8Array(buffer, 1024, 512).fill(7);
    releaseBytes(bytes);
    expect(bytes.byteLength).toBe(512);
    expect(new Uint8Array(buffer)[1024]).toBe(7);
  });
});

describe("the service's sink", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('writes the letter, records its size, and gives its bytes back at once', async () => {
    const service: BatchService = batchServiceOf(t.context);
    await service.stop(); // nothing claims the batch made here
    try {
      const { batch } = await service.submit({ templateId: 'financial-checkup', input: { kind: 'rows', rows: [{ reference: 'DP-000001' }] }, actor: { kind: 'token', id: 'tok-finance', name: 'finance', role: 'finance' } });
      const dir = service.batchDir(batch.id);
      const sink = await StoreOutcomeSink.open(t.store, service.repo, batch, dir, async () => true);
      const pdf = new Uint8Array(4096).fill(37);
      await sink.outcome({ row: 1, reference: 'DP-000001', data: { reference: 'DP-000001' } }, { status: 'produced', row: 1, pdf, sha256: 'a'.repeat(64), summary: SUMMARY });
      expect(pdf.byteLength).toBe(0); // given back
      const file = path.join(dir, 'letters', 'DP-000001.pdf');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file)).toEqual(Buffer.alloc(4096, 37));
      const documents = await t.store.documents.list({ batchId: batch.id });
      expect(JSON.stringify(documents)).toContain('4096');
    } finally {
      service.start();
    }
  }, 60_000);
});

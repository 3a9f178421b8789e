// Issue 13 item 7: a letter's PDF bytes are moved from its worker thread to the main thread
// (not copied) when they are their buffer's whole content, so the thread keeps no copy.
import { describe, expect, it } from 'vitest';
import { type LetterOutcome, movePdf } from '../../src/batch/letters.js';
import { createWorkerPool } from '../../src/batch/pool.js';
import { transferableSymbol, valueSymbol } from 'piscina';

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

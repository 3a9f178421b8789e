// Issue 13 item 7: a letter's PDF bytes are moved from its worker thread to the main thread
// (not copied) when they are their buffer's whole content, so the thread keeps no copy; a PDF
// that is a view into a larger buffer is copied into one of its own first, so the main thread
// gets its bytes and not the whole block around them.
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

  it('copies a view into a larger buffer into a buffer of its own, and moves that', () => {
    const block = new ArrayBuffer(20);
    new Uint8Array(block).forEach((_, i, bytes) => (bytes[i] = i));
    const view: LetterOutcome = { status: 'produced', row: 1, pdf: new Uint8Array(block, 5, 10), sha256: 'x', summary: SUMMARY };
    const moved = movePdf(view) as unknown as Record<symbol, unknown>;
    const sent = moved[valueSymbol] as LetterOutcome;
    if (sent.status !== 'produced') throw new Error('not produced');
    expect([...sent.pdf]).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(sent.pdf.buffer.byteLength).toBe(10);
    expect(moved[transferableSymbol]).toEqual([sent.pdf.buffer]);
    expect(sent).toMatchObject({ row: 1, sha256: 'x' });
  });

  it('leaves outcomes with no PDF as they are', () => {
    const held: LetterOutcome = { status: 'held', row: 2, findings: [] };
    expect(movePdf(held)).toBe(held);
  });

  it('moves the bytes out of the worker thread, and they arrive whole', async () => {
    const pool = await createWorkerPool<{ row: number; data: { view?: boolean } }, LetterOutcome>(MOVING_WORKER, { threads: 1, options: { templateId: 'unused' } });
    try {
      const outcomes = [];
      for (const [row, view] of [[1, false], [2, true], [3, false], [4, false]] as const) outcomes.push(await pool.run({ row, data: { view } }));
      // Each says whether the previous task's buffer left the thread: moved (1); not (2: a view,
      // whose copy was moved instead); moved (3).
      expect(outcomes.map((o) => o.status === 'produced' && o.sha256)).toEqual(['first', 'true', 'false', 'true']);
      for (const outcome of outcomes) {
        if (outcome.status !== 'produced') throw new Error('not produced');
        expect(outcome.pdf.byteLength).toBe(64 * 1024);
        // Only the PDF's bytes arrive, never the larger block a view was cut from.
        expect(outcome.pdf.buffer.byteLength).toBe(64 * 1024);
        expect(outcome.pdf.every((byte) => byte === outcome.row)).toBe(true);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});

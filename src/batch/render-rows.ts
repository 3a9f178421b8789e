/**
 * The streaming heart of a batch: rows go to the worker pool a few at a time and outcomes come
 * back in row order, so output is deterministic and memory holds only the rows in flight
 * (a handful per thread), however many rows the batch has.
 */
import type { LetterOutcome, LetterTask } from './letters.js';
import type { WorkerPool } from './pool.js';
import type { ValidRow } from './validate.js';

/** Options for `renderRows`. */
export interface RenderRowsOptions {
  /** Rows in flight at once (default: 4 per thread, enough to keep every thread busy). */
  maxInFlight?: number;
  signal?: AbortSignal;
}

/**
 * Sends every row to the pool and calls `onOutcome` for each, in row order. A worker that
 * throws (a bug, not a row problem) gives a `failed` outcome for that row: the batch goes on
 * and the row is reported, never dropped.
 */
export async function renderRows(
  rows: AsyncIterable<ValidRow>,
  pool: WorkerPool<LetterTask, LetterOutcome>,
  onOutcome: (row: ValidRow, outcome: LetterOutcome) => Promise<void>,
  options: RenderRowsOptions = {},
): Promise<void> {
  const maxInFlight = options.maxInFlight ?? pool.threads * 4;
  const pending: Array<{ row: ValidRow; outcome: Promise<LetterOutcome> }> = [];
  const settleNext = async () => {
    const next = pending.shift()!;
    await onOutcome(next.row, await next.outcome);
  };
  try {
    for await (const row of rows) {
      options.signal?.throwIfAborted();
      const outcome = pool.run({ row: row.row, data: row.data }).catch(
        (error: unknown): LetterOutcome => ({ status: 'failed', row: row.row, message: error instanceof Error ? error.message : String(error) }),
      );
      pending.push({ row, outcome });
      while (pending.length >= maxInFlight) await settleNext();
    }
    while (pending.length > 0) {
      options.signal?.throwIfAborted();
      await settleNext();
    }
  } finally {
    // On an early stop, let tasks already sent finish quietly (their outcomes are not used).
    await Promise.allSettled(pending.map((p) => p.outcome));
  }
}

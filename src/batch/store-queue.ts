/**
 * The service's queue on one machine (SQLite): the rows to render are stored with the batch
 * as `pending`, and the one process holding the batch's lease (durable.ts) claims them in row
 * order, in process. A row is pending until its outcome is stored, so a process killed
 * mid-batch leaves its unfinished rows pending, and whoever claims the batch next renders
 * exactly those. (Several instances on PostgreSQL need a queue that claims rows across
 * processes: see `RowQueue` in engine.ts for what it must guarantee.)
 */
import type { BatchRepository } from '../store/batches.js';
import type { RowQueue } from './engine.js';
import type { ValidRow } from './validate.js';

/** Rows written to the store at once while a batch is checked. */
const STORE_CHUNK = 500;

/** The in-process queue over a stored batch's pending rows. */
export class StoredRowQueue implements RowQueue {
  /** The highest row handed out by this process (rows at or below it are claimed or done). */
  private lastClaimed = 0;
  /** Rows handed out whose outcome is not stored yet. */
  private outstanding = 0;
  /** Rows done since the batch last recorded progress. */
  private doneSinceProgress = 0;

  /**
   * @param hold renews this process's lease on the batch; false once another process has it.
   */
  constructor(
    private readonly repo: BatchRepository,
    private readonly batchId: string,
    private readonly hold: () => Promise<boolean>,
  ) {}

  /** Stores every row to render as `pending` (500 at a time, renewing the lease between). */
  async enqueue(rows: AsyncIterable<ValidRow>): Promise<void> {
    let chunk: Parameters<BatchRepository['addRows']>[1][number][] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await this.repo.addRows(this.batchId, chunk);
      chunk = [];
      await this.hold();
    };
    for await (const row of rows) {
      chunk.push({ row: row.row, reference: row.reference, status: 'pending', data: row.data });
      if (chunk.length >= STORE_CHUNK) await flush();
    }
    await flush();
  }

  /** The next pending rows after those already handed out, in row order. */
  async claim(max: number): Promise<ValidRow[]> {
    // Rows handed out but not finished are still pending: read past them.
    const pending = await this.repo.pending(this.batchId, max + this.outstanding);
    const fresh = pending.filter((row) => row.row > this.lastClaimed).slice(0, max);
    if (fresh.length > 0) this.lastClaimed = fresh[fresh.length - 1].row;
    this.outstanding += fresh.length;
    return fresh.map((row) => ({ row: row.row, reference: row.reference ?? undefined, data: row.data as Record<string, unknown> }));
  }

  async done(_row: number): Promise<void> {
    this.outstanding--;
    this.doneSinceProgress++;
  }

  /**
   * Renews the lease, and records progress when rows were finished since last time (progress
   * resets the count of processes that died holding the batch: PLAINLY_BATCH_MAX_ATTEMPTS).
   */
  async heartbeat(): Promise<boolean> {
    if (!(await this.hold())) return false;
    if (this.doneSinceProgress > 0) {
      this.doneSinceProgress = 0;
      await this.repo.progressed(this.batchId);
    }
    return true;
  }
}

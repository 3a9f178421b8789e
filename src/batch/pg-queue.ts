/**
 * PostgreSQL row queue (pg-boss) — helper G.
 *
 * When the store is PostgreSQL (PLAINLY_DATABASE_URL), several instances share one database and
 * render one batch together. Each batch's rows to render are stored `pending` with the batch (as
 * on SQLite) and, for each, a job `{ row }` is put on the batch's own pg-boss queue
 * (`plainly-rows-<batch id>`). Any instance claims jobs with pg-boss `fetch`, which takes them
 * with `FOR UPDATE SKIP LOCKED`: two instances never get the same job while it is claimed.
 *
 * What `RowQueue` (engine.ts) asks of a queue across processes:
 * - **claimed by one instance at a time**: a fetched job is `active` until its expiry
 *   (`leaseSeconds`), renewed while the instance is alive (`heartbeat`, and a timer while it holds
 *   rows);
 * - **an instance that died**: its jobs expire (pg-boss maintenance fails them by timeout) and
 *   come back as `retry`, so another instance claims them: no row is left pending for ever;
 * - **produced exactly once**: a row whose outcome is already stored (the instance died after
 *   the sink's write, before the job was completed) is never handed out again: `claim` loads the
 *   fetched rows from the store and only those still `pending` are returned, the others' jobs
 *   completed at once. Two instances that do render one row (a claim lost while the letter was
 *   being made) still produce it once: the sink records its document under the key
 *   `batch:<id>`/`row:<n>` (the same document comes back) and `finishRow` only changes a row
 *   that is still pending;
 * - rows come out in row order within one claim (the jobs' priority is minus the row number).
 *
 * The row data stays in the store (the job holds only the row number), so pg-boss's tables hold
 * no personal data.
 */
import type PgBoss from 'pg-boss';
import { AppError } from '../core/index.js';
import type { BatchRepository } from '../store/batches.js';
import type { RowQueue } from './engine.js';
import type { ValidRow } from './validate.js';

/** A row's job as this instance fetched it. */
interface Claim {
  id: string;
  retryCount: number;
}

/** The pg-boss queue of a batch's rows. */
export const ROW_QUEUE_PREFIX = 'plainly-rows-';

/** Rows stored and jobs sent at once while a batch is checked. */
const ENQUEUE_CHUNK = 500;

/** The queues of every batch's rows, shared by the instances on one PostgreSQL database. */
export interface SharedRowQueues {
  /** The queue of one batch's rows (rows stored with the batch through `repo`). */
  queue(repo: BatchRepository, batchId: string): RowQueue;
  /** Batches with rows waiting to be claimed by any instance, oldest queue first. */
  waiting(): Promise<string[]>;
  /** Stops the queue's connections and timers (claims held are left to expire). */
  stop(): Promise<void>;
}

/** Options for the PostgreSQL queues. */
export interface PgRowQueuesOptions {
  /** The PostgreSQL database (PLAINLY_DATABASE_URL). */
  url: string;
  /**
   * How long a claim on a row lasts without renewal, in seconds (default 30,
   * `PLAINLY_BATCH_ROW_LEASE_SECONDS`): a row held by an instance that died is claimed again
   * about this long (plus up to half of it, the maintenance interval) after it died.
   */
  leaseSeconds?: number;
  /** How many times a row may be claimed again after its claim ran out (default 10). */
  retryLimit?: number;
  /** The schema pg-boss keeps its tables in (default `pgboss`). */
  schema?: string;
  /** Connections pg-boss opens (default 3). */
  connections?: number;
  /** pg-boss's own errors (maintenance that failed, …); never with row data. */
  onError?: (error: unknown) => void;
}

/** The lease, from the option or `PLAINLY_BATCH_ROW_LEASE_SECONDS`. @throws AppError CONFIG_INVALID. */
function leaseOf(options: PgRowQueuesOptions): number {
  const raw = options.leaseSeconds ?? (process.env.PLAINLY_BATCH_ROW_LEASE_SECONDS ? Number(process.env.PLAINLY_BATCH_ROW_LEASE_SECONDS) : 30);
  if (!Number.isInteger(raw) || raw < 2 || raw > 3600) {
    throw new AppError('CONFIG_INVALID', `PLAINLY_BATCH_ROW_LEASE_SECONDS must be a whole number of seconds from 2 to 3600 (got ${String(raw)}).`);
  }
  return raw;
}

/**
 * The batch queues on pg-boss. pg-boss is started on first use (its schema is created or
 * migrated then), so an instance that never runs a batch never connects it.
 */
export class PgBossRowQueues implements SharedRowQueues {
  /** Seconds a claim lasts without renewal. */
  readonly leaseSeconds: number;
  private readonly retryLimit: number;
  private readonly schema: string;
  private boss: Promise<PgBoss> | undefined;
  private stopped = false;

  /** @throws AppError CONFIG_INVALID for a lease that is not a whole number of seconds from 2 to 3600. */
  constructor(private readonly options: PgRowQueuesOptions) {
    this.leaseSeconds = leaseOf(options);
    this.retryLimit = options.retryLimit ?? 10;
    this.schema = options.schema ?? 'pgboss';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new AppError('CONFIG_INVALID', `The pg-boss schema name "${this.schema}" must be lower-case letters, digits and underscores.`);
  }

  /** pg-boss, started once (its schema created or migrated). Rejects with the database's error when it cannot connect, and after `stop`. */
  started(): Promise<PgBoss> {
    if (this.stopped) return Promise.reject(new AppError('INTERNAL', 'The batch row queue was stopped.'));
    this.boss ??= (async () => {
      // Loaded on first use: an instance on SQLite never loads pg-boss.
      const { default: PgBossClass } = await import('pg-boss');
      const boss = new PgBossClass({
        connectionString: this.options.url,
        schema: this.schema,
        max: this.options.connections ?? 3,
        application_name: 'plainly-batch-queue',
        // Expired claims are failed (and so retried) by maintenance: every half lease.
        supervise: true,
        maintenanceIntervalSeconds: Math.max(1, Math.floor(this.leaseSeconds / 2)),
        schedule: false,
        migrate: true,
      });
      // An EventEmitter with no 'error' listener would throw; maintenance errors are retried on the next interval.
      boss.on('error', (error) => this.options.onError?.(error));
      await boss.start();
      return boss;
    })();
    this.boss.catch(() => {
      this.boss = undefined; // the next use tries again (the database was down)
    });
    return this.boss;
  }

  /*
   * pg-boss 10 has no heartbeat and no "complete if still mine", so these two statements work on
   * its job table (pg-boss is pinned to an exact version; tests/batch/pg-queue.test.ts checks
   * both). A claim is a job id with the retry count it was fetched with: a job that ran out and
   * was fetched again by another instance keeps its id but counts one more retry.
   */

  /** Renews claims (moves an active job's start on). Returns how many were still this claim's. */
  async renew(name: string, claims: readonly Claim[]): Promise<number> {
    if (claims.length === 0) return 0;
    const boss = await this.started();
    const { rows } = await boss.getDb().executeSql(
      `WITH renewed AS (UPDATE ${this.schema}.job j SET started_on = now() FROM unnest($2::uuid[], $3::int[]) AS c(id, retry_count)
         WHERE j.name = $1 AND j.id = c.id AND j.retry_count = c.retry_count AND j.state = 'active' RETURNING 1)
       SELECT count(*)::int AS count FROM renewed`,
      [name, claims.map((c) => c.id), claims.map((c) => c.retryCount)],
    );
    return Number((rows[0] as { count: number } | undefined)?.count ?? 0);
  }

  /** Completes jobs that are still these claims (one taken over by another instance is left to it). */
  async complete(name: string, claims: readonly Claim[]): Promise<void> {
    if (claims.length === 0) return;
    const boss = await this.started();
    await boss.getDb().executeSql(
      `UPDATE ${this.schema}.job j SET state = 'completed', completed_on = now() FROM unnest($2::uuid[], $3::int[]) AS c(id, retry_count)
       WHERE j.name = $1 AND j.id = c.id AND j.retry_count = c.retry_count AND j.state = 'active'`,
      [name, claims.map((c) => c.id), claims.map((c) => c.retryCount)],
    );
  }

  /** Deletes a batch's queue and its jobs (pg-boss 10's deleteQueue refuses a queue that still has jobs). */
  async drop(name: string): Promise<void> {
    const boss = await this.started();
    await boss.getDb().executeSql(`DELETE FROM ${this.schema}.job WHERE name = $1`, [name]);
    await boss.deleteQueue(name);
  }

  queue(repo: BatchRepository, batchId: string): PgBossRowQueue {
    return new PgBossRowQueue(this, repo, batchId, { leaseSeconds: this.leaseSeconds, retryLimit: this.retryLimit });
  }

  async waiting(): Promise<string[]> {
    const boss = await this.started();
    const queues = (await boss.getQueues()).filter((q) => q.name.startsWith(ROW_QUEUE_PREFIX));
    queues.sort((a, b) => new Date(a.createdOn).getTime() - new Date(b.createdOn).getTime());
    const out: string[] = [];
    for (const q of queues) {
      // Jobs created or to retry (claims that ran out), not those another instance holds.
      if ((await boss.getQueueSize(q.name, { before: 'active' })) > 0) out.push(q.name.slice(ROW_QUEUE_PREFIX.length));
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const boss = await this.boss?.catch(() => undefined);
    this.boss = undefined;
    // Not graceful: jobs this instance holds are not failed at once; they run out, as if it died.
    await boss?.stop({ graceful: false, wait: true, close: true });
  }
}

/** One batch's rows on pg-boss (see the module comment for what it guarantees). */
export class PgBossRowQueue implements RowQueue {
  /** The batch's queue name in pg-boss. */
  readonly name: string;
  /** The job of each row this instance holds and has not finished. */
  private readonly held = new Map<number, Claim>();
  private renewTimer: NodeJS.Timeout | undefined;
  private lost = false;

  constructor(
    private readonly queues: PgBossRowQueues,
    private readonly repo: BatchRepository,
    private readonly batchId: string,
    private readonly options: { leaseSeconds: number; retryLimit: number },
  ) {
    this.name = `${ROW_QUEUE_PREFIX}${batchId}`;
  }

  /**
   * Stores every row to render as `pending` and puts a job for it on the batch's queue, 500 at a
   * time (rows first: a job never names a row that is not stored). A check that starts again
   * (its instance stopped half-way; the stored rows were cleared) starts from an empty queue.
   */
  async enqueue(rows: AsyncIterable<ValidRow>): Promise<void> {
    const boss = await this.queues.started();
    await this.queues.drop(this.name);
    await boss.createQueue(this.name, { name: this.name, retryLimit: this.options.retryLimit, retryDelay: 0, expireInSeconds: this.options.leaseSeconds });
    let chunk: ValidRow[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await this.repo.addRows(
        this.batchId,
        chunk.map((row) => ({ row: row.row, reference: row.reference, status: 'pending' as const, data: row.data })),
      );
      await boss.insert(chunk.map((row) => ({ name: this.name, data: { row: row.row }, priority: -row.row })));
      chunk = [];
    };
    for await (const row of rows) {
      chunk.push(row);
      if (chunk.length >= ENQUEUE_CHUNK) await flush();
    }
    await flush();
  }

  /**
   * Up to `max` rows claimed from the batch's queue (SKIP LOCKED), in row order, with their data
   * from the store. Rows whose outcome is already stored are not returned (their jobs are
   * completed). Empty when no job is left to claim; the queue is deleted once no job is left at
   * all (every row finished).
   */
  async claim(max: number): Promise<ValidRow[]> {
    const boss = await this.queues.started();
    for (;;) {
      const jobs = await boss.fetch<{ row: number }>(this.name, { batchSize: max, includeMetadata: true });
      if (jobs.length === 0) {
        if ((await boss.getQueueSize(this.name, { before: 'completed' })) === 0 && (await this.repo.counts(this.batchId)).pending === 0) {
          await this.queues.drop(this.name);
        }
        return [];
      }
      const byRow = new Map(jobs.map((job) => [job.data.row, { id: job.id, retryCount: job.retryCount }]));
      const rows = await this.repo.pendingRows(this.batchId, [...byRow.keys()]);
      const pending = new Set(rows.map((row) => row.row));
      // Their outcome is stored (an instance died before completing their jobs): never again.
      await this.queues.complete(
        this.name,
        [...byRow].filter(([row]) => !pending.has(row)).map(([, claim]) => claim),
      );
      if (rows.length === 0) continue; // every one of them was finished already: claim on
      for (const row of rows) this.held.set(row.row, byRow.get(row.row)!);
      this.startRenewing();
      return rows.map((row) => ({ row: row.row, reference: row.reference ?? undefined, data: row.data as Record<string, unknown> }));
    }
  }

  /** The row's outcome is stored: its job is completed, and never handed out again. */
  async done(row: number): Promise<void> {
    const claim = this.held.get(row);
    if (claim === undefined) return;
    this.held.delete(row);
    if (this.held.size === 0) this.stopRenewing();
    await this.queues.complete(this.name, [claim]);
  }

  /** Renews this instance's claims; false once one of them ran out and may be with another instance. */
  async heartbeat(): Promise<boolean> {
    if (this.lost) {
      this.stopRenewing();
      return false;
    }
    const claims = [...this.held.values()];
    if (claims.length === 0) return true;
    if ((await this.queues.renew(this.name, claims)) < claims.length) this.lost = true;
    return !this.lost;
  }

  /** While rows are held, claims are renewed every third of the lease (rows being rendered are not claimed again). */
  private startRenewing(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => void this.heartbeat().catch(() => undefined), Math.max(500, (this.options.leaseSeconds * 1000) / 3));
    this.renewTimer.unref();
  }

  private stopRenewing(): void {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }
}

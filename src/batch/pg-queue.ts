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
 * - **claimed by one instance at a time**: a fetched job is `active` while its pg-boss heartbeat
 *   is fresh (`heartbeatSeconds`, the lease), kept fresh with `touch` while the instance is alive
 *   (`heartbeat`, and a timer while it holds rows);
 * - **an instance that died**: its jobs' heartbeats go stale, pg-boss's monitor fails them and
 *   they come back as `retry`, so another instance claims them: no row is left pending for ever;
 * - **a row that is never made**: a job that ran out more than `retryLimit` times (every instance
 *   that took it stopped: a letter that takes the process down) goes to the batch's dead letter
 *   queue (`plainly-given-up-<batch id>`); the next claim that finds nothing else to do settles its
 *   row as held back ("could not be made after N attempts"), so the batch still finishes;
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
import type { PgBoss } from 'pg-boss';
import { AppError } from '../core/index.js';
import type { BatchRepository } from '../store/batches.js';
import type { RowQueue } from './engine.js';
import type { ValidRow } from './validate.js';

/**
 * A row's job as this instance fetched it: its id and the attempt (pg-boss's `JobAttempt`). A job
 * that ran out and was fetched again by another instance keeps its id but counts one more retry,
 * so pg-boss's `touch` and `complete` given a claim leave the other instance's attempt alone.
 */
interface Claim {
  id: string;
  retryCount: number;
}

/** The pg-boss queue of a batch's rows. */
export const ROW_QUEUE_PREFIX = 'plainly-rows-';

/** The pg-boss queue of a batch's rows given up (their jobs ran out more than the retry limit). */
export const GIVEN_UP_QUEUE_PREFIX = 'plainly-given-up-';

/** The lease's bounds: pg-boss 12 takes a heartbeat of 10 seconds at least. */
const MIN_LEASE_SECONDS = 10;
const MAX_LEASE_SECONDS = 3600;

/**
 * How long one claim may last at most, heartbeat or not (pg-boss's expiry, from the claim's start):
 * an instance alive but stuck in one letter gives its rows back after this.
 */
const MIN_EXPIRY_SECONDS = 15 * 60;

/**
 * Why a row was given up: the held-back reason in the manifest and the batch's status. Neither the
 * row's data nor an error's text (they may hold personal data).
 */
export function givenUpReason(attempts: number): string {
  return `This letter could not be made after ${attempts} attempts: each time, the instance making it stopped before it was done. Send this row again in a new batch, and report it if it happens again`;
}

/** Rows stored and jobs sent at once while a batch is checked. */
const ENQUEUE_CHUNK = 500;

/** The queues of every batch's rows, shared by the instances on one PostgreSQL database. */
export interface SharedRowQueues {
  /** The queue of one batch's rows (rows stored with the batch through `repo`). */
  queue(repo: BatchRepository, batchId: string): RowQueue;
  /** Batches with rows waiting to be claimed by any instance (or given up, to be held back by a claim), oldest queue first. */
  waiting(): Promise<string[]>;
  /** Stops the queue's connections and timers (claims held are left to expire). */
  stop(): Promise<void>;
}

/** Options for the PostgreSQL queues. */
export interface PgRowQueuesOptions {
  /** The PostgreSQL database (PLAINLY_DATABASE_URL). */
  url: string;
  /**
   * How long a claim on a row lasts without renewal, in seconds (default 30, at least 10,
   * `PLAINLY_BATCH_ROW_LEASE_SECONDS`): a row held by an instance that died is claimed again
   * about this long (plus up to half of it, the monitor interval) after it died.
   */
  leaseSeconds?: number;
  /** How many times a row may be claimed again after its claim ran out (default 10); then it is given up. */
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
  if (!Number.isInteger(raw) || raw < MIN_LEASE_SECONDS || raw > MAX_LEASE_SECONDS) {
    throw new AppError('CONFIG_INVALID', `PLAINLY_BATCH_ROW_LEASE_SECONDS must be a whole number of seconds from ${MIN_LEASE_SECONDS} to ${MAX_LEASE_SECONDS} (got ${String(raw)}).`);
  }
  return raw;
}

/** Jobs of one queue not finished yet: waiting to be claimed (`created`, `retry`) and claimed (`active`). */
interface JobCounts {
  queued: number;
  active: number;
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

  /** @throws AppError CONFIG_INVALID for a lease that is not a whole number of seconds from 10 to 3600. */
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
      const { PgBoss: PgBossClass } = await import('pg-boss');
      // Stale heartbeats (and expired claims) are failed, and so retried, by the monitor: every half lease.
      const interval = Math.max(1, Math.floor(this.leaseSeconds / 2));
      const boss = new PgBossClass({
        connectionString: this.options.url,
        schema: this.schema,
        max: this.options.connections ?? 3,
        application_name: 'plainly-batch-queue',
        supervise: true,
        superviseIntervalSeconds: interval,
        monitorIntervalSeconds: interval,
        schedule: false,
        migrate: true,
      });
      // An EventEmitter with no 'error' listener would throw; maintenance errors are retried on the next interval.
      boss.on('error', (error: unknown) => this.options.onError?.(error));
      try {
        await boss.start();
      } catch (error) {
        await boss.stop({ graceful: false, close: true }).catch(() => undefined);
        throw olderSchemaError(error, this.schema) ?? error;
      }
      return boss;
    })();
    this.boss.catch(() => {
      this.boss = undefined; // the next use tries again (the database was down)
    });
    return this.boss;
  }

  /*
   * Claims are renewed and completed through pg-boss's own `touch` and `complete` given the
   * attempts fetched ({ id, retryCount }): pg-boss then changes a job only while that attempt is
   * still the active one, so an instance whose claim ran out never renews or completes the
   * attempt another instance now holds.
   */

  /** Renews claims (their heartbeat). Returns how many were still this instance's. */
  async renew(name: string, claims: readonly Claim[]): Promise<number> {
    if (claims.length === 0) return 0;
    const boss = await this.started();
    return affected(await boss.touch(name, claims.map(attemptOf)));
  }

  /** Completes jobs that are still these claims (one taken over by another instance is left to it). */
  async complete(name: string, claims: readonly Claim[]): Promise<void> {
    if (claims.length === 0) return;
    const boss = await this.started();
    await boss.complete(name, claims.map(attemptOf));
  }

  /**
   * How many jobs of each queue are waiting and claimed. pg-boss 12 has no live count (its
   * queue counts are the monitor's, up to a pass old), so this reads its job table (pg-boss is
   * pinned to an exact version; tests/batch/pg-queue.test.ts checks what depends on it).
   */
  async counts(names: readonly string[]): Promise<Map<string, JobCounts>> {
    const out = new Map<string, JobCounts>(names.map((name) => [name, { queued: 0, active: 0 }]));
    if (names.length === 0) return out;
    const boss = await this.started();
    const { rows } = await boss.getDb().executeSql(
      `SELECT name, count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued, count(*) FILTER (WHERE state = 'active')::int AS active
       FROM ${this.schema}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active') GROUP BY name`,
      [[...names]],
    );
    for (const row of rows as Array<{ name: string; queued: number; active: number }>) out.set(row.name, { queued: Number(row.queued), active: Number(row.active) });
    return out;
  }

  /** Deletes a batch's queues and their jobs (the rows' queue first: it names the other as its dead letter queue). */
  async drop(name: string, givenUp: string): Promise<void> {
    const boss = await this.started();
    await boss.deleteQueue(name);
    await boss.deleteQueue(givenUp);
  }

  queue(repo: BatchRepository, batchId: string): PgBossRowQueue {
    return new PgBossRowQueue(this, repo, batchId, { leaseSeconds: this.leaseSeconds, retryLimit: this.retryLimit });
  }

  async waiting(): Promise<string[]> {
    const boss = await this.started();
    const queues = (await boss.getQueues(undefined, { limit: 100_000 })).filter((q) => q.name.startsWith(ROW_QUEUE_PREFIX) || q.name.startsWith(GIVEN_UP_QUEUE_PREFIX));
    queues.sort((a, b) => new Date(a.createdOn).getTime() - new Date(b.createdOn).getTime());
    const counts = await this.counts(queues.map((q) => q.name));
    const out = new Set<string>();
    for (const q of queues) {
      // Jobs created or to retry (claims that ran out), not those another instance holds; or rows
      // given up, which a claim settles so that the batch finishes.
      if ((counts.get(q.name)?.queued ?? 0) === 0) continue;
      out.add(q.name.startsWith(ROW_QUEUE_PREFIX) ? q.name.slice(ROW_QUEUE_PREFIX.length) : q.name.slice(GIVEN_UP_QUEUE_PREFIX.length));
    }
    return [...out];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const boss = await this.boss?.catch(() => undefined);
    this.boss = undefined;
    // Not graceful: jobs this instance holds are not failed at once; they run out, as if it died.
    await boss?.stop({ graceful: false, close: true });
  }
}

/**
 * The schema pg-boss 10 made (Plainly before pg-boss 12: schema version 24) cannot be migrated
 * by pg-boss 12, which starts from version 25. It holds only the jobs of batches in progress
 * (their row numbers), so an operator drops it and pg-boss makes it again: say so, rather than
 * pg-boss's advice to upgrade through an older pg-boss release. Undefined for any other error.
 */
export function olderSchemaError(error: unknown, schema: string): AppError | undefined {
  const match = /Cannot migrate pg-boss schema from version (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return undefined;
  return new AppError(
    'CONFIG_INVALID',
    `The batch row queue's tables in PostgreSQL (schema "${schema}", pg-boss schema version ${match[1]}) were made by an older Plainly, and this one cannot upgrade them. They hold only the rows of batches in progress: let those finish, stop every instance, run "DROP SCHEMA ${schema} CASCADE" on the database and start again (docs/deploy.md, "Upgrades and migrations").`,
  );
}

/** pg-boss's `JobAttempt` for a claim. */
function attemptOf(claim: Claim): { id: string; retryCount: number } {
  return { id: claim.id, retryCount: claim.retryCount };
}

/** How many jobs a pg-boss command changed (its response's `affected`; the type does not name it). */
function affected(response: unknown): number {
  return Number((response as { affected?: number } | undefined)?.affected ?? 0);
}

/** One batch's rows on pg-boss (see the module comment for what it guarantees). */
export class PgBossRowQueue implements RowQueue {
  /** The batch's queue name in pg-boss. */
  readonly name: string;
  /** The batch's dead letter queue: rows whose jobs ran out more than the retry limit. */
  readonly givenUpName: string;
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
    this.givenUpName = `${GIVEN_UP_QUEUE_PREFIX}${batchId}`;
  }

  /**
   * Stores every row to render as `pending` and puts a job for it on the batch's queue, 500 at a
   * time (rows first: a job never names a row that is not stored). A check that starts again
   * (its instance stopped half-way; the stored rows were cleared) starts from an empty queue.
   */
  async enqueue(rows: AsyncIterable<ValidRow>): Promise<void> {
    const boss = await this.queues.started();
    await this.queues.drop(this.name, this.givenUpName);
    await boss.createQueue(this.givenUpName);
    await boss.createQueue(this.name, {
      retryLimit: this.options.retryLimit,
      retryDelay: 0,
      // The lease: a claim whose heartbeat is older than this is taken back (the instance died or stalled).
      heartbeatSeconds: this.options.leaseSeconds,
      expireInSeconds: Math.max(MIN_EXPIRY_SECONDS, 2 * this.options.leaseSeconds),
      deadLetter: this.givenUpName,
    });
    let chunk: ValidRow[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await this.repo.addRows(
        this.batchId,
        chunk.map((row) => ({ row: row.row, reference: row.reference, status: 'pending' as const, data: row.data })),
      );
      await boss.insert(this.name, chunk.map((row) => ({ data: { row: row.row }, priority: -row.row })));
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
   * completed). Empty when no job is left to claim: rows given up meanwhile are then settled as
   * held back, and the queues are deleted once no job is left at all (every row finished).
   */
  async claim(max: number): Promise<ValidRow[]> {
    const boss = await this.queues.started();
    for (;;) {
      const jobs = await boss.fetch<{ row: number }>(this.name, { batchSize: max });
      if (jobs.length === 0) {
        await this.settleGivenUp();
        const counts = (await this.queues.counts([this.name])).get(this.name);
        if (counts && counts.queued + counts.active === 0 && (await this.repo.counts(this.batchId)).pending === 0) {
          await this.queues.drop(this.name, this.givenUpName);
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

  /**
   * Rows whose jobs ran out more than the retry limit (pg-boss moved them to the dead letter
   * queue) are held back with the reason, so the batch finishes without them. A row whose outcome
   * was stored after all is left as it is (`finishRow` changes pending rows only).
   */
  private async settleGivenUp(): Promise<void> {
    const boss = await this.queues.started();
    for (;;) {
      const jobs = await boss.fetch<{ row: number }>(this.givenUpName, { batchSize: ENQUEUE_CHUNK, includeMetadata: true });
      if (jobs.length === 0) return;
      for (const job of jobs) {
        // Its attempts: the first claim and each retry of the job given up (whatever this instance's retry limit).
        const attempts = (job.sourceRetryCount ?? this.options.retryLimit) + 1;
        // An empty list of findings: held back for a reason that is no wording problem, so nothing
        // is counted as "not listed" in held-back.csv either.
        await this.repo.finishRow(this.batchId, job.data.row, { status: 'held', reason: givenUpReason(attempts), detail: [] });
      }
      await boss.complete(this.givenUpName, jobs.map((job) => ({ id: job.id, retryCount: job.retryCount })));
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

/**
 * Rate-limit counters shared by every process on one data directory (node:cluster workers,
 * or several `plainly serve` on one store), so a token's limit is the setting, not the
 * setting times the number of processes.
 *
 * One token bucket per key, in its own small SQLite file (`rate-limits.sqlite`) next to the
 * store, because the counters need none of the store's guarantees and the store needs none of
 * their traffic: a take is a write on every request, so it runs with `synchronous=OFF` (no
 * fsync; a crash may forget a few seconds of counts, which only makes the limit briefly
 * looser) and never waits behind, or holds up, the store's write lock.
 *
 * Hand-written SQL through one prepared better-sqlite3 statement rather than Kysely: the take
 * is on the hot path of every request, and `npm run bench:http` measures Kysely's per-query
 * overhead (it builds and prepares the statement each time) at about four times the
 * statement's own cost. The bucket arithmetic is one upsert, so it is atomic across processes
 * without a transaction.
 *
 * The same file holds the leases of requests in flight (`acquire`/`release`), for the limit on
 * expensive requests running at once per caller: one insert that counts and claims in the same
 * statement (a write statement holds SQLite's write lock from its first step, so two processes
 * cannot both see a free place). A lease names its process, so the leases of a worker that
 * died are given back the next time someone is refused (rather than holding a place for ever).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../core/index.js';

/** Where the counters live inside the data directory. */
export function rateLimitFile(dataDir: string): string {
  return path.join(dataDir, 'rate-limits.sqlite');
}

/** The outcome of taking one request from a bucket. */
export interface BucketTake {
  allowed: boolean;
  /** Tokens left after this take (a fraction while the bucket refills). */
  tokens: number;
}

/**
 * The counters every process sharing a store draws from: token buckets and the places of
 * requests in flight. The SQLite store's (`RateCounters`) answer at once, synchronously (the
 * hot path of every request stays a prepared statement); the PostgreSQL store's
 * (`PgRateCounters`, src/store/pg-counters.ts) answer with a promise. Callers `await` either.
 */
export interface SharedCounters {
  /** See `RateCounters.take`. */
  take(key: string, perMinute: number, nowMs: number, cost?: number): BucketTake | Promise<BucketTake>;
  /** See `RateCounters.acquire`. */
  acquire(key: string, limit: number, nowMs: number): string | undefined | Promise<string | undefined>;
  /** See `RateCounters.release`. */
  release(leaseId: string): void | Promise<void>;
  /** See `RateCounters.inFlight`. */
  inFlight(key: string, nowMs: number): number | Promise<number>;
  /** See `RateCounters.sweep`. */
  sweep(nowMs: number): number | Promise<number>;
  /** Stops using the counters (gives back this process's places). */
  close(): void | Promise<void>;
}

// SQLite evaluates every SET expression against the row as it was, so `refilled` is the same
// in all three; `max(0, ...)` and `max(updated_ms, ...)` keep a clock that steps back (another
// process's) from adding or removing tokens.
const REFILLED = 'min(@cap, tokens + max(0, @now - updated_ms) * @perMs)';
const TAKE = `
  insert into rate_buckets (key, tokens, updated_ms, allowed) values (@key, @cap - @cost, @now, 1)
  on conflict (key) do update set
    tokens = case when ${REFILLED} >= @cost then ${REFILLED} - @cost else ${REFILLED} end,
    allowed = ${REFILLED} >= @cost,
    updated_ms = max(updated_ms, @now)
  returning tokens, allowed`;

// Counts the key's live leases and claims one only when there is room, in one statement.
const ACQUIRE = `
  insert into inflight (id, key, pid, started_ms)
  select @id, @key, @pid, @now
  where (select count(*) from inflight where key = @key and started_ms > @stale) < @limit`;

/**
 * A lease older than this no longer counts (and is swept): no request runs this long (the
 * server's request timeout is 2 minutes), so it is one whose release was lost.
 */
export const LEASE_MAX_MS = 10 * 60_000;

/** True when a process with this id is running (on this machine, where the file is). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Token buckets in a SQLite file shared by every process on the data directory. */
export class RateCounters implements SharedCounters {
  private readonly takeStatement: BetterSqlite3.Statement;
  private readonly sweepStatement: BetterSqlite3.Statement;
  private readonly acquireStatement: BetterSqlite3.Statement;
  private readonly releaseStatement: BetterSqlite3.Statement;
  private readonly holdersStatement: BetterSqlite3.Statement;
  private readonly forgetProcessStatement: BetterSqlite3.Statement;
  private readonly sweepLeasesStatement: BetterSqlite3.Statement;
  private readonly countStatement: BetterSqlite3.Statement;

  private constructor(private readonly raw: BetterSqlite3.Database) {
    this.takeStatement = raw.prepare(TAKE);
    this.sweepStatement = raw.prepare('delete from rate_buckets where updated_ms < ?');
    this.acquireStatement = raw.prepare(ACQUIRE);
    this.releaseStatement = raw.prepare('delete from inflight where id = ?');
    this.holdersStatement = raw.prepare('select distinct pid from inflight where key = ?').pluck();
    this.forgetProcessStatement = raw.prepare('delete from inflight where pid = ?');
    this.sweepLeasesStatement = raw.prepare('delete from inflight where started_ms <= ?');
    this.countStatement = raw.prepare('select count(*) from inflight where key = ? and started_ms > ?').pluck();
  }

  /**
   * Opens (creating if needed) the counters file under `dataDir`.
   * @throws AppError CONFIG_INVALID when the file cannot be opened.
   */
  static open(dataDir: string): RateCounters {
    const file = rateLimitFile(dataDir);
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      const raw = new BetterSqlite3(file, { timeout: 5_000 });
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = OFF');
      raw.exec('create table if not exists rate_buckets (key text primary key, tokens real not null, updated_ms integer not null, allowed integer not null) without rowid');
      raw.exec('create table if not exists inflight (id text primary key, key text not null, pid integer not null, started_ms integer not null)');
      raw.exec('create index if not exists inflight_key on inflight (key)');
      return new RateCounters(raw);
    } catch (error) {
      throw new AppError('CONFIG_INVALID', `The rate-limit counters ${file} cannot be used (PLAINLY_DATA_DIR): ${(error as Error).message}`);
    }
  }

  /**
   * Takes `cost` (default 1) from `key`'s bucket: `perMinute` a minute on average, bursts up
   * to `perMinute`. A new key starts full. Nothing is taken when there is not enough.
   */
  take(key: string, perMinute: number, nowMs: number, cost = 1): BucketTake {
    const row = this.takeStatement.get({ key, cap: perMinute, now: nowMs, perMs: perMinute / 60_000, cost }) as { tokens: number; allowed: number };
    return { allowed: row.allowed === 1, tokens: row.tokens };
  }

  /**
   * Claims one of `limit` places for `key` (a request in flight), for every process on the
   * data directory. Returns the lease's id, to give to `release`, or undefined when all
   * `limit` places are taken by live requests.
   */
  acquire(key: string, limit: number, nowMs: number): string | undefined {
    const id = randomUUID();
    const claim = () => this.acquireStatement.run({ id, key, pid: process.pid, now: nowMs, stale: nowMs - LEASE_MAX_MS, limit }).changes === 1;
    if (claim()) return id;
    // Full: give back the places of processes that died holding them, then try once more.
    let freed = false;
    for (const pid of this.holdersStatement.all(key) as number[]) {
      if (!processAlive(pid)) freed = this.forgetProcessStatement.run(pid).changes > 0 || freed;
    }
    return freed && claim() ? id : undefined;
  }

  /** Gives a place back (idempotent). */
  release(leaseId: string): void {
    this.releaseStatement.run(leaseId);
  }

  /** How many requests `key` has in flight (live leases). */
  inFlight(key: string, nowMs: number): number {
    return this.countStatement.get(key, nowMs - LEASE_MAX_MS) as number;
  }

  /**
   * Forgets buckets nobody has used for a minute: every bucket refills completely within a
   * minute, so a missing row (which starts full) means the same. Also drops leases too old to
   * count. Returns how many buckets.
   */
  sweep(nowMs: number): number {
    this.sweepLeasesStatement.run(nowMs - LEASE_MAX_MS);
    return this.sweepStatement.run(nowMs - 60_000).changes;
  }

  /** Closes the file. */
  close(): void {
    if (this.raw.open) this.raw.close();
  }
}

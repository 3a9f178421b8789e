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
 */
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

// SQLite evaluates every SET expression against the row as it was, so `refilled` is the same
// in all three; `max(0, ...)` and `max(updated_ms, ...)` keep a clock that steps back (another
// process's) from adding or removing tokens.
const REFILLED = 'min(@cap, tokens + max(0, @now - updated_ms) * @perMs)';
const TAKE = `
  insert into rate_buckets (key, tokens, updated_ms, allowed) values (@key, @cap - 1, @now, 1)
  on conflict (key) do update set
    tokens = case when ${REFILLED} >= 1 then ${REFILLED} - 1 else ${REFILLED} end,
    allowed = ${REFILLED} >= 1,
    updated_ms = max(updated_ms, @now)
  returning tokens, allowed`;

/** Token buckets in a SQLite file shared by every process on the data directory. */
export class RateCounters {
  private readonly takeStatement: BetterSqlite3.Statement;
  private readonly sweepStatement: BetterSqlite3.Statement;

  private constructor(private readonly raw: BetterSqlite3.Database) {
    this.takeStatement = raw.prepare(TAKE);
    this.sweepStatement = raw.prepare('delete from rate_buckets where updated_ms < ?');
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
      return new RateCounters(raw);
    } catch (error) {
      throw new AppError('CONFIG_INVALID', `The rate-limit counters ${file} cannot be used (PLAINLY_DATA_DIR): ${(error as Error).message}`);
    }
  }

  /**
   * Takes one request from `key`'s bucket: `perMinute` a minute on average, bursts up to
   * `perMinute`. A new key starts full.
   */
  take(key: string, perMinute: number, nowMs: number): BucketTake {
    const row = this.takeStatement.get({ key, cap: perMinute, now: nowMs, perMs: perMinute / 60_000 }) as { tokens: number; allowed: number };
    return { allowed: row.allowed === 1, tokens: row.tokens };
  }

  /**
   * Forgets buckets nobody has used for a minute: every bucket refills completely within a
   * minute, so a missing row (which starts full) means the same. Returns how many.
   */
  sweep(nowMs: number): number {
    return this.sweepStatement.run(nowMs - 60_000).changes;
  }

  /** Closes the file. */
  close(): void {
    if (this.raw.open) this.raw.close();
  }
}

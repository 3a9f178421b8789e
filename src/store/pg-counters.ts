/**
 * The shared counters (token buckets and places of requests in flight, see rate-limits.ts) on
 * PostgreSQL, for instances on several machines sharing one database. Tables from migration
 * 005 (unlogged). Hand-written SQL on pg's pool rather than Kysely, as on SQLite: a take runs
 * on every request, and named statements are prepared once per connection.
 *
 * A place in flight names the instance holding it. Each instance notes it is alive every
 * `HEARTBEAT_MS`; when a caller is refused, the places of instances not seen for
 * `INSTANCE_GONE_MS` (killed, or their machine lost) are given back, so a lost instance holds
 * nobody's places for longer than that.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type BucketTake, LEASE_MAX_MS, type SharedCounters } from './rate-limits.js';

/** How often an instance notes that it is alive. */
export const HEARTBEAT_MS = 10_000;
/** An instance not seen for this long is gone, and its places are free. */
export const INSTANCE_GONE_MS = 30_000;

// The same arithmetic as the SQLite statement: PostgreSQL evaluates every SET expression against
// the row as it was; greatest/least keep a clock that steps back from adding or removing tokens.
const REFILLED = 'least($2::float8, b.tokens + greatest(0, $3::bigint - b.updated_ms) * $4::float8)';
const TAKE = `
  insert into rate_buckets as b (key, tokens, updated_ms, allowed) values ($1, $2::float8 - $5::float8, $3::bigint, true)
  on conflict (key) do update set
    tokens = case when ${REFILLED} >= $5::float8 then ${REFILLED} - $5::float8 else ${REFILLED} end,
    allowed = ${REFILLED} >= $5::float8,
    updated_ms = greatest(b.updated_ms, $3::bigint)
  returning tokens, allowed`;

/** Token buckets and places in flight in a PostgreSQL database shared by every instance. */
export class PgRateCounters implements SharedCounters {
  /** This process's name on its places. */
  readonly owner = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => number = () => Date.now(),
  ) {
    const beat = () => {
      this.beat().catch(() => undefined);
    };
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    await this.pool.query({
      name: 'plainly-instance-beat',
      text: 'insert into instances (id, seen_ms) values ($1, $2) on conflict (id) do update set seen_ms = excluded.seen_ms',
      values: [this.owner, this.clock()],
    });
  }

  /** See `RateCounters.take`. */
  async take(key: string, perMinute: number, nowMs: number, cost = 1): Promise<BucketTake> {
    const { rows } = await this.pool.query<{ tokens: number; allowed: boolean }>({
      name: 'plainly-rate-take',
      text: TAKE,
      values: [key, perMinute, Math.round(nowMs), perMinute / 60_000, cost],
    });
    return { allowed: rows[0].allowed, tokens: Number(rows[0].tokens) };
  }

  /**
   * See `RateCounters.acquire`. The count and the claim run under a lock on the key (a
   * transaction-scoped advisory lock), so two instances cannot both see the last free place.
   */
  async acquire(key: string, limit: number, nowMs: number): Promise<string | undefined> {
    const id = randomUUID();
    const client = await this.pool.connect();
    try {
      const claim = async () => {
        await client.query('begin');
        try {
          await client.query("select pg_advisory_xact_lock(hashtextextended('plainly:inflight:' || $1, 0))", [key]);
          const { rowCount } = await client.query(
            `insert into inflight (id, key, owner, started_ms)
             select $1, $2, $3, $4::bigint
             where (select count(*) from inflight where key = $2 and started_ms > $5::bigint) < $6::int`,
            [id, key, this.owner, Math.round(nowMs), Math.round(nowMs - LEASE_MAX_MS), limit],
          );
          await client.query('commit');
          return rowCount === 1;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        }
      };
      if (await claim()) return id;
      // Full: give back the places of instances that are gone, then try once more.
      const { rowCount } = await client.query(
        `delete from inflight where key = $1 and owner <> $2
           and not exists (select 1 from instances i where i.id = inflight.owner and i.seen_ms > $3::bigint)`,
        [key, this.owner, Math.round(this.clock() - INSTANCE_GONE_MS)],
      );
      return (rowCount ?? 0) > 0 && (await claim()) ? id : undefined;
    } finally {
      client.release();
    }
  }

  /** See `RateCounters.release`. */
  async release(leaseId: string): Promise<void> {
    await this.pool.query({ name: 'plainly-inflight-release', text: 'delete from inflight where id = $1', values: [leaseId] });
  }

  /** See `RateCounters.inFlight`. */
  async inFlight(key: string, nowMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('select count(*) as n from inflight where key = $1 and started_ms > $2::bigint', [key, Math.round(nowMs - LEASE_MAX_MS)]);
    return Number(rows[0].n);
  }

  /** See `RateCounters.sweep`; also forgets instances gone for a day. */
  async sweep(nowMs: number): Promise<number> {
    await this.pool.query('delete from inflight where started_ms <= $1::bigint', [Math.round(nowMs - LEASE_MAX_MS)]);
    await this.pool.query('delete from instances where seen_ms < $1::bigint', [Math.round(this.clock() - 86_400_000)]);
    const { rowCount } = await this.pool.query('delete from rate_buckets where updated_ms < $1::bigint', [Math.round(nowMs - 60_000)]);
    return rowCount ?? 0;
  }

  /** Stops the heartbeat and gives back this instance's places (the pool is the store's to close). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.pool.query('delete from inflight where owner = $1', [this.owner]).catch(() => undefined);
    await this.pool.query('delete from instances where id = $1', [this.owner]).catch(() => undefined);
  }
}

/**
 * The rate-limit buckets, the places of expensive requests in flight, and the instances that
 * hold them, in the database itself when it is PostgreSQL (issue 17): instances on several
 * machines share one database, so this is where their limits meet. UNLOGGED: the counters
 * need none of the store's guarantees (a crash may forget a few seconds of counts, which only
 * makes a limit briefly looser), and unlogged writes skip the write-ahead log.
 *
 * On SQLite this migration does nothing: the same counters live in their own small file next
 * to the store (`rate-limits.sqlite`, src/store/rate-limits.ts), so every request's write
 * never waits behind the store's write lock.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../db.js';
import type { StoreMigration } from './index.js';

async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create unlogged table rate_buckets (key text primary key, tokens double precision not null, updated_ms bigint not null, allowed boolean not null)`.execute(db);
  await sql`create index rate_buckets_updated on rate_buckets (updated_ms)`.execute(db);
  await sql`create unlogged table inflight (id text primary key, key text not null, owner text not null, started_ms bigint not null)`.execute(db);
  await sql`create index inflight_key on inflight (key)`.execute(db);
  await sql`create unlogged table instances (id text primary key, seen_ms bigint not null)`.execute(db);
}

/** Migration 005. */
export const sharedCounters: StoreMigration = { name: '005-shared-counters', up };

/** Counters kept in the `meta` table (lexicon version, template revision, first-start marker). */
import { sql } from 'kysely';
import type { Db } from './db.js';

/** Reads a counter (0 when it was never set). */
export async function readCounter(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/**
 * Adds one to a counter inside the caller's transaction; returns the new value. One upsert
 * that reads and writes the row, so two PostgreSQL transactions bumping at once both count
 * (the second waits for the first's row lock) rather than both writing the same number.
 */
export async function bumpCounter(trx: Db, key: string): Promise<number> {
  const row = await trx
    .insertInto('meta')
    .values({ key, value: '1' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`cast(cast(meta.value as integer) + 1 as text)` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Reads a text setting. */
export async function readMeta(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Sets a text setting inside the caller's transaction. */
export async function writeMeta(trx: Db, key: string, value: string): Promise<void> {
  await trx
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Meta keys in use. */
export const META = {
  templatesRevision: 'templates_revision',
  bootstrappedAt: 'bootstrapped_at',
} as const;

/** The one canonical JSON (core/hash.ts); re-exported for the store's callers. */
export { canonicalJson } from '../core/index.js';

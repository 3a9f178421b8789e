/** Counters kept in the `meta` table (lexicon version, template revision, first-start marker). */
import type { Db } from './db.js';

/** Reads a counter (0 when it was never set). */
export async function readCounter(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Adds one to a counter inside the caller's transaction; returns the new value. */
export async function bumpCounter(trx: Db, key: string): Promise<number> {
  const next = (await readCounter(trx, key)) + 1;
  await trx
    .insertInto('meta')
    .values({ key, value: String(next) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(next) }))
    .execute();
  return next;
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

/** JSON with object keys sorted, so equal content always has equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/**
 * Batches of letters from spreadsheets (docs/batch.md): one row per batch, one row per
 * spreadsheet row with what happened to it, so a batch stopped half-way (the process was
 * killed) carries on where it stopped: rows still `pending` are the only ones rendered again.
 */
import type { Kysely } from 'kysely';
import type { StoreMigration } from './index.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('lexicon_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('input_kind', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('idempotency_principal', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_sha256', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('batches_status').on('batches').column('status').execute();
  await db.schema.createIndex('batches_idempotency').on('batches').columns(['idempotency_principal', 'idempotency_key']).unique().execute();

  await db.schema
    .createTable('batch_rows')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('document_id', 'text')
    .addColumn('file', 'text')
    .addColumn('sha256', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('batch_rows_pk', ['batch_id', 'row'])
    .execute();
  await db.schema.createIndex('batch_rows_status').on('batch_rows').columns(['batch_id', 'status', 'row']).execute();
}

/** Migration 002. */
export const batches: StoreMigration = { name: '002-batches', up };

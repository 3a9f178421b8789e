/**
 * Batches count how many times in a row a process claimed them and never gave them back
 * (issue 13): a spreadsheet that takes the process down while it is read would otherwise be
 * claimed again after every restart, and take the service down every time. `attempts` goes up
 * with each claim and back to 0 when the batch makes progress or is given back cleanly; a batch
 * claimed more than PLAINLY_BATCH_MAX_ATTEMPTS times (default 2) without either is failed.

 */
import type { Kysely } from 'kysely';
import type { StoreMigration } from './index.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('batches')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

/** Migration 004. */
export const batchAttempts: StoreMigration = { name: '004-batch-attempts', up };

/**
 * Users can be asked to change their password at their next sign-in: the first start's
 * `admin` user gets a password someone else chose (printed on the console, or set in
 * PLAINLY_BOOTSTRAP_PASSWORD), so the web pages ask for a new one. 0/1 as an integer, so it
 * also runs on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { StoreMigration } from './index.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

/** Migration 003. */
export const userPasswordChange: StoreMigration = { name: '003-user-password-change', up };

/**
 * The ordered list of schema migrations. To change the schema, add a file
 * `NNN-what-it-does.ts` next to this one and append it to `MIGRATIONS` — never edit a
 * migration that has shipped. Names sort in the order they run (Kysely's Migrator checks it).
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { AppError } from '../../core/index.js';
import { initial } from './001-initial.js';
import { batches } from './002-batches.js';
import { userPasswordChange } from './003-user-password-change.js';
import { batchAttempts } from './004-batch-attempts.js';
import { sharedCounters } from './005-shared-counters.js';

/** One schema change, named `NNN-what-it-does`. */
export interface StoreMigration extends Migration {
  name: string;
}

/** Every migration, in the order they run. Append only. */
export const MIGRATIONS: readonly StoreMigration[] = [initial, batches, userPasswordChange, batchAttempts, sharedCounters];

/** Hands Kysely's Migrator the list above (rather than reading a folder at run time). */
class ListMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const result: Record<string, Migration> = {};
    for (const migration of MIGRATIONS) result[migration.name] = migration;
    return result;
  }
}

/**
 * Brings the schema up to date. Run once per store before serving (in cluster mode, by the
 * primary before any worker starts).
 * @throws AppError CONFIG_INVALID when a migration fails (the store is left as it was: each
 *   migration runs in its own transaction).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ListMigrationProvider() });
  let { error, results } = await migrator.migrateToLatest();
  // On SQLite, Kysely's migration lock holds within one process only: two instances starting
  // at once on a new data folder can both decide to run migration 001, and the second fails
  // ("table meta already exists") after the first has committed. Each migration runs in a
  // transaction, so the failed one left nothing behind; asked again, the migrator finds the
  // other process's work done and runs only what is still missing. (PostgreSQL's migrations
  // take an advisory lock, so there the first answer stands.)
  for (let attempt = 1; error && attempt <= 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new AppError(
      'CONFIG_INVALID',
      `The database schema could not be updated${failed ? ` (migration ${failed.migrationName} failed)` : ''}: ${(error as Error).message}`,
    );
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

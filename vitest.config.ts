import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The test files that run a second time on PostgreSQL (issue 17): the store's own tests and
 * the HTTP tests that exercise it most (lexicon workflow, documents, people and sessions,
 * publishing, roles, errors). `.ci/run` runs them with PLAINLY_TEST_DATABASE_URL set, and so
 * can you (`PLAINLY_TEST_DATABASE_URL=postgres://user:pw@127.0.0.1/postgres npm test`; the role
 * needs CREATEDB: every test gets a database of its own, see tests/store/backend.ts).
 */
export const STORE_BACKED_TESTS = [
  'tests/store/**/*.test.ts',
  'tests/http/lexicon.test.ts',
  'tests/http/documents.test.ts',
  'tests/http/people.test.ts',
  'tests/http/publish-and-parsers.test.ts',
  'tests/http/roles.test.ts',
];

/**
 * Tests that need PostgreSQL itself (several instances sharing one database, the pg-boss row
 * queue): they run in the PostgreSQL run only (never skipped: without the URL they are not
 * collected, with it they run).
 */
export const POSTGRES_ONLY_TESTS = ['tests/batch/pg-queue.test.ts', 'tests/batch/multi-instance.test.ts'];

const onPostgres = Boolean(process.env.PLAINLY_TEST_DATABASE_URL?.trim());

export default defineConfig({
  test: {
    include: onPostgres ? [...STORE_BACKED_TESTS, ...POSTGRES_ONLY_TESTS] : ['tests/**/*.test.ts'],
    exclude: onPostgres ? configDefaults.exclude : [...configDefaults.exclude, ...POSTGRES_ONLY_TESTS],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time: on a 2-core machine the default is one, and most files spend their
    // time waiting on Chromium, child processes and sockets rather than on the CPU.
    maxWorkers: 2,
  },
});

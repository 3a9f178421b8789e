/**
 * The PostgreSQL row queue (src/batch/pg-queue.ts) on a real PostgreSQL database of its own
 * (PLAINLY_TEST_DATABASE_URL; vitest.config.ts runs this file only when it is set, as `.ci/run`'s
 * second run does). Each `PgBossRowQueues` here stands for one instance: its own pg-boss and
 * connections on the one database.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { givenUpReason, PgBossRowQueues } from '../../src/batch/pg-queue.js';
import type { ValidRow } from '../../src/batch/validate.js';
import { BatchRepository } from '../../src/store/batches.js';
import type { Store } from '../../src/store/index.js';
import { type TestStoreLocation, createTestStoreLocation } from '../store/backend.js';

let location: TestStoreLocation;
let store: Store;
let repo: BatchRepository;
const instances: PgBossRowQueues[] = [];

/** One more instance on the test's database, with the shortest lease (10 s, pg-boss's shortest heartbeat) so expiry is quick to see. */
function instance(leaseSeconds = 10, retryLimit?: number): PgBossRowQueues {
  const queues = new PgBossRowQueues({ url: location.databaseUrl!, leaseSeconds, retryLimit });
  instances.push(queues);
  return queues;
}

beforeEach(async () => {
  location = await createTestStoreLocation();
  store = await location.open();
  repo = new BatchRepository(store.runtime);
});
afterEach(async () => {
  for (const queues of instances.splice(0)) await queues.stop();
  await store.close();
  await location.dispose();
});

async function newBatch(id: string, rows: number): Promise<void> {
  await repo.create({ id, templateId: 'financial-checkup', templateVersion: 1, lexiconVersion: 1, fileName: 'x.csv', inputKind: 'rows', mapping: {}, actor: { kind: 'user', id: 'u', name: 'u', role: 'finance' }, requestSha256: 'a'.repeat(64) });
  await repo.update(id, { status: 'running', total: rows });
}

async function* rowsOf(count: number, first = 2): AsyncGenerator<ValidRow> {
  for (let i = 0; i < count; i++) yield { row: first + i, reference: `REF-${first + i}`, data: { n: first + i } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims from `queue` every 300 ms until it hands out rows, for up to 30 s. */
async function claimWhenBack(queue: { claim(max: number): Promise<ValidRow[]> }, max: number): Promise<ValidRow[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    const rows = await queue.claim(max);
    if (rows.length > 0 || Date.now() > until) return rows;
    await sleep(300);
  }
}

/**
 * Cuts the claims on a queue's active jobs to one second from their start (as a letter that takes
 * its instance down, or a stopped-the-world pause, would leave them): pg-boss's monitor then takes
 * them back whatever the heartbeats say. pg-boss 12's job table: `expire_seconds` from `started_on`.
 */
async function runOut(queues: PgBossRowQueues, name: string): Promise<void> {
  const boss = await queues.started();
  await boss.getDb().executeSql(`UPDATE pgboss.job SET expire_seconds = 1 WHERE name = $1 AND state = 'active'`, [name]);
}

describe('the PostgreSQL row queue (pg-boss)', () => {
  it('stores the rows pending and hands each to one instance only, in row order within a claim, with its data', async () => {
    await newBatch('b-1', 1200);
    const a = instance();
    const b = instance();
    await a.queue(repo, 'b-1').enqueue(rowsOf(1200));
    expect((await repo.counts('b-1')).pending).toBe(1200);

    const qa = a.queue(repo, 'b-1');
    const qb = b.queue(repo, 'b-1');
    const seen: number[] = [];
    // Both instances claim at the same time until nothing is left.
    await Promise.all(
      [qa, qb].map(async (q) => {
        for (;;) {
          const rows = await q.claim(50);
          if (rows.length === 0) return;
          expect(rows.map((r) => r.row)).toEqual([...rows.map((r) => r.row)].sort((x, y) => x - y));
          for (const row of rows) {
            expect(row.data).toEqual({ n: row.row });
            expect(row.reference).toBe(`REF-${row.row}`);
            seen.push(row.row);
          }
        }
      }),
    );
    expect(seen).toHaveLength(1200);
    expect(new Set(seen).size).toBe(1200);
    // All claimed and none done: nothing is waiting for a third instance either.
    expect(await instance().queue(repo, 'b-1').claim(10)).toEqual([]);
    expect(await a.waiting()).toEqual([]);
  });

  it('lists a batch as waiting while it has rows nobody holds, and the first claim starts at the first row', async () => {
    await newBatch('b-2', 5);
    const a = instance();
    await a.queue(repo, 'b-2').enqueue(rowsOf(5));
    expect(await a.waiting()).toEqual(['b-2']);
    const q = a.queue(repo, 'b-2');
    expect((await q.claim(2)).map((r) => r.row)).toEqual([2, 3]);
    expect(await a.waiting()).toEqual(['b-2']);
    expect((await q.claim(10)).map((r) => r.row)).toEqual([4, 5, 6]);
    expect(await a.waiting()).toEqual([]);
  });

  it('gives the rows of an instance that died to another once their lease ran out, but not while it is alive', async () => {
    await newBatch('b-3', 20);
    const a = instance();
    const b = instance();
    await a.queue(repo, 'b-3').enqueue(rowsOf(20));
    const qa = a.queue(repo, 'b-3');
    const held = await qa.claim(20);
    expect(held).toHaveLength(20);

    // Alive: its claims are renewed (every third of the lease), so after twice the lease they are still its own.
    await sleep(21_000);
    expect(await qa.heartbeat()).toBe(true);
    expect(await b.queue(repo, 'b-3').claim(20)).toEqual([]);

    // It finishes two rows (their outcome is stored and their jobs completed), stores a third
    // without completing its job, then dies.
    for (const row of [2, 3]) {
      await repo.finishRow('b-3', row, { status: 'held', reason: 'test' });
      await qa.done(row);
    }
    await repo.finishRow('b-3', 4, { status: 'held', reason: 'test' });
    await a.stop();

    const qb = b.queue(repo, 'b-3');
    const again = await claimWhenBack(qb, 50);
    // Every row still pending, and only those: row 4 was stored, so it is not made again.
    expect(again.map((r) => r.row)).toEqual(Array.from({ length: 17 }, (_, i) => i + 5));
    expect(await qb.heartbeat()).toBe(true);
  }, 120_000);

  it('says a claim was lost once another instance has the row, and the queue goes once every row is done', async () => {
    await newBatch('b-4', 3);
    const a = instance();
    const b = instance();
    await a.queue(repo, 'b-4').enqueue(rowsOf(3));
    const qa = a.queue(repo, 'b-4');
    expect(await qa.claim(3)).toHaveLength(3);
    // The instance stalls past its lease (as a stopped-the-world pause would).
    await runOut(a, 'plainly-rows-b-4');
    const boss = await a.started();
    const qb = b.queue(repo, 'b-4');
    const taken = await claimWhenBack(qb, 3);
    expect(taken.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(await qa.heartbeat()).toBe(false);
    // The stalled instance finishing its row late does not complete the job the other one now holds.
    await qa.done(2);
    expect(await qb.heartbeat()).toBe(true);

    for (const row of taken) {
      await repo.finishRow('b-4', row.row, { status: 'held', reason: 'test' });
      await qb.done(row.row);
    }
    expect(await qb.claim(3)).toEqual([]);
    expect((await boss.getQueues()).map((q) => q.name)).not.toContain('plainly-rows-b-4');
  }, 60_000);

  it('starts a check again from an empty queue (a check stopped half-way)', async () => {
    await newBatch('b-5', 4);
    const a = instance();
    await a.queue(repo, 'b-5').enqueue(rowsOf(4));
    await repo.clearRows('b-5');
    await a.queue(repo, 'b-5').enqueue(rowsOf(4));
    const q = a.queue(repo, 'b-5');
    expect((await q.claim(100)).map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(await q.claim(100)).toEqual([]);
  });

  it('holds back a row whose claim ran out more than the retry limit, with why, so the batch finishes', async () => {
    await newBatch('b-6', 3);
    const a = instance(10, 1);
    const b = instance(10, 1);
    await a.queue(repo, 'b-6').enqueue(rowsOf(3));
    const qa = a.queue(repo, 'b-6');
    expect((await qa.claim(3)).map((r) => r.row)).toEqual([2, 3, 4]);
    for (const row of [2, 3]) {
      await repo.finishRow('b-6', row, { status: 'held', reason: 'test' });
      await qa.done(row);
    }

    // Row 4's letter takes down the instance making it: its claim runs out, it is claimed again
    // (one retry is allowed here) ...
    await runOut(a, 'plainly-rows-b-6');
    const qb = b.queue(repo, 'b-6');
    expect((await claimWhenBack(qb, 3)).map((r) => r.row)).toEqual([4]);
    expect(await qa.heartbeat()).toBe(false);
    expect((await repo.counts('b-6')).pending).toBe(1);

    // ... and runs out again: it is given up, and the batch waits for an instance to settle it.
    await runOut(b, 'plainly-rows-b-6');
    const until = Date.now() + 30_000;
    while (!(await b.waiting()).includes('b-6') && Date.now() < until) await sleep(300);
    expect(await b.waiting()).toEqual(['b-6']);

    // The next claim finds no row to make, holds row 4 back with why, and the batch's queues go.
    expect(await instance().queue(repo, 'b-6').claim(3)).toEqual([]);
    expect(await repo.counts('b-6')).toEqual({ pending: 0, produced: 0, held: 3, invalid: 0, skipped: 0 });
    const held = await repo.heldWithData('b-6', 10);
    expect(held.map((r) => [r.row, r.reason])).toEqual([
      [2, 'test'],
      [3, 'test'],
      [4, givenUpReason(2)],
    ]);
    expect(held[2].reason).toContain('could not be made after 2 attempts');
    expect(await b.waiting()).toEqual([]);
    const names = (await (await b.started()).getQueues()).map((q) => q.name);
    expect(names).not.toContain('plainly-rows-b-6');
    expect(names).not.toContain('plainly-given-up-b-6');
    // The instance that took it last finishing it late changes nothing.
    await qb.done(4);
    expect((await repo.counts('b-6')).held).toBe(3);
  }, 120_000);

  it('says what to do when the database holds the queue tables of an older Plainly (pg-boss 10), which pg-boss 12 cannot upgrade', async () => {
    const a = instance();
    const boss = await a.started();
    // pg-boss 10.4.2 left its schema at version 24; pg-boss 12 migrates from 25 on.
    await boss.getDb().executeSql('UPDATE pgboss.version SET version = 24');
    await a.stop();
    const b = instance();
    let error: unknown;
    try {
      await b.started();
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain('schema "pgboss", pg-boss schema version 24');
    expect((error as Error).message).toContain('DROP SCHEMA pgboss CASCADE');

    // Done as it says, the queue starts again (pg-boss makes its tables anew).
    const client = new pg.Client({ connectionString: location.databaseUrl! });
    await client.connect();
    try {
      await client.query('DROP SCHEMA pgboss CASCADE');
    } finally {
      await client.end();
    }
    await newBatch('b-7', 1);
    await b.queue(repo, 'b-7').enqueue(rowsOf(1));
    expect((await b.queue(repo, 'b-7').claim(5)).map((r) => r.row)).toEqual([2]);
  });

  it('refuses a lease that is not a whole number of seconds from 10 (pg-boss\'s shortest heartbeat) to 3600', () => {
    for (const leaseSeconds of [0, 1, 1.5, 9, 3601, Number.NaN]) {
      let error: unknown;
      try {
        new PgBossRowQueues({ url: 'postgres://x@127.0.0.1/x', leaseSeconds });
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
    }
    expect(new PgBossRowQueues({ url: 'postgres://x@127.0.0.1/x', leaseSeconds: 10 }).leaseSeconds).toBe(10);
    expect(new PgBossRowQueues({ url: 'postgres://x@127.0.0.1/x', leaseSeconds: 3600 }).leaseSeconds).toBe(3600);
  });
});

/**
 * The PostgreSQL row queue (src/batch/pg-queue.ts) on a real PostgreSQL database of its own
 * (PLAINLY_TEST_DATABASE_URL; vitest.config.ts runs this file only when it is set, as `.ci/run`'s
 * second run does). Each `PgBossRowQueues` here stands for one instance: its own pg-boss and
 * connections on the one database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { PgBossRowQueues } from '../../src/batch/pg-queue.js';
import type { ValidRow } from '../../src/batch/validate.js';
import { BatchRepository } from '../../src/store/batches.js';
import type { Store } from '../../src/store/index.js';
import { type TestStoreLocation, createTestStoreLocation } from '../store/backend.js';

let location: TestStoreLocation;
let store: Store;
let repo: BatchRepository;
const instances: PgBossRowQueues[] = [];

/** One more instance on the test's database, with a short lease (4 s) so expiry is quick to see. */
function instance(leaseSeconds = 4): PgBossRowQueues {
  const queues = new PgBossRowQueues({ url: location.databaseUrl!, leaseSeconds });
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
    await sleep(9000);
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
    let again: ValidRow[] = [];
    const until = Date.now() + 30_000;
    while (again.length === 0 && Date.now() < until) {
      await sleep(500);
      again = await qb.claim(50);
    }
    // Every row still pending, and only those: row 4 was stored, so it is not made again.
    expect(again.map((r) => r.row)).toEqual(Array.from({ length: 17 }, (_, i) => i + 5));
    expect(await qb.heartbeat()).toBe(true);
  }, 60_000);

  it('says a claim was lost once another instance has the row, and the queue goes once every row is done', async () => {
    await newBatch('b-4', 3);
    const a = instance();
    const b = instance();
    await a.queue(repo, 'b-4').enqueue(rowsOf(3));
    const qa = a.queue(repo, 'b-4');
    expect(await qa.claim(3)).toHaveLength(3);
    // The instance stalls past its lease (as a stopped-the-world pause would): its jobs' lease is
    // cut to nothing, so pg-boss's maintenance takes them back whatever the renewals do.
    const boss = await a.started();
    await boss.getDb().executeSql(`UPDATE pgboss.job SET expire_in = interval '1 millisecond' WHERE name = $1`, ['plainly-rows-b-4']);
    const qb = b.queue(repo, 'b-4');
    let taken: ValidRow[] = [];
    const until = Date.now() + 30_000;
    while (taken.length === 0 && Date.now() < until) {
      await sleep(300);
      taken = await qb.claim(3);
    }
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

  it('refuses a lease that is not a whole number of seconds from 2 to 3600', () => {
    for (const leaseSeconds of [0, 1, 1.5, 3601, Number.NaN]) {
      let error: unknown;
      try {
        new PgBossRowQueues({ url: 'postgres://x@127.0.0.1/x', leaseSeconds });
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
    }
    expect(new PgBossRowQueues({ url: 'postgres://x@127.0.0.1/x', leaseSeconds: 2 }).leaseSeconds).toBe(2);
  });
});

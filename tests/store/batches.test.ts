/**
 * The batch repository on a real temporary SQLite file, or a new PostgreSQL database with
 * PLAINLY_TEST_DATABASE_URL (migration 004): claims are counted in
 * `attempts` until the batch makes progress or is given back cleanly, and a batch's row
 * idempotency keys outlive the document log's daily sweep and go with the batch's erasure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchRepository, batchKeyPrincipal } from '../../src/store/batches.js';
import { type ChangeContext, MIGRATIONS, Store } from '../../src/store/index.js';
import { type TestStoreLocation, createTestStoreLocation } from './backend.js';

let location: TestStoreLocation;
let store: Store;
let repo: BatchRepository;
let clock = Date.parse('2026-03-01T10:00:00Z');
const finance: ChangeContext = { actor: { kind: 'user', id: 'u-fin', name: 'fin', role: 'finance' } };

beforeEach(async () => {
  location = await createTestStoreLocation();
  store = await location.open({ now: () => new Date(clock) });
  repo = new BatchRepository(store.runtime);
});
afterEach(async () => {
  await store.close();
  await location.dispose();
});

async function newBatch(id: string) {
  return repo.create({ id, templateId: 'financial-checkup', templateVersion: 1, lexiconVersion: 1, fileName: 'x.csv', inputKind: 'file', mapping: {}, actor: finance.actor, requestSha256: 'a'.repeat(64) });
}

describe('batches (migration 004)', () => {
  it('is registered after the ones before it', () => {
    expect(MIGRATIONS.map((m) => m.name).slice(0, 4)).toEqual(['001-initial', '002-batches', '003-user-password-change', '004-batch-attempts']);
  });

  it('counts claims that never came back, and forgets them on progress or a clean release', async () => {
    const batch = await newBatch('b-1');
    expect(batch.attempts).toBe(0);
    expect((await repo.claim('p-1', 1000))?.attempts).toBe(1);
    expect(await repo.claim('p-2', 1000)).toBeUndefined(); // still leased
    clock += 2000; // p-1 died: its lease ran out
    expect((await repo.claim('p-2', 1000))?.attempts).toBe(2);
    await repo.progressed('b-1');
    expect((await repo.get('b-1'))?.attempts).toBe(0);
    clock += 2000;
    expect((await repo.claim('p-3', 1000))?.attempts).toBe(1);
    await repo.release('b-1', 'p-3');
    expect((await repo.get('b-1'))?.attempts).toBe(0);
  });

  it("keeps a batch's row idempotency keys past the daily sweep, and deletes them when the batch is erased", async () => {
    await newBatch('b-2');
    const doc = { templateId: 't', templateVersion: 1, lexiconVersion: 1, format: 'pdf' as const, data: { a: 1 }, findingsSummary: { error: 0, warning: 0, suggestion: 0, total: 0 }, outputs: { pdf: { sha256: 'f'.repeat(64), bytes: 10 } }, batchId: 'b-2' };
    await store.documents.record(finance, doc, { principal: batchKeyPrincipal('b-2'), key: 'row:2', requestSha256: 'f'.repeat(64) });
    await store.documents.record(finance, doc, { principal: 'token:x', key: 'k1', requestSha256: 'f'.repeat(64) });
    clock += 3 * 86_400_000;
    await store.documents.eraseExpired(finance, new Date(clock - 365 * 86_400_000));
    expect(await store.documents.findIdempotent('token:x', 'k1')).toBeUndefined();
    expect(await store.documents.findIdempotent(batchKeyPrincipal('b-2'), 'row:2')).toBeDefined();
    await repo.erase('b-2', { erased: true });
    expect(await store.documents.findIdempotent(batchKeyPrincipal('b-2'), 'row:2')).toBeUndefined();
  });
});

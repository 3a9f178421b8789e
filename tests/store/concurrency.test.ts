/**
 * Two stores on one database writing at once (two processes on one SQLite file, or two
 * instances on one PostgreSQL database): the writes that decide on what they read — lexicon
 * versions, template version numbers, publishing with an expected version, Idempotency-Keys,
 * the first start — never both take the same number or both win. On SQLite the write lock
 * serialises them; on PostgreSQL the repositories' locks (`lockFor`) must.
 *
 * On SQLite, `b` is the same store as `a` (the writes interleave in one process, through the
 * one connection): two stores in one process would block each other, since better-sqlite3
 * waits for the write lock synchronously. Several processes on one file are tested in
 * tests/http/process.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { type ChangeContext, type Store } from '../../src/store/index.js';
import { TEST_DIALECT, type TestStoreLocation, createTestStoreLocation } from './backend.js';

const alice: ChangeContext = { actor: { kind: 'user', id: 'u-alice', name: 'alice', role: 'coproduction' } };
const bob: ChangeContext = { actor: { kind: 'user', id: 'u-bob', name: 'bob', role: 'approver' } };

function entry(id: string) {
  return { id, terms: [id], replace: ['x'], severity: 'warning', reason: 'r', examples: { flag: [id], pass: ['no'] } };
}

/** The AppError code a promise settles with ('ok' when it resolves). */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

let location: TestStoreLocation;
let a: Store;
let b: Store;
beforeEach(async () => {
  location = await createTestStoreLocation();
  a = await location.open();
  b = TEST_DIALECT === 'postgres' ? await location.open() : a;
});
afterEach(async () => {
  await a.close();
  if (b !== a) await b.close();
  await location.dispose();
});

describe(`two stores writing at once (${TEST_DIALECT})`, () => {
  it('approvals at once make one lexicon version each, and every version holds every entry approved before it', async () => {
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];
    for (const id of ids) await a.lexicon.propose(alice, entry(id), 'why');
    const results = await Promise.all(ids.map((id, i) => (i % 2 ? a : b).lexicon.approve(bob, id, 1, 'agreed')));
    expect(results.map((r) => r.lexiconVersion).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let version = 1; version <= 6; version++) expect((await a.lexicon.snapshot(version))?.entries).toHaveLength(version);
    expect((await b.lexicon.snapshot())?.entries.map((e) => e.id)).toEqual(ids);
  });

  it('drafts saved at once get numbers 1 to n, none lost', async () => {
    const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).templates.saveDraft(alice, 'letter', `---\nid: letter\n---\nVersion ${i}`, `draft ${i}`)));
    expect(saved.map((v) => v.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await a.templates.get('letter'))?.latestVersion).toBe(8);
  });

  it('two publishes that expect the same published version: one wins, the other is PRECONDITION_FAILED', async () => {
    for (let i = 1; i <= 3; i++) await a.templates.saveDraft(alice, 'letter', `---\nid: letter\n---\nVersion ${i}`, `draft ${i}`);
    await a.templates.publish(bob, 'letter', 1);
    const outcomes = await Promise.all([
      outcome(a.templates.publish(bob, 'letter', 2, {}, { replaces: 1 })),
      outcome(b.templates.publish(bob, 'letter', 3, {}, { replaces: 1 })),
    ]);
    expect(outcomes.sort()).toEqual(['PRECONDITION_FAILED', 'ok']);
    expect(await a.templates.revision()).toBe(2);
    const published = (await a.templates.versions('letter')).filter((v) => v.status === 'published');
    expect(published).toHaveLength(1);
  });

  it('one Idempotency-Key sent twice at once records one document; the other request gets it back', async () => {
    const doc = { templateId: 't', templateVersion: 1, lexiconVersion: 1, format: 'pdf' as const, data: { reference: 'R-1' }, findingsSummary: { error: 0, warning: 0, suggestion: 0, total: 0 }, outputs: { pdf: { sha256: 'f'.repeat(64), bytes: 10 } } };
    const claim = { principal: 'token:x', key: 'k-1', requestSha256: 'e'.repeat(64) };
    const results = await Promise.all([a.documents.record(alice, doc, claim), b.documents.record(alice, doc, claim)]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(results[0].record.id).toBe(results[1].record.id);
    expect(await a.documents.list()).toHaveLength(1);
  });

  it('two first starts at once seed once: one gets the admin token, the other finds the store seeded', async () => {
    const input = (name: string) => ({
      templates: [{ id: 'tpl', source: '---\nid: tpl\n---\nHello' }],
      lexicon: [entry('seeded')],
      adminToken: { name, role: 'admin' as const },
      adminUser: { username: 'admin', displayName: 'Admin', role: 'admin' as const, password: 'a long enough password' },
    });
    const seeded = await Promise.all([a.seed(bob, input('first')), b.seed(bob, input('second'))]);
    expect(seeded.filter(Boolean)).toHaveLength(1);
    expect(await a.lexicon.currentVersion()).toBe(1);
    expect((await b.templates.list()).map((t) => t.latestVersion)).toEqual([1]);
    expect(await a.users.list()).toHaveLength(1);
  });

  it('two people creating one username at once: one is created, the other is told CONFLICT', async () => {
    const user = { username: 'sam', displayName: 'Sam', role: 'viewer' as const, password: 'a long enough password' };
    const outcomes = await Promise.all([outcome(a.users.create(alice, user)), outcome(b.users.create(alice, user))]);
    expect(outcomes.sort()).toEqual(['CONFLICT', 'ok']);
  });
});

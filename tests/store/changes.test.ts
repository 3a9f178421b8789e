/**
 * Caches follow the store (issue 17 item 4): a new lexicon version or a newly published
 * template made by one process or instance is heard by another within a second (a poll on
 * SQLite, LISTEN/NOTIFY on PostgreSQL), and a change that is rolled back is never heard.
 */
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceChange } from '../../src/store/changes.js';
import { type ChangeContext, POLL_MS, type Store, type StoreChange, writeTransaction } from '../../src/store/index.js';
import { META, bumpCounter } from '../../src/store/meta.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { TEST_DIALECT, type TestStoreLocation, createTestStoreLocation } from './backend.js';

const alice: ChangeContext = { actor: { kind: 'user', id: 'u-alice', name: 'alice', role: 'coproduction' } };
const bob: ChangeContext = { actor: { kind: 'user', id: 'u-bob', name: 'bob', role: 'approver' } };

function entry(id: string) {
  return { id, terms: [id], replace: ['x'], severity: 'warning', reason: 'r', examples: { flag: [id], pass: ['no'] } };
}

/** Waits until `check` is true, for at most `ms`; returns how long it took. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

describe(`store.changes between two stores on one database (${TEST_DIALECT})`, () => {
  let location: TestStoreLocation;
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    location = await createTestStoreLocation();
    a = await location.open();
    b = await location.open();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await location.dispose();
  });

  it('B hears of A\'s new lexicon version and published template within a second, A of its own at once; rolled-back changes are never heard', async () => {
    const heardByA: StoreChange[] = [];
    const heardByB: StoreChange[] = [];
    a.changes.subscribe((change) => heardByA.push(change));
    b.changes.subscribe((change) => heardByB.push(change));
    await Promise.all([a.changes.listening(), b.changes.listening()]);

    await a.lexicon.propose(alice, entry('alpha'), 'why');
    const { lexiconVersion } = await a.lexicon.approve(bob, 'alpha', 1, 'agreed');
    expect(lexiconVersion).toBe(1);
    // Its own change: heard by the time the approval has returned (SQLite) or just after.
    await within(200, () => heardByA.some((c) => c.kind === 'lexicon' && c.version === 1));
    await within(1_000, () => heardByB.some((c) => c.kind === 'lexicon' && c.version === 1));

    await a.templates.saveDraft(alice, 'letter', '---\nid: letter\n---\nHello', 'first');
    await a.templates.publish(bob, 'letter', 1);
    await within(1_000, () => heardByB.some((c) => c.kind === 'templates' && c.revision === 1));

    // A change announced and then rolled back (the transaction failed after its writes) is never heard.
    await expect(
      writeTransaction(a.db, async (trx) => {
        const revision = await bumpCounter(trx, META.templatesRevision);
        await announceChange(trx, { kind: 'templates', revision, templateId: 'letter', version: 2 });
        throw new Error('failed after the write');
      }),
    ).rejects.toThrow('failed after the write');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 2));
    expect(heardByB.filter((c) => c.kind === 'templates')).toEqual([
      TEST_DIALECT === 'postgres' ? { kind: 'templates', revision: 1, templateId: 'letter', version: 1 } : { kind: 'templates', revision: 1 },
    ]);
    expect(heardByB.filter((c) => c.kind === 'lexicon')).toEqual([{ kind: 'lexicon', version: 1 }]);
  });

  it('an unsubscribed listener hears nothing more', async () => {
    const heard: StoreChange[] = [];
    const stop = b.changes.subscribe((change) => heard.push(change));
    await b.changes.listening();
    stop();
    await a.lexicon.importApproved(bob, [entry('beta')], 'import');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 2));
    expect(heard).toEqual([]);
  });
});

describe(`two app instances on one store (${TEST_DIALECT})`, () => {
  let first: TestApp;
  let second: TestApp;
  beforeEach(async () => {
    first = await createTestApp();
    second = await createTestApp({ dataDir: first.dataDir });
  });
  afterEach(async () => {
    await second.dispose();
    await first.dispose();
  });

  it('an entry approved on instance A flags text linted on instance B within a second', async () => {
    const text = 'We will frobnicate your account.';
    const lint = async (app: TestApp) => (await request(app.app).post('/api/lint').set(app.auth('viewer')).send({ text })).body as { findings: { ruleId: string }[] };
    expect((await lint(second)).findings.map((f) => f.ruleId)).not.toContain('lexicon/frobnicate');

    const proposed = await request(first.app)
      .post('/api/lexicon/entries')
      .set(first.auth('coproduction'))
      .send({ id: 'frobnicate', terms: ['frobnicate'], replace: ['look at'], severity: 'error', reason: 'Nobody knows what it means.', examples: { flag: ['We will frobnicate it.'], pass: ['We will look at it.'] } });
    expect(proposed.status).toBe(201);
    const approved = await request(first.app)
      .post('/api/lexicon/entries/frobnicate/approve')
      .set(first.auth('approver'))
      .set('If-Match', proposed.headers.etag)
      .send({ comment: 'agreed' });
    expect(approved.status).toBe(200);
    const took = await within(1_000, async () => (await lint(second)).findings.some((f) => f.ruleId === 'lexicon/frobnicate'));
    expect(took).toBeLessThan(1_000);
  });
});

/**
 * The store on a real temporary SQLite file, or a new PostgreSQL database when
 * PLAINLY_TEST_DATABASE_URL is set (tests/store/backend.ts): migrations, the lexicon workflow's state
 * machine, template versions, the document log, tokens, users, and that a change and its
 * audit row are written together or not at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import {
  type ChangeContext,
  MIGRATIONS,
  Store,
  generateToken,
  hashSecret,
  parseToken,
  safeEqual,
  verifySecret,
} from '../../src/store/index.js';
import { TEST_DIALECT, type TestStoreLocation, createTestStoreLocation } from './backend.js';

let dir: string;
let location: TestStoreLocation;
let store: Store;
let clock = Date.parse('2026-03-01T10:00:00Z');
const alice: ChangeContext = { actor: { kind: 'user', id: 'u-alice', name: 'alice', role: 'coproduction' }, requestId: 'req-1' };
const bob: ChangeContext = { actor: { kind: 'user', id: 'u-bob', name: 'bob', role: 'approver' } };

beforeEach(async () => {
  location = await createTestStoreLocation();
  dir = location.dataDir;
  store = await location.open({ now: () => new Date(clock) });
});
afterEach(async () => {
  await store.close();
  await location.dispose();
});

function entry(id: string, extra: Record<string, unknown> = {}) {
  return { id, terms: [id], replace: ['x'], severity: 'warning', reason: 'r', examples: { flag: [id], pass: ['no'] }, ...extra };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

describe('migrations', () => {
  it('are named NNN-name in order, unique, and run once (opening again is a no-op)', async () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^\d{3}-[a-z0-9-]+$/);
    await store.close();
    store = await location.open({ now: () => new Date(clock) });
    const rows = await store.db.selectFrom('kysely_migration' as never).selectAll().execute();
    expect(rows).toHaveLength(names.length);
  });

  it('runs on the store the tests were given: SQLite uses WAL and a sound file; PostgreSQL writes no SQLite file', async () => {
    expect(store.dialect).toBe(TEST_DIALECT);
    expect(await store.ping()).toBe(true);
    if (TEST_DIALECT === 'sqlite') {
      expect(fs.existsSync(path.join(dir, 'plainly.sqlite'))).toBe(true);
      expect(store.integrityCheck()).toBe('ok');
    } else {
      expect(fs.existsSync(path.join(dir, 'plainly.sqlite'))).toBe(false);
      expect(await code(Promise.resolve().then(() => store.integrityCheck()))).toBe('CONFIG_INVALID');
    }
  });

  it('an unusable data directory is a CONFIG_INVALID error naming it', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'not a directory');
    expect(await code(Store.open({ dataDir: path.join(file, 'sub') }))).toBe('CONFIG_INVALID');
  });

  it('a database URL that is not PostgreSQL, or a server that does not answer, is CONFIG_INVALID naming the setting without the password', async () => {
    const message = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: Error) => `${isAppError(error) ? error.code : 'other'}: ${error.message}`);
    expect(await message(Store.open({ dataDir: dir, databaseUrl: 'mysql://u:secret@localhost/db' }))).toMatch(/^CONFIG_INVALID: PLAINLY_DATABASE_URL must be a postgres:\/\//);
    // Port 1 on loopback: nothing listens there.
    const unreachable = await message(Store.open({ dataDir: dir, databaseUrl: 'postgres://u:secret@127.0.0.1:1/plainly' }));
    expect(unreachable).toMatch(/^CONFIG_INVALID: .*cannot be reached \(PLAINLY_DATABASE_URL\)/);
    expect(unreachable).not.toContain('secret');
  });
});

describe('lexicon workflow', () => {
  it('propose -> change -> approve makes a version with the approved content; history keeps every step', async () => {
    expect(await store.lexicon.currentVersion()).toBe(0);
    const proposed = await store.lexicon.propose(alice, entry('one'), 'why one');
    expect(proposed).toMatchObject({ status: 'proposed', revision: 1, etag: '"one.1"', approved: null });
    const changed = await store.lexicon.proposeChange(alice, 'one', 1, entry('one', { severity: 'error' }), 'stronger');
    expect(changed.pending).toMatchObject({ severity: 'error' });
    clock += 1000;
    const { entry: approved, lexiconVersion } = await store.lexicon.approve(bob, 'one', 2, 'ok');
    expect(lexiconVersion).toBe(1);
    expect(approved).toMatchObject({ status: 'approved', revision: 3, pending: null, approved: { severity: 'error' } });
    expect((await store.lexicon.snapshot(1))!.entries).toEqual([entry('one', { severity: 'error' })]);
    const history = await store.lexicon.history({ entryId: 'one' });
    expect(history.map((h) => [h.revision, h.action, h.actor.name])).toEqual([
      [3, 'approve', 'bob'],
      [2, 'change', 'alice'],
      [1, 'propose', 'alice'],
    ]);
    expect(history[0].lexiconVersion).toBe(1);
  });

  it('a stale revision is PRECONDITION_FAILED and writes nothing (not even an audit row)', async () => {
    await store.lexicon.propose(alice, entry('two'), 'p');
    await store.lexicon.proposeChange(alice, 'two', 1, entry('two', { reason: 'first' }), 'c');
    const auditBefore = (await store.audit.list()).length;
    expect(await code(store.lexicon.proposeChange(alice, 'two', 1, entry('two', { reason: 'second' }), 'c'))).toBe('PRECONDITION_FAILED');
    expect(await code(store.lexicon.approve(bob, 'two', 1, ''))).toBe('PRECONDITION_FAILED');
    expect((await store.lexicon.get('two'))!.pending).toMatchObject({ reason: 'first' });
    expect((await store.audit.list()).length).toBe(auditBefore);
  });

  it('refuses impossible steps with the right code', async () => {
    await store.lexicon.propose(alice, entry('three'), 'p');
    expect(await code(store.lexicon.propose(alice, entry('three'), 'again'))).toBe('CONFLICT');
    expect(await code(store.lexicon.approve(bob, 'nope', 1, ''))).toBe('NOT_FOUND');
    await store.lexicon.approve(bob, 'three', 1, '');
    expect(await code(store.lexicon.approve(bob, 'three', 2, ''))).toBe('CONFLICT'); // nothing pending
    expect(await code(store.lexicon.reject(bob, 'three', 2, 'no'))).toBe('CONFLICT');
    await store.lexicon.retire(bob, 'three', 2, 'gone');
    expect(await code(store.lexicon.retire(bob, 'three', 3, 'gone'))).toBe('CONFLICT');
  });

  it('a change to an approved entry keeps the approved content in use until approved; rejecting keeps it', async () => {
    await store.lexicon.propose(alice, entry('four'), 'p');
    await store.lexicon.approve(bob, 'four', 1, '');
    await store.lexicon.proposeChange(alice, 'four', 2, entry('four', { severity: 'error' }), 'c');
    expect((await store.lexicon.snapshot())!.entries).toEqual([entry('four')]);
    const rejected = await store.lexicon.reject(bob, 'four', 3, 'not agreed');
    expect(rejected).toMatchObject({ status: 'approved', pending: null, approved: { severity: 'warning' } });
  });

  it('retiring an approved entry makes a version without it; retiring a proposal does not', async () => {
    await store.lexicon.propose(alice, entry('five'), 'p');
    await store.lexicon.approve(bob, 'five', 1, '');
    await store.lexicon.propose(alice, entry('six'), 'p');
    const v = await store.lexicon.currentVersion();
    const retired = await store.lexicon.retire(bob, 'six', 1, 'withdrawn');
    expect(retired.lexiconVersion).toBeNull();
    expect(await store.lexicon.currentVersion()).toBe(v);
    const gone = await store.lexicon.retire(bob, 'five', 2, 'no longer needed');
    expect(gone.lexiconVersion).toBe(v + 1);
    expect((await store.lexicon.snapshot())!.entries).toEqual([]);
    expect((await store.lexicon.snapshot(v))!.entries).toEqual([entry('five')]);
  });

  it('a proposed retirement keeps the entry in use until approved; approving retires it; it only applies to entries in use', async () => {
    await store.lexicon.propose(alice, entry('seven'), 'p');
    expect(await code(store.lexicon.proposeRetirement(alice, 'seven', 1, 'not needed'))).toBe('CONFLICT'); // never approved
    await store.lexicon.approve(bob, 'seven', 1, '');
    const v = await store.lexicon.currentVersion();
    expect(await code(store.lexicon.proposeRetirement(alice, 'seven', 1, 'stale'))).toBe('PRECONDITION_FAILED');
    const proposed = await store.lexicon.proposeRetirement(alice, 'seven', 2, 'nobody writes this now');
    expect(proposed).toMatchObject({ status: 'approved', revision: 3, pendingRetirement: true, pending: null });
    expect((await store.lexicon.snapshot())!.entries).toEqual([entry('seven')]);
    // Someone else retires it through an import meanwhile: approving the proposal is refused.
    await store.lexicon.importApproved(bob, [], 'empty file', { retireMissing: true });
    expect(await code(store.lexicon.approve(bob, 'seven', 4, 'ok'))).toBe('CONFLICT');

    await store.lexicon.propose(alice, entry('eight'), 'p');
    await store.lexicon.approve(bob, 'eight', 1, '');
    await store.lexicon.proposeRetirement(alice, 'eight', 2, 'why');
    const before = await store.lexicon.currentVersion();
    const { entry: retired, lexiconVersion } = await store.lexicon.approve(bob, 'eight', 3, 'agreed');
    expect(retired).toMatchObject({ status: 'retired', pendingRetirement: false });
    expect(lexiconVersion).toBe(before + 1);
    expect((await store.lexicon.snapshot())!.entries.map((e) => e.id)).not.toContain('eight');
    expect((await store.lexicon.history({ entryId: 'eight' })).map((h) => [h.action, h.actor.name])).toEqual([
      ['retire', 'bob'],
      ['propose-retire', 'alice'],
      ['approve', 'bob'],
      ['propose', 'alice'],
    ]);
    expect(v).toBeLessThan(before);
  });

  it('import: identical content changes nothing; retireMissing retires the rest; a pending proposal survives', async () => {
    const first = await store.lexicon.importApproved(bob, [entry('a'), entry('b')], 'files', { forceVersion: true });
    expect(first).toMatchObject({ created: ['a', 'b'], lexiconVersion: 1 });
    await store.lexicon.proposeChange(alice, 'a', 1, entry('a', { reason: 'pending work' }), 'c');
    const same = await store.lexicon.importApproved(bob, [entry('a'), entry('b')], 'again');
    expect(same).toMatchObject({ unchanged: ['a', 'b'], lexiconVersion: 1 });
    const replaced = await store.lexicon.importApproved(bob, [entry('a', { severity: 'error' })], 'new file', { retireMissing: true });
    expect(replaced).toMatchObject({ updated: ['a'], retired: ['b'], lexiconVersion: 2 });
    expect((await store.lexicon.get('a'))!.pending).toMatchObject({ reason: 'pending work' });
    expect((await store.lexicon.snapshot(2))!.entries).toEqual([entry('a', { severity: 'error' })]);
  });
});

describe('templates', () => {
  it('saving makes numbered drafts; publishing supersedes and moves the revision counter', async () => {
    const r0 = await store.templates.revision();
    const v1 = await store.templates.saveDraft(alice, 't', 'source 1', 'first');
    const v2 = await store.templates.saveDraft(alice, 't', 'source 2', 'second');
    expect([v1.version, v2.version, v2.status]).toEqual([1, 2, 'draft']);
    expect(await store.templates.revision()).toBe(r0);
    await store.templates.publish(bob, 't', 1);
    await store.templates.publish(bob, 't', 2);
    expect(await store.templates.revision()).toBe(r0 + 2);
    expect((await store.templates.versions('t')).map((v) => v.status)).toEqual(['published', 'superseded']);
    expect(await store.templates.published()).toEqual([{ id: 't', version: 2, source: 'source 2' }]);
    expect(await code(store.templates.publish(bob, 't', 9))).toBe('NOT_FOUND');
    const actions = (await store.audit.list({ targetType: 'template', targetId: 't' })).map((a) => a.action);
    expect(actions).toEqual(['template.publish', 'template.publish', 'template.save', 'template.save']);
  });
});

describe('documents', () => {
  const doc = {
    templateId: 't',
    templateVersion: 1,
    lexiconVersion: 1,
    format: 'pdf' as const,
    data: { name: 'Amina', b: 1, a: 2 },
    findingsSummary: { error: 0, warning: 1, suggestion: 0, total: 1 },
    outputs: { pdf: { sha256: 'f'.repeat(64), bytes: 10 } },
  };

  it('records, reads back, and keeps the audit detail free of personal data', async () => {
    const { record } = await store.documents.record(alice, doc);
    expect(record).toMatchObject({ templateId: 't', data: { name: 'Amina', a: 2, b: 1 }, erasedAt: null, createdBy: { name: 'alice' } });
    const [event] = await store.audit.list({ targetType: 'document' });
    expect(JSON.stringify(event)).not.toContain('Amina');
  });

  it('an idempotency claim replays the same document, and refuses a different request', async () => {
    const claim = { principal: 'token:x', key: 'k1', requestSha256: 'aaa' };
    const first = await store.documents.record(alice, doc, claim);
    const second = await store.documents.record(alice, doc, claim);
    expect(second).toEqual({ record: first.record, replayed: true });
    expect(await code(store.documents.record(alice, doc, { ...claim, requestSha256: 'bbb' }))).toBe('CONFLICT');
    expect((await store.documents.list()).length).toBe(1);
  });

  it('erases data older than the cutoff and keeps the rest', async () => {
    const { record: old } = await store.documents.record(alice, doc);
    clock += 10 * 86_400_000;
    const { record: recent } = await store.documents.record(alice, doc);
    const erased = await store.documents.eraseExpired({ actor: bob.actor }, new Date(clock - 5 * 86_400_000));
    expect(erased).toBe(1);
    expect((await store.documents.get(old.id))!).toMatchObject({ data: null, outputs: doc.outputs, templateVersion: 1 });
    expect((await store.documents.get(recent.id))!.data).toEqual(doc.data);
  });

  it('finds documents by the reference in their data (any case, spaces around), and lists the references a template was sent to', async () => {
    const made = async (templateId: string, data: unknown) => (await store.documents.record(alice, { ...doc, templateId, data })).record.id;
    const text = await made('letter', { reference: 'DP-004217', name: 'A' });
    clock += 1000;
    const again = await made('letter', { reference: 'dp-004217' });
    clock += 1000;
    const number = await made('letter', { reference: 4217 });
    await made('letter', { reference: { nested: 'DP-004217' } });
    await made('letter', { name: 'no reference' });
    await made('other', { reference: 'DP-004217' });
    const erased = await made('letter', { reference: 'ERASED-1' });
    await store.db.updateTable('documents').set({ data: null }).where('id', '=', erased).execute();

    expect((await store.documents.findByReference('  dp-004217 ')).map((d) => d.id)).toEqual(expect.arrayContaining([text, again]));
    expect(await store.documents.findByReference('dp-004217')).toHaveLength(3); // two letters and the other template's
    expect((await store.documents.findByReference('4217')).map((d) => d.id)).toEqual([number]);
    expect(await store.documents.findByReference('ERASED-1')).toEqual([]);
    const sent = await store.documents.sentReferences('letter');
    // Strings and numbers, oldest first; an object, a missing reference and erased data are left out.
    expect(sent.map((s) => [s.reference, s.documentId])).toEqual([
      ['DP-004217', text],
      ['dp-004217', again],
      ['4217', number],
    ]);
  });
});

describe('tokens, users and secrets', () => {
  it('a token is returned once, stored hashed, and can be revoked', async () => {
    const { token, record } = await store.tokens.create(bob, { name: 'finance', role: 'finance' });
    const parsed = parseToken(token)!;
    expect(parsed.id).toBe(record.id);
    const credential = (await store.tokens.credential(record.id))!;
    expect(credential.secretHash).not.toContain(parsed.secret);
    expect(await verifySecret(parsed.secret, credential.secretHash)).toBe(true);
    expect(await verifySecret(parsed.secret + 'x', credential.secretHash)).toBe(false);
    await store.tokens.revoke(bob, record.id);
    expect((await store.tokens.credential(record.id))!.revoked).toBe(true);
    expect(await code(store.tokens.revoke(bob, 'nonexistent00'))).toBe('NOT_FOUND');
  });

  it('passwords verify only when right and the user is enabled', async () => {
    const user = await store.users.create(bob, { username: 'cara', displayName: 'Cara', role: 'viewer', password: 'a long enough phrase' });
    expect(await store.users.verifyPassword('cara', 'a long enough phrase')).toMatchObject({ id: user.id });
    expect(await store.users.verifyPassword('cara', 'wrong')).toBeUndefined();
    expect(await store.users.verifyPassword('nobody', 'a long enough phrase')).toBeUndefined();
    await store.users.update(bob, user.id, { disabled: true });
    expect(await store.users.verifyPassword('cara', 'a long enough phrase')).toBeUndefined();
  });

  it('sign-in checks say why they fail, for the audit log; the answer takes a scrypt check either way', async () => {
    const user = await store.users.create(bob, { username: 'dee', displayName: 'Dee', role: 'finance', password: 'a long enough phrase' });
    expect(await store.users.checkSignIn('dee', 'a long enough phrase')).toMatchObject({ ok: true, user: { id: user.id, mustChangePassword: false } });
    expect(await store.users.checkSignIn('dee', 'not it at all')).toEqual({ ok: false, reason: 'wrong-password', userId: user.id });
    expect(await store.users.checkSignIn('nobody', 'a long enough phrase')).toEqual({ ok: false, reason: 'unknown-username' });
    await store.users.update(bob, user.id, { disabled: true });
    expect(await store.users.checkSignIn('dee', 'a long enough phrase')).toEqual({ ok: false, reason: 'disabled', userId: user.id });
  });

  it('changing a password clears mustChangePassword, keeps the session it was made in and ends the others', async () => {
    const user = await store.users.create(bob, { username: 'eve', displayName: 'Eve', role: 'viewer', password: 'chosen by the admin', mustChangePassword: true });
    expect(user.mustChangePassword).toBe(true);
    const here = await store.sessions.create(user, 1);
    const elsewhere = await store.sessions.create(user, 1);
    const self: ChangeContext = { actor: { kind: 'user', id: user.id, name: 'eve', role: 'viewer' } };
    expect(await code(store.users.changePassword(self, user.id, 'my own new phrase', { currentPassword: 'wrong' }))).toBe('VALIDATION_FAILED');
    expect(await code(store.users.changePassword(self, user.id, 'chosen by the admin', { currentPassword: 'chosen by the admin' }))).toBe('VALIDATION_FAILED');
    expect(await code(store.users.changePassword(self, 'no-such-user', 'my own new phrase'))).toBe('NOT_FOUND');
    const changed = await store.users.changePassword(self, user.id, 'my own new phrase', { currentPassword: 'chosen by the admin', keepSessionId: here.sessionId });
    expect(changed.mustChangePassword).toBe(false);
    expect(await store.users.verifyPassword('eve', 'my own new phrase')).toBeDefined();
    expect(await store.users.verifyPassword('eve', 'chosen by the admin')).toBeUndefined();
    expect(await store.sessions.get(here.sessionId)).toBeDefined();
    expect(await store.sessions.get(elsewhere.sessionId)).toBeUndefined();
    const audit = await store.audit.list({ targetType: 'user', targetId: user.id });
    expect(audit[0]).toMatchObject({ action: 'user.password-change', actor: { id: user.id }, detail: { self: true } });
    expect(JSON.stringify(audit)).not.toContain('my own new phrase');
    // An administrator can ask again.
    expect((await store.users.update(bob, user.id, { mustChangePassword: true })).mustChangePassword).toBe(true);
  });

  it('signing in and out is audited as the user; a failed sign-in names the account (if any) and why, never what was typed', async () => {
    const user = await store.users.create(bob, { username: 'fay', displayName: 'Fay', role: 'policy', password: 'a long enough phrase' });
    const session = await store.sessions.create(user, 1, 'req-in');
    await store.sessions.recordFailedSignIn('wrong-password', user.id, 'req-bad');
    await store.sessions.recordFailedSignIn('unknown-username', undefined);
    await store.sessions.delete(session.sessionId, 'req-out');
    await store.sessions.delete(session.sessionId); // already ended: nothing more to record
    const events = await store.audit.list({ limit: 4 });
    expect(events.map((e) => [e.action, e.target.id, e.actor.kind, e.requestId])).toEqual([
      ['user.sign-out', user.id, 'user', 'req-out'],
      ['user.sign-in-failed', 'unknown', 'system', null],
      ['user.sign-in-failed', user.id, 'system', 'req-bad'],
      ['user.sign-in', user.id, 'user', 'req-in'],
    ]);
    expect(events[2].detail).toEqual({ reason: 'wrong-password' });
  });

  it('property: generated tokens parse back; any other string is either rejected or parsed exactly', () => {
    for (let i = 0; i < 50; i++) {
      const { id, secret, token } = generateToken();
      expect(parseToken(token)).toEqual({ id, secret });
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const parsed = parseToken(text);
        if (parsed) expect(`plainly_${parsed.id}_${parsed.secret}`).toBe(text);
      }),
    );
  });

  it('property: safeEqual is string equality', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
    );
  });

  it('hashes are salted: the same secret hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashSecret('same'), hashSecret('same')]);
    expect(a).not.toBe(b);
    expect(await verifySecret('same', a)).toBe(true);
    expect(await verifySecret('same', 'not-a-hash')).toBe(false);
  });
});

const adminUser = { username: 'admin', displayName: 'Administrator', role: 'admin' as const, password: 'first start password', mustChangePassword: true };

describe('seed', () => {
  it('imports templates and lexicon as version 1 with the admin token, once', async () => {
    const first = await store.seed({ actor: bob.actor }, { templates: [{ id: 't', source: 's' }], lexicon: [entry('x')], adminToken: { name: 'admin', role: 'admin' }, adminUser });
    expect(first?.token).toMatch(/^plainly_/);
    expect(await store.isSeeded()).toBe(true);
    expect(await store.lexicon.currentVersion()).toBe(1);
    expect(await store.templates.published()).toEqual([{ id: 't', version: 1, source: 's' }]);
    // The admin user, asked to choose a new password at the first sign-in.
    expect(await store.users.verifyPassword('admin', 'first start password')).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true });
    const second = await store.seed({ actor: bob.actor }, { templates: [{ id: 't', source: 's' }], lexicon: [entry('x')], adminToken: { name: 'admin', role: 'admin' }, adminUser });
    expect(second).toBeUndefined();
    expect((await store.templates.versions('t')).length).toBe(1);
  });

  it('a seed that fails half-way leaves the store empty', async () => {
    // An entry without an id breaks a NOT NULL constraint after the templates were written.
    const broken = { ...entry('x'), id: null } as unknown as ReturnType<typeof entry>;
    await expect(
      store.seed({ actor: bob.actor }, { templates: [{ id: 'tpl', source: 'a' }], lexicon: [entry('ok'), broken], adminToken: { name: 'admin', role: 'admin' }, adminUser }),
    ).rejects.toThrow(/NOT NULL|not-null/); // SQLite says NOT NULL, PostgreSQL not-null
    expect(await store.isSeeded()).toBe(false);
    expect(await store.templates.list()).toEqual([]);
    expect(await store.tokens.list()).toEqual([]);
    expect(await store.users.list()).toEqual([]);
  });
});

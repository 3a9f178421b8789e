/**
 * Co-production governance (issue 15): nobody approves their own suggestion (the page hides the
 * decision for them; a made-up form gets 403 with a clear message), a council can ask for two
 * approvals for error-level words and for stopping a word (the first is recorded and waits,
 * the second — another person — applies it), and history names people by their display name
 * and role, not their user name. The rules themselves as pure functions.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalsNeeded, canApprove, type Proposal } from '../../src/app/lexicon-governance.js';
import { sentenceAround } from '../../src/app/lexicon-impact.js';
import { SYSTEM_ACTOR } from '../../src/store/index.js';
import { TEST_PASSWORD, errorSummary, expectAccessible, screenshot, submit, useWebTestbed, usernameFor } from './harness.js';

describe('the sentence a change affects (for the impact table)', () => {
  it('quotes the whole sentence around the words, without Markdown marks', () => {
    const text = '# Your checkup\n\nHello. We will **audit** your account soon. Thanks!\n- We audit once a year\n';
    const at = (word: string, from = 0) => text.indexOf(word, from);
    expect(sentenceAround(text, at('audit'), at('audit') + 5)).toBe('We will audit your account soon.');
    expect(sentenceAround(text, at('audit', at('Thanks')), at('audit', at('Thanks')) + 5)).toBe('We audit once a year');
    const long = `${'word '.repeat(100)}audit ${'more '.repeat(100)}`;
    const quote = sentenceAround(long, long.indexOf('audit'), long.indexOf('audit') + 5);
    expect(quote.startsWith('…') && quote.endsWith('…') && quote.length < 260).toBe(true);
  });
});

describe('the rules', () => {
  const proposal = (over: Partial<Proposal> = {}): Proposal => ({ entryId: 'w', revision: 3, kind: 'entry', severity: 'error', proposer: { id: 'u1', name: 'ann' }, approvals: [], ...over });
  const one = { lexiconTwoApprovals: false };
  const two = { lexiconTwoApprovals: true };

  it('nobody approves their own suggestion, nor approves twice', () => {
    expect(canApprove(proposal(), { id: 'u1' }, one)).toMatchObject({ ok: false, reason: 'own-suggestion', message: expect.stringContaining('nobody approves their own suggestion') });
    expect(canApprove(proposal({ kind: 'retire' }), { id: 'u1' }, two)).toMatchObject({ ok: false, reason: 'own-suggestion' });
    expect(canApprove(proposal(), { id: 'u2' }, one)).toEqual({ ok: true });
    expect(canApprove(proposal({ approvals: [{ id: 'u2', name: 'sam', role: 'approver' }] }), { id: 'u2' }, two)).toMatchObject({ ok: false, reason: 'already-approved' });
  });

  it('two approvals only when the council asks, and only for error-level words and retiring', () => {
    expect(approvalsNeeded({ kind: 'entry', severity: 'error' }, one)).toBe(1);
    expect(approvalsNeeded({ kind: 'retire' }, one)).toBe(1);
    expect(approvalsNeeded({ kind: 'entry', severity: 'error' }, two)).toBe(2);
    expect(approvalsNeeded({ kind: 'retire', severity: 'suggestion' }, two)).toBe(2);
    expect(approvalsNeeded({ kind: 'entry', severity: 'warning' }, two)).toBe(1);
  });
});

const bed = useWebTestbed({ config: { lexiconTwoApprovals: true } });

const ENTRY = {
  id: 'service-user-governance',
  terms: ['service user'],
  replace: ['person who draws on care and support'],
  severity: 'error',
  reason: 'People are more than a service.',
  examples: { flag: ['Each service user gets a letter.'], pass: ['Each person gets a letter.'] },
};

async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in' }));
}

async function decide(page: Page): Promise<void> {
  await page.getByLabel('Yes, agree to it').check();
  await submit(page, page.getByRole('button', { name: 'Send decision' }));
}

describe('in the browser, with two approvals asked for', () => {
  let ann: Page;
  let sam: Page;
  let alex: Page;
  const url = `/lexicon/entries/${ENTRY.id}`;
  beforeAll(async () => {
    const store = bed.server.app.store;
    await store.users.create({ actor: SYSTEM_ACTOR }, { username: 'second-approver', displayName: 'Sam Second', role: 'approver', password: TEST_PASSWORD });
    const annUser = (await store.users.list()).find((u) => u.username === usernameFor('approver'))!;
    await store.lexicon.propose({ actor: { kind: 'user', id: annUser.id, name: annUser.username, role: annUser.role } }, ENTRY, 'Our group asked for this.');
    // (a shared, loaded machine: pages get a minute, not the harness's 10 s)
    const signedIn = async (username: string) => {
      const page = await bed.page();
      page.context().setDefaultTimeout(60_000);
      await signInAs(page, username);
      return page;
    };
    ann = await signedIn(usernameFor('approver'));
    alex = await signedIn(usernameFor('admin'));
    sam = await signedIn('second-approver');
  }, 240_000);

  it('does not offer the decision to the person who suggested it, and refuses a made-up one (403)', async () => {
    await ann.goto(url);
    expect(await ann.locator('#decision').innerText()).toContain('You suggested this, so someone else decides on it');
    expect(await ann.getByRole('button', { name: 'Send decision' }).count()).toBe(0);
    await expectAccessible(ann, 'own suggestion');
    // A form sent anyway (an old page, a made-up request) is refused.
    const csrf = await ann.locator('meta[name="plainly-csrf"]').getAttribute('content');
    const revision = (await bed.server.app.store.lexicon.get(ENTRY.id))!.revision;
    const response = await ann.request.post(`${url}/decide`, { form: { _csrf: csrf!, revision: String(revision), decision: 'approve', comment: '' } });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('nobody approves their own suggestion');
    expect((await bed.server.app.store.lexicon.get(ENTRY.id))!.status).toBe('proposed');
  }, 180_000);

  it('the first approval is recorded and waits; the second, by someone else, applies it', async () => {
    await sam.goto(url);
    expect(await sam.getByLabel('Yes, agree to it').count()).toBe(1);
    expect(await sam.locator('main').innerText()).toContain('It needs two people to agree');
    await decide(sam);
    expect(await sam.locator('.govuk-notification-banner').innerText()).toContain('waits for a second approver');
    expect((await bed.server.app.store.lexicon.get(ENTRY.id))!.status).toBe('proposed');
    expect(await sam.locator('#approvals-so-far').innerText()).toContain('Agreed so far by Sam Second, approver');
    expect(await sam.locator('#decision').innerText()).toContain('You agreed to this');
    await expectAccessible(sam, 'first approval recorded');
    await screenshot(sam, 'lexicon-first-approval');

    await alex.goto(url);
    await decide(alex);
    expect(await alex.locator('.govuk-notification-banner').innerText()).toContain('The change is agreed');
    expect((await bed.server.app.store.lexicon.get(ENTRY.id))!.status).toBe('approved');
  }, 180_000);

  it('stopping a word needs two people too', async () => {
    await sam.goto(url);
    await sam.getByText('Stop using this word', { exact: true }).first().click();
    expect(await sam.locator('main').innerText()).toContain('Stopping a word needs two people to agree');
    await sam.locator('#retire-comment').fill('We agreed another word at the May meeting.');
    await submit(sam, sam.getByRole('button', { name: 'Stop using this word' }));
    expect(await sam.locator('.govuk-notification-banner').innerText()).toContain('waits for a second approver');
    expect((await bed.server.app.store.lexicon.get(ENTRY.id))!.status).toBe('approved');
    // The same person again: refused, with the reason on the field.
    await sam.getByText('Stop using this word', { exact: true }).first().click();
    await sam.locator('#retire-comment').fill('Again.');
    await submit(sam, sam.getByRole('button', { name: 'Stop using this word' }));
    expect((await errorSummary(sam)).join(' ')).toContain('You have already approved this');
    await expectAccessible(sam, 'second approval by the same person refused');

    await alex.goto(url);
    await alex.getByText('Stop using this word', { exact: true }).first().click();
    await alex.locator('#retire-comment').fill('Agreed.');
    await submit(alex, alex.getByRole('button', { name: 'Stop using this word' }));
    expect((await bed.server.app.store.lexicon.get(ENTRY.id))!.status).toBe('retired');
  }, 180_000);

  it('history names people by display name and role, not user name', async () => {
    await alex.goto(url);
    const history = await alex.locator('main table').last().innerText();
    expect(history).toContain('Ann Approver, approver');
    expect(history).toContain('Alex Admin, administrator');
    expect(history).not.toContain(usernameFor('approver'));
    await expectAccessible(alex, 'word with history');
    await alex.goto('/lexicon/history');
    expect(await alex.locator('main').innerText()).toContain('Ann Approver, approver');
  }, 180_000);
});

describe('over the API', () => {
  it('refuses approving your own proposal (403, with the reason), and answers 202 to a first approval', async () => {
    const t = bed.server.app;
    const entry = { ...ENTRY, id: 'api-governance', terms: ['service users'], examples: { flag: ['All service users get one.'], pass: ['Everyone gets one.'] } };
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('approver')).send({ entry, comment: 'test' });
    expect(proposed.status).toBe(201);
    const own = await request(t.app).post(`/api/lexicon/entries/${entry.id}/approve`).set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    expect(own.status).toBe(403);
    expect(own.headers['content-type']).toContain('application/problem+json');
    expect(own.body.detail).toContain('nobody approves their own suggestion');
    const first = await request(t.app).post(`/api/lexicon/entries/${entry.id}/approve`).set(t.auth('admin')).set('If-Match', proposed.headers.etag).send({ comment: 'Agreed.' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'proposed', waiting: { approvals: 1, needed: 2 } });
    expect(first.body.message).toContain('waits for a second approver');
    const again = await request(t.app).post(`/api/lexicon/entries/${entry.id}/approve`).set(t.auth('admin')).set('If-Match', proposed.headers.etag).send({});
    expect(again.status).toBe(403);
    expect(again.body.detail).toContain('already approved');
  });
});

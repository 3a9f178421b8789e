/**
 * "Words to avoid" (the lexicon) in a real browser: the co-production group's keyboard-only
 * journey (find a word, suggest a new one, fix what the form says is wrong), the approver's
 * decision with "what this change would affect", history, CSV download and upload, stale and
 * repeated forms, script in fields. axe on every page state.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/store/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorSummary,
  expectAccessible,
  focusedId,
  postTwice,
  screenshot,
  scriptErrors,
  signInWithKeyboard,
  submit,
  tabTo,
  typeInto,
  enter,
  useWebTestbed,
} from './harness.js';

const bed = useWebTestbed();

describe('co-production group, keyboard only', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
  });

  it('signs in, finds a word and reads why it is avoided', async () => {
    await signInWithKeyboard(page, 'coproduction');
    expect(new URL(page.url()).pathname).toBe('/lexicon');
    await expectAccessible(page, 'lexicon list');
    await screenshot(page, 'lexicon-list');
    // A page of words at a time, with links to the others.
    expect(await page.locator('main tbody tr').count()).toBe(50);
    expect(await page.locator('main').innerText()).toMatch(/Showing 1 to 50, page 1 of \d+\./);
    expect(await page.locator('nav.govuk-pagination').getAttribute('aria-label')).toBe('Pages of words');

    await typeInto(page, 'q', 'audit');
    await enter(page); // Enter in the search box sends the search form
    expect(new URL(page.url()).search).toContain('q=audit');
    await expectAccessible(page, 'lexicon search (results)');
    await tabTo(page, 'the first result', (el) => el.tag === 'a' && (el.href ?? '').startsWith('/lexicon/entries/'));
    await enter(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/audit/i);
    expect(await page.locator('#current').innerText()).toMatch(/financial checkup/);
    await expectAccessible(page, 'lexicon entry');
    await screenshot(page, 'lexicon-entry');
    await page.goto('/lexicon?q=zzqqxx-nothing');
    expect(await page.locator('main').innerText()).toMatch(/no words|nothing|not found/i);
    await expectAccessible(page, 'lexicon search (no results)');
  });

  it('suggests a new word; the form says what to fix and keeps what was typed', async () => {
    await page.goto('/lexicon');
    await tabTo(page, 'Suggest a word', (el) => el.text === 'Suggest a word');
    await enter(page);
    expect(new URL(page.url()).pathname).toBe('/lexicon/propose');
    await expectAccessible(page, 'propose (empty)');

    await typeInto(page, 'terms', 'support plan');
    await tabTo(page, 'Send suggestion', (el) => el.text === 'Send suggestion');
    await enter(page);
    const problems = await errorSummary(page);
    expect(problems).toEqual(expect.arrayContaining(['Enter why we should avoid it', 'Choose how serious it is', 'Enter at least one sentence where the word should be found']));
    expect(await page.locator('#terms').inputValue()).toBe('support plan');
    // Focus moves to the error summary, and its links lead to the fields.
    expect(await focusedId(page)).toBe('');
    await expectAccessible(page, 'propose (with errors)');
    await screenshot(page, 'lexicon-propose-errors');

    await typeInto(page, 'replace', 'care and support plan');
    await typeInto(page, 'reason', 'People told us “support plan” sounds like <b>paperwork</b>.');
    await tabTo(page, 'Could change', (el) => el.id === 'severity-3' || (el.name === 'severity' && el.type === 'radio'));
    // Radios: arrow keys move between the choices in a group.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await typeInto(page, 'flag', 'It is written in your support plan.');
    await typeInto(page, 'pass', 'It is written in the plan we made with you.');
    await typeInto(page, 'comment', 'From the March meeting.');
    await tabTo(page, 'Send suggestion', (el) => el.text === 'Send suggestion');
    await enter(page);
    expect(await errorSummary(page)).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/lexicon/entries/support-plan');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your suggestion has been sent');
    expect(await page.locator('#pending').innerText()).toContain('People told us “support plan” sounds like <b>paperwork</b>.');
    expect(await page.locator('#pending b').count()).toBe(0);
    expect(await page.locator('#pending').innerText()).toContain('Could change');
    await expectAccessible(page, 'entry (suggested)');
    // Co-production members suggest; they do not decide.
    expect(await page.locator('form[action$="/decide"]').count()).toBe(0);
  });

  it('a suggestion sent twice is saved once', async () => {
    await page.goto('/lexicon/propose');
    await page.locator('#terms').fill('telling off');
    await page.locator('#reason').fill('It sounds like a parent and a child.');
    await page.getByLabel('Should change').check();
    await page.locator('#flag').fill('This is a telling off.');
    await page.locator('#pass').fill('This is a chat.');
    const { first, second } = await postTwice(page, 'main form');
    expect(first).toContain('Your suggestion has been sent');
    expect(second).toContain('This was already sent, so nothing new was saved.');
    const history = await bed.server.app.store.lexicon.history({ entryId: 'telling-off' });
    expect(history.filter((step) => step.action === 'propose')).toHaveLength(1);
  });
});

describe('approver', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'approver' });
  });

  it('sees what the change would affect before deciding, and must choose', async () => {
    await page.goto('/lexicon/entries/support-plan');
    const impact = page.locator('#impact + p, #impact ~ .plainly-table-scroll table').first();
    expect(await impact.innerText()).toMatch(/would change/);
    const rows = await page.locator('#impact ~ .plainly-table-scroll table tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.join('\n')).toMatch(/Could change [^\n]*support plan[^\n]*\(line \d+\)/);
    // The impact quotes the sentence the change affects, with the words marked (issue 15).
    const quote = page.locator('#impact ~ .plainly-table-scroll q.plainly-impact-quote').first();
    expect(await quote.locator('mark').innerText()).toMatch(/support plan/i);
    expect((await quote.innerText()).split(' ').length).toBeGreaterThan(4);
    await screenshot(page, 'lexicon-entry-impact');
    await submit(page, page.getByRole('button', { name: 'Send decision' }));
    expect(await errorSummary(page)).toEqual(['Choose whether to agree to the suggestion']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#decision');
    await expectAccessible(page, 'entry decide (with errors)');
    // Turning down needs a reason.
    await page.getByLabel('No, do not agree to it').check();
    await submit(page, page.getByRole('button', { name: 'Send decision' }));
    expect(await errorSummary(page)).toEqual(['Enter why the suggestion is not agreed, so the person who made it knows']);
  });

  it('agrees; lint uses the word from then on; the same decision sent again changes nothing', async () => {
    await page.goto('/lexicon/entries/support-plan');
    await page.getByLabel('Yes, agree to it').check();
    await page.getByLabel('Your comment').fill('Agreed at the March meeting.');
    await submit(page, page.getByRole('button', { name: 'Send decision' }));
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The change is agreed');
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('In use');
    const lint = await bed.server.app.pipeline.lint('It is in your support plan.', { profile: 'standard' });
    expect(lint.findings.map((f) => f.ruleId)).toContain('lexicon/support-plan');

    // The same decision sent twice: agreed once, the second is recognised.
    await page.goto('/lexicon/entries/telling-off');
    await page.getByLabel('Yes, agree to it').check();
    const versionBefore = await bed.server.app.store.lexicon.currentVersion();
    const { first, second } = await postTwice(page, 'form[action$="/decide"]');
    expect(first).toContain('The change is agreed');
    expect(second).toContain('This suggestion was already decided, so nothing new was saved.');
    expect(await bed.server.app.store.lexicon.currentVersion()).toBe(versionBefore + 1);
  });

  it('turns a suggestion down with a comment: it is not used, and the comment is kept with it', async () => {
    const suggestion: { id: string } & Record<string, unknown> = {
      id: 'dressing-down',
      terms: ['dressing down'],
      replace: ['talk'],
      severity: 'warning',
      reason: 'It sounds like telling someone off.',
      examples: { flag: ['You will get a dressing down.'], pass: ['We will have a talk.'] },
    };
    await bed.server.app.store.lexicon.propose({ actor: SYSTEM_ACTOR }, suggestion, 'Heard at the drop-in');
    await page.goto('/lexicon/entries/dressing-down');
    await page.getByLabel('No, do not agree to it').check();
    await page.getByLabel('Your comment').fill('We never say this, so it is not needed.');
    await submit(page, page.getByRole('button', { name: 'Send decision' }));
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The suggestion was not agreed');
    await expectAccessible(page, 'entry (turned down)');
    const lint = await bed.server.app.pipeline.lint('You will get a dressing down.', { profile: 'standard' });
    expect(lint.findings.map((f) => f.ruleId)).not.toContain('lexicon/dressing-down');
    const history = await bed.server.app.store.lexicon.history({ entryId: 'dressing-down' });
    expect(JSON.stringify(history)).toContain('We never say this, so it is not needed.');
  });

  it('shows history, a page at a time', async () => {
    await page.goto('/lexicon/history');
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(50);
    expect(rows.join('\n')).toMatch(/support plan\s+Agreed \(list version \d+\)\s+Ann Approver, approver\s+Agreed at the March meeting/);
    await expectAccessible(page, 'lexicon history');
    // The first changes (the list as it was first loaded) are on a later page.
    await submit(page, page.locator('.govuk-pagination__next a'));
    expect(new URL(page.url()).search).toBe('?page=2');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.govuk-pagination__prev a').getAttribute('href')).toBe('/lexicon/history');
  });

  it('a change made against an old version is refused without losing what was typed', async () => {
    const other = await bed.page({ role: 'coproduction' });
    await page.goto('/lexicon/entries/support-plan/change');
    await other.goto('/lexicon/entries/support-plan/change');
    await other.locator('#replace').fill('plan we made with you');
    await submit(other, other.getByRole('button', { name: 'Send change' }));
    expect(await other.locator('.govuk-notification-banner').innerText()).toContain('suggested change has been sent');
    await page.locator('#reason').fill('A different reason, typed at the same time.');
    await submit(page, page.getByRole('button', { name: 'Send change' }));
    expect((await errorSummary(page))[0]).toMatch(/Someone else changed this word while you were writing/);
    expect(await page.locator('#reason').inputValue()).toBe('A different reason, typed at the same time.');
    await expectAccessible(page, 'change (conflict)');
    // Sent again from the refreshed form, it goes through.
    await submit(page, page.getByRole('button', { name: 'Send change' }));
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('suggested change has been sent');
    await other.context().close();
  });

  it('downloads the list as CSV and uploads it back; refuses a file that is not CSV', async () => {
    const response = await page.request.get('/lexicon/words.csv');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    const csv = await response.text();
    const header = (parse(csv) as string[][])[0];
    expect(header.slice(0, 5)).toEqual(['id', 'terms', 'replace', 'severity', 'reason']);
    expect(csv).toContain('support-plan');

    await page.goto('/lexicon/upload');
    await expectAccessible(page, 'upload (empty)');
    await page.getByLabel('Spreadsheet (CSV file)').setInputFiles({ name: 'words.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    await submit(page, page.getByRole('button', { name: 'Upload and update the list' }));
    expect((await errorSummary(page))[0]).toMatch(/The file must be a CSV file/);
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#file');
    await expectAccessible(page, 'upload (not a CSV)');

    const broken = csv.replace(/^support-plan,/m, 'Support Plan!,');
    await page.getByLabel('Spreadsheet (CSV file)').setInputFiles({ name: 'words.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await submit(page, page.getByRole('button', { name: 'Upload and update the list' }));
    expect((await errorSummary(page)).join('\n')).toMatch(/words\.csv: row \d+, column "id"/);
    await expectAccessible(page, 'upload (bad row)');

    const cells: Record<string, string> = { id: 'scold', terms: 'scold', replace: 'talk to', severity: 'warning', reason: 'It sounds like telling someone off.', flag: 'We will scold you.', pass: 'We will talk to you.' };
    const added = `${csv.trimEnd()}\n${stringify([header.map((name) => cells[name] ?? '')])}`;
    await page.getByLabel('Spreadsheet (CSV file)').setInputFiles({ name: 'words.csv', mimeType: 'text/csv', buffer: Buffer.from(added) });
    await submit(page, page.getByRole('button', { name: 'Upload and update the list' }));
    expect(await page.locator('.govuk-panel').innerText()).toContain('The list is updated');
    expect(await page.locator('main').innerText()).toMatch(/1 new word\b/);
    expect((await bed.server.app.store.lexicon.get('scold'))?.status).toBe('approved');
    await expectAccessible(page, 'upload (done)');

    // The first download is now out of date: keeping its name, it is refused, and nothing changes.
    const downloadedAs = /filename="([^"]+)"/.exec(response.headers()['content-disposition'] ?? '')![1];
    expect(downloadedAs).toMatch(/^words-to-avoid-v\d+\.csv$/);
    const version = (await bed.server.app.pipeline.lexicon()).version;
    await page.goto('/lexicon/upload');
    await page.getByLabel('Spreadsheet (CSV file)').setInputFiles({ name: downloadedAs, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Stop using words that are not in the spreadsheet').check();
    await submit(page, page.getByRole('button', { name: 'Upload and update the list' }));
    expect((await errorSummary(page))[0]).toMatch(/This spreadsheet is from version \d+ of the list, and the list is now at version \d+/);
    expect((await bed.server.app.pipeline.lexicon()).version).toBe(version);
    expect((await bed.server.app.store.lexicon.get('scold'))?.status).toBe('approved');
    await expectAccessible(page, 'upload (out of date)');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('shows what stopping a word would affect, when asked', async () => {
    await page.goto('/lexicon/entries/support-plan');
    await page.locator('summary', { hasText: 'Stop using this word' }).click();
    await submit(page, page.getByRole('link', { name: 'Check which published documents would change' }));
    const table = page.locator('#retire-impact ~ .plainly-table-scroll table');
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await table.innerText()).toMatch(/support plan[^\n]*\(line \d+\)/);
    expect(await table.locator('q.plainly-impact-quote mark').first().innerText()).toMatch(/support plan/i);
    await expectAccessible(page, 'entry (retire impact)');
  });

  it('stops using a word, saying why; the reason is needed', async () => {
    await page.goto('/lexicon/entries/scold');
    await page.getByText('Stop using this word', { exact: true }).first().click(); // opens the details
    await submit(page, page.getByRole('button', { name: 'Stop using this word' }));
    expect(await errorSummary(page)).toEqual(['Enter why the word should no longer be used']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#retire-comment');
    await expectAccessible(page, 'retire (with errors)');
    await page.getByLabel('Why should it no longer be used?').fill('We never use it anyway.');
    await submit(page, page.getByRole('button', { name: 'Stop using this word' }));
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The word is no longer used');
    expect((await bed.server.app.store.lexicon.get('scold'))?.status).toBe('retired');
    const lint = await bed.server.app.pipeline.lint('We will scold you.', { profile: 'standard' });
    expect(lint.findings.map((f) => f.ruleId)).not.toContain('lexicon/scold');
  });
});

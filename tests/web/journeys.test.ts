/**
 * The co-production journey of issue 15, end to end in Chromium, keyboard only: a member of a
 * co-production group suggests a word and sees what it would change — each published document
 * that would change, with the sentence quoted and the words marked — with axe on each page and
 * screenshots in test-output/screenshots. (The policy officer's journey — change the words,
 * add a detail, publish — is tests/web/template-editor.test.ts.)
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { enter, errorSummary, expectAccessible, screenshot, signInWithKeyboard, tabTo, typeInto, useWebTestbed } from './harness.js';

const bed = useWebTestbed();

describe('a co-production member suggests a word and sees its impact', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
    page.context().setDefaultTimeout(60_000); // a shared, loaded machine
  }, 120_000);

  it('suggests “your turn” and sees the letters it would change, each sentence quoted', async () => {
    await signInWithKeyboard(page, 'coproduction');
    expect(new URL(page.url()).pathname).toBe('/lexicon');
    await tabTo(page, 'Suggest a word', (el) => el.text === 'Suggest a word');
    await enter(page);
    await typeInto(page, 'terms', 'your turn');
    await typeInto(page, 'replace', 'time for your check');
    await typeInto(page, 'reason', 'It sounds like being called up, not like a routine chat.');
    await tabTo(page, 'how serious it is', (el) => el.name === 'severity' && el.type === 'radio');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // Could change
    await typeInto(page, 'flag', 'It is your turn.');
    await typeInto(page, 'pass', 'It is time for your check.');
    await screenshot(page, 'journey-coproduction-suggest');
    await tabTo(page, 'Send suggestion', (el) => el.text === 'Send suggestion');
    await enter(page);
    expect(await errorSummary(page)).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/lexicon/entries/your-turn');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your suggestion has been sent');

    // What it would change: the financial checkup letter, with the sentence quoted.
    const table = page.locator('#impact ~ .plainly-table-scroll table').first();
    expect(await table.innerText()).toContain('Your financial checkup');
    const quote = table.locator('q.plainly-impact-quote').first();
    expect(await quote.locator('mark').innerText()).toBe('your turn');
    expect(await quote.innerText()).toMatch(/It is a routine check that everyone has, and it is your turn\./);
    // The member suggests; approvers decide.
    expect(await page.locator('form[action$="/decide"]').count()).toBe(0);
    await expectAccessible(page, 'suggestion with its impact');
    await screenshot(page, 'journey-coproduction-impact');
  }, 180_000);
});

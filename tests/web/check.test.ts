/**
 * "Check some writing" in a real browser: the plain form post (JavaScript off), the live
 * check as you type (JavaScript on), "use this instead", readability, and bad input.
 * Also sign-in, since everyone passes through it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorSummary,
  expectAccessible,
  focusedId,
  screenshot,
  scriptErrors,
  signIn,
  submit,
  usernameFor,
  useWebTestbed,
  visibleText,
} from './harness.js';

const LETTER = 'Dear Sam,\n\nIf the money was misspent we will audit your account. Please pay by 31/01/21.\n\nThank you.';

const bed = useWebTestbed();

describe('sign in', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
  });

  it('sends people who are not signed in to the sign-in page, and back afterwards', async () => {
    await page.goto('/check');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'sign-in (empty)');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Username').fill(usernameFor('policy'));
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await submit(page, page.getByRole('button', { name: 'Sign in' }));
    expect(await errorSummary(page)).toEqual(['The username or password is not right. Check them and try again.']);
    expect(await page.title()).toMatch(/^Error: Sign in/);
    await expectAccessible(page, 'sign-in (with errors)');
    await screenshot(page, 'sign-in-error');
    // The summary links to the field.
    await page.locator('.govuk-error-summary a').click();
    expect(await focusedId(page)).toBe('username');
    await signIn(page, 'policy');
  });

  it('the start page shows each role its own areas; help and "page not found" pages', async () => {
    await page.goto('/');
    expect(await page.locator('.plainly-card__link').allInnerTexts()).toEqual(['Check some writing', 'Templates', 'Words to avoid']);
    expect(await page.locator('.govuk-service-navigation__link').allInnerTexts()).toEqual(expect.arrayContaining(['Check some writing', 'Templates', 'Words to avoid', 'Sign out']));
    await expectAccessible(page, 'home');
    await screenshot(page, 'home');
    await page.goto('/help');
    await expectAccessible(page, 'help');
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expectAccessible(page, 'page not found');
  });

  it('signing out shows the sign-in page saying so', async () => {
    await page.goto('/');
    await submit(page, page.getByRole('button', { name: 'Sign out' }));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator('main').innerText()).toMatch(/signed out/i);
    await expectAccessible(page, 'sign-in (signed out)');
  });
});

describe('check some writing, when scripts do not load', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'coproduction', scripts: false });
  });

  it('is empty at first, and says what to do when nothing is entered', async () => {
    await page.goto('/check');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Check some writing');
    await expectAccessible(page, 'check (empty)');
    await screenshot(page, 'check-empty');
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(await errorSummary(page)).toEqual(['Enter the writing you want to check']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#text');
    await expectAccessible(page, 'check (with errors)');
  });

  it('lists findings with reasons, marks them in the text, and gives readability', async () => {
    await page.getByLabel('Your writing').fill(LETTER);
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    const findings = page.locator('#results .plainly-finding');
    const words = await findings.locator('.plainly-finding__words').allInnerTexts();
    expect(words).toEqual(expect.arrayContaining(['misspent', 'audit', '31/01/21']));
    const misspent = findings.filter({ hasText: 'misspent' });
    await expect.poll(() => misspent.locator('.govuk-tag').innerText()).toBe('Must change');
    expect(await misspent.innerText()).toMatch(/suspected of cheating/);
    // The same words are marked in the text, with the severity said in words for screen readers.
    const marks = await page.locator('#results-text mark').allInnerTexts();
    expect(marks).toEqual(expect.arrayContaining(['misspent', 'audit', '31/01/21']));
    expect(await page.locator('#results-text').innerText()).toContain('Dear Sam');
    expect(await page.locator('#results-text .govuk-visually-hidden').first().textContent()).toMatch(/finding \d+: must change/);
    expect(await page.locator('.plainly-readability').innerText()).toMatch(/Reading age\s+About \d+\. Aim for \d+ or under/);
    expect(await page.locator('[data-plainly-summary]').innerText()).toMatch(/things to look at: \d+ must change/);
    await expectAccessible(page, 'check (with findings)');
    await screenshot(page, 'check-findings');
  });

  it('"use this instead" changes the words and checks again', async () => {
    const button = page.locator('#results .plainly-finding').filter({ hasText: 'audit' }).locator('button.plainly-apply').first();
    const replacement = await button.getAttribute('data-replacement');
    expect(replacement).toBeTruthy();
    await submit(page, button);
    const text = await page.getByLabel('Your writing').inputValue();
    expect(text).toContain(replacement!);
    expect(text).not.toMatch(/\baudit\b/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`Changed “audit” to “${replacement}”`);
    expect(await page.locator('#results .plainly-finding__words').allInnerTexts()).not.toContain('audit');
  });

  it('refuses a change whose words have moved, and says why', async () => {
    // A button from an earlier check, after the text was edited by hand: nothing else may change.
    await page.getByLabel('Your writing').fill(`Hello. ${LETTER}`);
    const button = page.locator('#results .plainly-finding').filter({ hasText: 'misspent' }).locator('button.plainly-apply').first();
    await submit(page, button);
    expect(await errorSummary(page)).toEqual(['That change could not be made because the writing has changed since it was checked. Check it again, then choose the change.']);
    expect(await page.getByLabel('Your writing').inputValue()).toBe(`Hello. ${LETTER}`);
  });

  it('shows script typed into the box as text and never runs it', async () => {
    const hostile = '<script>alert("x")</script> The money was misspent. <img src=x onerror="alert(1)"> {{council.name}}';
    await page.getByLabel('Your writing').fill(hostile);
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(await visibleText(page, '#results-text')).toBe(hostile);
    expect(await page.locator('#results-text script, #results-text img').count()).toBe(0);
    expect(await page.getByLabel('Your writing').inputValue()).toBe(hostile);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('refuses a very long text with an error summary linking to the box', async () => {
    const long = 'We will pay you on time. '.repeat(8001); // 200,025 characters
    await page.getByLabel('Your writing').fill(long);
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    const summary = await errorSummary(page);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/too long to check in one go: the most is 200,000 characters/);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#text');
    expect((await page.getByLabel('Your writing').inputValue()).length).toBe(long.length);
    await expectAccessible(page, 'check (text too long)');
  });

  it('a form sent without its CSRF token is refused with an error summary, not acted on', async () => {
    await page.goto('/check');
    await page.getByLabel('Your writing').fill('The money was misspent.');
    await page.locator('form[action="/check"] input[name="_csrf"]').evaluate((input) => input.remove());
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(await errorSummary(page)).toEqual(['This form has expired or did not come from Plainly. Reload the page and try again.']);
    expect(await page.locator('#results').count()).toBe(0);
    await expectAccessible(page, 'CSRF refusal');
  });

  it('a form sent after the session ended goes to sign-in with an error summary, then back', async () => {
    await page.goto('/check');
    await page.getByLabel('Your writing').fill('The money was misspent.');
    bed.server.advance(13 * 3_600_000); // sessions last 12 hours
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(new URL(page.url()).pathname).toBe('/check');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Plainly');
    expect(await errorSummary(page)).toEqual(['Your session has ended, so what you sent was not saved. Sign in again, then send it again.']);
    await expectAccessible(page, 'sign-in after session ended');
    await page.getByLabel('Username').fill(usernameFor('coproduction'));
    await page.getByLabel('Password', { exact: true }).fill('a long test passphrase 42');
    await submit(page, page.getByRole('button', { name: 'Sign in' }));
    expect(new URL(page.url()).pathname).toBe('/check');
  });
});

describe('check some writing, with JavaScript turned off', () => {
  it('works as a plain form: check, then use a replacement', async () => {
    const page = await bed.page({ role: 'policy', javaScript: false });
    await page.goto('/check');
    await page.getByLabel('Your writing').fill(LETTER);
    await page.getByRole('group', { name: 'Who is it for?' }).getByLabel('Easy Read').check();
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(await page.locator('#results .plainly-finding__words').allInnerTexts()).toEqual(expect.arrayContaining(['misspent', 'audit']));
    expect(await page.getByRole('group', { name: 'Who is it for?' }).getByLabel('Easy Read').isChecked()).toBe(true);
    await submit(page, page.locator('#results .plainly-finding').filter({ hasText: 'misspent' }).locator('button.plainly-apply').first());
    expect(await page.getByLabel('Your writing').inputValue()).not.toContain('misspent');
    await page.context().close();
  });
});

describe('check some writing, with JavaScript (live checking)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'finance' });
  });

  it('re-checks as you type through the JSON API, without sending the form', async () => {
    await page.goto('/check');
    const lintCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/lint')) lintCalls.push(request.method());
    });
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    await page.getByLabel('Your writing').pressSequentially('If the money was misspent we will audit you.', { delay: 5 });
    await expect.poll(() => page.locator('#results .plainly-finding__words').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['misspent', 'audit']));
    expect(navigations).toBe(0);
    expect(lintCalls.length).toBeGreaterThan(0);
    expect(lintCalls.length).toBeLessThan(5); // debounced: not one request per key
    await expect.poll(() => page.locator('[data-plainly-status]').textContent()).toMatch(/must change/);
    await expectAccessible(page, 'check (live findings)');
    await screenshot(page, 'check-live');
  });

  it('"use this instead" applies in the box and re-checks at once', async () => {
    const button = page.locator('#results .plainly-finding').filter({ hasText: 'misspent' }).locator('button.plainly-apply').first();
    const replacement = (await button.getAttribute('data-replacement'))!;
    await button.click();
    await expect.poll(() => page.getByLabel('Your writing').inputValue()).toContain(replacement);
    await expect.poll(() => page.locator('#results .plainly-finding__words').allInnerTexts()).not.toContain('misspent');
    expect(new URL(page.url()).pathname).toBe('/check');
    await expect.poll(() => page.locator('[data-plainly-status]').textContent()).toContain('Changed “misspent”');
    // Focus goes to the results heading, so keyboard users are not left on a removed button.
    expect(await focusedId(page)).toBe('results-heading');
  });

  it('puts script from the API into the page as text only', async () => {
    await page.getByLabel('Your writing').fill('<img src=x onerror="alert(1)"> misspent <script>alert(2)</script>');
    await expect.poll(() => page.locator('#results-text').innerText(), { timeout: 10_000 }).toContain('<script>alert(2)</script>');
    expect(await page.locator('#results-text img, #results-text script').count()).toBe(0);
    expect(scriptErrors(page)).toEqual([]);
  });
});

describe('"use … instead" in a greeting (issue 14)', () => {
  const GREETING = 'Dear Service user,\n\nThe service user must keep all receipts.';

  it('offers no people-word for who a greeting is to, and says to use their name; the same words later in the letter still get their button', async () => {
    const page = await bed.page({ role: 'policy', scripts: false });
    await page.goto('/check');
    await page.getByLabel('Your writing').fill(GREETING);
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    const findings = page.locator('#results .plainly-finding');
    expect(await findings.locator('.plainly-finding__words').allInnerTexts()).toEqual(['Service user', 'service user']);
    const [greeting, later] = [findings.nth(0), findings.nth(1)];
    expect(await greeting.locator('button.plainly-apply').count()).toBe(0);
    expect(await greeting.locator('[data-plainly-greeting]').innerText()).toMatch(/write the person’s name here, like “Dear Amina Patel”/);
    expect(await later.locator('button.plainly-apply').first().getAttribute('data-replacement')).toBe('person who draws on care and support');
    expect(await page.locator('main').innerText()).not.toMatch(/Use “Person who draws/);
    await expectAccessible(page, 'check (greeting)');
    // A made-up button for the greeting's words changes nothing.
    const value = `5:17:0`;
    const form = page.locator('form[action="/check"]');
    const csrf = await form.locator('input[name="_csrf"]').inputValue();
    const response = await page.request.post('/check', { form: { _csrf: csrf, text: GREETING, profile: 'standard', apply: value } });
    expect(response.status()).toBe(409);
    expect(await response.text()).not.toContain('Dear Person who draws on care and support');
    await page.context().close();
  });

  it('with JavaScript, the live check offers no button for the greeting either', async () => {
    const page = await bed.page({ role: 'finance' });
    await page.goto('/check');
    await page.getByLabel('Your writing').fill(GREETING);
    const findings = page.locator('#results .plainly-finding');
    await expect.poll(() => findings.locator('.plainly-finding__words').allInnerTexts(), { timeout: 10_000 }).toEqual(['Service user', 'service user']);
    expect(await findings.nth(0).locator('button.plainly-apply').count()).toBe(0);
    expect(await findings.nth(0).locator('[data-plainly-greeting]').innerText()).toMatch(/person’s name/);
    await findings.nth(1).locator('button.plainly-apply').first().click();
    await expect.poll(() => page.getByLabel('Your writing').inputValue()).toBe('Dear Service user,\n\nThe person who draws on care and support must keep all receipts.');
    expect(scriptErrors(page)).toEqual([]);
    await page.context().close();
  });
});

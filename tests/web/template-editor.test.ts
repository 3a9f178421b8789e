/**
 * The template editor without YAML (issue 15), end to end in Chromium: a policy officer
 * changes a letter's wording, adds a detail (a field) with its example, moves it, saves a
 * draft and publishes — keyboard only, axe in every state (with errors, with JavaScript's
 * toolbar, without JavaScript), screenshots in test-output/screenshots. The form works
 * without JavaScript; the toolbar inserts at the cursor when it is there.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { enter, errorSummary, expectAccessible, focusedId, screenshot, signInWithKeyboard, submit, tabTo, typeInto, useWebTestbed } from './harness.js';

const bed = useWebTestbed();
const ID = 'financial-checkup';
const SENTENCE = 'You can also bring your statements to the office on Friday mornings.';

describe('policy officer changes a letter without YAML, keyboard only', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
    page.context().setDefaultTimeout(60_000); // a shared, loaded machine
    await signInWithKeyboard(page, 'policy');
  }, 120_000);

  it('opens the editor from the template page', async () => {
    await page.goto(`/templates/${ID}`);
    await tabTo(page, 'Change the template', (el) => el.text === 'Change the template');
    await enter(page);
    expect(new URL(page.url()).pathname).toBe(`/templates/${ID}/design`);
    expect(await page.locator('#title').inputValue()).toBe('Your financial checkup');
    // Each detail's data rules in words.
    expect(await page.locator('#f4_rules, .plainly-field-rules').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^A date\. Needed\./)]));
    // The toolbar is there with JavaScript.
    expect(await page.locator('[data-plainly-toolbar]').isVisible()).toBe(true);
    await expectAccessible(page, 'template editor');
    await screenshot(page, 'template-editor');
  }, 120_000);

  it('adds a detail, fills it in, moves it up, changes the words, and saves a draft', async () => {
    const before = (await bed.server.app.store.templates.get(ID))!.latestVersion;
    const count = await page.locator('.plainly-field-row').count();
    await tabTo(page, 'Add a detail', (el) => el.text === 'Add a detail', 400);
    await enter(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`Field ${count + 1} added`);
    const i = count; // the new row's index
    // The new detail's label box has focus, so typing carries on there.
    expect(await focusedId(page)).toBe(`f${i}_label`);
    await page.keyboard.type('Office opening hours');
    await typeInto(page, `f${i}_name`, 'officeHours');
    await typeInto(page, `f${i}_example`, 'Friday 9am to 12 noon');
    // Saving with a bad name says what to fix, as a sentence, on the field.
    await page.locator(`#f${i}_name`).fill('office hours');
    await tabTo(page, 'Save as a new draft', (el) => el.text === 'Save as a new draft', 400);
    await enter(page);
    expect(await errorSummary(page)).toEqual([`The name of field ${count + 1} must start with a letter and have only letters, digits and _, like replyBy`]);
    await expectAccessible(page, 'template editor (with an error)');
    await screenshot(page, 'template-editor-error');
    await page.locator('.govuk-error-summary a').first().press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('officeHours');
    // Move it up one place.
    await tabTo(page, 'Move up the new detail', (el) => el.tag === 'button' && el.text.startsWith('Move up') && el.text.includes('Office opening hours'), 400);
    await enter(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Moved “Office opening hours” up');
    expect(await page.locator(`#f${i - 1}_name`).inputValue()).toBe('officeHours');
    expect(await focusedId(page)).toBe(`f${i - 1}_label`);
    // The words: a new sentence using the new detail, typed at the end of the text.
    await tabTo(page, 'the text', (el) => el.id === 'body', 400);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n${SENTENCE} We are open {{officeHours}}.\n`);
    await tabTo(page, 'Save as a new draft', (el) => el.text === 'Save as a new draft', 400);
    await enter(page);
    expect(new URL(page.url()).pathname).toBe(`/templates/${ID}`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Saved as a new draft');
    const saved = (await bed.server.app.store.templates.get(ID))!;
    expect(saved.latestVersion).toBe(before + 1);
    const source = (await bed.server.app.store.templates.version(ID, saved.latestVersion))!.source;
    expect(source).toContain(SENTENCE);
    expect(source).toMatch(/officeHours:\s*\n\s+type: string\n\s+label: Office opening hours/);
    expect(source).toContain('officeHours: Friday 9am to 12 noon');
    await expectAccessible(page, 'template saved from the editor');
  }, 180_000);

  it('publishes the draft (checks pass), and the letter has the new words', async () => {
    const version = (await bed.server.app.store.templates.get(ID))!.latestVersion;
    await tabTo(page, `Publish version ${version}`, (el) => el.text === `Publish version ${version}`, 400);
    await enter(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Published');
    expect((await bed.server.app.store.templates.get(ID))!.publishedVersion).toBe(version);
    await screenshot(page, 'template-editor-published');
    // Before and after shows the new detail in words and the words added.
    await page.goto(`/templates/${ID}/compare?a=1&b=${version}`);
    expect(await page.locator('.plainly-field-changes').innerText()).toMatch(/Office opening hours[\s\S]*Added/);
    expect(await page.locator('.plainly-diff').innerText()).toContain(SENTENCE);
    await expectAccessible(page, 'before and after the editor');
    await screenshot(page, 'template-editor-compare');
  }, 180_000);
});

describe('the editor without JavaScript, and its toolbar', () => {
  it('works as a plain form without JavaScript (no toolbar), and removes a detail', async () => {
    const page = await bed.page({ role: 'policy', scripts: false });
    page.context().setDefaultTimeout(60_000);
    await page.goto('/templates/review-is-changing/design');
    expect(await page.locator('[data-plainly-toolbar]').isVisible()).toBe(false);
    const count = await page.locator('.plainly-field-row').count();
    await submit(page, page.getByRole('button', { name: /^Remove detail 3/ }));
    expect(await page.locator('.plainly-field-row').count()).toBe(count - 1);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Removed “Local information”');
    await expectAccessible(page, 'template editor without JavaScript');
  }, 120_000);

  it('the toolbar adds a heading, bold and a detail at the cursor', async () => {
    const page = await bed.page({ role: 'policy' });
    page.context().setDefaultTimeout(60_000);
    await page.goto('/templates/review-is-changing/design');
    const body = page.locator('#body');
    await body.evaluate((el: any) => el.setSelectionRange(0, 0));
    await page.getByRole('button', { name: 'Heading' }).click();
    expect((await body.inputValue()).startsWith('## ')).toBe(true);
    await page.getByLabel('Insert a detail').selectOption('{{date changeDate}}');
    await page.getByRole('button', { name: 'Insert the detail' }).click();
    expect((await body.inputValue()).startsWith('## {{date changeDate}}')).toBe(true);
    await page.getByRole('button', { name: 'Bold' }).click();
    expect(await body.inputValue()).toContain('**bold words**');
    await expectAccessible(page, 'template editor toolbar');
  }, 120_000);
});

describe('the preview beside the text', () => {
  it('follows the typing (debounced) and switches between named examples', async () => {
    const page = await bed.page({ role: 'policy' });
    page.context().setDefaultTimeout(60_000);
    await page.goto(`/templates/${ID}/design`);
    const frame = page.frameLocator('iframe[name="plainly-preview"]');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toContain('Amina');
    expect(await frame.locator('body').innerText()).toMatch(/DRAFT/);
    await page.locator('#body').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nA sentence only in the preview.\n');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toContain('A sentence only in the preview.');
    await page.getByLabel('Show it with').selectOption('prepaid card');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toMatch(/nothing you need to send/i);
    expect(await page.locator('iframe[name="plainly-preview"]').getAttribute('title')).toBe('Preview of the letter (not saved)');
    await expectAccessible(page, 'template editor with its preview (JavaScript)', { iframes: false });
    await screenshot(page, 'template-editor-preview');
    // Nothing was saved by previewing.
    expect((await bed.server.app.store.templates.version(ID, (await bed.server.app.store.templates.get(ID))!.latestVersion))!.source).not.toContain('A sentence only in the preview.');
  }, 180_000);

  it('without JavaScript, "Show the preview" fills the frame', async () => {
    const page = await bed.page({ role: 'policy', scripts: false });
    page.context().setDefaultTimeout(60_000);
    await page.goto('/templates/review-is-changing/design');
    await page.getByRole('button', { name: 'Show the preview' }).click();
    const frame = page.frameLocator('iframe[name="plainly-preview"]');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 60_000 }).toContain('Your social care review is changing');
    await expectAccessible(page, 'template editor with its preview', { iframes: false });
    // A form that cannot make a letter says why, in the frame.
    await page.locator('#title').fill('');
    await page.getByRole('button', { name: 'Show the preview' }).click();
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 60_000 }).toContain('Enter the title of the template');
  }, 180_000);
});

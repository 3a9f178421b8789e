/**
 * The template editor without YAML (issue 15), end to end in Chromium: a policy officer
 * changes a letter's wording, adds a detail (a field) with its example, moves it, saves a
 * draft and publishes — keyboard only, axe in every state (with errors, with JavaScript's
 * toolbar, without JavaScript), screenshots in test-output/screenshots. The form works
 * without JavaScript; the toolbar inserts at the cursor when it is there.
 */
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, enter, errorSummary, expectAccessible, focusedId, screenshot, signInWithKeyboard, submit, tabTo, typeInto, useWebTestbed } from './harness.js';

const bed = useWebTestbed();
const ID = 'financial-checkup';
const SENTENCE = 'You can also bring your statements to the office on Friday mornings.';

/** A screenshot of the whole page, and one of the preview beside the text (`<name>-side.png`). */
async function screenshotWithSide(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.locator('.plainly-preview-side').screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-side.png`) });
}

/**
 * axe on the editor page and, separately, on the preview frame's document opened as a page of
 * its own. axe cannot run inside a frame sandboxed without scripts (injecting it there waits for
 * ever, and @axe-core/playwright looks for frames whatever `iframes` says), so the page is
 * checked with the frame left out (its title is checked by the tests) and the frame's document
 * where axe can run.
 */
async function expectAccessibleWithFrame(page: Page, state: string): Promise<void> {
  const frame = page.frame({ name: 'plainly-preview' });
  if (!frame) return expectAccessible(page, state);
  const check = async (target: Page, what: string, exclude: string | undefined, fewestPasses: number) => {
    const builder = new AxeBuilder({ page: target }).options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    const results = await (exclude ? builder.exclude(exclude) : builder).analyze();
    const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    expect(summary, `axe violations on ${what}`).toEqual([]);
    expect(results.passes.length, `axe ran no checks on ${what}`).toBeGreaterThan(fewestPasses);
  };
  await check(page, `${state} (${page.url()})`, 'iframe[name="plainly-preview"]', 10);
  // An empty frame (nothing sent to it yet) has no document of ours to check.
  await frame.waitForLoadState();
  if (frame.url() === 'about:blank') return;
  const html = await frame.content();
  const own = await page.context().newPage();
  try {
    await own.setContent(html, { waitUntil: 'load' });
    // The frame's shortest document (why there is no preview yet) is a heading and a sentence: fewer checks apply.
    await check(own, `${state}: the preview frame's document`, undefined, 4);
  } finally {
    await own.close();
  }
}

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
    await expectAccessibleWithFrame(page, 'template editor');
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
    await expectAccessibleWithFrame(page, 'template editor (with an error)');
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
    await expectAccessibleWithFrame(page, 'template saved from the editor');
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
    await expectAccessibleWithFrame(page, 'before and after the editor');
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
    await expectAccessibleWithFrame(page, 'template editor without JavaScript');
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
    await expectAccessibleWithFrame(page, 'template editor toolbar');
  }, 120_000);
});

describe('the preview beside the text', () => {
  /** The preview frame's document (sandboxed: its own origin, no scripts of its own). */
  const previewFrame = (page: Page) => page.frameLocator('iframe[name="plainly-preview"]');

  it('follows the typing (debounced), marks the findings, switches between named examples and to pictures of the pages', async () => {
    const page = await bed.page({ role: 'policy' });
    page.context().setDefaultTimeout(60_000);
    await page.goto(`/templates/${ID}/design`);
    const frame = previewFrame(page);
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toContain('Amina');
    expect(await frame.locator('body').innerText()).toMatch(/DRAFT/);
    // Sandboxed (no scripts, its own origin) and named; the letter still shows.
    expect(await page.locator('iframe[name="plainly-preview"]').getAttribute('sandbox')).toBe('');
    expect(await page.locator('iframe[name="plainly-preview"]').getAttribute('title')).toBe('Preview of the letter (not saved)');
    await page.locator('#body').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nA sentence only in the preview. We will audit your account.\n');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toContain('A sentence only in the preview.');
    // The finding is marked where it is, labelled for screen readers, and listed with a link back.
    const mark = frame.locator('mark.plainly-mark', { hasText: 'audit' });
    await expect.poll(() => mark.count(), { timeout: 30_000 }).toBe(1);
    expect(await mark.textContent()).toMatch(/^Finding \d+, must change: audit$/);
    expect(await mark.evaluate((el: any) => (globalThis as any).getComputedStyle(el.querySelector('.plainly-vh')).position)).toBe('absolute');
    const id = await mark.getAttribute('id');
    const item = frame.locator(`li[id="${id!.replace('mark', 'finding')}"]`);
    expect(await item.innerText()).toMatch(/^Must change: “audit”\. .* Say instead: “financial checkup”\. Show finding \d+ in the letter$/);
    await expectAccessibleWithFrame(page, 'template editor with its preview and findings (JavaScript)');
    await screenshotWithSide(page, 'template-editor-preview');
    await page.getByLabel('Show it with').selectOption('prepaid card');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 30_000 }).toMatch(/nothing you need to send/i);
    // Pictures of the printed pages, with alt text; they load in the sandboxed frame.
    await page.getByLabel('Pictures of the printed pages (PDF)').check();
    const pictures = frame.locator('img');
    await expect.poll(() => pictures.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const count = await pictures.count();
    expect(await pictures.first().getAttribute('alt')).toMatch(new RegExp(`^Page 1 of ${count} of the letter as it will be printed$`));
    await expect.poll(() => pictures.first().evaluate((img: any) => img.naturalWidth as number), { timeout: 30_000 }).toBeGreaterThan(500);
    expect(await frame.locator('h2').innerText()).toBe('What the checks found');
    await expectAccessibleWithFrame(page, 'template editor with pictures of the pages (JavaScript)');
    await screenshotWithSide(page, 'template-editor-preview-pages');
    // Nothing was saved by previewing.
    expect((await bed.server.app.store.templates.version(ID, (await bed.server.app.store.templates.get(ID))!.latestVersion))!.source).not.toContain('A sentence only in the preview.');
  }, 240_000);

  it('without JavaScript, from the keyboard: "Show the preview" fills the frame, its findings link both ways, the pages show, and errors say why', async () => {
    const page = await bed.page({ role: 'policy', scripts: false });
    page.context().setDefaultTimeout(60_000);
    await page.goto(`/templates/${ID}/design`);
    await tabTo(page, 'the text', (el) => el.id === 'body', 400);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nWe will audit your account.\n');
    await tabTo(page, 'Show the preview', (el) => el.text === 'Show the preview', 60);
    await page.keyboard.press('Enter'); // the form goes into the frame; the page stays
    const frame = previewFrame(page);
    await expect.poll(() => frame.locator('mark.plainly-mark').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // Tab on into the frame: the number after the marked words goes to the finding in the list, and back.
    const inFrame = page.frame({ name: 'plainly-preview' })!;
    const focusedInFrame = () => inFrame.evaluate(() => {
      const active = (globalThis as any).document.activeElement;
      return { href: (active?.getAttribute('href') ?? '') as string, text: (active?.innerText ?? '') as string };
    });
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focusedInFrame()).href.startsWith('#plainly-finding-');
    }
    expect(reached).toBe(true);
    const target = (await focusedInFrame()).href;
    await page.keyboard.press('Enter');
    await expect.poll(() => inFrame.evaluate(() => (globalThis as any).location.hash as string)).toBe(target);
    await expectAccessibleWithFrame(page, 'template editor with its preview (no JavaScript)');
    await screenshotWithSide(page, 'template-editor-preview-no-js');
    // The pictures: choose them with the arrow keys, then the button.
    await page.locator('#previewView').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#previewView-2').isChecked()).toBe(true);
    await tabTo(page, 'Show the preview', (el) => el.text === 'Show the preview', 10);
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.locator('img').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await frame.locator('img').first().getAttribute('alt')).toMatch(/^Page 1 of \d+ of the letter as it will be printed$/);
    await expectAccessibleWithFrame(page, 'template editor with pictures of the pages (no JavaScript)');
    // A form that cannot make a letter says why, in the frame.
    await page.locator('#title').fill('');
    await page.getByRole('button', { name: 'Show the preview' }).click();
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 60_000 }).toContain('Enter the title of the template');
    await expectAccessibleWithFrame(page, 'template editor with the preview saying why it cannot be shown');
    await screenshotWithSide(page, 'template-editor-preview-error');
  }, 240_000);

  it('without JavaScript, "Show the preview" fills the frame for a leaflet', async () => {
    const page = await bed.page({ role: 'policy', scripts: false });
    page.context().setDefaultTimeout(60_000);
    await page.goto('/templates/review-is-changing/design');
    await page.getByRole('button', { name: 'Show the preview' }).click();
    const frame = previewFrame(page);
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 60_000 }).toContain('Your social care review is changing');
    expect(await frame.locator('body').innerText()).toMatch(/What the checks found/);
  }, 180_000);
});

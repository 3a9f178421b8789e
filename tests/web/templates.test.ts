/**
 * Templates in a real browser: the policy officer's keyboard-only journey (find a template,
 * edit it with findings as they type, save a draft, publishing refused with the reasons, fix
 * with "use this instead", publish, compare before and after), previews (HTML and the PDF
 * drawn as pictures), and bad input. axe on every page state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { drawWithPdftoppm } from '../../src/web/previews.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCREENSHOT_DIR,
  errorSummary,
  expectAccessible,
  postTwice,
  screenshot,
  scriptErrors,
  signInWithKeyboard,
  submit,
  tabTo,
  enter,
  useWebTestbed,
} from './harness.js';

// The pictures of PDF pages are drawn by pdftoppm, unless a test says drawing fails (as on a
// server without poppler-utils): the preview page must work either way.
let drawingFails = false;
const bed = useWebTestbed({
  web: {
    drawPdfPage: (pdf, page) => (drawingFails ? Promise.reject(Object.assign(new Error('spawn pdftoppm ENOENT'), { code: 'ENOENT' })) : drawWithPdftoppm(pdf, page)),
  },
});

const ADDED = 'We will ask if any money was misspent. Please send your bank statements for the audit.';

describe('policy officer, keyboard only', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
  });

  it('finds the template and opens the editor', async () => {
    await signInWithKeyboard(page, 'policy');
    expect(new URL(page.url()).pathname).toBe('/templates');
    await expectAccessible(page, 'templates list');
    await screenshot(page, 'templates-list');
    await tabTo(page, 'the financial checkup letter', (el) => el.href === '/templates/financial-checkup');
    await enter(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your financial checkup');
    await expectAccessible(page, 'template (published)');
    await screenshot(page, 'template-show');
    await tabTo(page, 'Edit', (el) => el.text === 'Edit');
    await enter(page);
    expect(new URL(page.url()).pathname).toBe('/templates/financial-checkup/edit');
    await expectAccessible(page, 'template editor');
  });

  it('sees findings as they type, saves a draft, and is told why it cannot be published', async () => {
    // The live check asks as publishing checks: with the profile and kind of the front matter.
    const asked: unknown[] = [];
    const listen = (request: { url(): string; postDataJSON(): unknown }) => {
      if (request.url().endsWith('/api/lint')) asked.push(request.postDataJSON());
    };
    page.on('request', listen);
    await tabTo(page, 'the template box', (el) => el.id === 'source');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n\n${ADDED}\n`);
    await expect.poll(() => page.locator('#results .plainly-finding__words').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['misspent', 'audit']));
    page.off('request', listen);
    expect(asked.at(-1)).toMatchObject({ format: 'template', profile: 'standard', kind: 'letter' });
    // The line the editor shows (the whole file, front matter included) is the line every page gives.
    const typed = await page.locator('#source').inputValue();
    const line = typed.split(/\r?\n/).findIndex((text) => text.includes('misspent')) + 1;
    expect(await page.locator('#results .plainly-finding', { hasText: 'misspent' }).first().innerText()).toContain(`on line ${line}`);
    await expectAccessible(page, 'template editor (live findings)');
    await screenshot(page, 'template-edit-live');
    await tabTo(page, 'Save as a new draft', (el) => el.text === 'Save as a new draft');
    await enter(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Saved as a new draft');
    expect(await page.locator('.govuk-caption-l').innerText()).toContain('version 2');
    expect(await page.locator('main').innerText()).toContain('has words that must change, so it cannot be published');
    expect(await page.locator('main').innerText()).toContain(`“misspent” on line ${line}`);

    await tabTo(page, 'Publish version 2', (el) => el.text === 'Publish version 2');
    await enter(page);
    const problems = await errorSummary(page);
    expect(problems[0]).toMatch(/Version 2 cannot be published: \d+ things must change first \(checked with its example and in every branch\)/);
    expect(problems.join('\n')).toContain(`Must change: “misspent” on line ${line}.`);
    expect(problems.join('\n')).toMatch(/Must change: “audit” on line \d+/);
    expect((await bed.server.app.store.templates.get('financial-checkup'))?.publishedVersion).toBe(1);
    await expectAccessible(page, 'publish refused');
    await screenshot(page, 'template-publish-refused');
  });

  it('fixes the wording with "use this instead", saves and publishes', async () => {
    await tabTo(page, 'Edit', (el) => el.text === 'Edit');
    await enter(page);
    await expect.poll(() => page.locator('#results .plainly-finding__words').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['misspent', 'audit']));
    for (const word of ['misspent', 'audit']) {
      // (innerText leaves out the quotation marks <q> draws, so they are not part of the match)
      await tabTo(page, `the replacement for ${word}`, (el) => el.tag === 'button' && el.text.replace(/[“”]/g, '').includes(`instead of ${word}`), 300);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#results .plainly-finding__words').allInnerTexts(), { timeout: 10_000 }).not.toContain(word);
    }
    expect(await page.locator('#source').inputValue()).toContain('financial checkup');
    await tabTo(page, 'Save as a new draft', (el) => el.text === 'Save as a new draft');
    await enter(page);
    expect(await page.locator('.govuk-caption-l').innerText()).toContain('version 3');
    await tabTo(page, 'Publish version 3', (el) => el.text === 'Publish version 3');
    await enter(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Published');
    expect((await bed.server.app.store.templates.get('financial-checkup'))?.publishedVersion).toBe(3);
  });

  it('compares before and after', async () => {
    await tabTo(page, 'Versions', (el) => el.text === 'Versions and before-and-after');
    await enter(page);
    await expectAccessible(page, 'versions');
    // Before: version 1 (chosen with the arrow keys); after: the newest (3).
    await tabTo(page, 'the Before box', (el) => el.id === 'a');
    await page.keyboard.press('Home'); // "Choose a version"
    await page.keyboard.press('End'); // the oldest, version 1
    await tabTo(page, 'Compare', (el) => el.text === 'Compare');
    await enter(page);
    expect(new URL(page.url()).search).toBe('?a=1&b=3');
    const table = await page.locator('table').first().innerText();
    expect(table).toMatch(/Must change\s+0\s+0/);
    expect(table).toMatch(/Reading age\s+\d+\s+\d+/);
    expect(await page.locator('.plainly-diff ins').first().innerText()).toMatch(/Added: [\s\S]*financial checkup/);
    expect(await page.locator('#fields-changed + p').innerText()).toBe('The fields of the two versions are the same.');
    await expectAccessible(page, 'compare');
    await screenshot(page, 'template-compare');
  });
});

describe('previews and bad input', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'policy' });
  });

  it('previews the HTML and the PDF (as pictures of its pages)', async () => {
    await page.goto('/templates/financial-checkup-easy-read/versions/1/preview');
    expect(await page.locator('iframe.plainly-preview-frame').getAttribute('title')).toMatch(/^Web version of /);
    // Version 1 is the published one: shown as letters are sent, not stamped DRAFT.
    await expect.poll(() => page.frameLocator('iframe.plainly-preview-frame').locator('body').innerText(), { timeout: 15_000 }).toMatch(/Tom Okafor/);
    expect(await page.frameLocator('iframe.plainly-preview-frame').locator('body').innerText()).not.toMatch(/DRAFT/);
    expect(await page.locator('main').innerText()).toContain('as letters made with this published version look');
    const html = await page.request.get('/templates/financial-checkup-easy-read/versions/1/preview.html');
    expect(html.headers()['content-security-policy']).toContain("default-src 'none'");
    // The letter's own font, carried in the page, is allowed by the preview's policy and used.
    expect(html.headers()['content-security-policy']).toContain('font-src data:');
    const fontsInPreview = await page
      .frameLocator('iframe.plainly-preview-frame')
      .locator('body')
      .evaluate(async () => {
        const doc = (globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string; load(): Promise<unknown> }> & { ready: Promise<unknown> } } }).document;
        const faces = [...doc.fonts].filter((face) => face.family.includes('Atkinson Hyperlegible'));
        await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
        return faces.length > 0 && faces.every((face) => face.status === 'loaded');
      });
    expect(fontsInPreview).toBe(true);
    const pages = page.locator('img.plainly-pdf-page');
    expect(await pages.count()).toBeGreaterThan(0);
    await expect.poll(() => pages.first().evaluate((img: any) => (img.complete ? Number(img.naturalWidth) : 0)), { timeout: 15_000 }).toBeGreaterThan(500);
    await expectAccessible(page, 'preview');
    await screenshot(page, 'template-preview');
    const png = await page.request.get('/templates/financial-checkup/versions/1/pages/1.png');
    expect(png.status()).toBe(200);
    const bytes = await png.body();
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, 'pdf-preview-financial-checkup-page-1.png'), bytes);
    const pdf = await page.request.get('/templates/financial-checkup/versions/1/preview.pdf');
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 90_000);

  it('without pictures of the PDF pages (no pdftoppm), the preview still works and links to the PDF', async () => {
    drawingFails = true;
    try {
      await page.goto('/templates/what-you-can-use-it-for/versions/1/preview');
      expect(await page.locator('img.plainly-pdf-page').count()).toBe(0);
      expect(await page.locator('#no-pictures').innerText()).toMatch(/^Pictures of the PDF pages cannot be shown here\. Open the PDF \(\d+ pages?\) to see how it will look on paper\.$/);
      const href = await page.locator('#no-pictures a').getAttribute('href');
      const pdf = await page.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await expect.poll(() => page.frameLocator('iframe.plainly-preview-frame').locator('body').innerText(), { timeout: 15_000 }).toMatch(/direct payment/i);
      expect(await page.frameLocator('iframe.plainly-preview-frame').locator('body').innerText()).not.toMatch(/DRAFT/);
      await expectAccessible(page, 'preview (no pictures)');
      // A picture asked for directly is a "not found" page that says what to do, not an error.
      const picture = await page.request.get('/templates/what-you-can-use-it-for/versions/1/pages/1.png');
      expect(picture.status()).toBe(404);
      expect(await picture.text()).toContain('A picture of page 1 could not be drawn. Open the PDF instead.');
    } finally {
      drawingFails = false;
    }
    // Once drawing works again, so do the pictures (a failure is not remembered).
    await page.goto('/templates/what-you-can-use-it-for/versions/1/preview');
    expect(await page.locator('img.plainly-pdf-page').count()).toBeGreaterThan(0);
  });

  it('an empty or broken template is explained, and script in it stays text', async () => {
    await page.goto('/templates/decision-letter/edit');
    await page.locator('#source').fill('');
    await submit(page, page.getByRole('button', { name: 'Check without saving' }));
    expect(await errorSummary(page)).toEqual(['Enter the template']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#source');
    await expectAccessible(page, 'editor (with errors)');

    const hostile = '---\nid: decision-letter\ntitle: <script>alert(1)</script>\n---\n# Hello <img src=x onerror=alert(2)>\n';
    await page.locator('#source').fill(hostile);
    await submit(page, page.getByRole('button', { name: 'Save as a new draft' }));
    expect(await page.locator('main').innerText()).toContain('This version does not work yet, so it cannot be published.');
    expect(await page.locator('pre.plainly-source').innerText()).toBe(hostile.trimEnd() === hostile ? hostile : hostile);
    expect(scriptErrors(page)).toEqual([]);
    await expectAccessible(page, 'template (does not compile)');
    await submit(page, page.getByRole('button', { name: /Publish version/ }));
    expect((await errorSummary(page))[0]).toMatch(/cannot be published: it does not work yet/);
    expect((await bed.server.app.store.templates.get('decision-letter'))?.publishedVersion).toBe(1);
  });

  it('a draft saved twice (double click) is one version', async () => {
    await page.goto('/templates/change-notice/edit');
    const before = (await bed.server.app.store.templates.get('change-notice'))!.latestVersion;
    await page.locator('#comment').fill('Tidy up');
    await page.locator('#source').press('Control+End');
    await page.locator('#source').pressSequentially('\nThank you.\n');
    const { second } = await postTwiceWithAction(page);
    expect(second).toContain('This draft was already saved');
    expect((await bed.server.app.store.templates.get('change-notice'))!.latestVersion).toBe(before + 1);
  });

  it('a viewer can look but not edit', async () => {
    const viewer = await bed.page({ role: 'viewer' });
    await viewer.goto('/templates/financial-checkup');
    expect(await viewer.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await viewer.goto('/templates/financial-checkup/edit');
    expect(await viewer.getByRole('heading', { level: 1 }).innerText()).toBe('You cannot do this');
    expect((await errorSummary(viewer))[0]).toMatch(/cannot use this page/);
    await expectAccessible(viewer, 'forbidden page');
    await viewer.context().close();
  });
});

/** Posts the editor form twice with action=save (as two clicks on "Save" would). */
async function postTwiceWithAction(page: Page) {
  await page.evaluate(`(() => {
    const form = document.querySelector('form[data-plainly-live-check]');
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = 'action'; input.value = 'save';
    form.append(input);
  })()`);
  return postTwice(page, 'form[data-plainly-live-check]');
}

describe('before and after, word by word (issue 15)', () => {
  it('marks the words changed inside a line, and the fields that changed, accessibly', async () => {
    const page = await bed.page({ role: 'policy' });
    const id = 'review-is-changing';
    await page.goto(`/templates/${id}/edit`, { timeout: 60_000 });
    const source = await page.locator('#source').inputValue();
    const from = (await bed.server.app.store.templates.get(id))!.latestVersion;
    // One word changed in a line of the body, and a field's label changed.
    const body = source.slice(source.indexOf('\n---', 4) + 4);
    const sentence = body.split('\n').find((line) => /^[A-Z][^{}#]{30,}\s[a-z]{4,}\s/.test(line))!;
    const word = sentence.split(' ').find((w) => /^[a-z]{5,}$/.test(w))!;
    const changed = source.replace(sentence, sentence.replace(` ${word} `, ` ${word}zz `)).replace(/label: ([^,}\n]+)/, 'label: $1 (new)');
    await page.locator('#source').fill(changed);
    await submit(page, page.getByRole('button', { name: 'Save as a new draft' }));
    const to = (await bed.server.app.store.templates.get(id))!.latestVersion;
    expect(to).toBe(from + 1);
    await page.goto(`/templates/${id}/compare?a=${from}&b=${to}`);
    const words = page.locator('.plainly-diff .plainly-diff__changed');
    // (the words screen readers hear are positioned out of sight, so innerText puts line breaks around them)
    const heard = async (tag: string) => (await words.locator(tag).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').replace(/ ?\] ?$/, ']').trim());
    expect(await heard('del')).toContain(`[removed: ${word}]`);
    expect(await heard('ins')).toContain(`[added: ${word}zz]`);
    // Not colour alone: crossed through and underlined.
    expect(await words.locator("del").first().evaluate((el: any) => (globalThis as any).getComputedStyle(el).textDecorationLine)).toContain('line-through');
    expect(await page.locator('.plainly-field-changes').innerText()).toMatch(/Changed[\s\S]*\(new\)/);
    await expectAccessible(page, 'compare (words and fields changed)');
    await screenshot(page, 'template-compare-words');
  }, 120_000);
});

/**
 * Small screens (issue 15): the words-to-avoid, templates, letters and batch pages fit a 320 px
 * wide window (WCAG 1.4.10 Reflow). The page itself never scrolls sideways: wide tables scroll
 * inside their own box, which is labelled and can be reached and scrolled with the keyboard.
 * axe on each page at that width.
 */
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, submit, useWebTestbed } from './harness.js';

const bed = useWebTestbed();

/** How wide the page is and which elements stick out past the window (for the failure message). */
async function overflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        // Only the outermost element sticking out, and not those inside a scrolling box.
        let p = el.parentElement, inside = false;
        while (p && p !== document.body) { if (getComputedStyle(p).overflowX !== 'visible') { inside = true; break; } p = p.parentElement; }
        if (!inside) wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' ' + Math.round(r.right));
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
  })()`)) as { scrollWidth: number; wide: string[] };
}

/** Expects the page to fit 320 px, every table box to be labelled and focusable, and no axe violations. */
async function expectFits(page: Page, state: string): Promise<void> {
  const { scrollWidth, wide } = await overflow(page);
  expect({ scrollWidth, wide }, `${state} is wider than 320 px`).toEqual({ scrollWidth: 320, wide: [] });
  // Every table either sits in a scrolling box that is labelled and in the Tab order, or stacks.
  const boxes = (await page.evaluate(`[...document.querySelectorAll('main table')].map((t) => {
    const box = t.closest('.plainly-table-scroll');
    return box ? { tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'), label: box.getAttribute('aria-label') || box.getAttribute('aria-labelledby') } : { stacked: t.classList.contains('plainly-table--stack') };
  })`)) as Array<Record<string, unknown>>;
  for (const box of boxes) {
    if ('stacked' in box) expect(box.stacked, `${state}: a table neither scrolls in its own box nor stacks`).toBe(true);
    else expect(box).toMatchObject({ tabindex: '0', role: 'region', label: expect.stringMatching(/\S/) });
  }
  await expectAccessible(page, `${state} at 320 px`);
}

describe('pages at 320 px wide', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'admin' });
    await page.setViewportSize({ width: 320, height: 800 });
  });

  it('words to avoid', async () => {
    await page.goto('/lexicon');
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(5);
    await expectFits(page, 'words to avoid');
    await screenshot(page, 'small-lexicon');
    // The box scrolls with the keyboard: focus it, press the right arrow.
    const box = page.locator('main .plainly-table-scroll').first();
    expect(await box.evaluate((el: any) => el.scrollWidth > el.clientWidth), 'the words table is wider than 320 px, so its box scrolls').toBe(true);
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((el: any) => el.scrollLeft)).toBeGreaterThan(0);
    await page.goto(`/lexicon/entries/${await firstEntryId(page)}`);
    await expectFits(page, 'a word');
    await page.goto('/lexicon/history');
    await expectFits(page, 'history of words');
  });

  it('templates', async () => {
    await page.goto('/templates');
    await expectFits(page, 'templates list');
    await screenshot(page, 'small-templates');
    await page.goto('/templates/financial-checkup');
    await expectFits(page, 'a template');
    await page.goto('/templates/financial-checkup/versions');
    await expectFits(page, 'template versions');
  });

  it('letters, the spreadsheet check and the batch', async () => {
    await page.goto('/letters');
    await expectFits(page, 'letters');
    const response = await page.request.get('/letters/templates/financial-checkup/example.csv');
    const [header, example] = parse((await response.text()).replace(/^\ufeff/, '')) as string[][];
    const row = (changes: Record<string, string>) => header.map((name, i) => changes[name] ?? example[i]);
    const csv = stringify([
      header,
      row({ reference: 'DP-200001' }),
      row({ reference: 'DP-200002', 'recipient.address.4': 'NOT A POSTCODE' }),
      row({ reference: 'DP-200003', note: 'If the money was misspent we will audit you.' }),
    ]);
    await page.locator('input[name="templateId"][value="financial-checkup"]').check();
    await page.locator('#file').setInputFiles({ name: 'a-rather-long-file-name-for-the-checkups.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your spreadsheet');
    await expectFits(page, 'spreadsheet check');
    // Each problem reads as a GOV.UK error sentence, naming the field in words (issue 15, forms).
    const problems = await page.locator('#problems ~ .plainly-table-scroll tbody td:nth-child(3)').allInnerTexts();
    expect(problems).toEqual(['The last line of the postal address must be a UK postcode']);
    await screenshot(page, 'small-letters-check');
    await submit(page, page.getByRole('button', { name: /^Start/ }));
    expect(new URL(page.url()).pathname).toMatch(/^\/letters\/batches\//);
    await expect.poll(() => page.locator('main .govuk-tag').first().innerText(), { timeout: 100_000, interval: 500 }).toBe('Finished');
    await expectFits(page, 'batch (finished, with problems and letters held back)');
    expect(await page.locator('#problems ~ .plainly-table-scroll').first().locator('tbody td:nth-child(3)').allInnerTexts()).toEqual(['The last line of the postal address must be a UK postcode']);
    await screenshot(page, 'small-letters-batch');
    await page.goto('/letters');
    await expectFits(page, 'letters with past batches');
  }, 150_000);
});

async function firstEntryId(page: Page): Promise<string> {
  const href = await page.locator('main table tbody a').first().getAttribute('href');
  return href!.split('/').pop()!;
}

/**
 * The API reference at /api/docs (Swagger UI) passes axe (WCAG 2.2 AA) like every page (issue
 * 15): its contrast, the nested controls of each operation, the unnamed server list and the
 * size of small targets are fixed by styling and options (src/http/openapi.ts). Checked with
 * the operations folded and with one opened.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, useWebTestbed } from './harness.js';

const bed = useWebTestbed();

describe('/api/docs', () => {
  it('has no axe violations, folded and with an operation open', async () => {
    const page = await bed.page();
    page.context().setDefaultTimeout(60_000);
    await page.goto('/api/docs');
    await page.waitForSelector('.opblock', { timeout: 60_000 });
    await expectAccessible(page, 'API reference');
    await screenshot(page, 'api-docs');
    await page.locator('.opblock-summary-control').first().click();
    await page.waitForSelector('.opblock-body', { timeout: 30_000 });
    await expectAccessible(page, 'API reference (an operation open)');
    // Reached and opened from the keyboard.
    await page.locator('.opblock-summary-control').nth(1).focus();
    await page.keyboard.press('Enter');
    // expect.poll's default 1 s is too short for Swagger UI on a loaded 2-core machine (it failed
    // and passed by turns there); the other waits in this test allow 30-60 s.
    await expect.poll(() => page.locator('.opblock.is-open').count(), { timeout: 30_000 }).toBeGreaterThan(1);
  }, 180_000);
});

/**
 * "Check letters you already have" on the check page, in a real browser with scripts blocked:
 * several Word, PDF and HTML files, a ZIP of them, a ZIP bomb and unreadable files among
 * readable ones, shown as one accessible report.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDocumentReaders, readOnThread } from '../../src/app/ingest.js';
import { costOf } from '../../src/app/rate-limit.js';
import { DEFAULT_INGEST_LIMITS } from '../../src/ingest/index.js';
import { buildDocx, buildPdf, buildScannedPdf, buildZip, oldWordFile } from '../ingest/build.js';
import { errorSummary, expectAccessible, screenshot, submit, useWebTestbed } from './harness.js';

const bed = useWebTestbed();

/** The documents table is in order: most "must change", then "should change", then "could change". */
async function expectWorstFirst(page: Page): Promise<void> {
  const rows = page.locator('#check-files-report table:has(caption:has-text("Every document checked")) tbody tr');
  const counts = (await rows.allInnerTexts()).map((row) => row.split('\t').slice(1, 4).map(Number));
  expect(counts.length).toBeGreaterThan(1);
  const sorted = [...counts].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
  expect(counts).toEqual(sorted);
  // The headings of the documents follow the table's order.
  const names = (await rows.allInnerTexts()).map((row) => row.split('\t')[0]);
  expect(await page.locator('#check-files-report h4').allInnerTexts()).toEqual(names);
}

const file = (name: string, buffer: Buffer, mimeType = 'application/octet-stream') => ({ name, mimeType, buffer });

describe('check letters you already have', () => {
  let page: Page;
  let letter: Buffer;
  let guide: Buffer;
  beforeAll(async () => {
    page = await bed.page({ role: 'policy', scripts: false });
    letter = await buildDocx([
      { heading: 'What happens next' },
      { text: 'We will write to you.' },
      { runs: [{ text: 'If the money was ' }, { inserted: 'misspent' }, { deleted: 'used' }, { text: ' we will call you.' }] },
    ]);
    guide = await buildPdf([{ heading: 'A guide' }, { text: 'Hello.' }, { pageBreak: true }, { heading: 'Your checkup' }, { text: 'We will audit your account.' }]);
    // The server runs in this process: start its reading thread now (the first use bundles the
    // task module and loads mammoth and pdfjs, seconds on a loaded machine), not inside a page load.
    await readOnThread(letter, 'warm-up.docx', DEFAULT_INGEST_LIMITS);
    await readOnThread(guide, 'warm-up.pdf', DEFAULT_INGEST_LIMITS);
    // And its linter (the first lint loads the lexicon and the language tools).
    await bed.server.app.pipeline.lint('We will write to you.', { profile: 'standard', format: 'text' });
  }, 60_000);

  afterAll(async () => {
    await closeDocumentReaders();
  });

  it('says what to do when no file is chosen', async () => {
    await page.goto('/check');
    await submit(page, page.getByRole('button', { name: 'Check the files' }));
    expect(await errorSummary(page)).toEqual(['Choose one or more files to check']);
  });

  it('checks several files and shows one report, the worst first, with bad files named', async () => {
    await page.goto('/check');
    await page.getByLabel('Your files').setInputFiles([
      file('guide.pdf', guide, 'application/pdf'),
      file('letter.docx', letter),
      file('page.html', Buffer.from('<h1>Help</h1><p>We are here to help you.</p>'), 'text/html'),
      file('old.doc', oldWordFile()),
      file('scan.pdf', await buildScannedPdf(), 'application/pdf'),
    ]);
    await submit(page, page.getByRole('button', { name: 'Check the files' }));
    const report = page.locator('#check-files-report');
    expect(await report.locator('h2').innerText()).toBe('Report on 3 documents');
    expect(await report.locator('h3').allInnerTexts()).toEqual(['Summary for the meeting', 'Counts', 'Documents, worst first', 'Files that could not be read']);
    expect((await report.locator('h4').allInnerTexts()).sort()).toEqual(['guide.pdf', 'letter.docx', 'page.html']);
    await expectWorstFirst(page);
    expect(await report.innerText()).toContain('If the money was misspent we will call you.');
    expect(await report.locator('blockquote:has-text("If the money was") mark').innerText()).toBe('misspent');
    expect(await report.innerText()).toMatch(/under ‘What happens next’, paragraph 2/);
    expect(await report.innerText()).toMatch(/page 2, under ‘Your checkup’, paragraph 1/);
    expect(await report.innerText()).toMatch(/tracked changes \(1 insertion, 1 deletion\)/);
    expect(await report.locator('#unread + ul li, h3:has-text("Files that could not be read") + ul li').allInnerTexts()).toEqual([
      expect.stringMatching(/^old\.doc: this is an old Word document \(\.doc\)/),
      expect.stringMatching(/^scan\.pdf: this PDF has no text to check: it may be a scan/),
    ]);
    await expectAccessible(page, 'check page with a report on several files');
    await screenshot(page, 'check-files-report');
  });

  it('opens a ZIP of documents, and refuses a ZIP bomb by name while checking the rest', async () => {
    await page.goto('/check');
    const zip = await buildZip({ 'letters/letter.docx': letter, 'letters/guide.pdf': guide, 'letters/photo.png': Buffer.from('png') });
    const bomb = await buildZip({ 'huge.txt': Buffer.alloc(8 * 1024 * 1024, 0x61) });
    await page.getByLabel('Your files').setInputFiles([file('letters.zip', zip, 'application/zip'), file('bomb.zip', bomb, 'application/zip')]);
    await submit(page, page.getByRole('button', { name: 'Check the files' }));
    const report = page.locator('#check-files-report');
    expect((await report.locator('h4').allInnerTexts()).sort()).toEqual(['letters.zip/letters/guide.pdf', 'letters.zip/letters/letter.docx']);
    await expectWorstFirst(page);
    expect(await report.locator('h3:has-text("Files that could not be read") + ul li').allInnerTexts()).toEqual([
      expect.stringMatching(/^bomb\.zip has a part that unpacks to [\d,]+ times its packed size \(the most Plainly reads is 100 times\)/),
    ]);
  });

  it('keeps the files form whole after a text check', async () => {
    await page.goto('/check');
    await page.getByLabel('Your writing').fill('We will write to you.');
    await submit(page, page.getByRole('button', { name: 'Check my writing' }));
    expect(await page.locator('#files-hint').innerText()).toMatch(/Up to 10 files at once, each up to 10 MB\.$/);
  });

  it('is charged as an expensive request', () => {
    expect(costOf('POST', '/check/files')).toMatchObject({ cost: 30, expensive: true });
  });

  it('refuses more files than it takes at once, by the field', async () => {
    await page.goto('/check');
    await page.getByLabel('Your files').setInputFiles(Array.from({ length: 11 }, (_, i) => file(`f${i}.txt`, Buffer.from('Hello.'), 'text/plain')));
    await submit(page, page.getByRole('button', { name: 'Check the files' }));
    expect(await errorSummary(page)).toEqual(['Choose at most 10 files at once, or put them in a ZIP file.']);
    await expectAccessible(page, 'check page refusing too many files');
  });
});

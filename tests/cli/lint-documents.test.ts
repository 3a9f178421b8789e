/**
 * `plainly lint` on Word files, PDFs and HTML pages the tests build, a folder with bad files
 * among good ones, and `--report` (HTML checked with axe in Chromium, CSV, JSON).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, buildPdf, buildScannedPdf, encryptedOfficeFile, oldWordFile } from '../ingest/build.js';
import { expectAccessible, launchBrowser } from '../web/harness.js';
import { FIXTURES, run, tempDir } from './lint-helpers.js';

const LEXICON = path.join(FIXTURES, 'lexicon-basic');

let dir: string;
beforeAll(async () => {
  dir = tempDir({
    'letters/a-letter.docx': await buildDocx([
      { heading: 'Your payments' },
      { text: 'Thank you for your return.' },
      { runs: [{ text: 'We will ' }, { deleted: 'audit' }, { inserted: 'check' }, { text: ' your account.' }] },
      { heading: 'What happens next' },
      { text: 'We will write to you.' },
      { text: 'If the money was misspent we will talk to you first.' },
    ]),
    'letters/b-guide.pdf': await buildPdf([
      { heading: 'A guide' },
      { text: 'Read this first.' },
      { pageBreak: true },
      { heading: 'What happens next' },
      { text: 'One.' },
      { text: 'Two.' },
      { text: 'We will audit your account.' },
    ]),
    'letters/c-page.html': '<h1>Help</h1>\n<p>We are here to help.</p>\n<script>var misspent = 1;</script>',
    'letters/d-notes.txt': 'The money was misspent.\n',
    'letters/old.doc': oldWordFile(),
    'letters/scan.pdf': await buildScannedPdf(),
    'letters/locked.docx': encryptedOfficeFile(),
    'bad/old.doc': oldWordFile(),
    'bad/scan.pdf': await buildScannedPdf(),
  });
});

describe('plainly lint on Word, PDF and HTML files', () => {
  it('checks every readable file in a folder, names each bad one, and exits by the findings', async () => {
    const { code, stdout, stderr } = await run(['lint', '--lexicon', LEXICON, 'letters'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      'letters/a-letter.docx: note: This Word document has tracked changes (1 insertion, 1 deletion). Only the text as it reads with every change accepted was checked.',
      'letters/a-letter.docx (under ‘What happens next’, paragraph 2) error Makes people feel suspected of cheating. Try “spent on things not in your support plan”. lexicon/misspent',
      'letters/b-guide.pdf (page 2, under ‘What happens next’, paragraph 3) warning Routine checks are not audits. Try “financial checkup”. lexicon/audit',
      expect.stringMatching(/^letters\/d-notes\.txt:1:15 error .* lexicon\/misspent$/),
    ]);
    expect(stderr).toMatch(/plainly: letters\/locked\.docx: this Word document is protected with a password/);
    expect(stderr).toMatch(/plainly: letters\/old\.doc: this is an old Word document \(\.doc\)\. Open it in Word or LibreOffice and save it as "Word Document \(\.docx\)"/);
    expect(stderr).toMatch(/plainly: letters\/scan\.pdf: this PDF has no text to check: it may be a scan/);
    expect(stderr).toMatch(/3 files could not be read \(above\)\.\n$/);
  });

  it('exits 2 when nothing could be read', async () => {
    const { code, stdout, stderr } = await run(['lint', '--lexicon', LEXICON, 'bad'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/bad\/old\.doc: this is an old Word document/);
    expect(stderr).toMatch(/bad\/scan\.pdf: this PDF has no text to check: it may be a scan/);
  });

  it('refuses a 101 MB file by its size, before reading it', async () => {
    const big = path.join(dir, 'huge.pdf');
    // A sparse file: 101 MB long without writing 101 MB.
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 101 * 1024 * 1024);
    const readFileSync = fs.readFileSync;
    let readBig = false;
    // Fails if the command reads the file whole before refusing it.
    (fs as { readFileSync: unknown }).readFileSync = (file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (file === big) readBig = true;
      return (readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
    };
    try {
      const { code, stderr } = await run(['lint', '--lexicon', LEXICON, 'huge.pdf', 'letters/c-page.html'], { cwd: dir });
      expect(code).toBe(0);
      expect(stderr).toMatch(/plainly: huge\.pdf: the file is 101\.0 MB; plainly lint reads Word, PDF and HTML files up to 20 MB/);
      expect(stderr).toMatch(/1 file checked: nothing to change\. 1 file could not be read/);
      expect(readBig).toBe(false);
    } finally {
      (fs as { readFileSync: unknown }).readFileSync = readFileSync;
    }
  });

  it('prints where each finding is and the notes in JSON', async () => {
    const { code, stdout } = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'letters/a-letter.docx', 'letters/old.doc'], { cwd: dir });
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.files).toHaveLength(1);
    expect(json.files[0]).toMatchObject({ path: 'letters/a-letter.docx', format: 'docx', notes: [expect.stringMatching(/tracked changes/)] });
    expect(json.files[0].findings[0]).toMatchObject({ ruleId: 'lexicon/misspent', where: { heading: 'What happens next', paragraph: 2, text: 'under ‘What happens next’, paragraph 2' } });
    expect(json.unreadable).toEqual([{ path: 'letters/old.doc', code: 'INPUT_UNREADABLE', message: expect.stringMatching(/old Word document/) }]);
    expect(json.files[0].findings[0].sentence).toBeUndefined();
  });

  it('shows progress every 25 files when stderr is not a terminal', async () => {
    const many = tempDir(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, 'We will look at it with you.\n'])));
    const { code, stderr } = await run(['lint', '--lexicon', LEXICON, '.'], { cwd: many });
    expect(code).toBe(0);
    expect(stderr).toBe('checked 25 of 60 files\nchecked 50 of 60 files\n60 files checked: nothing to change.\n');
  });

  it('redraws one progress line on a terminal, and clears it at the end', async () => {
    const many = tempDir(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, 'We will look at it with you.\n'])));
    const { code, stderr } = await run(['lint', '--lexicon', LEXICON, '.'], { cwd: many, isTTY: true });
    expect(code).toBe(0);
    const drawn = Array.from({ length: 30 }, (_, i) => `\rchecked ${i + 1} of 30 files`).join('');
    expect(stderr).toBe(`${drawn}\r\x1b[K30 files checked: nothing to change.\n`);
  });

  it('shows no progress for a few files', async () => {
    const few = tempDir({ 'a.txt': 'Hello.\n', 'b.txt': 'Hello.\n' });
    expect((await run(['lint', '--lexicon', LEXICON, '.'], { cwd: few, isTTY: true })).stderr).toBe('2 files checked: nothing to change.\n');
  });
});

describe('plainly lint --report', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('writes one accessible HTML report, the worst documents first', async () => {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const { code, stdout, stderr } = await run(['lint', '--lexicon', LEXICON, '--report', 'out/report.html', 'letters'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Report on 4 files written to out\/report\.html\./);
    const html = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    const context = await browser.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.setContent(html);
      expect(await page.locator('h1').allInnerTexts()).toEqual(['Plain language report']);
      expect(await page.locator('h2').allInnerTexts()).toEqual(['Summary for the meeting', 'Counts', 'Documents, worst first', 'Files that could not be read']);
      // Worst first: two errors' worth of documents before the one with a warning, then the clean page.
      expect(await page.locator('h3').allInnerTexts()).toEqual(['letters/a-letter.docx', 'letters/d-notes.txt', 'letters/b-guide.pdf', 'letters/c-page.html']);
      expect(await page.locator('caption').allInnerTexts()).toEqual([
        'Findings by how serious they are',
        'Findings by rule, the most serious and most frequent first',
        'Every document checked, the one with the most to change first',
      ]);
      expect(await page.locator('table th[scope]').count()).toBe(await page.locator('table th').count());
      const quote = page.locator('#doc-1 ~ ol blockquote').first();
      expect(await quote.innerText()).toBe('If the money was misspent we will talk to you first.');
      expect(await quote.locator('mark').innerText()).toBe('misspent');
      expect(await page.locator('#doc-1 ~ ol li').first().innerText()).toBe(
        'Must change: under ‘What happens next’, paragraph 2\n\nIf the money was misspent we will talk to you first.\n\nSay instead: “spent on things not in your support plan”\n\nWhy: Makes people feel suspected of cheating. (lexicon/misspent)',
      );
      expect(await page.locator('#doc-1 ~ p.note').first().innerText()).toMatch(/tracked changes/);
      const summary = (await page.locator('#summary ~ p').allInnerTexts()).slice(0, 4).join('\n');
      expect(summary).toMatch(/We checked 4 documents \(3 more files could not be read: see the end of this report\)\./);
      expect(summary).toMatch(/2 documents have wording that must change before they are sent again: 2 places in all\./);
      expect(await page.locator('#unread ~ ul li').allInnerTexts()).toEqual([
        expect.stringMatching(/^letters\/locked\.docx: this Word document is protected with a password/),
        expect.stringMatching(/^letters\/old\.doc: this is an old Word document/),
        expect.stringMatching(/^letters\/scan\.pdf: this PDF has no text to check/),
      ]);
      await expectAccessible(page, 'the lint report');
    } finally {
      await context.close();
    }
  });

  it('writes CSV and JSON by the extension', async () => {
    expect((await run(['lint', '--lexicon', LEXICON, '--report', 'r.csv', 'letters'], { cwd: dir })).code).toBe(1);
    const csv = fs.readFileSync(path.join(dir, 'r.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFdocument,status,where,severity,rule,words found,sentence,say instead,why\r\n')).toBe(true);
    expect(csv).toContain('letters/a-letter.docx,checked,"under ‘What happens next’, paragraph 2",error,lexicon/misspent,misspent,If the money was misspent we will talk to you first.,spent on things not in your support plan,Makes people feel suspected of cheating.\r\n');
    expect(csv).toMatch(/letters\/old\.doc,not read,,,,,,,.*old Word document/);
    expect((await run(['lint', '--lexicon', LEXICON, '--report', 'r.json', 'letters'], { cwd: dir })).code).toBe(1);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(json.documents.map((d: { name: string }) => d.name)).toEqual(['letters/a-letter.docx', 'letters/d-notes.txt', 'letters/b-guide.pdf', 'letters/c-page.html']);
    expect(json.totals).toEqual({ error: 2, warning: 1, suggestion: 0, total: 3 });
    expect(json.documents[1].findings[0].where).toEqual({ line: 1, column: 15, text: 'line 1, column 15' });
    expect(json.unreadable).toHaveLength(3);
  });

  it('refuses a report file of another kind', async () => {
    const { code, stderr } = await run(['lint', '--lexicon', LEXICON, '--report', 'r.pdf', 'letters'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--report needs a file ending in \.html, \.csv or \.json/);
  });
});

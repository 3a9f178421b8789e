/**
 * Letters and documents in a real browser: the finance team's keyboard-only journey (choose a
 * letter, upload a spreadsheet, see every row problem, watch it finish, download the ZIP),
 * past batches, find a sent letter by its reference and download it again (same checksum),
 * and bad uploads. axe on every page state.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorSummary,
  expectAccessible,
  screenshot,
  scriptErrors,
  signInWithKeyboard,
  submit,
  tabTo,
  enter,
  useWebTestbed,
} from './harness.js';

const bed = useWebTestbed();

/** A spreadsheet from the letter's own example: one good row, one bad postcode, one held back by its wording. */
async function spreadsheet(page: Page): Promise<Buffer> {
  const response = await page.request.get('/letters/templates/financial-checkup/example.csv');
  expect(response.status()).toBe(200);
  const [header, example] = parse((await response.text()).replace(/^\ufeff/, '')) as string[][];
  const at = (name: string) => header.indexOf(name);
  expect(at('recipient.address.4')).toBeGreaterThan(0);
  const row = (changes: Record<string, string>) => header.map((name, i) => changes[name] ?? example[i]);
  return Buffer.from(
    stringify([
      header,
      row({ reference: 'DP-100001' }),
      row({ reference: 'DP-100002', 'recipient.address.4': 'NOT A POSTCODE' }),
      row({ reference: 'DP-100003', note: 'If the money was misspent we will audit you.' }),
    ]),
  );
}

let batchUrl = '';

describe('finance team, keyboard only', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page();
  });

  it('chooses a letter, uploads a spreadsheet and starts', async () => {
    await signInWithKeyboard(page, 'finance');
    expect(new URL(page.url()).pathname).toBe('/letters');
    await expectAccessible(page, 'letters (empty)');
    await screenshot(page, 'letters-start');

    // Radios: Tab reaches the group, Space picks the first, arrow keys move the choice.
    await tabTo(page, 'the letter choices', (el) => el.name === 'templateId');
    await page.keyboard.press('Space');
    for (let i = 0; i < 10; i++) {
      if ((await page.locator('input[name="templateId"]:checked').getAttribute('value')) === 'financial-checkup') break;
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.locator('input[name="templateId"]:checked').getAttribute('value')).toBe('financial-checkup');

    const file = await spreadsheet(page);
    await tabTo(page, 'the file chooser', (el) => el.id === 'file' || (el.tag === 'button' && /choose file/i.test(el.text)));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: 'checkups.csv', mimeType: 'text/csv', buffer: file });
    await tabTo(page, 'the check button', (el) => el.text === 'Check the spreadsheet');
    await enter(page);

    // Every row is checked before anything is made.
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your spreadsheet');
    const counts = await page.locator('main dl').innerText();
    expect(counts).toMatch(/Rows\s+3/);
    expect(counts).toMatch(/Ready to make\s+2/);
    expect(counts).toMatch(/With a problem\s+1/);
    expect(await page.locator('#problems ~ .plainly-table-scroll table').innerText()).toMatch(/\n3\s+.*recipient\.address\.4[\s\S]*UK postcode/);
    await expectAccessible(page, 'letters (spreadsheet checked, with problems)');
    await screenshot(page, 'letters-check');
    // Every problem as a spreadsheet before anything starts; only for the person who uploaded it.
    const href = await page.getByRole('link', { name: 'Download every problem as a spreadsheet (CSV)' }).getAttribute('href');
    const listed = await page.request.get(href!);
    expect(listed.status()).toBe(200);
    expect(listed.headers()['content-type']).toContain('text/csv');
    const csvText = await listed.text();
    expect(csvText).toMatch(/row,column,field,problem/);
    expect(csvText).toMatch(/\n3,.*recipient\.address\.4/);
    expect((await page.request.get('/letters/check/not-a-real-upload-token-at-all/problems.csv')).status()).toBe(404);

    await tabTo(page, 'the start button', (el) => el.text === 'Start making 2 letters');
    await enter(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/letters\/batches\/[0-9a-f-]{36}$/);
    batchUrl = new URL(page.url()).pathname;
  });

  it('shows progress, every row problem, and the letters held back', async () => {
    // The page follows the batch with JavaScript and reloads itself when it is finished.
    // (the letters are made by worker threads: on a busy machine that can take a while)
    await expect.poll(() => page.locator('main .govuk-tag').first().innerText(), { timeout: 100_000, interval: 500 }).toBe('Finished');
    const summary = await page.locator('main dl').innerText();
    expect(summary).toMatch(/Rows in the spreadsheet\s+3/);
    expect(summary).toMatch(/Letters made\s+1/);
    expect(summary).toMatch(/Held back because of their wording\s+1/);
    expect(summary).toMatch(/Rows with a problem in the spreadsheet\s+1/);
    expect(await page.locator('#problems ~ .plainly-table-scroll table').first().innerText()).toMatch(/3\s+recipient\.address\.4|postcode/i);
    expect(await page.locator('#held-back ~ .plainly-table-scroll table').innerText()).toContain('DP-100003');
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    await expectAccessible(page, 'batch (finished, with problems)');
    await screenshot(page, 'letters-batch');
  }, 120_000);

  it('shows each held-back letter\'s words in context, what to say instead and why, never a rule id (issue 14)', async () => {
    const held = page.locator('#held-back ~ .plainly-table-scroll table [data-plainly-held-findings]').first();
    const text = await held.innerText();
    // The note the row carried, quoted with the words marked, then what to say instead.
    expect(await held.locator('q mark').allInnerTexts()).toEqual(expect.arrayContaining(['misspent']));
    // (<q> adds its quotation marks in CSS, so innerText has none around the quotes)
    expect(text).toMatch(/In this row’s “[^”]+”: If the money was misspent we will/);
    expect(text).toMatch(/Say instead: spent on things not in your support plan/);
    expect(text).toMatch(/suspected of cheating/);
    expect(await page.locator('main').innerText()).not.toMatch(/lexicon\/|council\//);
  });

  it('downloads the ZIP of letters with the keyboard, and the PDF to print', async () => {
    await tabTo(page, 'the ZIP download', (el) => el.text === 'Download the letters (ZIP)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.includes(Buffer.from('manifest.csv'))).toBe(true);
    const print = await page.request.get(`${batchUrl}/print.pdf`);
    expect(print.status()).toBe(200);
    expect((await print.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const problems = await page.request.get(`${batchUrl}/problems.csv`);
    expect(await problems.text()).toMatch(/row,column,field,problem/);
  });

  it('lists the batch under past batches', async () => {
    await page.goto('/letters');
    const rows = await page.locator('table tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/Your financial checkup\s+checkups\.csv\s+1\s+2\s+Finished/);
    await expectAccessible(page, 'letters (with past batches)');
    expect(scriptErrors(page)).toEqual([]);
  });
});

describe('running the same spreadsheet again (issue 14)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'finance' });
  });

  it('says which rows were already sent and when, offers to skip them (chosen) or make them again, and skips them', async () => {
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'checkups-again.csv', mimeType: 'text/csv', buffer: await spreadsheet(page) });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect(await page.locator('[data-plainly-already-sent]').innerText()).toMatch(/^1 row has a reference that this letter was already sent to \(on \d{1,2} [A-Z][a-z]+ \d{4}\)/);
    const sent = await page.locator('#already-sent ~ .plainly-table-scroll table').first().innerText();
    expect(sent).toMatch(/2\s+DP-100001[\s\S]*\t\d{1,2} [A-Z][a-z]+ \d{4}$/);
    // A GOV.UK radio choice: skipping is chosen to start with; making them again is on purpose.
    expect(await page.getByLabel('Skip them: make 1 letter').isChecked()).toBe(true);
    expect(await page.getByLabel('Make new letters for them on purpose: make 2 letters').isChecked()).toBe(false);
    await expectAccessible(page, 'letters (spreadsheet checked, some already sent)');
    await screenshot(page, 'letters-check-already-sent');
    await submit(page, page.getByRole('button', { name: 'Start', exact: true }));
    expect(new URL(page.url()).pathname).toMatch(/^\/letters\/batches\//);
    await expect.poll(() => page.locator('main .govuk-tag').first().innerText(), { timeout: 100_000, interval: 500 }).toBe('Finished');
    expect(await page.locator('main dl').innerText()).toMatch(/Skipped because they were already sent\s+1/);
    expect(await page.locator('#skipped ~ .plainly-table-scroll table').innerText()).toMatch(/2\s+DP-100001\s+Already sent on \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(await page.locator('main dl').innerText()).toMatch(/Letters made\s+0/);
    await expectAccessible(page, 'batch (finished, one skipped)');
    await screenshot(page, 'letters-batch-skipped');
    expect(scriptErrors(page)).toEqual([]);
  }, 120_000);
});

describe('finding a letter that was sent', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'finance' });
  });

  it('finds it by reference, shows its record and downloads the same bytes again', async () => {
    await page.goto('/documents');
    await expectAccessible(page, 'documents (recent)');
    await page.getByLabel('Reference').fill('DP-100001');
    await submit(page, page.getByRole('button', { name: 'Find' }));
    const results = page.locator('table tbody tr');
    expect(await results.count()).toBe(1);
    await expectAccessible(page, 'documents (found)');
    await submit(page, results.first().locator('a'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Letter DP-100001');
    expect(await page.locator('main dl').innerText()).toMatch(/To\s+Amina Patel/);
    await expectAccessible(page, 'document record');
    await screenshot(page, 'document-record');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const record = (await bed.server.app.store.documents.get(id))!;
    const pdf = await page.request.get(`/documents/${id}/document.pdf`);
    expect(pdf.status()).toBe(200);
    expect(createHash('sha256').update(await pdf.body()).digest('hex')).toBe(record.outputs.pdf!.sha256);
  });

  it('ignores capital letters in the reference (issue 14)', async () => {
    await page.goto('/documents?q=dp-100001');
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await page.goto('/documents?q=Dp-100001');
    expect(await page.locator('table tbody tr').count()).toBe(1);
  });

  it('says so when nothing has the reference', async () => {
    await page.goto('/documents?q=DP-999999');
    expect(await page.getByRole('heading', { level: 2, name: 'No letters found' }).count()).toBe(1);
    await expectAccessible(page, 'documents (none found)');
  });
});

describe('bad uploads', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bed.page({ role: 'finance', scripts: false });
  });

  it('refuses a file that is not a spreadsheet, naming the field', async () => {
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%\xff\xff\n1 0 obj\n') });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect(await errorSummary(page)).toEqual(['The file must be a spreadsheet: a CSV file or an Excel file (.xlsx).']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#file');
    expect(await page.locator('input[name="templateId"]:checked').getAttribute('value')).toBe('financial-checkup');
    await expectAccessible(page, 'letters (not a spreadsheet)');
    await screenshot(page, 'letters-errors');

    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'fake.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('just text') });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect((await errorSummary(page))[0]).toMatch(/called \.xlsx but it is not an Excel spreadsheet/);
  });

  it('refuses a workbook bomb (2.6 MB that unpacks to 1 GB) at once, naming the limit (issue 13)', async () => {
    const { sharedStringsBombXlsx } = await import('../batch/xlsx-bomb.js');
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'checkups.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sharedStringsBombXlsx(1024) });
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/letters');
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect((await response).status()).toBe(422);
    expect((await errorSummary(page))[0]).toMatch(/^checkups\.xlsx unpacks to 1024 MB of shared text \(the most Plainly reads is 100 MB\)/);
  });

  it('asks for a letter and a file when neither is given', async () => {
    await page.goto('/letters');
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    expect(await errorSummary(page)).toEqual(['Choose which letter to send', 'Choose the spreadsheet with the letters’ details']);
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#templateId');
  });

  it('names the missing columns of a spreadsheet that does not fit the letter, at once', async () => {
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('name,amount\nSam,12\n') });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    const problems = await errorSummary(page);
    expect(problems.join('\n')).toMatch(/reference/);
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#file');
    await expectAccessible(page, 'letters (columns missing)');
  });

  it('"Start" sent twice makes one batch', async () => {
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'twice.csv', mimeType: 'text/csv', buffer: await spreadsheet(page) });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    const form = page.locator('form[action="/letters/start"]');
    const fields = Object.fromEntries(await form.locator('input[type="hidden"]').evaluateAll((inputs: any[]) => inputs.map((input) => [input.name, input.value])));
    const send = () => page.request.post('/letters/start', { form: fields, maxRedirects: 0 });
    const first = await send();
    const second = await send();
    expect(first.status()).toBe(303);
    expect(first.headers().location).toMatch(/^\/letters\/batches\//);
    expect(second.headers().location).toBe(first.headers().location);
  });
});

describe('letters held back because of words in the template itself (issue 14)', () => {
  it('says so once, naming the template version and line to change, and asks for a policy officer', async () => {
    // A word to avoid approved after the letter was published: every letter made from it now has it.
    const admin = bed.server.app.auth('admin');
    const entry = { id: 'routine-check-web', terms: ['routine check'], replace: ['regular look at how things are going'], severity: 'error', reason: 'Sounds like an inspection.', examples: { flag: ['It is a routine check.'], pass: ['We look at how things are going.'] } };
    const page = await bed.page({ role: 'finance' });
    const proposed = await page.request.post('/api/lexicon/entries', { headers: admin, data: { entry, comment: 'test' } });
    expect(proposed.status()).toBe(201);
    // Approved by someone else: nobody approves their own proposal (issue 15).
    const approved = await page.request.post(`/api/lexicon/entries/${entry.id}/approve`, { headers: { ...bed.server.app.auth('approver'), 'If-Match': proposed.headers().etag }, data: { comment: 'ok' } });
    expect(approved.status()).toBe(200);

    const response = await page.request.get('/letters/templates/financial-checkup/example.csv');
    const [header, example] = parse((await response.text()).replace(/^\ufeff/, '')) as string[][];
    const row = (reference: string) => header.map((name, i) => (name === 'reference' ? reference : example[i]));
    await page.goto('/letters');
    await page.getByLabel('Your financial checkup', { exact: true }).check();
    await page.getByLabel('The spreadsheet').setInputFiles({ name: 'template-words.csv', mimeType: 'text/csv', buffer: Buffer.from(stringify([header, row('DP-200001'), row('DP-200002')])) });
    await submit(page, page.getByRole('button', { name: 'Check the spreadsheet' }));
    await submit(page, page.getByRole('button', { name: 'Start making 2 letters' }));
    await expect.poll(() => page.locator('main .govuk-tag').first().innerText(), { timeout: 100_000, interval: 500 }).toBe('Finished');
    const groups = page.locator('[data-plainly-template-group]');
    expect(await groups.count()).toBe(1);
    const said = await groups.innerText();
    expect(said).toMatch(/^These 2 letters were held back because of words in the template itself — version 1 of Your financial checkup, line \d+: [^\n]*It is a routine check that everyone has/);
    expect(await groups.locator('q mark').innerText()).toBe('routine check');
    expect(said).toMatch(/Say instead: regular look at how things are going/);
    expect(said).toMatch(/ask a policy officer to change the template \(version 1\)/);
    // Each letter points to it rather than repeating it.
    expect(await page.locator('#held-back ~ .plainly-table-scroll table').innerText()).toMatch(/routine check is in the template: see held back because of the template/);
    expect(await page.locator('main').innerText()).not.toMatch(/lexicon\//);
    await expectAccessible(page, 'batch (held back by the template)');
    await screenshot(page, 'letters-batch-template-words');
    expect(scriptErrors(page)).toEqual([]);
  }, 150_000);
});

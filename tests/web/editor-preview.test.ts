/**
 * The template editor's preview of the unsaved form, without a browser (fast): the web version
 * with its findings marked, pictures of the printed pages (drawn once for the same letter, and
 * charged like the preview page's pictures), what it shows when pictures cannot be drawn or the
 * allowance is spent, and that nothing is saved. The browser journey is in
 * template-editor.test.ts.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf } from '../../src/app/index.js';
import type { PdfPageDrawer } from '../../src/web/previews.js';
import { formFromSource } from '../../src/web/template-form.js';
import { type WebServer, TEST_PASSWORD, startWebServer, usernameFor } from './harness.js';

const ID = 'financial-checkup';
const SENTENCE = 'We will audit your account.';

/** A drawer that counts its calls and draws a small stand-in picture (or fails, when told to). */
function countingDrawer() {
  const state = { calls: 0, fail: false };
  const draw: PdfPageDrawer = async (_pdf, page) => {
    state.calls++;
    if (state.fail) throw Object.assign(new Error('spawn pdftoppm ENOENT'), { code: 'ENOENT' });
    return Buffer.from(`picture of page ${page}`);
  };
  return { state, draw };
}

async function signedIn(server: WebServer) {
  const agent = request.agent(server.app.app);
  const page = await agent.get('/sign-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: usernameFor('policy'), password: TEST_PASSWORD });
  expect(res.status).toBe(303);
  const design = await agent.get(`/templates/${ID}/design`);
  expect(design.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(design.text)![1];
  return { agent, csrf };
}

/** The editor's form for the template's latest version, as the page would send it, with `change`s. */
async function formBody(server: WebServer, csrf: string, change: Record<string, string> = {}, extraWords = '') {
  const record = (await server.app.store.templates.get(ID))!;
  const form = formFromSource((await server.app.store.templates.version(ID, record.latestVersion))!.source);
  const body: Record<string, string> = { _csrf: csrf, from: String(record.latestVersion), title: form.title, kind: form.kind, profile: form.profile, lang: form.lang, fieldCount: String(form.fields.length), body: form.body + extraWords };
  form.fields.forEach((row, i) => {
    for (const key of ['name', 'was', 'label', 'type', 'needed', 'whenField', 'whenValue', 'help', 'example', 'values', 'rules'] as const) body[`f${i}_${key}`] = row[key];
    if (row.kept) body[`f${i}_kept`] = 'yes';
  });
  return { ...body, ...change };
}

describe('the preview of the unsaved form', () => {
  const drawer = countingDrawer();
  let server: WebServer;
  let now = 1_000_000;
  beforeAll(async () => {
    // The rate clock stands still, so what each preview costs can be read off RateLimit-Remaining.
    server = await startWebServer({ config: { rateLimitPerMinute: 1000 }, rateNow: () => now, web: { drawPdfPage: drawer.draw } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the web version with the findings marked and listed, in a frame that runs nothing, and saves nothing', async () => {
    const { agent, csrf } = await signedIn(server);
    const before = (await server.app.store.templates.get(ID))!.latestVersion;
    const res = await agent.post(`/templates/${ID}/design/preview`).type('form').send(await formBody(server, csrf, { previewView: 'html' }, `\n${SENTENCE}\n`));
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
    expect(res.text).toContain('DRAFT');
    expect(res.text).toMatch(/We will <mark class="plainly-mark plainly-mark--error" id="plainly-mark-(\d+)"><span class="plainly-vh">Finding \1, must change: <\/span>audit<\/mark>/);
    expect(res.text).toMatch(/<li id="plainly-finding-\d+"><strong>Must change:<\/strong> “audit”\./);
    expect(res.text).not.toContain('<script');
    expect((await server.app.store.templates.get(ID))!.latestVersion).toBe(before);
  });

  it('shows pictures of the printed pages, drawn once for the same letter and charged 10 a page when drawn', async () => {
    const { agent, csrf } = await signedIn(server);
    const body = await formBody(server, csrf, { previewView: 'pages' });
    const first = await agent.post(`/templates/${ID}/design/preview`).type('form').send(body);
    expect(first.status).toBe(200);
    const pages = [...first.text.matchAll(/<img src="data:image\/png;base64,([^"]+)" alt="Page (\d+) of (\d+) of the letter as it will be printed">/g)];
    expect(pages.length).toBeGreaterThan(0);
    expect(Buffer.from(pages[0][1], 'base64').toString()).toBe('picture of page 1');
    expect(pages.map((p) => p[2])).toEqual(pages.map((_, i) => String(i + 1)));
    expect(drawer.state.calls).toBe(pages.length);
    expect(first.text).toContain('What the checks found');
    // The same form again: the pictures are kept, so nothing is drawn and only the preview is charged.
    const second = await agent.post(`/templates/${ID}/design/preview`).type('form').send(body);
    const third = await agent.post(`/templates/${ID}/design/preview`).type('form').send(body);
    expect(drawer.state.calls).toBe(pages.length);
    const remaining = [first, second, third].map((r) => Number(r.headers['ratelimit-remaining']));
    expect(remaining[0] - remaining[1]).toBe(10 + 10 * pages.length);
    expect(remaining[1] - remaining[2]).toBe(10);
    // Another letter (another example) is drawn again.
    const other = await agent.post(`/templates/${ID}/design/preview`).type('form').send({ ...body, previewExample: 'prepaid card' });
    expect(other.status).toBe(200);
    expect(drawer.state.calls).toBeGreaterThan(pages.length);
  });

  it('when pictures cannot be drawn, shows the web version and says why', async () => {
    const { agent, csrf } = await signedIn(server);
    drawer.state.fail = true;
    try {
      const res = await agent.post(`/templates/${ID}/design/preview`).type('form').send(await formBody(server, csrf, { previewView: 'pages' }, '\nA sentence for a new letter.\n'));
      expect(res.status).toBe(200);
      expect(res.text).toContain('<p class="plainly-note" role="note">Pictures of the pages were not drawn, so this is the web version. Pictures of the pages cannot be drawn on this server (pdftoppm did not work).</p>');
      expect(res.text).toContain('A sentence for a new letter.');
      expect(res.text).not.toContain('<img src="data:image/png');
    } finally {
      drawer.state.fail = false;
    }
  });

  it('a form that cannot make a letter says why in the frame', async () => {
    const { agent, csrf } = await signedIn(server);
    const res = await agent.post(`/templates/${ID}/design/preview`).type('form').send(await formBody(server, csrf, { title: '' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('<h1 style="font-size: 24px">The preview cannot be shown yet</h1><p>Enter the title of the template');
  });

  it('the editor page keeps the chosen view and example when the form comes back', async () => {
    const { agent, csrf } = await signedIn(server);
    const res = await agent.post(`/templates/${ID}/design`).type('form').send(await formBody(server, csrf, { action: 'add', previewView: 'pages', previewExample: 'prepaid card' }));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<input class="govuk-radios__input" id="previewView-2" name="previewView" type="radio" value="pages" checked>/);
    expect(res.text).toMatch(/<option value="prepaid card" selected>/);
    expect(res.text).toMatch(/<iframe name="plainly-preview" title="Preview of the letter \(not saved\)" class="[^"]*" sandbox><\/iframe>/);
  });

  it('costs what a render costs, and is expensive (it holds one of the places for requests at once)', () => {
    expect(costOf('POST', '/templates/financial-checkup/design/preview')).toMatchObject({ cost: 10, expensive: true });
  });
});

describe('pictures when the allowance is nearly spent', () => {
  const drawer = countingDrawer();
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ config: { rateLimitPerMinute: 25 }, rateNow: () => 1_000_000, web: { drawPdfPage: drawer.draw } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('draws nothing and shows the web version, saying how long to wait', async () => {
    const { agent, csrf } = await signedIn(server);
    const res = await agent.post(`/templates/${ID}/design/preview`).type('form').send(await formBody(server, csrf, { previewView: 'pages' }));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<p class="plainly-note" role="note">Pictures of the pages were not drawn, so this is the web version\. Too many requests: this one costs \d+ of the 25 a minute allowed \(PLAINLY_RATE_LIMIT_PER_MINUTE\)\. Try again in \d+ seconds?\.<\/p>/);
    expect(res.text).toContain('<main>');
    expect(drawer.state.calls).toBe(0);
  });
});

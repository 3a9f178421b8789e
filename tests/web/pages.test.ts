/**
 * The web layer without a browser (fast): access and redirects, CSRF on sign-in, sessions that
 * ended, bodies that are too large, unknown pages, CSP nonces, escaping, the stylesheet, and
 * the lexicon form's round trip. Pure helpers are in helpers.test.ts.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilStylesheet } from '../../src/web/assets.js';
import { EntryFormSchema, entryFromForm, formFromEntry } from '../../src/web/lexicon-view.js';
import { parseForm } from '../../src/web/forms.js';
import { type WebServer, TEST_PASSWORD, startWebServer, usernameFor } from './harness.js';

let server: WebServer;
beforeAll(async () => {
  server = await startWebServer();
});
afterAll(async () => {
  await server?.close();
});

/** Signs in through the form (with its CSRF cookie) and returns the agent and the session's CSRF token. */
async function signedIn(role: Parameters<typeof usernameFor>[0]) {
  const agent = request.agent(server.app.app);
  const page = await agent.get('/sign-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: usernameFor(role), password: TEST_PASSWORD });
  expect(res.status).toBe(303);
  const home = await agent.get('/check');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
  return { agent, csrf };
}

describe('access', () => {
  it('sends people who are not signed in to sign in, remembering where they were going', async () => {
    const res = await request(server.app.app).get('/templates/financial-checkup');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Ftemplates%2Ffinancial-checkup');
    const root = await request(server.app.app).get('/');
    expect(root.headers.location).toBe('/sign-in');
  });

  it('a cookie for a session that ended says so on the sign-in page', async () => {
    const res = await request(server.app.app).get('/check').set('Cookie', 'plainly_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(res.headers.location).toBe('/sign-in?next=%2Fcheck&ended=1');
    const page = await request(server.app.app).get(res.headers.location);
    expect(page.text).toContain('govuk-error-summary');
    expect(page.text).toContain('Your session has ended. Sign in again to carry on.');
  });

  it('session cookies are HttpOnly and SameSite', async () => {
    const agent = request.agent(server.app.app);
    const page = await agent.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: usernameFor('finance'), password: TEST_PASSWORD });
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('plainly_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.headers.location).toBe('/letters');
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const res = await request(server.app.app).post('/sign-in').type('form').send({ username: usernameFor('finance'), password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This sign-in form has expired or did not come from Plainly.');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('plainly_session=');
  });

  it('escapes script typed into the sign-in form', async () => {
    const agent = request.agent(server.app.app);
    const page = await agent.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: '"><script>alert(1)</script>', password: 'x' });
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a role that may not use a page gets a page that says so', async () => {
    const { agent } = await signedIn('coproduction');
    const res = await agent.get('/letters');
    expect(res.status).toBe(403);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toMatch(/Your account \(role: coproduction\) cannot use this page/);
  });

  it('every form refuses a post without the session\'s CSRF token, with a GOV.UK page; the API refuses a session cookie without X-CSRF-Token', async () => {
    // Every POST route the app has, found in its router, so a new form cannot be missed.
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const posts: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route?.methods.post) posts.push(layer.route.path);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((server.app.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const forms = posts.filter((p) => !p.startsWith('/api/') && p !== '/sign-in');
    expect(forms).toEqual(expect.arrayContaining(['/check', '/lexicon/propose', '/lexicon/upload', '/templates/:id/edit', '/letters', '/letters/start', '/admin/users/new', '/admin/tokens/:id/revoke']));
    const { agent } = await signedIn('admin');
    for (const route of forms) {
      const url = route.replace(/:id/g, 'financial-checkup').replace(/:version/g, '1');
      const res = await agent.post(url).type('form').send({ text: 'x', name: 'x' });
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(res.text, url).toContain('govuk-error-summary');
      expect(res.text, url).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
    }
    for (const route of posts.filter((p) => p.startsWith('/api/'))) {
      const url = route.replace(/:id/g, 'financial-checkup').replace(/:version/g, '1');
      const res = await agent.post(url).send({});
      expect({ url, refused: res.status === 401 || res.status === 403 }).toEqual({ url, refused: true });
    }
  });

  it.each([
    ['finance', '/letters', ['Check some writing', 'Letters', 'Documents']],
    ['policy', '/templates', ['Check some writing', 'Templates', 'Words to avoid']],
    ['coproduction', '/lexicon', ['Check some writing', 'Templates', 'Words to avoid']],
    ['approver', '/lexicon', ['Check some writing', 'Templates', 'Words to avoid']],
    ['viewer', '/', ['Check some writing', 'Templates', 'Words to avoid']],
    ['admin', '/', ['Check some writing', 'Letters', 'Documents', 'Templates', 'Words to avoid', 'People and API tokens']],
  ] as const)('a %s lands on %s after signing in, with the navigation for the role', async (role, home, links) => {
    const agent = request.agent(server.app.app);
    const page = await agent.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: usernameFor(role), password: TEST_PASSWORD });
    expect(res.headers.location).toBe(home);
    const landed = await agent.get(home).redirects(2);
    expect(landed.status).toBe(200);
    const nav = /<nav[^>]*aria-label="Menu"[^>]*>([\s\S]*?)<\/nav>/.exec(landed.text)?.[1] ?? /<nav[^>]*class="govuk-service-navigation[^"]*"[^>]*>([\s\S]*?)<\/nav>/.exec(landed.text)?.[1] ?? '';
    const texts = [...nav.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim()); // the current one is wrapped in <strong>
    expect(texts).toEqual([...links]);
  });

  it('signing out needs the CSRF token and ends the session', async () => {
    const { agent, csrf } = await signedIn('policy');
    const refused = await agent.post('/sign-out').type('form').send({});
    expect(refused.status).toBe(403);
    expect((await agent.get('/check')).status).toBe(200);
    const res = await agent.post('/sign-out').type('form').send({ _csrf: csrf });
    expect(res.headers.location).toBe('/sign-in?signedOut=1');
    expect((await agent.get('/check')).status).toBe(303);
  });
});

describe('bad input gets a GOV.UK page, never a stack trace', () => {
  it('a form body over the limit', async () => {
    const { agent, csrf } = await signedIn('policy');
    const res = await agent.post('/check').type('form').send(`_csrf=${csrf}&text=${'a'.repeat(3 * 1024 * 1024 + 10)}`);
    expect(res.status).toBe(413);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain('What you sent is too large');
    expect(res.text).not.toMatch(/at [\w.]+ \(|node_modules/);
  });

  it('an unknown page', async () => {
    const res = await request(server.app.app).get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('an unknown template, word or batch', async () => {
    const { agent } = await signedIn('admin');
    for (const path of ['/templates/no-such-template', '/lexicon/entries/..%2F..%2Fetc', '/letters/batches/not-a-batch', '/documents/00000000-0000-4000-8000-000000000000']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
      expect(res.text, path).toMatch(/There is no (template|word|batch|letter) with that/);
    }
  });

  it('the API under /api still answers problem+json', async () => {
    const res = await request(server.app.app).get('/api/nothing');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });
});

describe('page headers', () => {
  it('sends a CSP whose nonce is the one on the inline script, and no-store', async () => {
    const res = await request(server.app.app).get('/sign-in');
    const csp = res.headers['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(res.text).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves GOV.UK Frontend from node_modules without the GDS Transport font', async () => {
    const css = await request(server.app.app).get('/static/govuk-frontend.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('.govuk-button');
    expect(css.text).not.toContain('GDS Transport');
    const js = await request(server.app.app).get('/static/govuk-frontend.min.js');
    expect(js.text).toContain('initAll');
    const font = await request(server.app.app).get('/static/fonts/atkinson-hyperlegible-400.ttf');
    expect(font.status).toBe(200);
    expect(councilStylesheet('@font-face{font-family:"GDS Transport";src:url(x)}a{font-family:"GDS Transport",arial,sans-serif}')).toBe('a{font-family:"Atkinson Hyperlegible",arial,sans-serif}');
  });
});

describe('the lexicon form', () => {
  it('says in plain words which field is too long, for every field with a limit (never zod\'s own wording)', () => {
    for (const field of ['id', 'terms', 'replace', 'reason', 'unless', 'explained', 'flag', 'pass', 'comment']) {
      const parsed = parseForm(EntryFormSchema, { [field]: 'x'.repeat(20_001) });
      expect(parsed.ok, field).toBe(false);
      if (parsed.ok) continue;
      const message = parsed.errors.fields[field];
      expect(message, field).toMatch(/must be [\d,]+ characters or fewer$/);
      expect(message, field).not.toMatch(/expected|too big|string/i);
    }
  });

  it('the lexicon form gives back every approved entry exactly (nothing is dropped by a change)', async () => {
    const { entries } = await server.app.pipeline.lexicon();
    expect(entries.length).toBeGreaterThan(100);
    for (const entry of entries) {
      const built = entryFromForm(formFromEntry(entry), entry.id, entry);
      expect(built.ok, entry.id).toBe(true);
      if (built.ok) expect(built.entry, entry.id).toEqual(entry);
    }
  });
});

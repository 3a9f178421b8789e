/**
 * Browser test harness: the real app (tests/helpers/app.ts: temporary SQLite, real store,
 * auth, routes and pages) listening on a loopback port, Debian's Chromium driven by
 * playwright-core, axe for accessibility, and screenshots saved for people to look at.
 * One browser per test file; pages are reused within a file.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { type WebOptions, createWebRouter } from '../../src/web/index.js';
import { type Role, SYSTEM_ACTOR } from '../../src/store/index.js';
import { type TestApp, type TestAppOptions, createTestApp } from '../helpers/app.js';

/** Where screenshots go (README: "Web pages"). Git ignores test-output/. */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

/** The password every test user has. */
export const TEST_PASSWORD = 'a long test passphrase 42';

/** Usernames by role: `<role>-user`. */
export function usernameFor(role: Role): string {
  return `${role}-user`;
}

/** Display names by role, written like real people. */
const DISPLAY_NAMES: Record<Role, string> = {
  admin: 'Alex Admin',
  policy: 'Priya Policy',
  finance: 'Fiona Finance',
  coproduction: 'Chris Coproduction',
  approver: 'Ann Approver',
  viewer: 'Vic Viewer',
};

/** A running app with one user per role, and its address. */
export interface WebServer {
  app: TestApp;
  baseUrl: string;
  /** Moves the store clock (sessions, retention) forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Options for the app under test: the test app's, and the web pages' own (`web`). */
export type WebServerOptions = Omit<TestAppOptions, 'mounts' | 'now'> & { web?: WebOptions };

/** Starts the real app with the web pages mounted, on 127.0.0.1 and a free port. */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  let offset = 0;
  const { web, ...appOptions } = options;
  const mount = { path: '/', create: (context: Parameters<typeof createWebRouter>[0]) => createWebRouter(context, web) };
  const app = await createTestApp({ ...appOptions, mounts: [mount], now: () => new Date(Date.now() + offset) });
  for (const role of Object.keys(DISPLAY_NAMES) as Role[]) {
    await app.store.users.create({ actor: SYSTEM_ACTOR }, { username: usernameFor(role), displayName: DISPLAY_NAMES[role], role, password: TEST_PASSWORD });
  }
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.dispose();
    },
  };
}

/**
 * Launches Debian's Chromium (never a downloaded browser), headless. playwright's `launch`
 * gives every browser a fresh, empty temporary profile (user-data dir) and deletes it on close.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** What a test page is like: JavaScript on or off, script files loading or blocked. */
export interface PageOptions {
  javaScript?: boolean;
  scripts?: boolean;
}

/**
 * A browser context (own cookies) and a page in it. `scripts: false` stops every script file
 * from loading (as when JavaScript fails or is blocked), so the pages must work as plain forms,
 * while axe (which runs through the browser's debugging protocol) can still check them.
 * `javaScript: false` turns JavaScript off entirely (axe cannot run there).
 */
export async function newPage(browser: Browser, baseUrl: string, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: options.javaScript ?? true, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  if (options.scripts === false) await context.route(/\.m?js(\?.*)?$/, (route) => route.abort());
  // Fail fast with the real cause, well inside vitest's 30 s test timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // Any script error on our pages fails the test that caused it.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  (page as Page & { scriptErrors: string[] }).scriptErrors = errors;
  return { context, page };
}

/** A browser test file's app and browser: started once before its tests, closed after them. */
export interface WebTestbed {
  readonly server: WebServer;
  readonly browser: Browser;
  /** A new page in its own browser context (own cookies), signed in as `role` when one is given. */
  page(options?: PageOptions & { role?: Role }): Promise<Page>;
}

/**
 * Starts the app and Debian's Chromium together in `beforeAll` (one browser per test file)
 * and closes both in `afterAll`. Call it at the top of a test file.
 */
export function useWebTestbed(options: WebServerOptions = {}): WebTestbed {
  let server: WebServer | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    [server, chromium] = await Promise.all([startWebServer(options), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The testbed starts in beforeAll: use it inside a test or a hook.');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(chromium).browser;
    },
    async page({ role, ...pageOptions } = {}) {
      const { page } = await newPage(started(chromium).browser, started(server).baseUrl, pageOptions);
      if (role) await signIn(page, role);
      return page;
    },
  };
}

/** Script errors and dialogs seen on a page so far. */
export function scriptErrors(page: Page): string[] {
  return (page as Page & { scriptErrors?: string[] }).scriptErrors ?? [];
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(usernameFor(role));
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in' }));
  if (new URL(page.url()).pathname.startsWith('/sign-in')) throw new Error(`Could not sign in as ${role}`);
}

/**
 * Runs axe (WCAG 2.0/2.1/2.2 A and AA) on the page and expects no violations. `iframes: false`
 * for pages whose frame is sandboxed without scripts (the document preview): axe cannot run
 * inside such a frame and would wait for it forever; the frame itself (its title) is still checked.
 */
export async function expectAccessible(page: Page, state: string, options: { iframes?: boolean } = {}): Promise<void> {
  // Only violations get every node described (with selectors): describing every passing
  // node too is most of axe's time on a long page, and nothing here reads them.
  // (`options` replaces what `withTags` would set, so the tags are given here.)
  const builder = new AxeBuilder({ page }).options({
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
    ...(options.iframes === false ? { iframes: false } : {}),
  });
  const results = await builder.analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(summary, `axe violations on ${state} (${page.url()})`).toEqual([]);
  expect(results.passes.length, `axe ran no checks on ${state}`).toBeGreaterThan(10);
}

/** Saves a full-page screenshot as `<name>.png` under SCREENSHOT_DIR. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The error summary's items as text (empty when there is none). */
export async function errorSummary(page: Page): Promise<string[]> {
  const summary = page.locator('.govuk-error-summary');
  if ((await summary.count()) === 0) return [];
  return summary.locator('.govuk-error-summary__list li').allInnerTexts();
}

/** Presses Tab until the focused element matches `predicate` (at most `limit` presses). */
export async function tabTo(page: Page, describe: string, predicate: (element: { tag: string; text: string; name: string | null; type: string | null; id: string; href: string | null }) => boolean, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    // A string, so the test code needs no DOM types (this runs in the page).
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return undefined;
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
        name: el.getAttribute('name'),
        type: el.getAttribute('type'),
        id: el.id,
        href: el.getAttribute('href'),
      };
    })()`)) as { tag: string; text: string; name: string | null; type: string | null; id: string; href: string | null } | undefined;
    if (focused && predicate(focused)) return;
  }
  throw new Error(`Could not reach ${describe} with the Tab key in ${limit} presses`);
}

/** The visible text of an element, without text that is only for screen readers. */
export async function visibleText(page: Page, selector: string): Promise<string> {
  // (the element is typed loosely so the tests need no DOM types; this runs in the page)
  return page.locator(selector).evaluate((element: any) => {
    const copy = element.cloneNode(true);
    for (const hidden of copy.querySelectorAll('.govuk-visually-hidden')) hidden.remove();
    return String(copy.textContent ?? '');
  });
}

/** Presses Enter on the focused element and waits for the page it leads to to load. */
export async function enter(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

/** Tabs to a form field by id and types into it (keyboard only). */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#${id}`, (el) => el.id === id);
  await page.keyboard.type(text);
}

/** Signs in with the keyboard only: Tab to each field, type, Tab to the button, Enter. */
export async function signInWithKeyboard(page: Page, role: Role, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await typeInto(page, 'username', usernameFor(role));
  await typeInto(page, 'password', password);
  await tabTo(page, 'the Sign in button', (el) => el.tag === 'button' && el.text === 'Sign in');
  await enter(page);
}

/** Clicks something that sends a form, and waits for the page it leads to to load. */
export async function submit(page: Page, target: import('playwright-core').Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

/** The id of the element that has focus. */
export async function focusedId(page: Page): Promise<string | undefined> {
  return (await page.evaluate('document.activeElement ? document.activeElement.id : undefined')) as string | undefined;
}

/**
 * Sends a form on the page twice, as a double click or a browser "resend" would, through the
 * browser context's own request client (same cookies), and returns the second response's page.
 */
export async function postTwice(page: Page, formSelector: string): Promise<{ first: string; second: string }> {
  const { action, body } = (await page.evaluate(`(() => {
    const form = document.querySelector(${JSON.stringify(formSelector)});
    return { action: form.getAttribute('action'), body: new URLSearchParams(new FormData(form)).toString() };
  })()`)) as { action: string; body: string };
  const send = async () => {
    const response = await page.request.post(action, { data: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    return response.text();
  };
  const first = await send();
  const second = await send();
  return { first, second };
}

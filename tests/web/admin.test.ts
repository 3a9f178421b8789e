/**
 * People and API tokens in a real browser, and "change your password". The first start's
 * `admin` user signs in with the password from PLAINLY_BOOTSTRAP_PASSWORD and must choose
 * their own first; then, with the keyboard only, adds a person, changes their role, makes them
 * a new password, stops and restores their sign-in, makes an API token and stops it. The new
 * person's first sign-in asks them for their own password too. axe on every page state.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_USERNAME } from '../../src/http/bootstrap.js';
import { enter, errorSummary, expectAccessible, focusedId, postTwice, screenshot, scriptErrors, submit, tabTo, typeInto, useWebTestbed } from './harness.js';

const FIRST_PASSWORD = 'printed on the console 42';
const ADMIN_PASSWORD = 'kettle harbour violet morning';

const bed = useWebTestbed({ config: { bootstrapPassword: FIRST_PASSWORD } });

/** Signs in as `username` through the form (any password). */
async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submit(page, page.getByRole('button', { name: 'Sign in' }));
}

/** Answers the "choose your own password" form (at a first sign-in). */
async function choosePassword(page: Page, current: string, next: string, again = next): Promise<void> {
  await page.getByLabel('The password you were given', { exact: true }).fill(current);
  await page.getByLabel('Your new password', { exact: true }).fill(next);
  await page.getByLabel('Type your new password again').fill(again);
  await submit(page, page.getByRole('button', { name: 'Save my new password' }));
}

/** Tabs to a button or link by its visible text and presses Enter. */
async function press(page: Page, text: string | RegExp, limit = 80): Promise<void> {
  await tabTo(page, String(text), (el) => (typeof text === 'string' ? el.text === text : text.test(el.text)), limit);
  await enter(page);
}

let person = { id: '', password: '' };
let token = '';

describe('the first administrator, keyboard only', () => {
  let page: Page;

  it('signs in with the first-start password and must choose their own before anything else', async () => {
    page = await bed.page();
    await page.goto('/sign-in?next=%2Fadmin%2Fusers');
    await typeInto(page, 'username', BOOTSTRAP_USERNAME);
    await typeInto(page, 'password', FIRST_PASSWORD);
    await press(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/account/password');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Choose your own password');
    await expectAccessible(page, 'choose your own password (first sign-in)');
    await screenshot(page, 'account-password-first');
    // Every other page sends them back here.
    await page.goto('/templates');
    expect(new URL(page.url()).pathname).toBe('/account/password');

    // Wrong password given, and two new passwords that differ: both said at once, at the top.
    await typeInto(page, 'currentPassword', 'not what was printed');
    await typeInto(page, 'newPassword', ADMIN_PASSWORD);
    await typeInto(page, 'confirmPassword', `${ADMIN_PASSWORD}!`);
    await press(page, 'Save my new password');
    expect(await errorSummary(page)).toEqual(['The two new passwords are not the same. Type your new password again.']);
    expect(await focusedId(page)).toBe('');
    await expectAccessible(page, 'choose your own password (with errors)');
    await screenshot(page, 'account-password-errors');
    await typeInto(page, 'currentPassword', 'not what was printed');
    await typeInto(page, 'newPassword', ADMIN_PASSWORD);
    await typeInto(page, 'confirmPassword', ADMIN_PASSWORD);
    await press(page, 'Save my new password');
    expect(await errorSummary(page)).toEqual(['Your current password is not right. Check it and try again.']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#currentPassword');

    await typeInto(page, 'currentPassword', FIRST_PASSWORD);
    await typeInto(page, 'newPassword', ADMIN_PASSWORD);
    await typeInto(page, 'confirmPassword', ADMIN_PASSWORD);
    await press(page, 'Save my new password');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Your password is changed');
    await expectAccessible(page, 'password changed');
    // Back to the last page they asked for.
    await press(page, 'Continue');
    expect(new URL(page.url()).pathname).toBe('/templates');
    await press(page, 'People and API tokens');
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    const admin = (await bed.server.app.store.users.list()).find((u) => u.username === BOOTSTRAP_USERNAME)!;
    expect(admin.mustChangePassword).toBe(false);
    expect(await bed.server.app.store.users.verifyPassword(BOOTSTRAP_USERNAME, ADMIN_PASSWORD)).toBeDefined();
  });

  it('adds a person with a role, and is shown their password once', async () => {
    await expectAccessible(page, 'people');
    await screenshot(page, 'admin-users');
    await press(page, 'Add a person');
    await press(page, 'Add this person');
    expect(await errorSummary(page)).toEqual(['Enter their full name', 'Enter a username', 'Choose what they can do']);
    await expectAccessible(page, 'add a person (with errors)');
    await screenshot(page, 'admin-user-new-errors');

    await typeInto(page, 'displayName', 'Sam <b>Okafor</b>');
    await typeInto(page, 'username', 'sam okafor');
    // Radios: Tab reaches the group, Space picks the first (Finance).
    await tabTo(page, 'the role choices', (el) => el.name === 'role');
    await page.keyboard.press('Space');
    await press(page, 'Add this person');
    expect(await errorSummary(page)).toEqual(['A username is 2 to 64 characters: letters, digits and . _ @ - only, with no spaces']);
    expect(await page.locator('#displayName').inputValue()).toBe('Sam <b>Okafor</b>');
    expect(await page.locator('input[name=role]:checked').getAttribute('value')).toBe('finance');
    await page.locator('#username').fill('');
    await typeInto(page, 'username', 'sam.okafor');
    await press(page, 'Add this person');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Sam <b>Okafor</b> can now sign in');
    expect(await page.locator('.govuk-panel b').count()).toBe(0);
    person.password = await page.locator('#password').innerText();
    expect(person.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    await expectAccessible(page, 'password shown once');
    await screenshot(page, 'admin-user-added');
    const sam = (await bed.server.app.store.users.list()).find((u) => u.username === 'sam.okafor')!;
    expect(sam).toMatchObject({ role: 'finance', displayName: 'Sam <b>Okafor</b>', mustChangePassword: true, disabled: false });
    person.id = sam.id;
  });

  it('changes their role, makes them a new password, and stops and restores their sign-in', async () => {
    await press(page, /^Go to Sam <b>Okafor<\/b>’s page$/);
    expect(new URL(page.url()).pathname).toBe(`/admin/users/${person.id}`);
    await expectAccessible(page, 'a person');
    await screenshot(page, 'admin-user');
    // Finance is chosen; the arrow key moves the choice to the next role (Policy officer).
    await tabTo(page, 'the role choices', (el) => el.name === 'role' && el.id === 'role');
    await page.keyboard.press('ArrowDown');
    await press(page, 'Save the role');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The role is changed');
    expect((await bed.server.app.store.users.get(person.id))!.role).toBe('policy');

    await press(page, /^Make a new password for /);
    expect(await page.locator('.govuk-panel').innerText()).toContain('New password for');
    const again = await page.locator('#password').innerText();
    expect(again).not.toBe(person.password);
    expect(await bed.server.app.store.users.verifyPassword('sam.okafor', person.password)).toBeUndefined();
    person.password = again;

    await page.goto(`/admin/users/${person.id}`);
    await press(page, /^Stop .* signing in$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('They can no longer sign in');
    expect(await page.locator('main').innerText()).toContain('Cannot sign in');
    await expectAccessible(page, 'a person (cannot sign in)');
    const other = await bed.page();
    await signInAs(other, 'sam.okafor', person.password);
    expect(await errorSummary(other)).toEqual(['The username or password is not right. Check them and try again.']);
    await other.context().close();
    await press(page, /^Let .* sign in again$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('They can sign in again');
  });

  it('makes an API token, shown once, and stops it', async () => {
    await page.goto('/admin/users');
    await press(page, 'API tokens for other systems');
    await expectAccessible(page, 'API tokens');
    await press(page, 'Make an API token');
    await press(page, 'Make the token');
    expect(await errorSummary(page)).toEqual(['Enter what will use the token', 'Choose what it can do']);
    await expectAccessible(page, 'make a token (with errors)');
    await typeInto(page, 'name', 'Finance system');
    await tabTo(page, 'the role choices', (el) => el.name === 'role');
    await page.keyboard.press('Space'); // Finance
    await press(page, 'Make the token');
    token = await page.locator('#token').innerText();
    await expectAccessible(page, 'token shown once');
    await screenshot(page, 'admin-token-made');
    const me = await request(bed.server.app.app).get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toMatchObject({ kind: 'token', name: 'Finance system', role: 'finance' });

    await press(page, 'Back to API tokens');
    await screenshot(page, 'admin-tokens');
    await press(page, 'Stop it (Finance system)');
    await expectAccessible(page, 'stop a token?');
    await press(page, 'Stop the token');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The token no longer works');
    expect((await request(bed.server.app.app).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('changes their own password from the navigation', async () => {
    await page.goto('/admin/users');
    await press(page, 'Change your password');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Change your password');
    await expectAccessible(page, 'change your password');
    await typeInto(page, 'currentPassword', ADMIN_PASSWORD);
    await typeInto(page, 'newPassword', ADMIN_PASSWORD);
    await typeInto(page, 'confirmPassword', ADMIN_PASSWORD);
    await press(page, 'Save my new password');
    expect(await errorSummary(page)).toEqual(['Your new password must be different from the one you have now']);
  });
});

describe('a new person’s first sign-in', () => {
  it('asks them to choose their own password, then takes them where they were going', async () => {
    const page = await bed.page();
    await page.goto('/templates/financial-checkup');
    await page.getByLabel('Username').fill('sam.okafor');
    await page.getByLabel('Password', { exact: true }).fill(person.password);
    await submit(page, page.getByRole('button', { name: 'Sign in' }));
    expect(new URL(page.url()).pathname).toBe('/account/password');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Choose your own password');
    await choosePassword(page, person.password, 'short');
    expect(await errorSummary(page)).toEqual(['Your new password must be 12 characters or more']);
    await choosePassword(page, person.password, 'ladder copper autumn tide');
    await submit(page, page.getByRole('link', { name: 'Continue' }));
    expect(new URL(page.url()).pathname).toBe('/templates/financial-checkup');
    await page.context().close();
  });
});

describe('only administrators manage people, and not themselves', () => {
  it('other roles get a page that says they cannot', async () => {
    const page = await bed.page({ role: 'policy' });
    for (const path of ['/admin/users', '/admin/tokens', '/admin/users/new']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
    expect((await errorSummary(page))[0]).toMatch(/cannot use this page/);
    expect(await page.locator('.govuk-service-navigation').innerText()).not.toContain('People and API tokens');
    await page.context().close();
  });

  it('an administrator cannot stop their own sign-in or change their own role', async () => {
    const page = await bed.page({ role: 'admin' });
    const me = (await bed.server.app.store.users.list()).find((u) => u.username === 'admin-user')!;
    await page.goto(`/admin/users/${me.id}`);
    expect(await page.locator('main').innerText()).toContain('This is you.');
    expect(await page.locator('main form').count()).toBe(0);
    const csrf = await page.locator('meta[name=plainly-csrf]').getAttribute('content');
    for (const [action, body] of [['disable', ''], ['role', '&role=viewer']]) {
      const response = await page.request.post(`/admin/users/${me.id}/${action}`, { data: `_csrf=${csrf}${body}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(response.status(), action).toBe(403);
      expect(await response.text()).toContain('yourself. Ask another administrator.');
    }
    expect(await bed.server.app.store.users.get(me.id)).toMatchObject({ role: 'admin', disabled: false });
    await page.context().close();
  });
});

describe('forms sent twice', () => {
  it('a person added twice is added once, and the password shown works', async () => {
    const page = await bed.page({ role: 'admin' });
    await page.goto('/admin/users/new');
    await page.getByLabel('Their full name').fill('Jo Twice');
    await page.getByLabel('Their username').fill('jo.twice');
    await page.getByLabel('Approver').check();
    const { first, second } = await postTwice(page, 'main form');
    expect(first).toContain('can now sign in');
    expect(second).toContain('the form was sent twice');
    const shown = /id="password">([^<]+)</.exec(second)![1];
    expect((await bed.server.app.store.users.list()).filter((u) => u.username === 'jo.twice')).toHaveLength(1);
    expect(await bed.server.app.store.users.verifyPassword('jo.twice', shown)).toBeDefined();
    await page.context().close();
  });

  it('a token made twice is made once', async () => {
    const page = await bed.page({ role: 'admin' });
    await page.goto('/admin/tokens/new');
    await page.getByLabel('What will use it?').fill('Case system');
    await page.getByLabel('Viewer').check();
    const { first, second } = await postTwice(page, 'main form');
    expect(first).toContain('Your new API token');
    expect(second).toContain('was made a moment ago, so no new one was made');
    expect((await bed.server.app.store.tokens.list()).filter((t) => t.name === 'Case system')).toHaveLength(1);
    await page.context().close();
  });

  it('the password page without its CSRF token changes nothing', async () => {
    const page = await bed.page({ role: 'viewer' });
    const response = await page.request.post('/account/password', { data: 'currentPassword=x&newPassword=abcdefghijklmnop&confirmPassword=abcdefghijklmnop', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('govuk-error-summary');
    await page.context().close();
  });
});

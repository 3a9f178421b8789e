/**
 * People and API tokens, for administrators: list the people who sign in, add someone with a
 * role, change a role, stop someone signing in (and let them again), reset a password; list
 * API tokens, make one, stop one working.
 *
 * Everything goes through the store's user and token repositories with the administrator as
 * the actor — the same calls as the API's `/api/users` and `/api/tokens`, so the same audit
 * log entries. Passwords are never typed by an administrator: a new person, and anyone whose
 * password is reset, gets a random one (the same generator as the first start's admin) that
 * is shown once, and chooses their own at their next sign-in. A new token is shown once too.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/index.js';
import { NameSchema, ROLES, type Role, type User, UsernameSchema, randomPassword } from '../../app/index.js';
import { ROLE_CHOICES, ROLE_LABELS, WEB_ACCESS } from '../access.js';
import { type FormErrors, addError, noErrors, parseForm } from '../forms.js';
import { type WebContext, actionGuard, changeOf, isCode, render, sessionOf, viewGuard } from '../pages.js';

/** How long a form sent twice is recognised as the same form (a double click, a resend). */
const SENT_TWICE_MS = 10 * 60_000;

const NOTICES: Record<string, string> = {
  role: 'The role is changed. It applies from their next page.',
  disabled: 'They can no longer sign in. Anyone signed in as them has been signed out.',
  enabled: 'They can sign in again.',
  revoked: 'The token no longer works.',
  'already-revoked': 'That token had already been stopped.',
};

function notice(req: Request) {
  const key = typeof req.query.done === 'string' ? req.query.done : undefined;
  return key && NOTICES[key] ? { text: NOTICES[key], success: true } : undefined;
}

const RoleField = z.enum(ROLES, { error: 'Choose what they can do' });
const TokenRoleField = z.enum(ROLES, { error: 'Choose what it can do' });

const NewUserForm = z.object({
  displayName: z.string({ error: 'Enter their full name' }).trim().min(1, 'Enter their full name').refine((v) => NameSchema.safeParse(v).success, 'Their name must be 100 characters or fewer'),
  username: z
    .string({ error: 'Enter a username' })
    .trim()
    .min(1, 'Enter a username')
    .refine((v) => UsernameSchema.safeParse(v).success, 'A username is 2 to 64 characters: letters, digits and . _ @ - only, with no spaces'),
  role: RoleField,
});

const NewTokenForm = z.object({
  name: z.string({ error: 'Enter what will use the token' }).trim().min(1, 'Enter what will use the token').refine((v) => NameSchema.safeParse(v).success, 'The name must be 100 characters or fewer'),
  role: TokenRoleField,
});

/** The choices for a role, each with what it lets someone do. */
function roleItems(chosen: string | undefined) {
  return ROLE_CHOICES.map((role) => ({ value: role, text: ROLE_LABELS[role].name, hint: { text: ROLE_LABELS[role].does }, checked: role === chosen }));
}

/** A user as the pages show them. */
function userView(user: User) {
  const status = user.disabled
    ? { text: 'Cannot sign in', tag: 'govuk-tag--grey' }
    : user.mustChangePassword
      ? { text: 'Must choose a password', tag: 'govuk-tag--yellow' }
      : { text: 'Can sign in', tag: 'govuk-tag--green' };
  return { ...user, roleName: ROLE_LABELS[user.role].name, status };
}

/** People and token routes. */
export function adminRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const store = web.app.store;
  const guard = () => actionGuard(web.app, WEB_ACCESS.admin);

  router.get('/admin', viewGuard(WEB_ACCESS.admin), (_req, res) => res.redirect(303, '/admin/users'));

  // People.
  router.get('/admin/users', viewGuard(WEB_ACCESS.admin), async (req, res) => {
    const users = (await store.users.list()).map(userView);
    render(web, req, res, 'pages/admin/users.njk', { title: 'People who can sign in', users, notice: notice(req) });
  });

  const showNewUser = (req: Request, res: Response, values: Record<string, unknown>, errors?: FormErrors, status = 200) =>
    render(web, req, res, 'pages/admin/user-new.njk', { title: 'Add a person', values, roles: roleItems(typeof values.role === 'string' ? values.role : undefined), errors }, status);

  router.get('/admin/users/new', viewGuard(WEB_ACCESS.admin), (req, res) => showNewUser(req, res, {}));

  router.post('/admin/users/new', formBody, guard(), async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(NewUserForm, values, { role: 'role' });
    if (!parsed.ok) return showNewUser(req, res, values, parsed.errors, 422);
    const password = randomPassword();
    try {
      const user = await store.users.create(changeOf(req, res), { ...parsed.data, password, mustChangePassword: true });
      return showPassword(req, res, user, password, 'added');
    } catch (error) {
      if (!isCode(error, 'CONFLICT')) throw error;
      const existing = (await store.users.list()).find((u) => u.username === parsed.data.username);
      // The same form sent twice: the first answer (with the password) was never seen, so
      // give them a new password rather than say the username is taken.
      if (existing && existing.displayName === parsed.data.displayName && existing.role === parsed.data.role && existing.mustChangePassword && sentJustNow(existing.createdAt)) {
        const again = randomPassword();
        const user = await store.users.update(changeOf(req, res), existing.id, { password: again, mustChangePassword: true });
        return showPassword(req, res, user, again, 'added-again');
      }
      return showNewUser(req, res, values, addError(noErrors(), `Someone already has the username “${parsed.data.username}”. Choose a different username.`, 'username'), 409);
    }
  });

  function sentJustNow(at: string): boolean {
    return Date.now() - new Date(at).getTime() < SENT_TWICE_MS;
  }

  /** The page that shows a new password, once. */
  function showPassword(req: Request, res: Response, user: User, password: string, why: 'added' | 'added-again' | 'reset') {
    render(web, req, res, 'pages/admin/password-shown.njk', { title: why === 'reset' ? 'Their new password' : 'They can now sign in', person: userView(user), password, why });
  }

  async function loadUser(req: Request): Promise<User> {
    const id = z.uuid().safeParse(req.params.id);
    const user = id.success ? await store.users.get(id.data) : undefined;
    if (!user) throw new AppError('NOT_FOUND', 'There is no person with that number.');
    return user;
  }

  const showUser = async (req: Request, res: Response, user: User, extra: { errors?: FormErrors; role?: string } = {}, status = 200) => {
    const self = sessionOf(res).user.id === user.id;
    render(web, req, res, 'pages/admin/user.njk', { title: user.displayName, person: userView(user), self, roles: roleItems(extra.role ?? user.role), notice: notice(req), errors: extra.errors }, status);
  };

  router.get('/admin/users/:id', viewGuard(WEB_ACCESS.admin), async (req, res) => {
    await showUser(req, res, await loadUser(req));
  });

  /** An administrator cannot take away their own access (nobody might be left to give it back). */
  function notYourself(res: Response, user: User, what: string): FormErrors | undefined {
    if (sessionOf(res).user.id !== user.id) return undefined;
    return addError(noErrors(), `You cannot ${what} yourself. Ask another administrator.`);
  }

  router.post('/admin/users/:id/role', formBody, guard(), async (req, res) => {
    const user = await loadUser(req);
    const sent = (req.body as Record<string, unknown> | undefined)?.role;
    const role = RoleField.safeParse(sent);
    if (!role.success) return showUser(req, res, user, { errors: addError(noErrors(), 'Choose what they can do', 'role', 'role') }, 422);
    const refused = notYourself(res, user, 'change the role of');
    if (refused) return showUser(req, res, user, { errors: refused }, 403);
    if (role.data !== user.role) await store.users.update(changeOf(req, res), user.id, { role: role.data as Role });
    res.redirect(303, `/admin/users/${user.id}?done=role`);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    router.post(`/admin/users/:id/${action}`, formBody, guard(), async (req, res) => {
      const user = await loadUser(req);
      const refused = disabled ? notYourself(res, user, 'stop sign-in for') : undefined;
      if (refused) return showUser(req, res, user, { errors: refused }, 403);
      // Sent twice: the second finds it done already, and changes nothing.
      if (user.disabled !== disabled) await store.users.update(changeOf(req, res), user.id, { disabled });
      res.redirect(303, `/admin/users/${user.id}?done=${disabled ? 'disabled' : 'enabled'}`);
    });
  }

  router.post('/admin/users/:id/reset-password', formBody, guard(), async (req, res) => {
    const user = await loadUser(req);
    const refused = notYourself(res, user, 'reset the password of');
    if (refused) return showUser(req, res, user, { errors: addError(noErrors(), 'To change your own password, use “Change your password” at the top of the page.') }, 403);
    const password = randomPassword();
    // A new password ends their sessions; they choose their own at their next sign-in.
    const changed = await store.users.update(changeOf(req, res), user.id, { password, mustChangePassword: true });
    showPassword(req, res, changed, password, 'reset');
  });

  // API tokens.
  router.get('/admin/tokens', viewGuard(WEB_ACCESS.admin), async (req, res) => {
    const tokens = (await store.tokens.list()).map((token) => ({ ...token, roleName: ROLE_LABELS[token.role].name }));
    render(web, req, res, 'pages/admin/tokens.njk', { title: 'API tokens', tokens, notice: notice(req) });
  });

  const showNewToken = (req: Request, res: Response, values: Record<string, unknown>, errors?: FormErrors, status = 200) =>
    render(web, req, res, 'pages/admin/token-new.njk', { title: 'Make an API token', values, roles: roleItems(typeof values.role === 'string' ? values.role : undefined), errors }, status);

  router.get('/admin/tokens/new', viewGuard(WEB_ACCESS.admin), (req, res) => showNewToken(req, res, {}));

  router.post('/admin/tokens/new', formBody, guard(), async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(NewTokenForm, values, { role: 'role' });
    if (!parsed.ok) return showNewToken(req, res, values, parsed.errors, 422);
    const me = changeOf(req, res);
    // The same form sent twice: the token was shown once, in the answer to the first, and
    // cannot be shown again. Say so, rather than make a second token nobody saw.
    const twin = (await store.tokens.list()).find((t) => !t.revoked && t.name === parsed.data.name && t.role === parsed.data.role && t.createdBy === me.actor.name && sentJustNow(t.createdAt));
    if (twin) {
      return showNewToken(
        req,
        res,
        values,
        addError(noErrors(), `A token called “${twin.name}” was made a moment ago, so no new one was made. It was shown only once. If you did not copy it, stop it on the API tokens page and make a new one.`, 'name'),
        409,
      );
    }
    const { token, record } = await store.tokens.create(me, parsed.data);
    render(web, req, res, 'pages/admin/token-shown.njk', { title: 'Your new API token', token, record: { ...record, roleName: ROLE_LABELS[record.role].name } });
  });

  async function loadToken(req: Request) {
    const id = z.string().max(64).safeParse(req.params.id);
    const token = id.success ? await store.tokens.get(id.data) : undefined;
    if (!token) throw new AppError('NOT_FOUND', 'There is no API token with that number.');
    return token;
  }

  router.get('/admin/tokens/:id/revoke', viewGuard(WEB_ACCESS.admin), async (req, res) => {
    const token = await loadToken(req);
    if (token.revoked) return res.redirect(303, '/admin/tokens?done=already-revoked');
    render(web, req, res, 'pages/admin/token-revoke.njk', { title: `Stop the token “${token.name}”`, token: { ...token, roleName: ROLE_LABELS[token.role].name } });
  });

  router.post('/admin/tokens/:id/revoke', formBody, guard(), async (req, res) => {
    const token = await loadToken(req);
    if (token.revoked) return res.redirect(303, '/admin/tokens?done=already-revoked');
    await store.tokens.revoke(changeOf(req, res), token.id);
    res.redirect(303, '/admin/tokens?done=revoked');
  });

  return router;
}

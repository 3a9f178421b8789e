/**
 * "Change your password", for everyone who signs in. Someone whose password was chosen by
 * someone else — the first start's `admin` user (its password was printed on the console or
 * set in the environment), or anyone whose password an administrator reset — must choose
 * their own before they can use any other page: `passwordGate` sends them here, and back to
 * where they were going afterwards.
 *
 * The change itself is the store's `users.changePassword` (the same as
 * `POST /api/me/password`): it checks the current password, refuses the same one again,
 * clears the "must change" flag and ends the person's other sessions, keeping this one.
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { PASSWORD_LENGTH } from '../../core/index.js';
import { readSessionCookie } from '../../app/index.js';
import { homeFor } from '../access.js';
import { safeLocalPath } from '../errors.js';
import { type FormErrors, addError, errorsFrom, noErrors, parseForm } from '../forms.js';
import { type WebContext, actionGuard, changeOf, isCode, render, sessionOf, viewGuard, webOf } from '../pages.js';

/** The address of the page. */
export const PASSWORD_PAGE = '/account/password';

/** Pages someone who must choose a new password can still open. */
const OPEN_BEFORE_NEW_PASSWORD = new Set([PASSWORD_PAGE, '/sign-out', '/help']);

/**
 * Sends a signed-in person who must choose a new password to the password page (then back
 * to the page they asked for). Runs after the session is loaded, before every page.
 */
export function passwordGate(): RequestHandler {
  return (req, res, next) => {
    const session = webOf(res).session;
    if (!session?.user.mustChangePassword || OPEN_BEFORE_NEW_PASSWORD.has(req.path)) return next();
    const back = req.method === 'GET' ? safeLocalPath(req.originalUrl) : undefined;
    res.redirect(303, back && back !== '/' ? `${PASSWORD_PAGE}?next=${encodeURIComponent(back)}` : PASSWORD_PAGE);
  };
}

const PasswordForm = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(PASSWORD_LENGTH.max, 'Enter your current password'),
  newPassword: z
    .string({ error: 'Enter a new password' })
    .min(1, 'Enter a new password')
    .min(PASSWORD_LENGTH.min, `Your new password must be ${PASSWORD_LENGTH.min} characters or more`)
    .max(PASSWORD_LENGTH.max, `Your new password must be ${PASSWORD_LENGTH.max} characters or fewer`),
  confirmPassword: z.string({ error: 'Type your new password again' }).min(1, 'Type your new password again'),
  next: z.string().optional(),
});

/** Where the store's field names go on this form. */
const FIELDS: Record<string, { field: string; message: string }> = {
  currentPassword: { field: 'currentPassword', message: 'Your current password is not right. Check it and try again.' },
  newPassword: { field: 'newPassword', message: 'Your new password must be different from the one you have now' },
};

/** The password page's routes. */
export function accountRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();

  const show = (req: express.Request, res: express.Response, data: { errors?: FormErrors; next?: string }, status = 200) => {
    const forced = sessionOf(res).user.mustChangePassword;
    render(web, req, res, 'pages/account/password.njk', { title: forced ? 'Choose your own password' : 'Change your password', forced, next: data.next ?? '', minLength: PASSWORD_LENGTH.min, errors: data.errors }, status);
  };

  router.get(PASSWORD_PAGE, viewGuard('any'), (req, res) => {
    show(req, res, { next: safeLocalPath(req.query.next) });
  });

  router.post(PASSWORD_PAGE, formBody, actionGuard(web.app, 'any'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeLocalPath(body.next);
    const parsed = parseForm(PasswordForm, body);
    if (!parsed.ok) return show(req, res, { errors: parsed.errors, next }, 422);
    const { currentPassword, newPassword, confirmPassword } = parsed.data;
    if (newPassword !== confirmPassword) return show(req, res, { errors: addError(noErrors(), 'The two new passwords are not the same. Type your new password again.', 'confirmPassword'), next }, 422);
    const user = sessionOf(res).user;
    try {
      // Counted like sign-in attempts, so this form cannot be used to guess a password faster.
      await web.app.auth.limitPasswordAttempts(req);
      await web.app.store.users.changePassword(changeOf(req, res), user.id, newPassword, { currentPassword, keepSessionId: readSessionCookie(req) });
    } catch (error) {
      if (isCode(error, 'RATE_LIMITED')) {
        if (typeof error.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
        return show(req, res, { errors: addError(noErrors(), `${error.message} This protects your account.`, 'currentPassword'), next }, 429);
      }
      if (isCode(error, 'PRECONDITION_FAILED')) return show(req, res, { errors: addError(noErrors(), error.message, 'currentPassword'), next }, 409);
      if (!isCode(error, 'VALIDATION_FAILED')) throw error;
      const errors = noErrors();
      for (const problem of error.details.errors ?? []) {
        const target = FIELDS[problem.path];
        if (target) addError(errors, target.message, target.field);
      }
      return show(req, res, { errors: errors.summary.length ? errors : errorsFrom(error), next }, 422);
    }
    render(web, req, res, 'pages/account/password-changed.njk', { title: 'Your password is changed', continueHref: next ?? homeFor(user.role) });
  });

  return router;
}

/**
 * Sign in and sign out. The session lives in the store (only its hash is kept) and in an
 * HttpOnly, SameSite=Lax cookie; the sign-in form has its own CSRF token (a double-submit
 * cookie, SameSite=Strict), since there is no session yet to hold one.
 */
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { clientKeyOf, readSessionCookie, safeEqual, secureCookies, setSessionCookie } from '../../app/index.js';
import { homeFor } from '../access.js';
import { safeLocalPath } from '../errors.js';
import { addError, noErrors, parseForm } from '../forms.js';
import { type WebContext, isCode, render, webOf } from '../pages.js';

/** The cookie holding the sign-in form's CSRF token. */
export const SIGN_IN_COOKIE = 'plainly_signin';

const SignInForm = z.object({
  username: z.string({ error: 'Enter your username' }).trim().min(1, 'Enter your username').max(64, 'Usernames are 64 characters or fewer'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Passwords are 200 characters or fewer'),
  next: z.string().optional(),
  _csrf: z.string().optional(),
});

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A new CSRF token for the sign-in form, also set as a cookie (double submit). */
export function signInFormToken(req: express.Request, res: express.Response): string {
  const token = randomBytes(24).toString('base64url');
  res.cookie(SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/sign-in', secure: secureCookies(req) });
  return token;
}

/** Sign-in and sign-out routes. */
export function signInRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const formToken = (res: express.Response): string => signInFormToken(res.req, res);

  router.get('/sign-in', (req, res) => {
    const session = webOf(res).session;
    const next = safeLocalPath(req.query.next);
    if (session) return res.redirect(303, next ?? homeFor(session.user.role));
    const ended = req.query.ended === '1';
    const signedOut = req.query.signedOut === '1';
    const errors = ended ? addError(noErrors(), 'Your session has ended. Sign in again to carry on.', 'username') : undefined;
    render(web, req, res, 'pages/sign-in.njk', {
      title: 'Sign in',
      errors,
      next: next ?? '',
      signInToken: formToken(res),
      notice: signedOut ? { text: 'You have signed out.', success: true } : undefined,
    });
  });

  router.post('/sign-in', formBody, async (req, res) => {
    const parsed = parseForm(SignInForm, req.body);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeLocalPath(body.next) ?? '';
    const username = typeof body.username === 'string' ? body.username.slice(0, 64) : '';
    const show = (errors: ReturnType<typeof noErrors>, status: number) =>
      render(web, req, res, 'pages/sign-in.njk', { title: 'Sign in', errors, next, username, signInToken: formToken(res) }, status);

    const cookieToken = readCookie(req.headers.cookie, SIGN_IN_COOKIE);
    const sent = typeof body._csrf === 'string' ? body._csrf : '';
    if (!cookieToken || !sent || !safeEqual(cookieToken, sent)) {
      return show(addError(noErrors(), 'This sign-in form has expired or did not come from Plainly. Enter your username and password again.', 'username'), 403);
    }
    if (!parsed.ok) return show(parsed.errors, 422);
    let result;
    try {
      // Limited per account and address (the client's, through a trusted proxy).
      result = await web.app.auth.signIn(parsed.data.username, parsed.data.password, clientKeyOf(req), 12, typeof req.id === 'string' ? req.id : undefined);
    } catch (error) {
      if (isCode(error, 'RATE_LIMITED')) {
        if (typeof error.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
        return show(addError(noErrors(), `${error.message} This protects your account.`, 'username'), 429);
      }
      throw error;
    }
    if (!result) {
      return show(addError(noErrors(), 'The username or password is not right. Check them and try again.', 'username'), 401);
    }
    res.clearCookie(SIGN_IN_COOKIE, { path: '/sign-in', httpOnly: true, sameSite: 'strict', secure: secureCookies(req) });
    setSessionCookie(res, result.sessionId, { expiresAt: result.expiresAt });
    res.redirect(303, next || homeFor(result.user.role));
  });

  router.post('/sign-out', formBody, async (req, res) => {
    const session = webOf(res).session;
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
    // Signing out needs the CSRF token too, so another site cannot sign people out.
    if (session && typeof sent === 'string' && safeEqual(sent, session.csrfToken)) {
      const sessionId = readSessionCookie(req);
      if (sessionId) await web.app.auth.signOut(sessionId);
      setSessionCookie(res, null);
      return res.redirect(303, '/sign-in?signedOut=1');
    }
    if (!session) {
      setSessionCookie(res, null);
      return res.redirect(303, '/sign-in?signedOut=1');
    }
    render(
      web,
      req,
      res,
      'pages/problem.njk',
      {
        title: 'You cannot do this',
        heading: 'You have not been signed out',
        errors: addError(noErrors(), 'The sign-out form did not come from this page. Use the Sign out button at the top of the page.', 'back', 'back-link'),
        paragraphs: [],
        backHref: '/',
        backText: 'Go to the start page',
      },
      403,
    );
  });

  return router;
}

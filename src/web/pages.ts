/**
 * The machinery every page shares: the signed-in person (from the same session store and
 * `Authenticator` the API uses), access checks, CSRF on every form, the CSP nonce, and
 * `render`, which gives each view what the layout needs.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type nunjucks from 'nunjucks';
import { AppError, isAppError } from '../core/index.js';
import { type Access, type Principal, type ServiceContext as AppContext, type User, readSessionCookie } from '../app/index.js';
import { can, navigationFor } from './access.js';
import { ASSET_PATHS } from './assets.js';
import { type FormErrors, hasErrors } from './forms.js';
import type { Previews } from './previews.js';

/** The signed-in person on a page request. */
export interface WebSession {
  user: User;
  principal: Principal;
  csrfToken: string;
}

/** What the web middleware keeps on `res.locals.web`. */
export interface WebLocals {
  /** Per-response nonce for the one inline script GOV.UK's template has. */
  nonce: string;
  session?: WebSession;
  /** A session cookie came with the request but its session has ended (expired, signed out, user disabled). */
  sessionEnded: boolean;
}

/** Everything a page handler needs besides the request. */
export interface WebContext {
  app: AppContext;
  views: nunjucks.Environment;
  councilName: string;
  /** Draft previews of templates and pictures of their PDF pages. */
  previews: Previews;
}

/** The web locals of a response (set by `sessionLoader`). */
export function webOf(res: Response): WebLocals {
  return res.locals.web as WebLocals;
}

/** The signed-in session, or throws UNAUTHENTICATED (guards run first, so this is a bug guard). */
export function sessionOf(res: Response): WebSession {
  const session = webOf(res).session;
  if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in to use this page.');
  return session;
}

/** The change context for store writes made from a page. */
export function changeOf(req: Request, res: Response) {
  return { actor: sessionOf(res).principal, requestId: typeof req.id === 'string' ? req.id : undefined };
}

/**
 * The Content-Security-Policy for pages: scripts only from us (plus the one inline script,
 * by nonce), no inline style attributes, forms only to us, no framing by others.
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "frame-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "script-src-attr 'none'",
    "style-src 'self'",
  ].join('; ');
}

/** Loads the session (if any) and sets the CSP and caching headers for every page. */
export function sessionLoader(app: AppContext): RequestHandler {
  return async (req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    const locals: WebLocals = { nonce, sessionEnded: false };
    res.locals.web = locals;
    res.setHeader('Content-Security-Policy', pageCsp(nonce));
    // Pages can hold personal data and a CSRF token: never cached.
    res.setHeader('Cache-Control', 'no-store');
    const sessionId = readSessionCookie(req);
    if (sessionId) {
      const found = await app.auth.fromSession(sessionId);
      if (found) {
        locals.session = { user: found.user, principal: found.principal, csrfToken: found.csrfToken };
        res.locals.principal = found.principal;
      } else {
        locals.sessionEnded = true;
      }
    }
    next();
  };
}

/** Where to send someone to sign in, coming back to `path` afterwards. */
export function signInUrl(path: string, ended: boolean): string {
  const params = new URLSearchParams();
  if (path && path !== '/') params.set('next', path);
  if (ended) params.set('ended', '1');
  const query = params.toString();
  return `/sign-in${query ? `?${query}` : ''}`;
}

/**
 * Guard for pages people look at (GET): not signed in -> to the sign-in page (and back
 * afterwards); signed in with the wrong role -> a 403 page that says so.
 */
export function viewGuard(access: Access): RequestHandler {
  return (req, res, next) => {
    const web = webOf(res);
    if (!web.session) return res.redirect(303, signInUrl(req.originalUrl, web.sessionEnded));
    if (!can(web.session.user.role, access)) throw roleError(web.session.user.role);
    next();
  };
}

function roleError(role: string): AppError {
  return new AppError('FORBIDDEN', `Your account (role: ${role}) cannot use this page. If you need to, ask an administrator to change your role.`);
}

/**
 * Guard for forms (POST): the request must come with a live session and that session's
 * CSRF token, and the role must allow the action. The check itself is the API's own
 * `Authenticator.authenticate` (session cookie + `_csrf` field), so pages and API agree.
 * Body parsers run before this (the token is in the body).
 */
export function actionGuard(app: AppContext, access: Access): RequestHandler {
  return async (req, res, next) => {
    const web = webOf(res);
    if (!web.session) {
      throw new AppError('UNAUTHENTICATED', web.sessionEnded ? 'Your session has ended, so what you sent was not saved. Sign in again, then send it again.' : 'Sign in to do this.');
    }
    const principal = await app.auth.authenticate(req);
    if (!can(principal.role, access)) throw roleError(principal.role);
    await app.requestLimits.charge(req, res, principal);
    next();
  };
}

/** Data every view gets. */
export interface PageData {
  title: string;
  errors?: FormErrors;
  [key: string]: unknown;
}

/** Renders a view with the layout's data: navigation by role, CSRF token, nonce, assets. */
export function render(web: WebContext, req: Request, res: Response, view: string, data: PageData, status = 200): void {
  const locals = webOf(res);
  const session = locals.session;
  const html = web.views.render(view, {
    ...data,
    hasErrors: hasErrors(data.errors),
    cspNonce: locals.nonce,
    csrfToken: session?.csrfToken,
    user: session ? { name: session.user.displayName, username: session.user.username, role: session.user.role } : undefined,
    navigation: session ? navigationFor(session.user.role, req.path) : [],
    councilName: web.councilName,
    assets: ASSET_PATHS,
    can: (access: Access) => can(session?.user.role, access),
  });
  res.status(status).type('html').send(html);
}

/** Wraps an async handler so rejected promises reach the error handler (Express 5 does this too; kept for clarity in types). */
export function handler(fn: (req: Request, res: Response, next: NextFunction) => Promise<void> | void): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(fn(req, res, next)).catch(next);
  };
}

/** True for an AppError with one of the given codes. */
export function isCode(error: unknown, ...codes: string[]): error is AppError {
  return isAppError(error) && codes.includes(error.code);
}

/** Who is asking, as the lint threads share their turns (`user:7`), from the signed-in session. */
export function callerOf(res: Response): string | undefined {
  const principal = res.locals.principal as { kind: string; id: string | number } | undefined;
  return principal ? `${principal.kind}:${principal.id}` : undefined;
}

/**
 * What a person sees when something goes wrong on a page: a GOV.UK page with an error
 * summary at the top that says what happened and what to do, never a stack trace. Expired
 * sessions go to the sign-in page (and back afterwards); unexpected errors are logged with
 * the request id and shown as "Sorry, there is a problem with the service".
 */
import type { ErrorRequestHandler, Request } from 'express';
import { AppError, isAppError } from '../core/index.js';
import { fromParserError } from '../app/index.js';
import { noErrors, addError } from './forms.js';
import { signInFormToken } from './routes/sign-in.js';
import { type WebContext, render, signInUrl, webOf } from './pages.js';

/** The path of the page that sent a form, when it is one of ours (for "go back" links). */
export function refererPath(req: Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    const host = req.get('host');
    if (host && url.host !== host) return undefined;
    return safeLocalPath(url.pathname + url.search);
  } catch {
    return undefined;
  }
}

/** A local path safe to redirect to (no scheme, no `//host`, no backslashes), or undefined. */
export function safeLocalPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}

/**
 * The page a form was sent from. Pages post to their own address (a rule of these pages), so
 * that is the request's own path; the Referer is not sent (Referrer-Policy: no-referrer).
 */
export function formPage(req: Request): string | undefined {
  return refererPath(req) ?? safeLocalPath(req.originalUrl);
}

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with what was sent',
  401: 'Sign in again',
  403: 'You cannot do this',
  404: 'Page not found',
  409: 'This has changed since you opened it',
  410: 'This is no longer available',
  412: 'Someone else changed this first',
  413: 'What you sent is too large',
  415: 'That type of file cannot be used here',
  422: 'There is a problem with what was sent',
  429: 'Please wait a moment',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

/** The error handler at the end of the web router. */
export function webErrorHandler(web: WebContext): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    const mapped = isAppError(error) ? error : fromParserError(error);
    if (!res.locals.web) res.locals.web = { nonce: 'none', sessionEnded: false };
    const locals = webOf(res);

    if (mapped?.code === 'UNAUTHENTICATED') {
      if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(303, signInUrl(req.originalUrl, locals.sessionEnded));
      // A form sent after the session ended: the sign-in page, saying what happened.
      const errors = addError(noErrors(), mapped.message, 'username');
      return render(web, req, res, 'pages/sign-in.njk', { title: 'Sign in', errors, next: formPage(req) ?? '', username: '', signInToken: signInFormToken(req, res) }, 401);
    }

    if (!mapped) {
      req.log?.error({ err: error }, 'page failed');
    } else if (mapped.status >= 500) {
      req.log?.error({ err: error }, 'page failed');
    }
    const appError = mapped ?? new AppError('INTERNAL', 'Something went wrong on our side. Try again later. If it keeps happening, contact the team that runs Plainly.');
    if (appError.code === 'RATE_LIMITED' && typeof appError.details.retryAfterSeconds === 'number') {
      res.setHeader('Retry-After', String(appError.details.retryAfterSeconds));
    }
    const status = appError.status;
    const heading = HEADINGS[status] ?? HEADINGS[status >= 500 ? 500 : 400];
    const back = req.method === 'GET' ? undefined : formPage(req);
    const errors = addError(noErrors(), appError.message, 'back', 'back-link');
    if (status === 404) errors.summary = [];
    render(
      web,
      req,
      res,
      'pages/problem.njk',
      {
        title: heading,
        heading,
        errors,
        paragraphs: status === 404 ? [appError.message, 'If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'] : [],
        backHref: back ?? '/',
        backText: back ? 'Go back to the page and try again' : 'Go to the start page',
        requestId: status >= 500 && typeof req.id === 'string' ? req.id : undefined,
      },
      status,
    );
  };
}

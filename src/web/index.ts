/**
 * The web pages: server-rendered GOV.UK Frontend pages for finance teams, policy officers and
 * co-production groups, mounted at `/` by `plainly serve` (`WEB_MOUNT`). They use the API's own context
 * (store, pipeline, sessions, roles), work without JavaScript, and add live checking with it.
 * See docs/web.md.
 */
import express, { type Router } from 'express';
import { type ServiceContext as AppContext, type WebMount, loadBranding, pageLimits } from '../app/index.js';
import { assetsRouter } from './assets.js';
import { webErrorHandler } from './errors.js';
import { type WebContext, render, sessionLoader } from './pages.js';
import { type PdfPageDrawer, Previews } from './previews.js';
import { accountRoutes, passwordGate } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { checkRoutes } from './routes/check.js';
import { documentRoutes } from './routes/documents.js';
import { homeRoutes } from './routes/home.js';
import { letterRoutes } from './routes/letters.js';
import { lexiconRoutes } from './routes/lexicon.js';
import { signInRoutes } from './routes/sign-in.js';
import { templateRoutes } from './routes/templates.js';
import { templateEditorRoutes } from './routes/template-editor.js';
import { createViews } from './views.js';

/**
 * Form bodies: URL-encoded, up to 3 MB — room for the longest text lint accepts (200,000
 * characters) even when every character is percent-encoded UTF-8. Anything larger is refused
 * with a page that says so.
 */
export const FORM_LIMIT_BYTES = 3 * 1024 * 1024;

/** What can be changed about the pages (tests pass these; `plainly serve` uses the defaults). */
export interface WebOptions {
  /** Draws PDF pages as pictures for the template preview (default: pdftoppm). */
  drawPdfPage?: PdfPageDrawer;
}

/** Builds the web router on the app's context. */
export function createWebRouter(app: AppContext, options: WebOptions = {}): Router {
  let councilName = 'Your council';
  try {
    councilName = loadBranding(app.config.brandingFile).name;
  } catch (error) {
    app.logger.warn({ err: error }, 'branding could not be read; the pages say "Your council"');
  }
  const web: WebContext = { app, views: createViews(), councilName, previews: new Previews(app, options.drawPdfPage) };
  const formBody = express.urlencoded({ extended: false, limit: FORM_LIMIT_BYTES, parameterLimit: 2000 });

  const router = express.Router();
  router.use(assetsRouter());
  router.use(sessionLoader(app));
  router.use(passwordGate());
  // Signed-in pages are charged like API requests (previews render PDFs and run pdftoppm).
  router.use(pageLimits(app.requestLimits));
  router.use(signInRoutes(web, formBody));
  router.use(accountRoutes(web, formBody));
  router.use(homeRoutes(web));
  router.use(checkRoutes(web, formBody));
  router.use(lexiconRoutes(web, formBody));
  router.use(templateEditorRoutes(web, formBody));
  router.use(templateRoutes(web, formBody));
  router.use(letterRoutes(web, formBody));
  router.use(documentRoutes(web));
  router.use(adminRoutes(web, formBody));

  // Anything else a browser asks for: a GOV.UK "page not found".
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    render(web, req, res, 'pages/problem.njk', {
      title: 'Page not found',
      heading: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
      backHref: '/',
      backText: 'Go to the start page',
    }, 404);
  });
  router.use(webErrorHandler(web));
  return router;
}

/** The web pages as a mount for `createApp({ mounts })`. */
export const WEB_MOUNT: WebMount = { path: '/', create: (context) => createWebRouter(context) };

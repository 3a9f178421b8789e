/**
 * "Check some writing": paste text, pick standard or Easy Read, see the findings with their
 * reasons highlighted in the text, apply a replacement, and a readability summary. Works as a
 * plain form post; with JavaScript the same page re-checks as you type through the JSON API
 * (`POST /api/lint`, with the session cookie and CSRF header).
 *
 * Files too: one or several Word, PDF, HTML, text or Markdown files, or a ZIP of them, are
 * checked together (app/ingest.ts) and shown as one report, the worst first — the same report
 * `plainly lint --report` writes. A file that cannot be read is named in the report with why;
 * the others are still checked.
 */
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError, isAppError, MAX_LINT_CHARACTERS, PROFILES } from '../../core/index.js';
import { checkFiles, readOnThread, reportDocument, reportOf, reportSections } from '../../app/ingest.js';
import { WEB_ACCESS } from '../access.js';
import { type FormErrors, addError, multiline, noErrors, parseForm } from '../forms.js';
import { type WebContext, actionGuard, callerOf, render, viewGuard, webOf } from '../pages.js';
import { applyChosenReplacement, resultsView } from '../results.js';

const CheckForm = z.object({
  text: multiline(
    z
      .string({ error: 'Enter the writing you want to check' })
      .max(MAX_LINT_CHARACTERS, `Your writing is too long to check in one go: the most is ${MAX_LINT_CHARACTERS.toLocaleString('en-GB')} characters. Check it in parts.`)
      .refine((text) => text.trim().length > 0, 'Enter the writing you want to check'),
  ),
  profile: z.enum(PROFILES, { error: 'Choose standard or Easy Read' }).default('standard'),
  apply: z.string().optional(),
});

/** The most files sent at once (a ZIP counts as one; up to CHECK_ZIP_LIMITS.maxEntries inside). */
export const MAX_CHECK_FILES = 10;

/** What a ZIP sent to the check page may hold: it is unpacked in the service's memory. */
export const CHECK_ZIP_LIMITS = { maxEntries: 200, maxInflatedBytes: 50 * 1024 * 1024, maxRatio: 100 };

const ACCEPT = '.docx,.pdf,.html,.htm,.txt,.md,.zip';

/**
 * Session first (nobody can make us buffer files without signing in), then multer reads up to
 * MAX_CHECK_FILES files of at most the upload limit each into memory, then CSRF and role. A
 * refused upload is shown by the file field, not as an error page.
 */
function receiveFiles(web: WebContext): RequestHandler[] {
  const needSession: RequestHandler = (_req, res, next) => {
    const locals = webOf(res);
    if (!locals.session) throw new AppError('UNAUTHENTICATED', locals.sessionEnded ? 'Your session has ended, so the files were not uploaded. Sign in again, then upload them again.' : 'Sign in to do this.');
    next();
  };
  const maxBytes = web.app.limits.uploadBytes;
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: MAX_CHECK_FILES, fields: 10, fieldSize: 1000 } }).array('files', MAX_CHECK_FILES);
  const receive: RequestHandler = (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (!(error instanceof multer.MulterError)) return next(error);
      res.locals.uploadError =
        error.code === 'LIMIT_FILE_SIZE'
          ? `A file is too large: each must be ${Math.round(maxBytes / 1024 / 1024)} MB or smaller.`
          : error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE'
            ? `Choose at most ${MAX_CHECK_FILES} files at once, or put them in a ZIP file.`
            : 'The files could not be read. Choose them again and try again.';
      next();
    });
  };
  return [needSession, receive, actionGuard(web.app, WEB_ACCESS.check)];
}

/** The check page's routes. */
export function checkRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();

  // What both forms on the page need, whichever was sent.
  const pageData = { title: 'Check some writing', maxCharacters: MAX_LINT_CHARACTERS, maxFiles: MAX_CHECK_FILES, maxMegabytes: Math.round(web.app.limits.uploadBytes / 1024 / 1024), accept: ACCEPT };

  router.get('/check', viewGuard(WEB_ACCESS.check), (req, res) => {
    render(web, req, res, 'pages/check.njk', { ...pageData, text: '', profile: 'standard' });
  });

  router.post('/check/files', ...receiveFiles(web), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const profile = body.profile === 'easy-read' ? 'easy-read' : 'standard';
    const page = { ...pageData, text: '', profile };
    const refused = res.locals.uploadError as string | undefined;
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (refused) return render(web, req, res, 'pages/check.njk', { ...page, errors: addError(noErrors(), refused, 'files') }, 413);
    if (files.length === 0) return render(web, req, res, 'pages/check.njk', { ...page, errors: addError(noErrors(), 'Choose one or more files to check', 'files') }, 422);
    const caller = callerOf(res);
    const results = await checkFiles(
      files.map((file) => ({ name: path.basename(Buffer.from(file.originalname, 'latin1').toString('utf8')) || 'upload', bytes: file.buffer })),
      (text, format) => web.app.pipeline.lint(text, { profile, format, caller }),
      { limits: { maxFileBytes: web.app.limits.uploadBytes, maxCharacters: MAX_LINT_CHARACTERS }, zipLimits: CHECK_ZIP_LIMITS, read: readOnThread },
    );
    const model = reportOf(results.map(reportDocument));
    render(web, req, res, 'pages/check.njk', { ...page, report: reportSections(model, { idPrefix: 'checked', style: 'govuk', headingLevel: 3 }), checkedCount: model.documents.length });
  });

  router.post('/check', formBody, actionGuard(web.app, WEB_ACCESS.check), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sentText = typeof body.text === 'string' ? body.text : '';
    const profile = body.profile === 'easy-read' ? 'easy-read' : 'standard';
    const show = (data: { text: string; errors?: FormErrors; results?: unknown; notice?: unknown }, status = 200) =>
      render(web, req, res, 'pages/check.njk', { ...pageData, profile, ...data }, status);

    const parsed = parseForm(CheckForm, body);
    if (!parsed.ok) return show({ text: sentText, errors: parsed.errors }, 422);
    let text = parsed.data.text;
    let notice: { text: string; success: boolean } | undefined;

    if (parsed.data.apply !== undefined) {
      const before = await web.app.pipeline.lint(text, { profile: parsed.data.profile, format: 'text', caller: callerOf(res) });
      const applied = applyChosenReplacement(text, before.findings, parsed.data.apply);
      if (!applied) {
        const errors = addError(noErrors(), 'That change could not be made because the writing has changed since it was checked. Check it again, then choose the change.', 'text');
        return show({ text, errors, results: resultsView(text, before) }, 409);
      }
      text = applied.text;
      notice = { text: `Changed “${applied.actual}” to “${applied.replacement}”.`, success: true };
    }

    let result;
    try {
      result = await web.app.pipeline.lint(text, { profile: parsed.data.profile, format: 'text', caller: callerOf(res) });
    } catch (error) {
      // Long writing is checked on a lint thread with a time limit (422) and a queue (503 BUSY):
      // say so by the text box, as any other problem with what was sent.
      if (!isAppError(error) || (error.status !== 422 && error.code !== 'BUSY')) throw error;
      return show({ text, errors: addError(noErrors(), error.message, 'text') }, error.status);
    }
    show({ text, results: resultsView(text, result), notice });
  });

  return router;
}

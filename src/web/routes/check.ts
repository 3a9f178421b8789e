/**
 * "Check some writing": paste text, pick standard or Easy Read, see the findings with their
 * reasons highlighted in the text, apply a replacement, and a readability summary. Works as a
 * plain form post; with JavaScript the same page re-checks as you type through the JSON API
 * (`POST /api/lint`, with the session cookie and CSRF header).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { isAppError, PROFILES } from '../../core/index.js';
import { MAX_LINT_CHARACTERS } from '../../http/routes/lint.js';
import { WEB_ACCESS } from '../access.js';
import { type FormErrors, addError, multiline, noErrors, parseForm } from '../forms.js';
import { type WebContext, actionGuard, callerOf, render, viewGuard } from '../pages.js';
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

/** The check page's routes. */
export function checkRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();

  router.get('/check', viewGuard(WEB_ACCESS.check), (req, res) => {
    render(web, req, res, 'pages/check.njk', { title: 'Check some writing', text: '', profile: 'standard', maxCharacters: MAX_LINT_CHARACTERS });
  });

  router.post('/check', formBody, actionGuard(web.app, WEB_ACCESS.check), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sentText = typeof body.text === 'string' ? body.text : '';
    const profile = body.profile === 'easy-read' ? 'easy-read' : 'standard';
    const show = (data: { text: string; errors?: FormErrors; results?: unknown; notice?: unknown }, status = 200) =>
      render(web, req, res, 'pages/check.njk', { title: 'Check some writing', profile, maxCharacters: MAX_LINT_CHARACTERS, ...data }, status);

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

/**
 * Templates for policy officers: the list; one template with its source and whether it could
 * be published; previews (HTML and PDF, with the template's example data, marked DRAFT);
 * the editor with findings as you type; versions; "before and after" of two versions with
 * finding counts and readability; publish, refused with the reasons when checks fail.
 * Everyone who may see templates can look; only policy officers (and admins) change them.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { IdSchema, MAX_TEMPLATE_CHARACTERS, type TemplateRecord, VersionSchema, publishTemplateVersion } from '../../app/index.js';
import { AppError, frontMatterId, frontMatterValue, isAppError } from '../../core/index.js';
import { WEB_ACCESS } from '../access.js';
import { changedFields, changedLines } from '../diff-view.js';
import { type FormErrors, addError, multiline, noErrors, parseForm } from '../forms.js';
import { type WebContext, actionGuard, callerOf, changeOf, render, viewGuard, webOf } from '../pages.js';
import { applyChosenReplacement, resultsView, roundReadability } from '../results.js';
import { SEVERITY_LABELS } from '../static/findings.js';
import { type FindingLine, checkTemplateVersion, findingLinesOf, listTemplates, templateOfParam } from '../template-service.js';

const NOTICES: Record<string, string> = {
  saved: 'Saved as a new draft. It is not used for letters until it is published.',
  'already-saved': 'This draft was already saved, so no new version was made.',
  published: 'Published. Letters use this version from now on.',
  'already-published': 'This version was already published.',
};

const EditForm = z.object({
  source: multiline(
    z
      .string({ error: 'Enter the template' })
      .max(MAX_TEMPLATE_CHARACTERS, `The template must be ${MAX_TEMPLATE_CHARACTERS.toLocaleString('en-GB')} characters or fewer`)
      .refine((value) => value.trim().length > 0, 'Enter the template'),
  ),
  comment: z.string().trim().max(2000, 'The note about this change must be 2,000 characters or fewer').default(''),
  action: z.enum(['check', 'save']).optional(),
  apply: z.string().optional(),
  from: z.string().max(10).optional(),
});

const PublishForm = z.object({
  comment: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').default(''),
  // The published version the page showed (a form from before this field existed sends none: '*').
  replaces: z
    .string()
    .regex(/^(none|\d{1,9})$/, 'The page was out of date: open the template again')
    .optional()
    .transform((value) => (value === undefined ? ('*' as const) : value === 'none' ? null : Number(value))),
});

function notice(req: Request) {
  const key = typeof req.query.done === 'string' ? req.query.done : undefined;
  return key && NOTICES[key] ? { text: NOTICES[key], success: true } : undefined;
}

/** Summary counts and readability of a version check, for tables. */
function figures(check: Awaited<ReturnType<typeof checkTemplateVersion>>) {
  if (!check.summary || !check.readability) return undefined;
  return { summary: check.summary, readability: roundReadability(check.readability) };
}

/** Findings (publish blockers) as error summary lines: the editor's line, and the branch they are in. */
function findingLines(findings: FindingLine[]): FormErrors {
  const errors = noErrors();
  for (const finding of findings.slice(0, 30)) {
    errors.summary.push({ text: `${SEVERITY_LABELS[finding.severity]}: “${finding.actual}” ${finding.where}${finding.branch ? `, ${finding.branch}` : ''}. ${finding.reason}`, href: '#findings' });
  }
  if (findings.length > 30) errors.summary.push({ text: `And ${findings.length - 30} more.`, href: '#findings' });
  return errors;
}

/** Template routes. */
export function templateRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const app = web.app;

  const load = (req: Request) => templateOfParam(app, req.params.id);

  function versionParam(value: unknown, fallback: number): number {
    if (value === undefined) return fallback;
    const parsed = VersionSchema.safeParse(value);
    if (!parsed.success) throw new AppError('NOT_FOUND', 'There is no such version of this template.');
    return parsed.data;
  }

  router.get('/templates', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    render(web, req, res, 'pages/templates/list.njk', { title: 'Templates', templates: await listTemplates(app) });
  });

  /** The page of one version: its checks with the example, readability, and (for policy) the publish form. */
  async function showVersion(req: Request, res: Response, record: TemplateRecord, version: number, extra: { errors?: FormErrors; notice?: unknown }, status = 200) {
    const stored = await app.store.templates.version(record.id, version);
    if (!stored) throw new AppError('NOT_FOUND', `This template has no version ${version}.`);
    const check = await checkTemplateVersion(app, record.id, version);
    const template = await app.pipeline.templateVersion(record.id, version).catch(() => undefined); // a draft that does not compile: shown by its id
    const problem = check.problem && typeof check.problem === 'object' ? (check.problem as { errors?: { path: string; message: string }[]; detail?: string }) : undefined;
    render(
      web,
      req,
      res,
      'pages/templates/show.njk',
      {
        title: template?.title ?? record.id,
        record,
        version: stored,
        template,
        check,
        figures: figures(check),
        problemErrors: problem?.errors ?? [],
        problemDetail: problem?.detail,
        errorFindings: findingLinesOf((check.findings ?? []).filter((f) => f.severity === 'error'), template?.file ?? ''),
        unreached: check.unreached ?? [],
        ...extra,
      },
      status,
    );
  }

  router.get('/templates/:id', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    await showVersion(req, res, record, versionParam(req.query.version, record.latestVersion), { notice: notice(req) });
  });

  // Previews, with the template's example data: marked DRAFT unless it is the published version.
  router.get('/templates/:id/versions/:version/preview', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const version = versionParam(req.params.version, record.latestVersion);
    let produced;
    let problem: string | undefined;
    try {
      produced = await web.previews.document(record.id, version, 'pdf');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      problem = error.message;
    }
    const template = problem ? undefined : await app.pipeline.templateVersion(record.id, version);
    const pageCount = produced?.pages;
    render(web, req, res, 'pages/templates/preview.njk', {
      title: `Preview of ${template?.title ?? record.id}`,
      record,
      version,
      template,
      problem,
      pages: pageCount ? Array.from({ length: Math.min(pageCount, 6) }, (_, i) => i + 1) : [],
      pageCount,
      draft: produced?.draft ?? true,
      // Drawn now (and kept), so the page never shows pictures that cannot load.
      drawPages: produced ? await web.previews.canDraw(produced.body) : false,
    });
  });

  router.get('/templates/:id/versions/:version/preview.html', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const produced = await web.previews.document(record.id, versionParam(req.params.version, record.latestVersion), 'html');
    // Shown in a frame on our own page. Its policy lets nothing run and nothing load from
    // anywhere (default-src 'none'): only its own inline styles, data: pictures and the letter's
    // own font, which the page carries as data: (so the preview looks as the letter will).
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
    res.type('html').send(produced.body);
  });

  router.get('/templates/:id/versions/:version/preview.pdf', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const produced = await web.previews.document(record.id, versionParam(req.params.version, record.latestVersion), 'pdf');
    res.setHeader('Content-Disposition', `inline; filename="${produced.filename.replace(/[^A-Za-z0-9._-]/g, '')}"`);
    res.type('application/pdf').send(produced.body);
  });

  router.get('/templates/:id/versions/:version/pages/:page.png', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const page = z.coerce.number().int().min(1).max(50).safeParse(req.params.page);
    if (!page.success) throw new AppError('NOT_FOUND', 'There is no such page.');
    const produced = await web.previews.document(record.id, versionParam(req.params.version, record.latestVersion), 'pdf');
    if (produced.pages !== undefined && page.data > produced.pages) throw new AppError('NOT_FOUND', `The PDF has no page ${page.data}.`);
    res.type('image/png').send(await web.previews.picture(produced.body, page.data));
  });

  // Versions and "before and after".
  router.get('/templates/:id/versions', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const versions = await app.store.templates.versions(record.id);
    render(web, req, res, 'pages/templates/versions.njk', { title: `Versions of ${record.id}`, record, versions, errors: undefined });
  });

  router.get('/templates/:id/compare', viewGuard(WEB_ACCESS.templatesView), async (req, res) => {
    const record = await load(req);
    const versions = await app.store.templates.versions(record.id);
    const a = VersionSchema.safeParse(req.query.a);
    const b = VersionSchema.safeParse(req.query.b);
    const errors = noErrors();
    if (!a.success || !versions.some((v) => v.version === a.data)) addError(errors, 'Choose the version to compare from (before)', 'a', 'a');
    if (!b.success || !versions.some((v) => v.version === b.data)) addError(errors, 'Choose the version to compare with (after)', 'b', 'b');
    if (a.success && b.success && a.data === b.data) addError(errors, 'Choose two different versions', 'b', 'b');
    if (errors.summary.length) {
      return render(web, req, res, 'pages/templates/versions.njk', { title: `Versions of ${record.id}`, record, versions, errors, a: req.query.a, b: req.query.b }, 422);
    }
    const side = async (version: number) => {
      const stored = (await app.store.templates.version(record.id, version))!;
      const check = await checkTemplateVersion(app, record.id, version);
      return { version: stored, check, figures: figures(check) };
    };
    const [before, after] = [await side(a.data!), await side(b.data!)];
    const changes = changedLines(before.version.source, after.version.source);
    const fieldChanges = changedFields(before.version.source, after.version.source);
    render(web, req, res, 'pages/templates/compare.njk', { title: `Before and after: ${record.id}`, record, before, after, changes, fieldChanges });
  });

  // The editor.
  router.get('/templates/:id/edit', viewGuard(WEB_ACCESS.templatesEdit), async (req, res) => {
    const record = await load(req);
    const from = versionParam(req.query.from, record.latestVersion);
    const stored = await app.store.templates.version(record.id, from);
    if (!stored) throw new AppError('NOT_FOUND', `This template has no version ${from}.`);
    const source = stored.source;
    const checked = await lintForPage(source, callerOf(res));
    render(web, req, res, 'pages/templates/edit.njk', { title: `Edit ${record.id}`, record, from, source, comment: '', results: checked.results, errors: checked.error ? addError(noErrors(), checked.error, 'source') : undefined, profile: frontMatterValue(source, 'profile') ?? 'standard' });
  });

  /** The findings for the editor, or why the source cannot be checked (Markdown past a limit: a 422 AppError). */
  async function lintForPage(source: string, caller: string | undefined): Promise<{ results?: ReturnType<typeof resultsView>; error?: string }> {
    try {
      return { results: resultsView(source, await lintSource(source, caller), 'finding') };
    } catch (error) {
      if (isAppError(error) && error.status === 422) return { error: error.message };
      throw error;
    }
  }

  async function lintSource(source: string, caller: string | undefined) {
    const profile = frontMatterValue(source, 'profile') === 'easy-read' ? 'easy-read' : 'standard';
    const kind = frontMatterValue(source, 'kind');
    const kinds = ['letter', 'agreement', 'guide', 'leaflet', 'form'] as const;
    return app.pipeline.lint(source, { profile, format: 'template', kind: kinds.find((k) => k === kind), caller });
  }

  router.post('/templates/:id/edit', formBody, actionGuard(app, WEB_ACCESS.templatesEdit), async (req, res) => {
    const record = await load(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sent = typeof body.source === 'string' ? body.source : '';
    const comment = typeof body.comment === 'string' ? body.comment : '';
    const from = Number(body.from) || record.latestVersion;
    const show = async (source: string, errors: FormErrors | undefined, status: number, extra: Record<string, unknown> = {}) => {
      const checked = source.length <= MAX_TEMPLATE_CHARACTERS && source.trim() ? await lintForPage(source, callerOf(res)) : {};
      const results = checked.results;
      if (checked.error) {
        errors = addError(errors ?? noErrors(), checked.error, 'source');
        if (status < 400) status = 422;
      }
      render(web, req, res, 'pages/templates/edit.njk', { title: `Edit ${record.id}`, record, from, source, comment, results, errors, ...extra }, status);
    };
    const parsed = parseForm(EditForm, body, { source: 'source' });
    if (!parsed.ok) return show(sent, parsed.errors, 422);
    const source = parsed.data.source;

    if (parsed.data.apply !== undefined) {
      const applied = applyChosenReplacement(source, (await lintSource(source, callerOf(res))).findings, parsed.data.apply);
      if (!applied) {
        return show(source, addError(noErrors(), 'That change could not be made because the template has changed since it was checked. Check it again, then choose the change.', 'source'), 409);
      }
      return show(applied.text, undefined, 200, { notice: { text: `Changed “${applied.actual}” to “${applied.replacement}”. Not saved yet.`, success: true } });
    }
    if (parsed.data.action !== 'save') return show(source, undefined, 200);

    // Save: a new draft version. The same source sent twice (double click) is saved once.
    const latest = await app.store.templates.version(record.id, record.latestVersion);
    const me = webOf(res).session!.principal.name;
    if (latest && latest.source === source && latest.createdBy === me && latest.version > from) {
      return res.redirect(303, `/templates/${record.id}?version=${latest.version}&done=already-saved`);
    }
    const declared = frontMatterId(source);
    if (declared !== undefined && declared !== record.id) {
      return show(source, addError(noErrors(), `The template says “id: ${declared}” at the top, but this is the template “${record.id}”. Change it back to “id: ${record.id}”.`, 'source'), 422);
    }
    const saved = await app.store.templates.saveDraft(changeOf(req, res), record.id, source, parsed.data.comment);
    res.redirect(303, `/templates/${record.id}?version=${saved.version}&done=saved`);
  });

  router.post('/templates/:id/versions/:version/publish', formBody, actionGuard(app, WEB_ACCESS.templatesEdit), async (req, res) => {
    const record = await load(req);
    const version = versionParam(req.params.version, record.latestVersion);
    const parsed = parseForm(PublishForm, req.body);
    const refuse = (errors: FormErrors, status: number) => showVersion(req, res, record, version, { errors }, status);
    if (!parsed.ok) return refuse(parsed.errors, 422);
    if (!(await app.store.templates.version(record.id, version))) throw new AppError('NOT_FOUND', `This template has no version ${version}.`);
    if (record.publishedVersion === version) return res.redirect(303, `/templates/${record.id}?version=${version}&done=already-published`);
    let outcome: Awaited<ReturnType<typeof publishTemplateVersion>>;
    try {
      outcome = await publishTemplateVersion(app, changeOf(req, res), record.id, version, { comment: parsed.data.comment, replaces: parsed.data.replaces, via: 'web' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'PRECONDITION_FAILED') {
        const now = error.details.publishedVersion;
        return refuse(addError(noErrors(), `Someone published version ${now} while you were looking at this page. Look at version ${now} first, then publish version ${version} if you still want to.`), 409);
      }
      if (error instanceof AppError && error.status < 500) {
        const errors = addError(noErrors(), `Version ${version} cannot be published: it does not work yet. ${error.message}`);
        for (const problem of error.details.errors ?? []) errors.summary.push({ text: `${problem.path}: ${problem.message}`, href: '#problems' });
        return refuse(errors, 422);
      }
      throw error;
    }
    if (outcome.status === 'blocked') {
      const blockers = outcome.findings.filter((f) => f.severity === 'error');
      const errors = findingLines(findingLinesOf(blockers, outcome.template.file));
      errors.summary.unshift({ text: `Version ${version} cannot be published: ${blockers.length === 1 ? 'one thing must' : `${blockers.length} things must`} change first (checked with its example and in every branch).`, href: '#findings' });
      return refuse(errors, 422);
    }
    res.redirect(303, `/templates/${record.id}?version=${version}&done=published`);
  });

  return router;
}


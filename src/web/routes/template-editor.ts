/**
 * The template editor without YAML (issue 15): a template's details and fields are edited with
 * GOV.UK form components (add, move up or down, and remove a field; each field's data rules
 * said in words), and its body in a text box. Every button is a form button, so it all works
 * without JavaScript; with JavaScript, a small toolbar over the body adds headings, lists, bold,
 * fields and partials. Saving makes a draft version through the same store call as the source
 * editor (`/templates/:id/edit`, still there as the "advanced" option), so publishing still
 * needs the checks to pass and the template's If-Match.
 */
import express, { type Request, type Response, type Router } from 'express';
import { callerKey, costOf } from '../../app/index.js';
import { AppError, frontMatterId, isAppError } from '../../core/index.js';
import { loadPipeline } from '../../app/pipeline-loader.js';
import type { FieldSpec } from '../../app/index.js';
import { WEB_ACCESS } from '../access.js';
import { markedPreview, messagePage, pagesPreview } from '../preview-frame.js';
import { PICTURED_PAGES } from '../previews.js';
import { templateOfParam } from '../template-service.js';
import { type FormErrors, addError, noErrors } from '../forms.js';
import { type WebContext, actionGuard, changeOf, render, viewGuard, webOf } from '../pages.js';
import {
  FIELD_TYPE_WORDS,
  SIMPLE_FIELD_TYPES,
  type FieldRow,
  type TemplateForm,
  describeField,
  emptyFieldRow,
  fieldPlaceholder,
  formFromBody,
  formFromSource,
  formProblems,
  readFrontMatter,
  sourceFromForm,
} from '../template-form.js';

/**
 * The preview frame's policy, as preview.html's: nothing runs and nothing loads from elsewhere —
 * only its own inline styles, data: pictures (the pages, the letter's pictures) and the letter's
 * font as data:. The frame is sandboxed too (template-editor.njk).
 */
const FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** What drawing one page picture costs: what the preview page's `pages/N` costs (REQUEST_COSTS). */
const PICTURE_COST = costOf('GET', '/templates/any/versions/1/pages/1').cost;

/** Kinds of document and writing profiles, as the form offers them. */
const KINDS = ['letter', 'agreement', 'guide', 'leaflet', 'form'];

/** The data rules of a row in words (lists and groups keep the words they were shown with). */
function withRules(row: FieldRow, rules?: string): FieldRow {
  if (row.kept) return { ...row, rules: rules ?? row.rules };
  const spec = { type: row.type, optional: row.needed === 'optional' || undefined, values: row.values.split('\n').filter(Boolean) } as Record<string, unknown>;
  if (row.needed === 'when' && row.whenField) spec.requiredWhen = { [row.whenField]: row.whenValue || 'a value' };
  return { ...row, rules: (SIMPLE_FIELD_TYPES as readonly string[]).includes(row.type) ? describeField(spec as unknown as FieldSpec) : '' };
}

/** Routes for `/templates/:id/design`. */
export function templateEditorRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const app = web.app;

  const load = (req: Request) => templateOfParam(app, req.params.id);

  /**
   * What a sent form works on: the template, the form's fields, the version the form started
   * from (`from`, at most the latest) and that version's source, which the form's text goes
   * back into (sourceFromForm keeps what the form does not show).
   */
  const sentForm = async (req: Request) => {
    const record = await load(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const from = Math.min(Number(body.from) > 0 ? Number(body.from) : record.latestVersion, record.latestVersion);
    const original = (await app.store.templates.version(record.id, from))?.source ?? '';
    return { record, body, from, original };
  };

  /** `focus`: the row whose label box takes focus (a detail just added or moved), so keyboard users carry on there. */
  function show(req: Request, res: Response, record: { id: string }, from: number, form: TemplateForm, extra: { errors?: FormErrors; notice?: { text: string; success?: boolean }; comment?: string; focus?: number; exampleNames?: string[] } = {}, status = 200) {
    const typeItems = (selected: string) => SIMPLE_FIELD_TYPES.map((type) => ({ value: type, text: FIELD_TYPE_WORDS[type], selected: type === selected }));
    render(
      web,
      req,
      res,
      'pages/template-editor.njk',
      {
        title: `Change ${form.title || record.id}`,
        record,
        from,
        form,
        rows: form.fields.map((row, i) => ({ ...row, index: i, number: i + 1, typeItems: typeItems(row.type), placeholder: row.name ? fieldPlaceholder(row) : '' })),
        kindItems: KINDS.map((kind) => ({ value: kind, text: kind.charAt(0).toUpperCase() + kind.slice(1), selected: kind === form.kind })),
        // The configured folder's partials (PLAINLY_TEMPLATES_DIR), the ones the letter is compiled with.
        partials: [...app.pipeline.partials.keys()].sort(),
        comment: extra.comment ?? '',
        focus: extra.focus ?? -1,
        exampleNames: extra.exampleNames ?? [],
        // The preview's choices stay as they were when the form comes back (a detail added, an error).
        previewView: sentField(req, 'previewView') === 'pages' ? 'pages' : 'html',
        previewExample: sentField(req, 'previewExample') ?? '',
        errors: extra.errors,
        notice: extra.notice,
      },
      status,
    );
  }

  router.get('/templates/:id/design', viewGuard(WEB_ACCESS.templatesEdit), async (req, res) => {
    const record = await load(req);
    const from = Number(req.query.from) > 0 ? Math.min(Number(req.query.from), record.latestVersion) : record.latestVersion;
    const stored = await app.store.templates.version(record.id, from);
    if (!stored) throw new AppError('NOT_FOUND', `This template has no version ${from}.`);
    show(req, res, record, from, formFromSource(stored.source), { exampleNames: exampleNamesOf(stored.source) });
  });

  router.post('/templates/:id/design', formBody, actionGuard(app, WEB_ACCESS.templatesEdit), async (req, res) => {
    const { record, body, from, original } = await sentForm(req);
    const sent = formFromBody(body);
    const comment = typeof body.comment === 'string' ? body.comment.trim().slice(0, 2000) : '';
    const rules = (i: number) => (typeof body[`f${i}_rules`] === 'string' ? (body[`f${i}_rules`] as string) : undefined);
    const form: TemplateForm = { ...sent, fields: sent.fields.map((row, i) => withRules(row, rules(i))) };
    const action = typeof body.action === 'string' ? body.action : 'save';

    // Add, move and remove a field: the form again, changed, nothing saved.
    const move = /^(up|down|remove):(\d+)$/.exec(action);
    if (action === 'add') {
      form.fields.push(withRules(emptyFieldRow()));
      return show(req, res, record, from, form, { comment, exampleNames: exampleNamesOf(original), focus: form.fields.length - 1, notice: { text: `Field ${form.fields.length} added at the end. Not saved yet.` } });
    }
    if (move) {
      const i = Number(move[2]);
      const row = form.fields[i];
      if (row) {
        const name = row.label || row.name || `field ${i + 1}`;
        if (move[1] === 'remove') {
          form.fields.splice(i, 1);
          return show(req, res, record, from, form, { comment, exampleNames: exampleNamesOf(original), notice: { text: `Removed “${name}”. Not saved yet.` } });
        }
        const j = move[1] === 'up' ? i - 1 : i + 1;
        if (j >= 0 && j < form.fields.length) [form.fields[i], form.fields[j]] = [form.fields[j], form.fields[i]];
        return show(req, res, record, from, form, { comment, exampleNames: exampleNamesOf(original), focus: Math.max(0, Math.min(form.fields.length - 1, j)), notice: { text: `Moved “${name}” ${move[1]} to place ${Math.max(1, Math.min(form.fields.length, j + 1))}. Not saved yet.` } });
      }
      return show(req, res, record, from, form, { comment, exampleNames: exampleNamesOf(original) });
    }

    // Save: a new draft version, checked like any other.
    const problems = formProblems(form);
    if (problems.length) {
      const errors = noErrors();
      for (const problem of problems) addError(errors, problem.message, problem.field, problem.field);
      return show(req, res, record, from, form, { errors, comment, exampleNames: exampleNamesOf(original) }, 422);
    }
    const source = sourceFromForm(original, form);
    const declared = frontMatterId(source);
    if (declared !== undefined && declared !== record.id) throw new AppError('VALIDATION_FAILED', `The template says “id: ${declared}”, but this is the template “${record.id}”.`);
    const latest = await app.store.templates.version(record.id, record.latestVersion);
    const me = webOf(res).session!.principal.name;
    // The same form sent twice (a double click) is saved once.
    if (latest && latest.source === source && latest.createdBy === me && latest.version > from) {
      return res.redirect(303, `/templates/${record.id}?version=${latest.version}&done=already-saved`);
    }
    const saved = await app.store.templates.saveDraft(changeOf(req, res), record.id, source, comment);
    res.redirect(303, `/templates/${record.id}?version=${saved.version}&done=saved`);
  });

  /**
   * The preview beside the text: the letter as the form now says it (not saved), made with the
   * template's example or one of its named examples, marked DRAFT — as its web version with the
   * findings marked (`previewView=html`), or as pictures of its printed pages (`pages`), each
   * followed by the list of findings. The editor's "Show the preview" button sends the form
   * here into the (sandboxed) frame beside the text, so it works without JavaScript; with
   * JavaScript the page sends it a second after you stop typing. Nothing is stored: pictures
   * are kept a few minutes in memory by the PDF's hash (`Previews.unsavedPictures`).
   */
  router.post('/templates/:id/design/preview', formBody, actionGuard(app, WEB_ACCESS.templatesEdit), async (req, res) => {
    const { record, body, original } = await sentForm(req);
    const form = formFromBody(body);
    res.setHeader('Content-Security-Policy', FRAME_POLICY);
    const say = (text: string) => res.status(200).type('html').send(messagePage('The preview cannot be shown yet', text));
    const problems = formProblems(form);
    if (problems.length) return say(`${problems[0].message}.`);
    try {
      const template = app.pipeline.parse(record.id, record.latestVersion + 1, sourceFromForm(original, form));
      const name = typeof body.previewExample === 'string' ? body.previewExample : '';
      const data = name && Object.hasOwn(template.examples, name) ? template.examples[name] : template.example;
      const { ctx } = await app.pipeline.context();
      const pipeline = await loadPipeline();
      let note: string | undefined;
      if (body.previewView === 'pages') {
        const outcome = await pipeline.produceOutcome(ctx, template, data, { format: 'pdf', draft: true });
        if (outcome.status !== 'produced') return say('The letter could not be made with this example.');
        const pdf = outcome.document;
        const pageCount = pdf.pages ?? 1;
        const count = Math.min(pageCount, PICTURED_PAGES);
        try {
          // Drawing pictures costs what the preview page's pictures cost (10 each), unless they are kept.
          if (!web.previews.hasUnsavedPictures(pdf.body)) await app.requestLimits.bucket.enforce(callerKey(sessionPrincipal(res)), 'requests', PICTURE_COST * count, 'requests', 'PLAINLY_RATE_LIMIT_PER_MINUTE');
          const pictures = await web.previews.unsavedPictures(pdf.body, count);
          return res.type('html').send(pagesPreview({ title: `DRAFT: ${template.title}`, kindWord: template.kind, pictures, pageCount, findings: pdf.findings }));
        } catch (error) {
          if (!isAppError(error) || error.status >= 500) throw error;
          note = `Pictures of the pages were not drawn, so this is the web version. ${error.message}`;
        }
      }
      const outcome = await pipeline.produceOutcome(ctx, template, data, { format: 'html', draft: true, withText: true });
      if (outcome.status !== 'produced') return say('The letter could not be made with this example.');
      res.type('html').send(markedPreview(outcome.document.body.toString('utf8'), outcome.document.text ?? '', outcome.document.findings, template.kind, note));
    } catch (error) {
      if (isAppError(error) && error.status < 500) return say(error.message);
      throw error;
    }
  });

  return router;
}

/** The names of a template's named examples (`examples:` in its front matter), for the preview's choice. */
function exampleNamesOf(source: string): string[] {
  const examples = readFrontMatter(source).examples;
  return examples && typeof examples === 'object' ? Object.keys(examples) : [];
}

/** A text field of the form that was sent, if there was one. */
function sentField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The principal of the signed-in person sending a form (actionGuard has checked there is one). */
function sessionPrincipal(res: Response) {
  return webOf(res).session!.principal;
}

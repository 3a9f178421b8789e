/**
 * "Words to avoid": the lexicon pages for co-production groups. Search and read entries
 * (reason, what to say instead, examples), suggest a new word or a change in a plain form,
 * agree or turn down suggestions with a comment (approvers), see history and what a change
 * would affect, and download or upload the list as a spreadsheet (CSV).
 *
 * Every change goes through the store's lexicon workflow with the entry's revision (the
 * same optimistic concurrency the API uses with If-Match), so two people never overwrite each
 * other, and a form sent twice is recognised rather than applied twice.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/index.js';
import {
  IdSchema,
  LEXICON_STATUSES,
  type LexiconEntry,
  type LexiconEntryRecord,
  LexiconEntrySchema,
  type LexiconStatus,
  assertExamplesPass,
  lexiconFromCsv,
  lexiconToCsv,
  selfTest,
} from '../../app/index.js';
import { WEB_ACCESS, can } from '../access.js';
import { type FormErrors, addError, noErrors, parseForm } from '../forms.js';
import { lexiconImpact } from '../impact.js';
import {
  EntryFormSchema,
  KIND_LABELS,
  PROFILE_LABELS,
  SEVERITY_CHOICES,
  STATUS_LABELS,
  contentView,
  emptyForm,
  entryFromForm,
  entryView,
  formFromEntry,
  formValues,
  historyRows,
  matchesSearch,
} from '../lexicon-view.js';
import { PAGE_SIZE, PageQuery, paginate, withQuery } from '../pagination.js';
import { decideApproval } from '../../app/lexicon-governance.js';
import { governanceView, peopleIn } from '../lexicon-view.js';
import { type WebContext, actionGuard, changeOf, isCode, render, viewGuard, webOf } from '../pages.js';
import { looksLikeText, uploadErrorOf, uploadGuard } from '../upload.js';

const NOTICES: Record<string, string> = {
  proposed: 'Thank you. Your suggestion has been sent. Someone who approves words will look at it.',
  changed: 'Thank you. Your suggested change has been sent. The word stays as it is until the change is agreed.',
  approved: 'The change is agreed. Letters are checked with it from now on.',
  rejected: 'The suggestion was not agreed. Your comment has been saved with it.',
  retired: 'The word is no longer used. Letters are not checked for it any more.',
  'already-sent': 'This was already sent, so nothing new was saved.',
  'already-decided': 'This suggestion was already decided, so nothing new was saved.',
  'first-approval': 'Your approval is recorded. This needs two people to agree, so it waits for a second approver before it is used.',
};

function notice(req: Request) {
  const key = typeof req.query.done === 'string' ? req.query.done : undefined;
  return key && NOTICES[key] ? { text: NOTICES[key], success: true } : undefined;
}

const ListQuery = z.object({
  q: z.string().max(200, 'Search for 200 characters or fewer').optional().default(''),
  status: z.enum(['all', ...LEXICON_STATUSES]).catch('all').default('all'),
  page: PageQuery,
});

const DecideForm = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'Choose whether to agree to the suggestion' }),
  comment: z.string().trim().max(2000, 'Your comment must be 2,000 characters or fewer').default(''),
  revision: z.coerce.number().int().positive(),
});

const RetireForm = z.object({
  reason: z.string().trim().min(1, 'Enter why the word should no longer be used').max(2000, 'Your comment must be 2,000 characters or fewer'),
  revision: z.coerce.number().int().positive(),
});

/** Choices shared by the entry form. */
const FORM_CHOICES = {
  severities: SEVERITY_CHOICES,
  kinds: Object.entries(KIND_LABELS).map(([value, text]) => ({ value, text })),
  profiles: Object.entries(PROFILE_LABELS).map(([value, text]) => ({ value, text })),
};

function sameContent(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lexicon routes. */
export function lexiconRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const store = web.app.store;

  async function loadEntry(id: string): Promise<LexiconEntryRecord> {
    const parsed = IdSchema.safeParse(id);
    const record = parsed.success ? await store.lexicon.get(parsed.data) : undefined;
    if (!record) throw new AppError('NOT_FOUND', 'There is no word with that name in the list. It may have been spelled differently.');
    return record;
  }

  // The list, with search and a status filter.
  router.get('/lexicon', viewGuard(WEB_ACCESS.lexiconView), async (req, res) => {
    const parsed = ListQuery.safeParse(req.query);
    const query = parsed.success ? parsed.data : { q: '', status: 'all' as const, page: 1 };
    const errors = parsed.success ? undefined : addError(noErrors(), parsed.error.issues[0].message, 'q');
    const all = (await store.lexicon.list()).map(entryView);
    const waiting = all.filter((entry) => entry.pending).length;
    const matching = all.filter((entry) => (query.status === 'all' ? entry.status !== 'retired' || query.q !== '' : entry.status === query.status) && matchesSearch(entry, query.q));
    const shown = paginate(matching, query.page, (page) => withQuery('/lexicon', { q: query.q, status: query.status === 'all' ? undefined : query.status, page }), { label: 'Pages of words' });
    const lexicon = await web.app.pipeline.lexicon();
    render(web, req, res, 'pages/lexicon/list.njk', {
      title: 'Words to avoid',
      errors,
      q: query.q,
      status: query.status,
      statusItems: [{ value: 'all', text: 'All words in use or waiting' }, ...LEXICON_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value as LexiconStatus].text }))].map((item) => ({ ...item, selected: item.value === query.status })),
      entries: shown.items,
      shown,
      matching: matching.length,
      total: all.length,
      waiting,
      version: lexicon.version,
      notice: notice(req),
    });
  });

  router.get('/lexicon/history', viewGuard(WEB_ACCESS.lexiconView), async (req, res) => {
    const page = PageQuery.parse(req.query.page);
    // The store reads newest first; one row past this page says whether there is a next one.
    const steps = await store.lexicon.history({ limit: page * PAGE_SIZE + 1 });
    const shown = paginate(steps, page, (n) => withQuery('/lexicon/history', { page: n }), { label: 'Pages of the history', numbered: false });
    const history = historyRows(shown.items, await peopleIn(web.app, shown.items));
    render(web, req, res, 'pages/lexicon/history.njk', { title: 'History of changes to the words', history, shown });
  });

  router.get('/lexicon/words.csv', viewGuard(WEB_ACCESS.lexiconView), async (_req, res) => {
    const lexicon = await web.app.pipeline.lexicon();
    res.setHeader('Content-Disposition', `attachment; filename="words-to-avoid-v${lexicon.version}.csv"`);
    res.type('text/csv; charset=utf-8').send(lexiconToCsv(lexicon.entries));
  });

  // One entry.
  router.get('/lexicon/entries/:id', viewGuard(WEB_ACCESS.lexiconView), async (req, res) => {
    const record = await loadEntry(String(req.params.id));
    await showEntry(req, res, record, {});
  });

  async function showEntry(req: Request, res: Response, record: LexiconEntryRecord, extra: { errors?: FormErrors; decision?: string; comment?: string; retireComment?: string }, status = 200) {
    const view = entryView(record);
    const steps = await store.lexicon.history({ entryId: record.id, limit: 100 });
    const history = historyRows(steps, await peopleIn(web.app, steps));
    const role = webOf(res).session!.user.role;
    let impact;
    let selfTestResult;
    if (record.pending) {
      const parsed = LexiconEntrySchema.safeParse(record.pending);
      if (parsed.success) {
        selfTestResult = await selfTest(parsed.data);
        impact = await lexiconImpact(web.app, parsed.data);
      }
    }
    // What stopping the word would change, when an approver asks for it (it checks every template).
    const retireImpact = req.query.impact === 'retire' && record.status === 'approved' && can(role, WEB_ACCESS.lexiconDecide) ? await lexiconImpact(web.app, { retire: record.id }) : undefined;
    render(
      web,
      req,
      res,
      'pages/lexicon/entry.njk',
      {
        title: view.title,
        entry: view,
        history,
        impact,
        retireImpact,
        selfTest: selfTestResult,
        canPropose: can(role, WEB_ACCESS.lexiconPropose) && record.status !== 'retired',
        canDecide: can(role, WEB_ACCESS.lexiconDecide),
        // Governance (src/app/lexicon-governance.ts): nobody approves their own suggestion; first approvals shown.
        governance: await governanceView(web.app, record, webOf(res).session!.user.id),
        notice: notice(req),
        decision: extra.decision ?? '',
        comment: extra.comment ?? '',
        retireComment: extra.retireComment ?? '',
        errors: extra.errors,
      },
      status,
    );
  }

  // Suggest a new word.
  router.get('/lexicon/propose', viewGuard(WEB_ACCESS.lexiconPropose), (req, res) => {
    render(web, req, res, 'pages/lexicon/form.njk', { title: 'Suggest a word to avoid', form: emptyForm(), choices: FORM_CHOICES, mode: 'new' });
  });

  router.post('/lexicon/propose', formBody, actionGuard(web.app, WEB_ACCESS.lexiconPropose), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const show = (errors: FormErrors, status: number) => render(web, req, res, 'pages/lexicon/form.njk', { title: 'Suggest a word to avoid', form: values, choices: FORM_CHOICES, mode: 'new', errors }, status);
    const shape = parseForm(EntryFormSchema, body);
    if (!shape.ok) return show(shape.errors, 422);
    const built = entryFromForm(values);
    if (!built.ok) return show(built.errors, 422);
    const exampleErrors = await exampleProblems(built.entry);
    if (exampleErrors) return show(exampleErrors, 422);
    try {
      const record = await store.lexicon.propose(changeOf(req, res), built.entry, values.comment.trim());
      return res.redirect(303, `/lexicon/entries/${record.id}?done=proposed`);
    } catch (error) {
      if (isCode(error, 'CONFLICT')) {
        const existing = await store.lexicon.get(built.entry.id);
        // The same suggestion sent twice (a double click, or Back and send again).
        if (existing && sameContent(existing.pending, built.entry)) return res.redirect(303, `/lexicon/entries/${existing.id}?done=already-sent`);
        return show(
          addError(noErrors(), `There is already a word with the short name “${built.entry.id}”. To change it, open it from the list and choose “Suggest a change”. To add a different word, give it another short name under “More options”.`, 'id', 'id'),
          409,
        );
      }
      throw error;
    }
  });

  // Suggest a change to a word.
  router.get('/lexicon/entries/:id/change', viewGuard(WEB_ACCESS.lexiconPropose), async (req, res) => {
    const record = await loadEntry(String(req.params.id));
    const base = LexiconEntrySchema.parse(record.pending ?? record.approved);
    render(web, req, res, 'pages/lexicon/form.njk', { title: `Suggest a change to “${base.terms[0] ?? base.pattern}”`, form: formFromEntry(base), choices: FORM_CHOICES, mode: 'change', entryId: record.id, revision: record.revision, status: record.status });
  });

  router.post('/lexicon/entries/:id/change', formBody, actionGuard(web.app, WEB_ACCESS.lexiconPropose), async (req, res) => {
    const record = await loadEntry(String(req.params.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const base = LexiconEntrySchema.parse(record.pending ?? record.approved);
    const sentRevision = Number(body.revision);
    const show = (errors: FormErrors, status: number, revision = sentRevision) =>
      render(web, req, res, 'pages/lexicon/form.njk', { title: `Suggest a change to “${base.terms[0] ?? base.pattern}”`, form: values, choices: FORM_CHOICES, mode: 'change', entryId: record.id, revision, status: record.status, errors }, status);
    const shape = parseForm(EntryFormSchema, body);
    if (!shape.ok) return show(shape.errors, 422);
    if (!Number.isInteger(sentRevision) || sentRevision < 1) return show(addError(noErrors(), 'This form is missing a part it needs. Reload the page and make your change again.'), 400);
    const built = entryFromForm(values, record.id, base);
    if (!built.ok) return show(built.errors, 422);
    if (sameContent(built.entry, LexiconEntrySchema.parse(record.approved ?? record.pending)) && !record.pending) {
      return show(addError(noErrors(), 'Nothing has been changed yet. Change something, or go back to the word.', 'terms'), 422);
    }
    const exampleErrors = await exampleProblems(built.entry);
    if (exampleErrors) return show(exampleErrors, 422);
    try {
      await store.lexicon.proposeChange(changeOf(req, res), record.id, sentRevision, built.entry, values.comment.trim());
      return res.redirect(303, `/lexicon/entries/${record.id}?done=changed`);
    } catch (error) {
      if (isCode(error, 'PRECONDITION_FAILED')) {
        if (sameContent(record.pending, built.entry)) return res.redirect(303, `/lexicon/entries/${record.id}?done=already-sent`);
        return show(
          addError(noErrors(), 'Someone else changed this word while you were writing. Your changes are still below. Look at the word again (it opens in the same tab if you follow the link at the bottom), then send your changes again if they are still needed.', 'terms'),
          409,
          record.revision,
        );
      }
      throw error;
    }
  });

  // Agree or turn down a suggestion.
  router.post('/lexicon/entries/:id/decide', formBody, actionGuard(web.app, WEB_ACCESS.lexiconDecide), async (req, res) => {
    const record = await loadEntry(String(req.params.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const decision = typeof body.decision === 'string' ? body.decision : '';
    const comment = typeof body.comment === 'string' ? body.comment : '';
    const again = (errors: FormErrors, status: number, latest = record) => showEntry(req, res, latest, { errors, decision, comment }, status);
    const parsed = parseForm(DecideForm, body, { decision: 'decision' });
    if (!parsed.ok) return again(parsed.errors, 422);
    const { revision } = parsed.data;
    if (parsed.data.decision === 'reject' && parsed.data.comment === '') return again(addError(noErrors(), 'Enter why the suggestion is not agreed, so the person who made it knows', 'comment'), 422);
    if (!record.pending) {
      if (record.revision > revision) return res.redirect(303, `/lexicon/entries/${record.id}?done=already-decided`);
      return again(addError(noErrors(), 'There is no suggestion waiting for a decision on this word.'), 409);
    }
    try {
      if (parsed.data.decision === 'approve') {
        if (record.revision === revision) {
          const entry = LexiconEntrySchema.parse(record.pending);
          try {
            await assertExamplesPass([entry], `“${entry.terms[0] ?? entry.pattern}” cannot be agreed yet`);
          } catch (error) {
            if (isAppError(error)) return again(addError(noErrors(), `${error.message}. Ask for the example sentences to be fixed first.`, 'decision', 'decision'), 422);
            throw error;
          }
        }
        const governed = await decideApproval(web.app, changeOf(req, res), record.id, 'approve', parsed.data.comment);
        if (!governed.apply) return res.redirect(303, `/lexicon/entries/${record.id}?done=first-approval`);
        await store.lexicon.approve(changeOf(req, res), record.id, revision, parsed.data.comment);
        return res.redirect(303, `/lexicon/entries/${record.id}?done=approved`);
      }
      await store.lexicon.reject(changeOf(req, res), record.id, revision, parsed.data.comment);
      return res.redirect(303, `/lexicon/entries/${record.id}?done=rejected`);
    } catch (error) {
      if (isCode(error, 'FORBIDDEN')) return again(addError(noErrors(), (error as Error).message, 'decision', 'decision'), 403);
      if (isCode(error, 'PRECONDITION_FAILED')) {
        return again(addError(noErrors(), 'Someone else changed this suggestion while you were reading it. Look at it again below, then decide.', 'decision', 'decision'), 409, await loadEntry(record.id));
      }
      throw error;
    }
  });

  // Stop using a word.
  router.post('/lexicon/entries/:id/retire', formBody, actionGuard(web.app, WEB_ACCESS.lexiconDecide), async (req, res) => {
    const record = await loadEntry(String(req.params.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const retireComment = typeof body.reason === 'string' ? body.reason : '';
    const parsed = parseForm(RetireForm, body, { reason: 'retire-comment' });
    if (!parsed.ok) return showEntry(req, res, record, { errors: parsed.errors, retireComment }, 422);
    if (record.status === 'retired') return res.redirect(303, `/lexicon/entries/${record.id}?done=already-decided`);
    try {
      const governed = await decideApproval(web.app, changeOf(req, res), record.id, 'retire', parsed.data.reason);
      if (!governed.apply) return res.redirect(303, `/lexicon/entries/${record.id}?done=first-approval`);
      await store.lexicon.retire(changeOf(req, res), record.id, parsed.data.revision, parsed.data.reason);
      return res.redirect(303, `/lexicon/entries/${record.id}?done=retired`);
    } catch (error) {
      if (isCode(error, 'FORBIDDEN')) return showEntry(req, res, record, { errors: addError(noErrors(), (error as Error).message, 'reason', 'retire-comment'), retireComment }, 403);
      if (isCode(error, 'PRECONDITION_FAILED')) {
        return showEntry(req, res, await loadEntry(record.id), { errors: addError(noErrors(), 'Someone else changed this word while you were reading it. Look at it again, then decide.', 'reason', 'retire-comment'), retireComment }, 409);
      }
      throw error;
    }
  });

  // Upload the whole list as CSV (approvers): all or nothing, like the API's import.
  const maxMegabytes = Math.round(web.app.limits.uploadBytes / 1024 / 1024);
  router.get('/lexicon/upload', viewGuard(WEB_ACCESS.lexiconDecide), (req, res) => {
    render(web, req, res, 'pages/lexicon/upload.njk', { title: 'Upload the list as a spreadsheet', maxMegabytes });
  });

  router.post('/lexicon/upload', ...uploadGuard(web.app, WEB_ACCESS.lexiconDecide, 'memory'), async (req, res) => {
    const show = (errors: FormErrors | undefined, status: number, result?: unknown) =>
      render(web, req, res, 'pages/lexicon/upload.njk', { title: 'Upload the list as a spreadsheet', maxMegabytes, errors, result }, status);
    const refused = uploadErrorOf(res);
    if (refused) return show(addError(noErrors(), refused.message, 'file'), refused.status);
    const file = req.file;
    if (!file || file.size === 0) return show(addError(noErrors(), 'Choose a CSV file to upload', 'file'), 422);
    if (!/\.csv$/i.test(file.originalname) || !looksLikeText(file.buffer)) {
      return show(addError(noErrors(), 'The file must be a CSV file. If it is an Excel spreadsheet, choose “Save as”, then “CSV UTF-8”, and upload that file.', 'file'), 415);
    }
    let entries;
    try {
      entries = lexiconFromCsv(file.buffer.toString('utf8'), file.originalname);
      await assertExamplesPass(entries, 'The spreadsheet');
    } catch (error) {
      if (!isAppError(error)) throw error;
      return show(fileProblems(error), 422);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    // The download is named words-to-avoid-v<version>.csv, and Excel keeps the name: a file
    // from before the last change would undo it, so it is refused (a renamed file is not checked).
    const downloaded = /words-to-avoid-v(\d+)/i.exec(file.originalname);
    try {
      const result = await store.lexicon.importApproved(changeOf(req, res), entries, `uploaded from the spreadsheet ${file.originalname.slice(0, 100)}`, {
        retireMissing: body.retireMissing === 'yes',
        basedOn: downloaded ? Number(downloaded[1]) : undefined,
      });
      show(undefined, 200, result);
    } catch (error) {
      if (!isCode(error, 'PRECONDITION_FAILED')) throw error;
      const now = (error as AppError).details.lexiconVersion;
      return show(
        addError(noErrors(), `This spreadsheet is from version ${downloaded![1]} of the list, and the list is now at version ${now}. Uploading it would undo the changes made since, so nothing was changed. Download the list again, make your changes in that file, and upload it.`, 'file'),
        409,
      );
    }
  });

  return router;
}

/** Every problem in an uploaded file, each linking to the file field. */
function fileProblems(error: AppError): FormErrors {
  const errors = noErrors();
  const problems = error.details.errors ?? [];
  errors.fields.file = problems.length ? `The spreadsheet has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}. Nothing was changed. Fix ${problems.length === 1 ? 'it' : 'them'} and upload it again.` : error.message;
  if (problems.length === 0) errors.summary.push({ text: error.message, href: '#file' });
  for (const problem of problems.slice(0, 50)) errors.summary.push({ text: `${problem.path}: ${problem.message}`, href: '#file' });
  if (problems.length > 50) errors.summary.push({ text: `And ${problems.length - 50} more problems.`, href: '#file' });
  return errors;
}

/** The entry's own examples as form errors (they must pass before anyone can agree to it). */
async function exampleProblems(entry: LexiconEntry): Promise<FormErrors | undefined> {
  const result = await selfTest(entry);
  if (result.passed) return undefined;
  const errors = noErrors();
  for (const failure of result.failures) {
    const field = failure.expectation === 'flag' ? 'flag' : 'pass';
    const text =
      field === 'flag'
        ? `The word was not found in this sentence, but it should be: “${failure.example}”. Check the sentence uses the word, or change the word.`
        : `The word was found in this sentence, but it should not be: “${failure.example}”. Change the sentence, or add the phrase to “It is fine in these phrases”.`;
    // One message on the field (the first), every failure in the summary.
    if (errors.fields[field] === undefined) errors.fields[field] = text;
    errors.summary.push({ text, href: `#${field}` });
  }
  return errors;
}


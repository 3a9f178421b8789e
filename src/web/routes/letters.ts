/**
 * Letters for finance teams: choose a published letter, upload a spreadsheet, see every row
 * problem named, start, watch the progress, download the ZIP of letters or one PDF to print,
 * and see past batches.
 *
 * Two steps. The upload is checked at once with the batch module's own reader and row checks
 * (`checkUpload` in src/app/batch.ts: the same first pass a batch runs) and the file is kept, under the
 * data folder, for the person who uploaded it; "Start" then hands it to the batch use case the
 * API uses (`POST /api/batches`, src/app/batch.ts): the same durable background run, the same
 * recorded documents.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError, type Finding, isAppError } from '../../core/index.js';
import {
  ALREADY_SENT_CHOICES,
  type AlreadySent,
  batchByKey,
  batchView,
  checkUpload,
  type FieldSpec,
  fieldLabels,
  findAlreadySent,
  heldBackRows,
  notListedNote,
  parseDataPath,
  pathToHeading,
  recentBatches,
  sentDay,
  sentWhen,
  specAt,
  submitBatch,
  type Template,
  toExcelSafeCsv,
  writeBatchOutput,
} from '../../app/batch.js';
import { WEB_ACCESS } from '../access.js';
import { type FormErrors, addError, fieldProblemSentence, noErrors } from '../forms.js';
import { type WebContext, actionGuard, changeOf, render, sessionOf, viewGuard } from '../pages.js';
import { listTemplates } from '../template-service.js';
import { discardUpload, uploadErrorOf, uploadGuard } from '../upload.js';

const STATUS: Record<string, { text: string; tag: string }> = {
  validating: { text: 'Checking the rows', tag: 'govuk-tag--blue' },
  running: { text: 'Making the letters', tag: 'govuk-tag--blue' },
  done: { text: 'Finished', tag: 'govuk-tag--green' },
  failed: { text: 'Stopped', tag: 'govuk-tag--red' },
};

const UploadForm = z.object({
  templateId: z.string({ error: 'Choose which letter to send' }).min(1, 'Choose which letter to send').max(80),
  formKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});

const BatchId = z.uuid();

const StartForm = z.object({
  templateId: z.string().min(1).max(80),
  upload: z.string().regex(/^[A-Za-z0-9_-]{24,64}$/),
  name: z.string().min(1).max(200),
  formKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  alreadySent: z.enum(ALREADY_SENT_CHOICES).optional(),
});

/** Checked uploads waiting for "Start" are kept this long. */
const STAGED_MS = 24 * 3_600_000;

/**
 * Where a checked upload waits for "Start": a random token, and a prefix from the user's id,
 * so nobody can start a batch from someone else's file.
 */
function stagedPath(dataDir: string, userId: string, token: string, ext: 'csv' | 'xlsx' | 'problems.csv'): string {
  const owner = createHash('sha256').update(userId).digest('hex').slice(0, 16);
  return path.join(dataDir, 'uploads', `web-${owner}-${token}.${ext}`);
}

/** Removes checked uploads nobody started (older than a day). */
async function sweepStaged(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'uploads');
  const now = Date.now();
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('web-')) continue;
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && now - stat.mtimeMs > STAGED_MS) await fs.promises.rm(file, { force: true });
  }
}

/** What kind of file it is, from its name and first bytes; only CSV and XLSX are spreadsheets we read. */
export function spreadsheetKind(name: string, head: Buffer): 'csv' | 'xlsx' | { problem: string } {
  const lower = name.toLowerCase();
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const binary = head.includes(0) || head.subarray(0, 5).toString('latin1') === '%PDF-' || (head[0] === 0x89 && head[1] === 0x50) || (head[0] === 0xff && head[1] === 0xd8);
  if (lower.endsWith('.xlsx')) return zip ? 'xlsx' : { problem: 'The file is called .xlsx but it is not an Excel spreadsheet. Open it in Excel and save it again, or save it as CSV.' };
  if (lower.endsWith('.csv')) return !binary && !zip ? 'csv' : { problem: 'The file is called .csv but it is not a CSV file. Save the spreadsheet as CSV and upload that file.' };
  if (lower.endsWith('.xls')) return { problem: 'The file is an old Excel (.xls) file. Open it in Excel and save it as .xlsx or as CSV.' };
  return { problem: 'The file must be a spreadsheet: a CSV file or an Excel file (.xlsx).' };
}

/** One row of example data as spreadsheet columns: dotted headings, list items numbered from 1. */
export function exampleColumns(fields: Record<string, FieldSpec>, example: Record<string, unknown>): { headings: string[]; values: string[] } {
  const headings: string[] = [];
  const values: string[] = [];
  const cell = (value: unknown) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : value === undefined || value === null ? '' : String(value));
  const walk = (specs: Record<string, FieldSpec>, data: Record<string, unknown>, prefix: (string | number)[]) => {
    for (const [name, spec] of Object.entries(specs)) {
      const path = [...prefix, name];
      const value = data?.[name];
      if (spec.type === 'object') walk(spec.fields ?? {}, (value ?? {}) as Record<string, unknown>, path);
      else if (spec.type === 'address' || spec.type === 'list') {
        const items = Array.isArray(value) ? value : [];
        items.forEach((item, index) => {
          if (spec.type === 'list' && spec.of?.type === 'object') walk(spec.of.fields ?? {}, item as Record<string, unknown>, [...path, index]);
          else {
            headings.push(pathToHeading([...path, index]));
            values.push(cell(item));
          }
        });
      } else {
        headings.push(pathToHeading(path));
        values.push(cell(value));
      }
    }
  };
  walk(fields, example, []);
  return { headings, values };
}

/** Words quoted in their context: the words marked, some text either side. */
export interface Quote {
  before: string;
  words: string;
  after: string;
}

/** `words` inside `text` with up to `around` characters either side (cut at word boundaries), or undefined when not there. */
export function quoteIn(text: string, words: string, around = 60): Quote | undefined {
  const flat = text.replace(/\s+/g, ' ');
  const at = flat.toLowerCase().indexOf(words.replace(/\s+/g, ' ').toLowerCase());
  if (at < 0 || words.trim() === '') return undefined;
  const end = at + words.replace(/\s+/g, ' ').length;
  let before = flat.slice(Math.max(0, at - around), at);
  let after = flat.slice(end, end + around);
  if (at - around > 0) before = '…' + before.replace(/^\S*\s/, '');
  if (end + around < flat.length) after = after.replace(/\s\S*$/, '') + '…';
  return { before: before.trimStart(), words: flat.slice(at, end), after: after.trimEnd() };
}

/** One wording problem of a held-back letter, as the batch page shows it (no rule ids). */
export interface HeldFindingView {
  words: string;
  reason: string;
  expected: string[];
  /** The words in their sentence: the data field's value, or the template's line. */
  quote?: Quote;
  /** Where the words came from, in plain words ("the Note column", "the template"). */
  from: string;
  /** Set when the words are in the template (the group that explains it is shown once, above). */
  templateGroup?: string;
}

/** Letters held back because of the same words in the template itself: said once, with the version to fix. */
export interface TemplateGroupView {
  key: string;
  letters: number;
  words: string;
  reason: string;
  expected: string[];
  line: number;
  quote?: Quote;
  /** "version 3 of Your financial checkup" or "the shared part contact". */
  where: string;
  /** The template version to change. */
  version: number;
}

/** Batches keep held-back letters' findings in full for the first 1,000 (docs/batch.md); the page shows this many. */
const HELD_SHOWN = 200;

/** Lines of a source, 1-based. */
function sourceLine(source: string | undefined, line: number): string | undefined {
  return source?.split(/\r?\n/)[line - 1];
}

/**
 * What a batch page says about its held-back letters: each letter's words in context with what
 * to say instead and why, and the words that come from the template grouped once (every letter
 * made from that template version has them, so the template must change, not the rows).
 */
export function heldBackView(
  rows: ReadonlyArray<{ row: number; reference: string | null; reason: string | null; detail: unknown; data: unknown }>,
  template: { id: string; title: string; version: number; source?: string; fieldLabel?: (path: string) => string | undefined },
): { letters: Array<{ row: number; reference: string | null; findings: HeldFindingView[]; reason?: string }>; groups: TemplateGroupView[] } {
  const groups = new Map<string, TemplateGroupView>();
  const letters = rows.map((row) => {
    const findings = Array.isArray(row.detail) ? (row.detail as Finding[]).filter((f) => f && typeof f.actual === 'string') : [];
    if (findings.length === 0) {
      // No findings kept (past the first 1,000, or the letter could not be made): the reason, without rule ids.
      return { row: row.row, reference: row.reference, findings: [], reason: (row.reason ?? '').replace(/ \([a-z]+\/[a-z0-9-]+\)/g, '') };
    }
    const seen = new Set<string>();
    const views = findings.map((finding): HeldFindingView => {
      const base = { words: finding.actual, reason: finding.reason, expected: finding.expected ?? [] };
      const origin = finding.origin;
      if (origin?.kind === 'template') {
        const own = origin.file === `db:${template.id}@${template.version}`;
        const key = `${finding.ruleId}|${origin.file}|${origin.line}|${origin.column}`;
        let group = groups.get(key);
        if (!group) {
          const line = own ? sourceLine(template.source, origin.line) : undefined;
          group = {
            key: `template-words-${groups.size + 1}`,
            letters: 0,
            version: template.version,
            ...base,
            line: origin.line,
            quote: line === undefined ? undefined : quoteIn(line, finding.actual, 80),
            where: own ? `version ${template.version} of ${template.title}` : `the shared part “${path.basename(origin.file).replace(/\.[a-z]+$/, '')}” used by version ${template.version} of ${template.title}`,
          };
          groups.set(key, group);
        }
        if (!seen.has(key)) group.letters++;
        seen.add(key);
        return { ...base, from: 'the template', templateGroup: group.key };
      }
      if (origin?.kind === 'data') {
        const value = getPathValue(row.data, origin.path);
        const label = template.fieldLabel?.(origin.path) ?? origin.path;
        return { ...base, from: `this row’s “${label}”`, quote: typeof value === 'string' ? quoteIn(value, finding.actual) : undefined };
      }
      return { ...base, from: 'this letter' };
    });
    return { row: row.row, reference: row.reference, findings: views };
  });
  return { letters, groups: [...groups.values()].sort((a, b) => b.letters - a.letters) };
}

function getPathValue(data: unknown, dotted: string): unknown {
  let value: unknown = data;
  for (const part of dotted.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** What the check page says about rows already sent. */
function alreadySentView(found: AlreadySent, valid: number) {
  return {
    count: found.count,
    when: sentWhen(found),
    rows: found.rows.map((r) => ({ row: r.row, reference: r.reference, sentOn: sentDay(r.sentAt), documentId: r.documentId })),
    more: found.count - found.rows.length,
    skipMakes: Math.max(0, valid - found.count),
    allMakes: valid,
  };
}

/** Letter routes. */
export function letterRoutes(web: WebContext, formBody: express.RequestHandler): Router {
  const router = express.Router();
  const app = web.app;

  async function letterTemplates() {
    return (await listTemplates(app)).filter((t) => t.publishedVersion !== null && t.kind === 'letter');
  }

  async function pastBatches() {
    // Counts only (one grouped query a batch): the full view reads up to 2,000 rows of problems.
    const titles = new Map((await listTemplates(app)).map((t) => [t.id, t.title]));
    return (await recentBatches(app, 20)).map(({ batch, counts }) => {
        return {
          id: batch.id,
          createdAt: batch.createdAt,
          fileName: batch.fileName,
          title: titles.get(batch.templateId) ?? batch.templateId,
          totals: { produced: counts.produced, heldBack: counts.held, invalid: counts.invalid, skipped: counts.skipped },
          statusLabel: STATUS[batch.status] ?? STATUS.running,
        };
      });
  }

  async function showStart(req: Request, res: Response, data: { errors?: FormErrors; templateId?: string }, status = 200) {
    render(
      web,
      req,
      res,
      'pages/letters/start.njk',
      {
        title: 'Send letters from a spreadsheet',
        templates: await letterTemplates(),
        batches: await pastBatches(),
        templateId: data.templateId ?? '',
        formKey: randomBytes(18).toString('base64url'),
        maxMegabytes: Math.round(app.limits.spreadsheetBytes / 1024 / 1024),
        errors: data.errors,
      },
      status,
    );
  }

  router.get('/letters', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    await showStart(req, res, { templateId: typeof req.query.template === 'string' ? req.query.template : undefined });
  });

  router.get('/letters/templates/:id/example.csv', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const template = (await letterTemplates()).find((t) => t.id === req.params.id);
    if (!template) throw new AppError('NOT_FOUND', 'There is no published letter with that name.');
    const parsed: Template = await app.pipeline.templateVersion(template.id, template.publishedVersion!);
    const { headings, values } = exampleColumns(parsed.fields, parsed.example);
    res.setHeader('Content-Disposition', `attachment; filename="${template.id}-example.csv"`);
    res.type('text/csv; charset=utf-8').send(toExcelSafeCsv(headings, [values], { bom: true }));
  });

  router.post('/letters', ...uploadGuard(app, WEB_ACCESS.letters, 'disk'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const templateId = typeof body.templateId === 'string' ? body.templateId : '';
    try {
      const refused = uploadErrorOf(res);
      if (refused) return await showStart(req, res, { templateId, errors: addError(noErrors(), refused.message, 'file') }, refused.status);
      const parsed = UploadForm.safeParse(body);
      const errors = noErrors();
      if (!parsed.success || !(await letterTemplates()).some((t) => t.id === parsed.data.templateId)) addError(errors, 'Choose which letter to send', 'templateId', 'templateId');
      const file = req.file;
      if (!file || file.size === 0) addError(errors, file ? 'The file is empty. Choose the spreadsheet with the letters’ details.' : 'Choose the spreadsheet with the letters’ details', 'file');
      else {
        const head = Buffer.alloc(Math.min(file.size, 65_536));
        const handle = await fs.promises.open(file.path, 'r');
        try {
          await handle.read(head, 0, head.length, 0);
        } finally {
          await handle.close();
        }
        const kind = spreadsheetKind(file.originalname, head);
        if (typeof kind !== 'string') addError(errors, kind.problem, 'file');
      }
      if (errors.summary.length) return await showStart(req, res, { templateId, errors }, 422);

      // Check every row now, with the batch's own reader and checks, before anything is made.
      const chosen = (await letterTemplates()).find((t) => t.id === parsed.data!.templateId)!;
      const template = await app.pipeline.templateVersion(chosen.id, chosen.publishedVersion!);
      const ext = file!.originalname.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      let checked;
      try {
        // The first 1,000 problems are kept (as a batch keeps them); the rest are counted.
        checked = await checkUpload(app, chosen.id, chosen.publishedVersion!, { path: file!.path, name: file!.originalname.slice(0, 200) });
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        const problems = addError(noErrors(), error.message, 'file');
        for (const problem of error.details.errors ?? []) problems.summary.push({ text: `${problem.path}: ${problem.message}`, href: '#file' });
        return await showStart(req, res, { templateId, errors: problems }, error.status);
      }
      await sweepStaged(app.config.dataDir);
      const token = randomBytes(24).toString('base64url');
      const staged = stagedPath(app.config.dataDir, sessionOf(res).user.id, token, ext);
      await fs.promises.rename(file!.path, staged);
      // Rows that would be made, whose reference this letter was already sent to (the document log).
      const { report, notListed, problemsCsv } = checked;
      const alreadySent = report.valid > 0 ? await findAlreadySent(app, chosen.id, { kind: 'file', path: staged, name: file!.originalname.slice(0, 200), except: new Set(report.invalidRows) }) : undefined;
      // Every problem as a spreadsheet, before anything starts (the page lists the first 500).
      if (problemsCsv) await fs.promises.writeFile(stagedPath(app.config.dataDir, sessionOf(res).user.id, token, 'problems.csv'), problemsCsv);
      render(web, req, res, 'pages/letters/check.njk', {
        title: `Check your spreadsheet: ${chosen.title}`,
        template: chosen,
        report,
        // Each problem as a GOV.UK error sentence ("Enter the date to reply by"), from the field's label and type.
        problems: report.problems.slice(0, 500).map((p) => ({ ...p, sentence: p.field ? fieldProblemSentence(p.label, p.message, specAt(template.fields, parseDataPath(p.field))?.type) : `${p.label} ${p.message}` })),
        notListed,
        notListedNote: notListed > 0 ? notListedNote(notListed) : '',
        upload: token,
        name: file!.originalname.slice(0, 200),
        formKey: parsed.data!.formKey ?? randomBytes(18).toString('base64url'),
        alreadySent: alreadySent && alreadySent.count > 0 ? alreadySentView(alreadySent, report.valid) : undefined,
      });
    } finally {
      await discardUpload(req);
    }
  });

  router.get('/letters/check/:upload/problems.csv', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const upload = StartForm.shape.upload.safeParse(req.params.upload);
    const file = upload.success ? stagedPath(app.config.dataDir, sessionOf(res).user.id, upload.data, 'problems.csv') : undefined;
    if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', 'That list of problems is no longer here (it is kept for a day). Upload the spreadsheet again to check it.');
    res.status(200).type('text/csv; charset=utf-8').attachment('spreadsheet-problems.csv');
    res.sendFile(file);
  });

  router.post('/letters/start', formBody, actionGuard(app, WEB_ACCESS.letters), async (req, res) => {
    const parsed = StartForm.safeParse(req.body);
    if (!parsed.success) return showStart(req, res, { errors: addError(noErrors(), 'This form is missing a part it needs. Upload the spreadsheet again.', 'file') }, 400);
    const { templateId, upload, name, formKey, alreadySent } = parsed.data;
    const actor = changeOf(req, res).actor;
    const key = `web:${formKey}`;
    const ext = name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    const file = stagedPath(app.config.dataDir, sessionOf(res).user.id, upload, ext);
    if (!fs.existsSync(file)) {
      // Started already (the form sent twice), or the file waited too long.
      const earlier = await batchByKey(app, actor, key);
      if (earlier) return res.redirect(303, `/letters/batches/${earlier.id}`);
      return showStart(req, res, { templateId, errors: addError(noErrors(), 'The spreadsheet you checked is no longer here (it is kept for a day). Upload it again.', 'file') }, 410);
    }
    try {
      // Rows already sent are skipped unless the person chose to make them again (the check
      // page's choice; skipping is what it starts on). Looked up again now: the log may have grown.
      // One key per checked upload: the same "Start" sent twice makes one batch.
      const { batch } = await submitBatch(app, { templateId, input: { kind: 'file', path: file, name }, actor, idempotencyKey: key, alreadySent, ifAlreadySent: 'skip' });
      return res.redirect(303, `/letters/batches/${batch.id}`);
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      return showStart(req, res, { templateId, errors: addError(noErrors(), error.message, 'file') }, error.status);
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  });

  async function loadBatch(req: Request) {
    const id = BatchId.safeParse(req.params.id);
    if (!id.success) throw new AppError('NOT_FOUND', 'There is no batch with that number.');
    return batchView(app, id.data);
  }

  /** A batch's row problems (the label and message joined) as GOV.UK error sentences; as they are when the template cannot be read. */
  async function problemSentences<P extends { field: string; message: string }>(templateId: string, version: number, problems: P[]): Promise<(P & { sentence: string })[]> {
    let fields: Parameters<typeof specAt>[0] | undefined;
    if (problems.length > 0) fields = await app.pipeline.templateVersion(templateId, version).then((t) => t.fields, () => undefined);
    return problems.map((p) => {
      const spec = fields && p.field ? specAt(fields, parseDataPath(p.field)) : undefined;
      return { ...p, sentence: spec?.label && p.message.startsWith(`${spec.label} `) ? fieldProblemSentence(spec.label, p.message, spec.type) : p.message };
    });
  }

  router.get('/letters/batches/:id', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const batch = await loadBatch(req);
    const template = (await listTemplates(app)).find((t) => t.id === batch.templateId);
    const heldRows = batch.totals.heldBack > 0 ? await heldBackRows(app, batch.id, HELD_SHOWN) : [];
    let held: ReturnType<typeof heldBackView> = { letters: [], groups: [] };
    if (heldRows.length > 0) {
      const version = await app.store.templates.version(batch.templateId, batch.templateVersion);
      // Undefined when the version cannot be read: the field's path is shown instead of its label.
      const fieldLabel = await fieldLabels(app, batch.templateId, batch.templateVersion);
      held = heldBackView(heldRows, { id: batch.templateId, title: template?.title ?? batch.templateId, version: batch.templateVersion, source: version?.source, fieldLabel });
    }
    render(web, req, res, 'pages/letters/batch.njk', {
      title: `Letters: ${template?.title ?? batch.templateId}`,
      batch,
      templateTitle: template?.title ?? batch.templateId,
      statusLabel: STATUS[batch.status] ?? STATUS.running,
      finished: batch.status === 'done' || batch.status === 'failed',
      problems: await problemSentences(batch.templateId, batch.templateVersion, batch.problems.slice(0, 200)),
      heldBack: held.letters,
      templateGroups: held.groups,
      heldShownOnly: batch.totals.heldBack > held.letters.length ? held.letters.length : 0,
      skipped: batch.skipped.slice(0, 200).map((k) => {
        const why = (k.reason ?? '').replace(/^skipped: /, '');
        return { ...k, why: why.charAt(0).toUpperCase() + why.slice(1) };
      }),
    });
  });

  router.get('/letters/batches/:id/problems.csv', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const batch = await loadBatch(req);
    res.status(200).type('text/csv; charset=utf-8').attachment(`letters-${batch.id}-problems.csv`);
    await writeBatchOutput(app, batch.id, 'problems', res);
  });

  router.get('/letters/batches/:id/letters.zip', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const batch = await loadBatch(req);
    if (batch.status !== 'done') throw new AppError('CONFLICT', 'These letters are not ready yet. Wait until the batch is finished, then download them.');
    res.status(200).type('application/zip').attachment(`letters-${batch.id}.zip`);
    await writeBatchOutput(app, batch.id, 'zip', res);
  });

  router.get('/letters/batches/:id/print.pdf', viewGuard(WEB_ACCESS.letters), async (req, res) => {
    const batch = await loadBatch(req);
    if (batch.status !== 'done') throw new AppError('CONFLICT', 'These letters are not ready yet. Wait until the batch is finished, then print them.');
    if (batch.totals.produced === 0) throw new AppError('CONFLICT', 'No letters were made in this batch, so there is nothing to print.');
    res.status(200).type('application/pdf').attachment(`letters-${batch.id}-print.pdf`);
    await writeBatchOutput(app, batch.id, 'print', res);
  });

  return router;
}

/**
 * `POST /api/lint`: check a text, or a file (Word, PDF, HTML, text or Markdown sent as base64
 * in the JSON body), against the council's approved lexicon and the plain language rules,
 * without rendering anything. A file's findings say where a person finds them (`where`: page,
 * nearest heading, paragraph); see docs/lint.md. Word files and PDFs are read on a worker thread
 * (app/ingest.ts), so reading one never holds the event loop.
 */
import { z } from 'zod';
import { AppError, MAX_LINT_CHARACTERS } from '../../core/index.js';
import { checkFile, readOnThread } from '../../app/ingest.js';
import { FindingSchema, FindingSummarySchema, KindSchema, ProfileSchema } from '../../app/schemas.js';
import { type AnyRoute, defineRoute } from './registry.js';

/** Kept here too for callers that imported it from this module; it lives in core/lint-limits.ts. */
export { MAX_LINT_CHARACTERS };

const ReadabilitySchema = z
  .object({
    words: z.number(),
    sentences: z.number(),
    averageSentenceLength: z.number(),
    fleschReadingEase: z.number(),
    grade: z.number(),
    targetAge: z.number(),
    readingAge: z.number(),
  })
  .meta({ id: 'Readability' });

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

const LintFileSchema = z
  .strictObject({
    name: z
      .string({ error: 'must be the file name, such as letter.docx' })
      .min(1, 'must be the file name, such as letter.docx')
      .max(255, 'must be at most 255 characters')
      .regex(/\.(docx|doc|pdf|html?|xhtml|txt|md|markdown)$/i, 'must end in .docx, .pdf, .html, .htm, .txt or .md (the extension says how the file is read)'),
    content: z.string({ error: 'must be the file, base64-encoded' }).regex(BASE64, 'must be the file, base64-encoded'),
  })
  .meta({ id: 'LintFile', description: 'A file to check: its name (the extension says how it is read) and its bytes in base64. At most the upload limit (PLAINLY_UPLOAD_LIMIT_BYTES, 10 MB by default) and 200,000 characters of text.' });

export const LintRequestSchema = z
  .strictObject({
    text: z.string({ error: 'must be the text to check, as a string' }).max(MAX_LINT_CHARACTERS, `must be at most ${MAX_LINT_CHARACTERS} characters`).optional(),
    file: LintFileSchema.optional(),
    format: z.enum(['text', 'markdown', 'template'], { error: 'must be text, markdown or template' }).default('text').meta({ description: 'How `text` is read (a file is read by its extension).' }),
    profile: ProfileSchema.default('standard'),
    kind: KindSchema.optional().meta({ description: 'Lexicon entries scoped to other kinds are skipped. Default: every entry applies.' }),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or cy')
      .default('en'),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.file === undefined)) ctx.addIssue({ code: 'custom', path: ['text'], message: 'send either text or file (one of them)' });
  })
  .meta({ id: 'LintRequest', description: 'Either `text` (with `format`) or `file`.' });

const WhereSchema = z
  .object({
    page: z.number().int().optional().meta({ description: 'PDF only: Word and HTML files have no pages.' }),
    paragraph: z.number().int().optional().meta({ description: 'Counted from the nearest heading before it (in a PDF, from the top of the page when that heading is on an earlier page).' }),
    heading: z.string().optional(),
    inHeading: z.boolean().optional(),
    line: z.number().int().optional().meta({ description: 'Text and Markdown: the line; HTML: the source line where the paragraph starts.' }),
    column: z.number().int().optional(),
    text: z.string().meta({ description: 'All of it in words: "page 2, under ‘What happens next’, paragraph 3".' }),
  })
  .meta({ id: 'FindingWhere', description: 'Files only: where a person finds the finding.' });

const LintFindingSchema = FindingSchema.extend({ where: WhereSchema.optional() }).meta({ id: 'LintFinding' });

export const LintResultSchema = z
  .object({
    findings: z.array(LintFindingSchema),
    summary: FindingSummarySchema,
    readability: ReadabilitySchema,
    notApplied: z.array(z.string()),
    lexiconVersion: z.number().int(),
    document: z
      .object({
        name: z.string(),
        format: z.enum(['text', 'markdown', 'template', 'docx', 'pdf', 'html']),
        words: z.number().int(),
        notes: z.array(z.string()).meta({ description: 'How the file was read, e.g. that only the accepted text of a Word file with tracked changes was checked.' }),
      })
      .optional()
      .meta({ description: 'Files only: how the file was read.' }),
  })
  .meta({ id: 'LintResult' });

export const lintRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/lint',
    summary: 'Check a text or a file for plain, respectful language',
    description:
      'Send `text` (positions are 0-based offsets and 1-based lines and columns into it) or `file` (a .docx, .pdf, .html, .txt or .md file, base64-encoded): a file\'s findings also have `where`, the page, nearest heading and paragraph a person finds them at. A file that cannot be read (a password-protected or damaged Word file, an old .doc, a scanned PDF with no text, a ZIP bomb) gets a problem naming why: 400, 413, 415 or 422.',
    tags: ['Lint'],
    access: 'any',
    body: LintRequestSchema,
    // A file comes as base64 (4 bytes for every 3) inside JSON: room for the upload limit.
    jsonLimitBytes: (context) => Math.ceil((context.limits.uploadBytes * 4) / 3) + 64 * 1024,
    responses: { 200: { description: 'Findings, their summary and readability', schema: LintResultSchema } },
    handler: async ({ res, app, body, principal }) => {
      const caller = principal ? `${principal.kind}:${principal.id}` : undefined;
      const options = { profile: body.profile, kind: body.kind, lang: body.lang, caller };
      if (body.file) {
        const bytes = Buffer.from(body.file.content, 'base64');
        let lexiconVersion = 0;
        let readability: unknown;
        const result = await checkFile({ name: body.file.name, bytes }, async (text, format) => {
          const linted = await app.pipeline.lint(text, { ...options, format });
          lexiconVersion = linted.lexiconVersion;
          readability = linted.readability;
          return linted;
        }, { maxFileBytes: app.limits.uploadBytes, maxCharacters: MAX_LINT_CHARACTERS }, readOnThread);
        if (result.status === 'unreadable') throw new AppError(result.code, result.message, { location: { file: body.file.name } });
        res.json({
          findings: result.findings.map(({ sentence: _sentence, ...finding }) => finding),
          summary: result.summary,
          readability,
          notApplied: result.notApplied ?? [],
          lexiconVersion,
          document: { name: result.name, format: result.format, words: result.words, notes: result.notes },
        });
        return;
      }
      const result = await app.pipeline.lint(body.text!, { ...options, format: body.format });
      res.json({
        findings: result.findings,
        summary: result.summary,
        readability: result.readability,
        notApplied: result.notApplied,
        lexiconVersion: result.lexiconVersion,
      });
    },
  }),
];

/**
 * `POST /api/lint`: check a text against the council's approved lexicon and the plain
 * language rules, without rendering anything.
 */
import { z } from 'zod';
import { FindingSchema, FindingSummarySchema, KindSchema, ProfileSchema } from '../schemas.js';
import { type AnyRoute, defineRoute } from './registry.js';

/** The longest text lint accepts (a long guide is about 30,000 characters). */
export const MAX_LINT_CHARACTERS = 200_000;

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

export const LintRequestSchema = z
  .strictObject({
    text: z.string({ error: 'must be the text to check, as a string' }).max(MAX_LINT_CHARACTERS, `must be at most ${MAX_LINT_CHARACTERS} characters`),
    format: z.enum(['text', 'markdown', 'template'], { error: 'must be text, markdown or template' }).default('text'),
    profile: ProfileSchema.default('standard'),
    kind: KindSchema.optional().meta({ description: 'Lexicon entries scoped to other kinds are skipped. Default: every entry applies.' }),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or cy')
      .default('en'),
  })
  .meta({ id: 'LintRequest' });

export const LintResultSchema = z
  .object({
    findings: z.array(FindingSchema),
    summary: FindingSummarySchema,
    readability: ReadabilitySchema,
    notApplied: z.array(z.string()),
    lexiconVersion: z.number().int(),
  })
  .meta({ id: 'LintResult' });

export const lintRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/lint',
    summary: 'Check a text for plain, respectful language',
    description: 'Positions are 0-based offsets (JavaScript string indexes) and 1-based lines and columns into `text`.',
    tags: ['Lint'],
    access: 'any',
    body: LintRequestSchema,
    responses: { 200: { description: 'Findings, their summary and readability', schema: LintResultSchema } },
    handler: async ({ res, app, body, principal }) => {
      const caller = principal ? `${principal.kind}:${principal.id}` : undefined;
      const result = await app.pipeline.lint(body.text, { profile: body.profile, kind: body.kind, lang: body.lang, format: body.format, caller });
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

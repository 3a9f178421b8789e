/**
 * Zod schemas shared by the API and the web pages: ids, versions, roles, the one Finding shape.
 * The API validates requests and generates its OpenAPI document with them; `.meta({ id })`
 * names them as OpenAPI components.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, ERROR_CATALOGUE, OUTPUT_FORMATS, PROFILES, SEVERITIES } from '../core/index.js';
import { ROLES } from '../store/index.js';

/** Template and lexicon ids: lower-case letters, digits and single hyphens (no dots, no slashes). */
export const IdSchema = z
  .string()
  .max(80, 'must be at most 80 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, like "financial-checkup"');

/** A positive version number in a path. */
export const VersionSchema = z.coerce
  .number({ error: 'must be a version number' })
  .int('must be a whole number')
  .positive('must be 1 or more')
  .max(1_000_000, 'is too large');

export const RoleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).meta({ id: 'Role' });
export const ProfileSchema = z.enum(PROFILES, { error: `must be one of ${PROFILES.join(', ')}` });
export const KindSchema = z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
export const FormatSchema = z.enum(OUTPUT_FORMATS, { error: `must be one of ${OUTPUT_FORMATS.join(', ')}` });

const PositionSchema = z.object({ line: z.number().int(), column: z.number().int(), offset: z.number().int() }).meta({ id: 'Position' });

/** The one Finding shape (DESIGN.md). */
export const FindingSchema = z
  .object({
    ruleId: z.string().meta({ example: 'lexicon/misspent' }),
    source: z.string(),
    severity: z.enum(SEVERITIES),
    reason: z.string(),
    actual: z.string(),
    expected: z.array(z.string()),
    start: PositionSchema,
    end: PositionSchema,
    origin: z
      .union([
        z.object({ kind: z.literal('template'), file: z.string(), line: z.number(), column: z.number() }),
        z.object({ kind: z.literal('data'), path: z.string() }),
      ])
      .optional(),
  })
  .meta({ id: 'Finding' });

export const FindingSummarySchema = z
  .object({ error: z.number().int(), warning: z.number().int(), suggestion: z.number().int(), total: z.number().int() })
  .meta({ id: 'FindingSummary' });

/** problem+json (RFC 9457) with the catalogue's stable code. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(ERROR_CATALOGUE) as [keyof typeof ERROR_CATALOGUE, ...(keyof typeof ERROR_CATALOGUE)[]]),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The request id.' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    findings: z.array(FindingSchema).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

/** A comment or reason typed by a person. */
export const CommentSchema = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** Query flag: `true`/`false`/`1`/`0`. */
export const BooleanQuerySchema = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

/** `If-Match` (optional in the schema: a missing one is 428, not 422). */
export const IfMatchHeaders = z.object({
  'if-match': z.string().max(200).optional().meta({ description: 'The ETag you last read. Missing: 428; stale: 412.' }),
});

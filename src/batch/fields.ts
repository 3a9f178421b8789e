/**
 * The parts of a template's field schema (docs/templates.md, "Field types") that the batch
 * path needs: which fields exist, how they nest, their types and labels. Validated with zod
 * so a template that does not fit reads as a clear error, not a crash half-way through a batch.
 */
import { z } from 'zod';
import { AppError } from '../core/index.js';

/** Field types from docs/templates.md. */
export const FIELD_TYPES = ['string', 'text', 'date', 'money', 'integer', 'number', 'boolean', 'email', 'phone', 'postcode', 'address', 'list', 'object', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field of a template, as far as the batch path is concerned. Other options pass through untouched. */
export interface FieldSpec {
  type: FieldType;
  optional?: boolean;
  label?: string;
  /** `list`: the field each item is. */
  of?: FieldSpec;
  /** `object`: its fields. */
  fields?: Record<string, FieldSpec>;
  min?: number | string;
  max?: number | string;
  /** `enum`: the allowed values. */
  values?: string[];
}

/** Fields by name, as in a template's front matter. */
export type FieldMap = Record<string, FieldSpec>;

const FieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z
    .object({
      type: z.enum(FIELD_TYPES),
      optional: z.boolean().optional(),
      label: z.string().optional(),
      of: FieldSpecSchema.optional(),
      fields: z.record(z.string(), FieldSpecSchema).optional(),
      min: z.union([z.number(), z.string()]).optional(),
      max: z.union([z.number(), z.string()]).optional(),
      values: z.array(z.string()).optional(),
    })
    .loose()
    .superRefine((spec, ctx) => {
      if (spec.type === 'list' && !spec.of) ctx.addIssue({ code: 'custom', message: 'a list needs "of"' });
      if (spec.type === 'object' && !spec.fields) ctx.addIssue({ code: 'custom', message: 'an object needs "fields"' });
    }),
);

const FieldMapSchema = z.record(z.string(), FieldSpecSchema);

/**
 * Reads a template's `fields` into `FieldMap`.
 * @throws AppError TEMPLATE_INVALID naming the field path that does not fit.
 */
export function parseFieldMap(fields: unknown, templateId: string): FieldMap {
  const parsed = FieldMapSchema.safeParse(fields);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new AppError('TEMPLATE_INVALID', `The fields of template ${templateId} cannot be used for a batch: ${errors.map((e) => `${e.path || '(fields)'} ${e.message}`).join('; ')}`, { errors });
  }
  return parsed.data;
}

/** The number in a list's `max`/`min` option, if it has one. */
export function countOption(value: number | string | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** True for types that fill one cell with one value. */
export function isScalar(spec: FieldSpec): boolean {
  return spec.type !== 'list' && spec.type !== 'object' && spec.type !== 'address';
}

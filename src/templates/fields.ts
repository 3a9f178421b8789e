/**
 * The `fields:` part of a template's front matter: what data a template needs. Written by
 * policy officers, so the definitions themselves are validated (with zod) before they are
 * compiled into the data schema.
 */
import { z } from 'zod';

/** Options every field type has. */
interface FieldBase {
  label?: string;
  help?: string;
  optional?: boolean;
  /**
   * Required only when every named field has the value given (docs/templates.md,
   * "Conditional fields"): `{ prepaidCard: false }`; a list of values means any of them.
   * Paths are dotted from the top of the data. Otherwise the field may be left empty.
   */
  requiredWhen?: Record<string, RequiredWhenValue>;
}

/** What a `requiredWhen` condition compares a field with: a value, or any of a list. */
export type RequiredWhenValue = boolean | string | number | (boolean | string | number)[];

/** One field definition, as written in front matter (see docs/templates.md, "Field types"). */
export type FieldSpec =
  | (FieldBase & { type: 'string'; max?: number; min?: number; pattern?: string })
  | (FieldBase & { type: 'text'; max?: number; min?: number })
  | (FieldBase & { type: 'date'; min?: string; max?: string })
  | (FieldBase & { type: 'money'; min?: number; max?: number; negative?: boolean })
  | (FieldBase & { type: 'integer'; min?: number; max?: number })
  | (FieldBase & { type: 'number'; min?: number; max?: number; decimals?: number })
  | (FieldBase & { type: 'boolean' })
  | (FieldBase & { type: 'email' })
  | (FieldBase & { type: 'phone' })
  | (FieldBase & { type: 'postcode' })
  | (FieldBase & { type: 'address' })
  | (FieldBase & { type: 'list'; of: FieldSpec; min?: number; max?: number })
  | (FieldBase & { type: 'object'; fields: Record<string, FieldSpec> })
  | (FieldBase & { type: 'enum'; values: string[] });

/** Every field type name. */
export const FIELD_TYPES = [
  'string', 'text', 'date', 'money', 'integer', 'number', 'boolean', 'email', 'phone', 'postcode', 'address', 'list', 'object', 'enum',
] as const;
export type FieldType = FieldSpec['type'];

/** A field name usable as a Handlebars path: starts with a letter. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const count = z.number().int().nonnegative();
const base = {
  label: z.string().min(1).optional(),
  help: z.string().min(1).optional(),
  optional: z.boolean().optional(),
  requiredWhen: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'names a field, e.g. prepaidCard or recipient.kind'),
      z.union([z.boolean(), z.string(), z.number(), z.array(z.union([z.boolean(), z.string(), z.number()])).min(1)], {
        error: () => 'must be a value (yes/no, a word or a number) or a list of values',
      }),
      { error: () => 'must name fields and the values that make this one required, e.g. { prepaidCard: false }' },
    )
    .refine((conditions) => Object.keys(conditions).length > 0, 'must name at least one field')
    .optional(),
};

const regexSource = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression' });
  }
});

/** zod schema for one field definition (recursive through `list.of` and `object.fields`). */
export const FieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z.discriminatedUnion(
    'type',
    [
      z.strictObject({ ...base, type: z.literal('string'), max: count.optional(), min: count.optional(), pattern: regexSource.optional() }),
      z.strictObject({ ...base, type: z.literal('text'), max: count.optional(), min: count.optional() }),
      z.strictObject({ ...base, type: z.literal('date'), min: isoDate.optional(), max: isoDate.optional() }),
      z.strictObject({ ...base, type: z.literal('money'), min: z.number().int().optional(), max: z.number().int().optional(), negative: z.boolean().optional() }),
      z.strictObject({ ...base, type: z.literal('integer'), min: z.number().int().optional(), max: z.number().int().optional() }),
      z.strictObject({ ...base, type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), decimals: count.max(10).optional() }),
      z.strictObject({ ...base, type: z.literal('boolean') }),
      z.strictObject({ ...base, type: z.literal('email') }),
      z.strictObject({ ...base, type: z.literal('phone') }),
      z.strictObject({ ...base, type: z.literal('postcode') }),
      z.strictObject({ ...base, type: z.literal('address') }),
      z.strictObject({ ...base, type: z.literal('list'), of: FieldSpecSchema, min: count.optional(), max: count.optional() }),
      z.strictObject({ ...base, type: z.literal('object'), fields: FieldsSchema }),
      z.strictObject({ ...base, type: z.literal('enum'), values: z.array(z.string().min(1)).min(1) }),
    ],
    { error: () => `type must be one of: ${FIELD_TYPES.join(', ')}` },
  ),
);

/** zod schema for a `fields:` map. Names must be usable in `{{placeholders}}`. */
export const FieldsSchema: z.ZodType<Record<string, FieldSpec>> = z.lazy(() =>
  z.record(
    z.string().regex(FIELD_NAME, 'field names start with a letter and use only letters, digits and _'),
    FieldSpecSchema,
  ),
);

/** Finds the definition at a dotted path (`recipient.address`; `items.*.cost` steps into lists). */
export function fieldAt(fields: Record<string, FieldSpec>, path: string): FieldSpec | undefined {
  let current: FieldSpec | undefined = { type: 'object', fields };
  for (const part of path.split('.')) {
    if (!current) return undefined;
    if (current.type === 'object') current = Object.hasOwn(current.fields, part) ? current.fields[part] : undefined;
    else if (current.type === 'list' && (part === '*' || /^\d+$/.test(part))) current = current.of;
    else return undefined;
  }
  return current;
}

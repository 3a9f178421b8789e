/**
 * Forms: every form input is parsed with a zod schema; problems become a GOV.UK error summary
 * (at the top of the page, each linking to its field) and an error message on each field.
 */
import { z } from 'zod';
import { type AppError, type FieldProblem, isAppError } from '../core/index.js';

/** One line of the error summary. `href` is `#field-id`, or absent for a problem with no field. */
export interface SummaryItem {
  text: string;
  href?: string;
}

/** What a page needs to show problems: the summary list, and a message per field name. */
export interface FormErrors {
  summary: SummaryItem[];
  fields: Record<string, string>;
}

/** No problems. */
export function noErrors(): FormErrors {
  return { summary: [], fields: {} };
}

/** True when there is anything to show. */
export function hasErrors(errors: FormErrors | undefined): boolean {
  return !!errors && errors.summary.length > 0;
}

/**
 * Adds a problem. The first message for a field wins (GOV.UK shows one message per field:
 * the one that says what to do first).
 */
export function addError(errors: FormErrors, message: string, field?: string, fieldId?: string): FormErrors {
  if (field) {
    if (errors.fields[field] !== undefined) return errors;
    errors.fields[field] = message;
    errors.summary.push({ text: message, href: `#${fieldId ?? field}` });
  } else {
    errors.summary.push({ text: message });
  }
  return errors;
}

/**
 * Parses a form body. Messages in the schemas are written as whole sentences for the person
 * filling in the form ("Enter your username"), so they are shown as they are.
 */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown, fieldIds: Record<string, string> = {}): { ok: true; data: T } | { ok: false; errors: FormErrors } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors = noErrors();
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : undefined;
    if (issue.code === 'unrecognized_keys') continue; // forms may carry buttons' names; strictness is for the API
    addError(errors, issue.message, field, field ? fieldIds[field] : undefined);
  }
  if (errors.summary.length === 0) addError(errors, 'Some of what you sent could not be read. Reload the page and try again.');
  return { ok: false, errors };
}

/**
 * Turns an `AppError` from the service into form errors: its field problems (paths mapped to
 * our field names by `fieldFor`), or its message when no field is named.
 */
export function errorsFromAppError(error: AppError, fieldFor: (path: string) => { field: string; id?: string } | undefined = () => undefined): FormErrors {
  const errors = noErrors();
  const problems: FieldProblem[] = error.details.errors ?? [];
  const unplaced: string[] = [];
  for (const problem of problems) {
    const target = fieldFor(problem.path);
    if (target) addError(errors, `${problem.message.charAt(0).toUpperCase()}${problem.message.slice(1)}`, target.field, target.id);
    else unplaced.push(`${problem.path}: ${problem.message}`);
  }
  if (errors.summary.length === 0 || unplaced.length > 0) {
    errors.summary.unshift({ text: error.message });
  }
  return errors;
}

/** Form errors from anything thrown: AppErrors as above; anything else is re-thrown. */
export function errorsFrom(error: unknown, fieldFor?: (path: string) => { field: string; id?: string } | undefined): FormErrors {
  if (isAppError(error)) return errorsFromAppError(error, fieldFor);
  throw error;
}

/**
 * A text box's value with its line endings as `\n`. Browsers send a textarea's lines joined
 * with `\r\n`; kept as sent, a template saved from the page would differ from the same text
 * saved from a file on every line (a "before and after" would show every line changed).
 */
export function multiline<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value), schema);
}

/** Reads a checkbox or a repeated field as a list of strings. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Splits a textarea into non-empty trimmed lines (one item per line). */
export function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

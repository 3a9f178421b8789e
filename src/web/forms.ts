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

/** Words a label may start with that already make it a noun phrase ("Our reference", "When the change starts"). */
const DETERMINERS = /^(the|a|an|our|your|their|his|her|its|this|that|these|those|each|every|any|some|when|what|why|who|whom|how|where|which|whether)\b/i;

/**
 * A field's label as words inside a sentence: "Date of the letter" -> "the date of the letter",
 * "Our reference" -> "our reference", "Please reply by" -> "the date to reply by". A label
 * that starts with an abbreviation ("NHS number") keeps its capitals.
 */
export function labelInSentence(label: string, type?: string): string {
  const text = label.trim().replace(/[.:]+$/, '');
  // "Please reply by", "Please ask us to look at it again by": a deadline, said as one.
  const deadline = /^please (.+ by)$/i.exec(text);
  if (deadline) return `the date to ${deadline[1]}`;
  const [first, ...rest] = text.split(' ');
  const word = /^[A-Z0-9]{2,}/.test(first) ? first : first.charAt(0).toLowerCase() + first.slice(1);
  const phrase = [word, ...rest].join(' ');
  if (DETERMINERS.test(phrase)) return phrase;
  // A yes-or-no field reads as a question ("Paid on a prepaid card"): name it in quotes.
  if (type === 'boolean') return `“${text}”`;
  return `the ${phrase}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One problem with a field's value as a sentence in the GOV.UK error-message pattern: say
 * what to do, name the field in words, no jargon, no "please", no "is invalid". Written from
 * the templates' own wording (`label` + a message that follows it, as the data checks give
 * it: "is not a real date"), so the CLI and API keep theirs; a message this does not know is
 * kept, after the label.
 *
 *   ("Please reply by", "is required")          -> "Enter the date to reply by"
 *   ("Please reply by", "is not a real date …") -> "The date to reply by must be a real date"
 *   ("Each payment", "must be at least £1.00")  -> "Each payment must be £1.00 or more"
 */
export function fieldProblemSentence(label: string, message: string, type?: string): string {
  const thing = label ? labelInSentence(label, type) : 'this';
  const Thing = capitalise(thing);
  let m = message.trim().replace(/\.$/, '');
  // A message that already names its field ("Please reply by is required when …") is read without it.
  if (label && m.startsWith(`${label} `)) m = m.slice(label.length + 1);
  let match: RegExpExecArray | null;
  if (m === 'is required' || m === 'is empty') return type === 'boolean' ? `Say yes or no for ${thing}` : `Enter ${thing}`;
  if ((match = /^is required when (.+)$/.exec(m))) return `Enter ${thing}: it is needed when ${lowerFirst(match[1])}`;
  if (/^is not a real date/.test(m)) return `${Thing} must be a real date`;
  if (/^must be a date written/.test(m)) return `${Thing} must be a date written like 2021-01-31 (year, month, day)`;
  if ((match = /^must be on or (after|before) (.+)$/.exec(m))) return `${Thing} must be on or ${match[1]} ${match[2]}`;
  if ((match = /^must be at least ([\d,]+) characters$/.exec(m))) return `${Thing} must be ${match[1]} characters or more`;
  if ((match = /^must be at most ([\d,]+) characters(?: \(it has ([\d,]+)\))?$/.exec(m))) return `${Thing} must be ${match[1]} characters or fewer${match[2] ? ` (it has ${match[2]})` : ''}`;
  if ((match = /^must be at least (.+)$/.exec(m))) return `${Thing} must be ${match[1]} or more`;
  if ((match = /^must be at most (.+)$/.exec(m))) return `${Thing} must be ${match[1]} or less`;
  if (/^must not be negative$/.test(m)) return `${Thing} must be £0 or more`;
  if (/^must be an amount of money/.test(m) || /^must be a whole number of pence/.test(m)) return `${Thing} must be an amount of money, like £1,234.56`;
  if (/^is too large an amount$/.test(m)) return `${Thing} must be a smaller amount of money`;
  if (/^must be a whole number$/.test(m)) return `${Thing} must be a whole number, like 3`;
  if (/^must be a number$/.test(m)) return `${Thing} must be a number, like 2.5`;
  if ((match = /^must have at most (\d+) decimal places$/.exec(m))) return `${Thing} must have ${match[1]} decimal places or fewer`;
  if (/^must be yes or no$/.test(m)) return `${Thing} must be yes or no`;
  if (/email address$/.test(m)) return `Enter ${thing} as an email address, like name@example.com`;
  if (/UK phone number$/.test(m)) return `Enter ${thing} as a UK phone number, like 01632 960 001`;
  if (/UK postcode$/.test(m) && !/line/.test(m)) return `Enter ${thing} as a real UK postcode, like SW1A 2AA`;
  if ((match = /^must be one of: (.+)$/.exec(m))) return `${Thing} must be one of: ${match[1]}`;
  if (/^must be one line/.test(m)) return `${Thing} must be on one line`;
  if (/^(contains|must be text)/.test(m)) return `${Thing} ${m}`;
  if (/^is not a field of this template$/.test(m)) return `${Thing} is not something this letter uses: take it out`;
  // Address lines and list sizes already read as sentences after the label.
  if ((match = /^line (\d+) (.+)$/.exec(m))) return `Line ${match[1]} of ${thing} ${match[2]}`;
  if ((match = /^the last line must be (.+)$/.exec(m))) return `The last line of ${thing} must be ${match[1]}`;
  return `${Thing} ${m}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z0-9]{2,}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

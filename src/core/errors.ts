/**
 * The one error catalogue. Exceptions are for bad input and broken configuration only;
 * problems with wording are `Finding`s. Every code has a stable name, an HTTP status and a
 * CLI exit code, so the same failure reads the same way everywhere.
 */

/** Every error Plainly can raise, with its HTTP status and a short title. */
export const ERROR_CATALOGUE = {
  USAGE: { status: 400, title: 'The command was not used correctly' },
  BAD_REQUEST: { status: 400, title: 'The request could not be read' },
  VALIDATION_FAILED: { status: 422, title: 'Some of the data is not right' },
  INPUT_UNREADABLE: { status: 400, title: 'The input could not be read' },
  INPUT_TOO_LARGE: { status: 413, title: 'The input is too large' },
  INPUT_LIMIT_EXCEEDED: { status: 422, title: 'The input holds more than Plainly reads' },
  LEXICON_INVALID: { status: 422, title: 'The lexicon is not valid' },
  LEXICON_EXAMPLES_FAILED: { status: 422, title: "A lexicon entry's own examples fail" },
  TEMPLATE_INVALID: { status: 422, title: 'The template is not valid' },
  TEMPLATE_NOT_FOUND: { status: 404, title: 'There is no template with that id' },
  DATA_INVALID: { status: 422, title: 'The data does not fit the template' },
  BLOCKED_BY_FINDINGS: { status: 422, title: 'The document has wording that must change before it is sent' },
  RENDER_FAILED: { status: 500, title: 'The document could not be rendered' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in is needed' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  CONFLICT: { status: 409, title: 'This conflicts with the current state' },
  PRECONDITION_FAILED: { status: 412, title: 'Someone else changed this first' },
  PRECONDITION_REQUIRED: { status: 428, title: 'An If-Match header is needed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'That type of file or body is not supported' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTEGRITY_FAILED: { status: 500, title: 'A stored document no longer matches its checksum' },
  DOCUMENT_ERASED: { status: 410, title: 'The personal data in this document has been erased' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  BUSY: { status: 503, title: 'The service is busy; try again shortly' },
  CONFIG_INVALID: { status: 500, title: 'The configuration is not valid' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** A problem with one field or cell, named by its path (`recipient.address.postcode`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A place in a source file, for template and lexicon errors. 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Extra, structured detail carried by an `AppError`. */
export interface AppErrorDetails {
  /** Every bad field, reported at once. */
  errors?: FieldProblem[];
  /** Where in a file the problem is. */
  location?: SourceLocation;
  /** Anything else a client may need (findings of a blocked document, etc.). */
  [key: string]: unknown;
}

/**
 * An expected failure caused by input or configuration. The message is written for the
 * person who has to fix it and names what is wrong and where.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  /** The short title for this error's code. */
  get title(): string {
    return ERROR_CATALOGUE[this.code].title;
  }

  /** CLI exit code: 2 for anything that is not a wording problem (usage, data, configuration). */
  get exitCode(): number {
    return this.code === 'BLOCKED_BY_FINDINGS' ? 1 : 2;
  }
}

/** True for an `AppError` (also across module copies, by shape). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError || (value instanceof Error && value.name === 'AppError' && 'code' in value);
}

/** Formats `file:line:col` (omitting parts that are unknown). */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/**
 * A message fit to show a person: the AppError's message (with its field problems listed),
 * or a generic sentence for anything unexpected — never a stack trace.
 */
export function describeError(error: unknown): string {
  if (isAppError(error)) {
    const lines = [error.message];
    for (const problem of error.details.errors ?? []) lines.push(`  ${problem.path}: ${problem.message}`);
    return lines.join('\n');
  }
  return ERROR_CATALOGUE.INTERNAL.title + '.';
}

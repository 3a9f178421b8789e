/**
 * Errors as RFC 9457 problems with a stable `code` from the one catalogue: the shape the API
 * answers with (http/problem.ts sends it), the web pages show, and a version check reports
 * when a template does not compile.
 */
import { AppError, ERROR_CATALOGUE, type ErrorCode, isAppError } from '../core/index.js';

/** The body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  /** The request id (also in the X-Request-Id header and the server log). */
  instance?: string;
  [key: string]: unknown;
}

/** The `type` URI for a code (a stable name, documented in docs/api.md). */
export function problemType(code: ErrorCode): string {
  return `urn:plainly:error:${code}`;
}

/** Builds the problem body for an error. */
export function toProblem(error: unknown, requestId?: string): Problem {
  const appError = isAppError(error) ? error : undefined;
  const code: ErrorCode = appError?.code ?? 'INTERNAL';
  const entry = ERROR_CATALOGUE[code];
  const problem: Problem = {
    type: problemType(code),
    title: entry.title,
    status: entry.status,
    code,
    detail: appError ? appError.message : 'Something went wrong on our side. It has been logged; please try again, and tell us the request id if it keeps happening.',
  };
  if (requestId) problem.instance = requestId;
  if (appError) {
    for (const [key, value] of Object.entries(appError.details)) {
      if (!(key in problem)) problem[key] = value;
    }
  }
  return problem;
}

/**
 * Turns errors from Express's own body parsers (bad JSON, too large, bad charset) into
 * catalogue errors with a message that says what was wrong.
 */
export function fromParserError(error: unknown): AppError | undefined {
  const e = error as { type?: string; status?: number; limit?: number; message?: string };
  if (!e || typeof e !== 'object') return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return new AppError('BAD_REQUEST', `The request body is not valid JSON: ${e.message ?? 'it could not be parsed'}.`);
    case 'entity.too.large':
      return new AppError('INPUT_TOO_LARGE', `The request body is too large: the limit is ${formatBytes(e.limit ?? 0)}.`, { limitBytes: e.limit });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', `The request body's character set is not supported; send UTF-8.`);
    case 'request.aborted':
      return new AppError('BAD_REQUEST', 'The request was aborted before its body arrived.');
    case 'request.size.invalid':
      return new AppError('BAD_REQUEST', 'The request body is shorter than its Content-Length said.');
    default:
      break;
  }
  // Other errors from Express's own helpers (static files): http-errors with a 4xx status.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return e.status === 404 || e.status === 403
      ? new AppError('NOT_FOUND', 'There is nothing at that address.')
      : new AppError('BAD_REQUEST', 'The request could not be handled as sent.');
  }
  return undefined;
}

/** "1 MB", "512 KB" */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}


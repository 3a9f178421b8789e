/**
 * Errors as RFC 9457 problem+json with a stable `code` from the one catalogue. Whatever goes
 * wrong, a client gets the same shape and never a stack trace; unexpected errors are logged
 * (server side, with the request id) and answered with a generic message.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, isAppError } from '../core/index.js';
import { fromParserError, toProblem } from '../app/problem.js';

export { type Problem, formatBytes, fromParserError, problemType, toProblem } from '../app/problem.js';

/** Sends a problem response. */
export function sendProblem(res: Response, error: unknown): void {
  const requestId = typeof res.req?.id === 'string' ? res.req.id : undefined;
  const problem = toProblem(error, requestId);
  res.locals.errorCode = problem.code;
  if ((problem.code === 'RATE_LIMITED' || problem.code === 'BUSY') && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  if (res.headersSent) return;
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** The last error handler: problem+json for everything, logging only what is unexpected. */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const mapped = isAppError(error) ? error : (fromParserError(error) ?? error);
  if (!isAppError(mapped) || mapped.status >= 500) {
    // pino-http attaches the request logger; the error (with stack) goes to the server log only.
    req.log?.error({ err: error }, 'request failed');
  }
  sendProblem(res, mapped);
};

/** 404 for paths nobody handles. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, new AppError('NOT_FOUND', `There is nothing at ${req.method} ${req.path}.`));
};

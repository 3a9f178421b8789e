/**
 * Logging: pino for the process, pino-http for requests. Letters hold personal data and
 * requests carry tokens, so request logs hold only the method, the path (never the query
 * string), the status, the time taken, the request id, who made it (token or user id) and the
 * error code — never bodies, headers or cookies. Redaction below is a second line of defence.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export { REDACT_PATHS, createLogger } from '../app/logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A request id: the caller's X-Request-Id when it is well-formed, otherwise a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Path without the query string (queries may carry names or references). */
function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The caller and error code a request ended with (set by auth and the error handler). */
function outcome(res: ServerResponse): { who?: unknown; code?: unknown } {
  const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals;
  return locals ? { who: locals.principalId, code: locals.errorCode } : {};
}

/** The request-logging middleware. */
export function createHttpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    wrapSerializers: false,
    // Who and the error code are added to the one finish line (customProps would build a
    // second child logger per request, which costs more than the rest of the logging).
    customSuccessObject: (_req, res, value) => ({ ...value, ...outcome(res) }),
    customErrorObject: (_req, res, _error, value) => ({ ...value, ...outcome(res) }),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
  });
}

/**
 * CORS, off unless PLAINLY_CORS_ORIGINS lists origins. Only listed origins get CORS headers;
 * no credentials are allowed (API tokens are sent as headers, never as cookies).
 */
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Location, Retry-After, X-Document-Id, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, Idempotent-Replayed';

/** The CORS middleware for a list of exact origins (`https://finance.example.gov.uk`). */
export function corsMiddleware(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.append('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

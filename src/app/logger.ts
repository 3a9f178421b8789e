/**
 * The process logger (pino), for the service and any other process that runs the use cases.
 * Letters hold personal data and requests carry tokens: redaction below is a second line of
 * defence behind logging only ids, counts and codes. Request logging is in http/logger.ts.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths that must never appear in a log line, whatever is logged by mistake. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'token',
  'password',
  'data',
  'body',
  '*.token',
  '*.password',
  '*.data',
  '*.body',
  '*.recipient',
  '*.name',
  '*.address',
];

/** Creates the process logger. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}


/**
 * Everything a route (or a web page) needs, built once per app by `createApp`.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { Authenticator } from './auth.js';
import type { PipelineService } from './pipeline-service.js';
import type { RequestLimits, TokenBucketLimiter } from './rate-limit.js';

/** Size limits for request bodies. */
export interface BodyLimits {
  /** JSON bodies (1 MB). */
  jsonBytes: number;
  /** Uploaded files read in memory: lexicon imports (PLAINLY_UPLOAD_LIMIT_BYTES). */
  uploadBytes: number;
  /** Uploaded spreadsheets, streamed to disk (PLAINLY_SPREADSHEET_LIMIT_BYTES). */
  spreadsheetBytes: number;
}

/** The app's shared services. */
export interface AppContext {
  config: Config;
  store: Store;
  logger: Logger;
  /** Lint and render against the store's approved lexicon and published templates. */
  pipeline: PipelineService;
  auth: Authenticator;
  /** The per-caller bucket of cost units (PLAINLY_RATE_LIMIT_PER_MINUTE); charge requests through `requestLimits`. */
  limiter: TokenBucketLimiter;
  /** Charges a request to its caller: its cost from `limiter`, and a place if it is expensive. */
  requestLimits: RequestLimits;
  limits: BodyLimits;
}

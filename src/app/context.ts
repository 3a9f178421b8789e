/**
 * The one place the use-case context is built. Every use case in `app/` is a function over an
 * `AppContext`; the HTTP API, the web pages and the CLI build one here (the service adds who is
 * calling and the limits: `ServiceContext`) and stay thin adapters around the use cases.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/index.js';
import { Store } from '../store/index.js';
import { Authenticator } from './auth.js';
import { openStore } from './open-store.js';
import { createLogger } from './logger.js';
import { PipelineService } from './pipeline-service.js';
import { RequestLimits, TokenBucketLimiter } from './rate-limit.js';

/** What every use case needs. */
export interface AppContext {
  config: Config;
  store: Store;
  logger: Logger;
  /** Lint and render against the store's approved lexicon and published templates (the heavy stages load on first use). */
  pipeline: PipelineService;
}

/** Options for `createAppContext`. */
export interface AppContextOptions {
  config: Config;
  /** An open store. */
  store: Store;
  /** Default: a process logger at `config.logLevel`. */
  logger?: Logger;
  /** Default: a new one over `store` (pass one to share its caches). */
  pipeline?: PipelineService;
}

/** Builds the use-case context over an open store. */
export function createAppContext(options: AppContextOptions): AppContext {
  const { config, store } = options;
  return {
    config,
    store,
    logger: options.logger ?? createLogger(config.logLevel),
    pipeline: options.pipeline ?? new PipelineService(store, config),
  };
}

export { openStore } from './open-store.js';

/**
 * Opens (and migrates) the configured store and builds the context over it, for a process that
 * has no store yet (the CLI). `close` stops the lint threads and closes the store.
 */
export async function openAppContext(options: Omit<AppContextOptions, 'store'>): Promise<{ context: AppContext; close: () => Promise<void> }> {
  const store = await openStore(options.config);
  const context = createAppContext({ ...options, store });
  return {
    context,
    close: async () => {
      await context.pipeline.close();
      await store.close();
    },
  };
}

/** Sign-in attempts (and checks of new or wrong tokens) a minute per account or token id and client address. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 30;

/**
 * Sign-in attempts a minute per client address over every account and token: ten accounts'
 * worth, so trying many accounts from one place is bounded without one attacked account
 * locking out an office behind one proxy address.
 */
export const SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 300;

/** JSON bodies larger than this are refused with 413. */
export const JSON_LIMIT_BYTES = 1024 * 1024;

/** Size limits for request bodies. */
export interface BodyLimits {
  /** JSON bodies (1 MB). */
  jsonBytes: number;
  /** Uploaded files read in memory: lexicon imports (PLAINLY_UPLOAD_LIMIT_BYTES). */
  uploadBytes: number;
  /** Uploaded spreadsheets, streamed to disk (PLAINLY_SPREADSHEET_LIMIT_BYTES). */
  spreadsheetBytes: number;
}

/**
 * The service's context: the use-case context, and who is calling and how much they may ask
 * for. The API and the web pages share it, so they check people and charge requests alike.
 */
export interface ServiceContext extends AppContext {
  auth: Authenticator;
  /** The per-caller bucket of cost units (PLAINLY_RATE_LIMIT_PER_MINUTE); charge requests through `requestLimits`. */
  limiter: TokenBucketLimiter;
  /** Charges a request to its caller: its cost from `limiter`, and a place if it is expensive. */
  requestLimits: RequestLimits;
  limits: BodyLimits;
}

/** Adds authentication and limits to a use-case context. `now` is the clock for rate limits (tests). */
export function createServiceContext(app: AppContext, now: () => number = () => Date.now()): ServiceContext {
  const { config, store } = app;
  const requestBucket = new TokenBucketLimiter(store.rateCounters, 'requests', config.rateLimitPerMinute, now);
  return {
    ...app,
    // Every limit holds across processes: the buckets and places are in the store's shared counters.
    auth: new Authenticator(store, {
      perAccount: new TokenBucketLimiter(store.rateCounters, 'sign-in', SIGN_IN_ATTEMPTS_PER_MINUTE, now),
      perAddress: new TokenBucketLimiter(store.rateCounters, 'sign-in-address', SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE, now),
    }),
    limiter: requestBucket,
    requestLimits: new RequestLimits(store.rateCounters, requestBucket, config.concurrentExpensiveRequests, now),
    limits: { jsonBytes: JSON_LIMIT_BYTES, uploadBytes: config.uploadLimitBytes, spreadsheetBytes: config.spreadsheetLimitBytes },
  };
}

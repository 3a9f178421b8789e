/**
 * `createApp`: the Express app on a store. Used by `plainly serve`, by the tests (on a
 * temporary SQLite file) and by the web pages, which mount their router through
 * `createApp({ mounts })` (passed by `plainly serve`) and reuse the same auth, roles and pipeline.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppError, type Config } from '../core/index.js';
import type { Store } from '../app/index.js';
import { COOKIE_SECURE_SETTING } from '../app/auth.js';
import { type BootstrapResult, bootstrapStore } from '../app/bootstrap.js';
import { bootstrapStoreApart } from '../app/bootstrap-apart.js';
import { type ServiceContext, createAppContext, createServiceContext, openStore } from '../app/context.js';
import { readiness, runRetention as runRetentionOf } from '../app/service.js';
import { createLogger } from '../app/logger.js';
import type { WebMount } from '../app/mounts.js';
import type { PipelineService } from '../app/pipeline-service.js';
import { corsMiddleware } from './cors.js';
import { createHttpLogger } from './logger.js';
import { buildOpenApi, docsRouter } from './openapi.js';
import { notFoundHandler, problemHandler, sendProblem } from './problem.js';
import { allRoutes, mountRoutes } from './routes/index.js';
import { startBatches } from '../app/batch.js';

export { JSON_LIMIT_BYTES, SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE, SIGN_IN_ATTEMPTS_PER_MINUTE } from '../app/context.js';

/** Options for `createApp`. */
export interface CreateAppOptions {
  config: Config;
  /** An open store; default: open (and migrate) the one in `config.dataDir`. It is closed by `close()` only if createApp opened it. */
  store?: Store;
  pipeline?: PipelineService;
  logger?: Logger;
  /**
   * Seed an empty store from the files (default true). `'apart'` does it in a short-lived
   * child process (app/bootstrap-apart.ts), so what the import needed does not stay in this
   * one: `plainly serve` passes it. Cluster workers pass false. A promise is that import
   * already under way (`plainly serve` on a first start begins it before loading this code):
   * it is awaited before the store is opened, as its child migrates and seeds the new store.
   */
  bootstrap?: boolean | 'apart' | Promise<BootstrapResult>;
  /** Routers after the API, e.g. the web pages (default: none; `plainly serve` passes them). */
  mounts?: readonly WebMount[];
  /** Run the retention sweep (default true; at start and every hour). */
  retention?: boolean;
  /** The clock for rate limits (tests). */
  now?: () => number;
}

/** A running app. */
export interface PlainlyApp {
  app: Express;
  context: ServiceContext;
  store: Store;
  pipeline: PipelineService;
  logger: Logger;
  bootstrap: BootstrapResult;
  /** Marks the app as draining: /readyz answers 503 so load balancers stop sending work. */
  drain(): void;
  /**
   * Erases the personal data of documents older than PLAINLY_RETENTION_DAYS (and ends expired
   * sessions, and forgets idle rate-limit buckets). Runs at start and every hour; returns how
   * many documents were erased.
   */
  runRetention(): Promise<number>;
  /** Stops timers and closes the store (if this app opened it). */
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/** Builds the app. */
export async function createApp(options: CreateAppOptions): Promise<PlainlyApp> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownsStore = !options.store;
  const underWay = options.bootstrap instanceof Promise ? await options.bootstrap : undefined;
  const store = options.store ?? (await openStore(config));
  try {
    const bootstrap =
      underWay ??
      (options.bootstrap === false
        ? { seeded: false, templates: 0, lexiconEntries: 0 }
        : options.bootstrap === 'apart'
          ? await bootstrapStoreApart(store, config)
          : await bootstrapStore(store, config));
    const now = options.now ?? (() => Date.now());
    // The one place the context is built (app/context.ts); the API and the pages share it.
    const context = createServiceContext(createAppContext({ config, store, logger, pipeline: options.pipeline }), now);
    const { pipeline } = context;
    let draining = false;

    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false); // our own ETags only (lexicon entries, lexicon versions)
    // Behind a reverse proxy: which X-Forwarded-For / X-Forwarded-Proto to believe, so req.ip
    // (the key of per-address limits) and req.secure (Secure cookies) are the client's.
    app.set('trust proxy', config.trustProxy);
    app.set(COOKIE_SECURE_SETTING, config.cookieSecure);
    app.use(createHttpLogger(logger));
    app.use(
      helmet({
        contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
        // Same-origin by default; integrators call the API from servers, not browsers.
        crossOriginResourcePolicy: { policy: 'same-origin' },
      }),
    );
    if (config.corsOrigins.length > 0) app.use(corsMiddleware(config.corsOrigins));

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      if (draining) return sendProblem(res, new AppError('NOT_READY', 'The service is shutting down.'));
      try {
        res.json({ status: 'ready', ...(await readiness(context)) });
      } catch (error) {
        sendProblem(res, error);
      }
    });

    const routes = allRoutes();
    app.use(docsRouter(() => buildOpenApi(routes, process.env.npm_package_version ?? '0.1.0')));
    const api = express.Router();
    api.use((_req, res, next) => {
      // Responses can hold personal data: never cache them in shared caches or the browser.
      res.setHeader('Cache-Control', 'no-store');
      next();
    });
    mountRoutes(api, routes, context);
    api.use('/api', notFoundHandler);
    app.use(api);

    for (const mount of options.mounts ?? []) app.use(mount.path, await mount.create(context));
    app.use(notFoundHandler);
    app.use(problemHandler);

    const timers: NodeJS.Timeout[] = [];
    const runRetention = () => runRetentionOf(context, now());
    const sweep = async () => {
      try {
        await runRetention();
      } catch (error) {
        logger.error({ err: error }, 'retention sweep failed');
      }
    };
    if (options.retention !== false) {
      await sweep();
      const timer = setInterval(sweep, HOUR);
      timer.unref();
      timers.push(timer);
    }

    // Batches run in the background of every service process; leases keep them from running twice.
    const batches = startBatches(context, (id, err) => logger.error({ err, batchId: id }, 'batch failed'));

    return {
      app,
      context,
      store,
      pipeline,
      logger,
      bootstrap,
      drain: () => {
        draining = true;
      },
      runRetention,
      close: async () => {
        await batches.stop();
        for (const timer of timers) clearInterval(timer);
        if (!options.pipeline) await pipeline.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
}

/**
 * Running the service: listen, shut down gracefully, and optionally use every CPU core with
 * node:cluster (each worker is a whole app on the shared SQLite WAL file; the primary
 * migrates and seeds the store before any worker starts, so they never race to do it).
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import os from 'node:os';
import type { Config } from '../core/index.js';
import { openStore } from '../app/context.js';
import { createApp } from './app.js';
import type { WebMount } from './mounts.js';
import { BOOTSTRAP_USERNAME, type BootstrapResult } from './bootstrap.js';
import { bootstrapStoreApart } from '../app/bootstrap-apart.js';
import { createLogger } from './logger.js';

/** Where `serve` writes what people need to see (not logs: the URL and the first token). */
export interface ServeOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** How many HTTP processes to run: the setting, or one per core when it is 0. */
export function workerCount(config: Config): number {
  return config.workers > 0 ? config.workers : Math.max(1, os.availableParallelism());
}

/**
 * What the first start prints: the admin token and the `admin` password, whichever were
 * generated (a preset one is not printed: whoever set it knows it). Empty when neither was.
 */
export function firstStartMessage(bootstrap: Pick<BootstrapResult, 'generatedToken' | 'generatedPassword'>): string {
  const { generatedToken: token, generatedPassword: password } = bootstrap;
  if (!token && !password) return '';
  const lines = ['', 'First start: the store was empty, so templates/ and lexicon/ were imported as version 1.'];
  if (token) lines.push('An admin API token was created (for systems and scripts):', '', `  ${token}`, '');
  if (password) {
    lines.push(
      `An admin user was created for the web pages. Sign in as "${BOOTSTRAP_USERNAME}" with this password,`,
      'then change it to one of your own:',
      '',
      `  ${password}`,
      '',
    );
  }
  lines.push('They are shown this once and stored only as hashes; keep them somewhere safe.', '', '');
  return lines.join('\n');
}

function announce(out: ServeOutput, bootstrap: Pick<BootstrapResult, 'generatedToken' | 'generatedPassword'>): void {
  const message = firstStartMessage(bootstrap);
  if (message) out.stdout(message);
}

/**
 * Listens and wires SIGTERM/SIGINT to a graceful shutdown: stop accepting, let requests in
 * flight finish (up to `config.shutdownTimeoutMs`), then close the store. Resolves when the
 * process may exit.
 */
async function serveOneProcess(config: Config, out: ServeOutput, options: { mounts: readonly WebMount[]; bootstrap: boolean | 'apart' | Promise<BootstrapResult>; onListening: (port: number) => void }): Promise<void> {
  const logger = createLogger(config.logLevel);
  const plainly = await createApp({ config, logger, bootstrap: options.bootstrap, mounts: options.mounts });
  announce(out, plainly.bootstrap);
  const server: Server = await new Promise((resolve, reject) => {
    const s = plainly.app.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  // Slow clients must not hold a connection forever.
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  const address = server.address();
  options.onListening(typeof address === 'object' && address ? address.port : config.port);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      plainly.drain();
      const force = setTimeout(() => {
        logger.warn('shutdown timeout: closing connections still open');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        plainly
          .close()
          .catch((error) => logger.error({ err: error }, 'closing the store failed'))
          .finally(() => {
            logger.info('stopped');
            resolve();
          });
      });
      // Keep-alive connections with no request in flight would hold close() open.
      server.closeIdleConnections();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // In a cluster, the primary asks workers to stop with a message.
    process.on('message', (message) => {
      if (message === 'plainly:shutdown') stop('primary');
    });
  });
}

/**
 * Starts the service: one process, or a primary with one worker per core. `firstImport` is the
 * first start's import already under way (`plainly serve` starts it before loading this code);
 * without it, the store is seeded here when it is empty.
 */
export async function startServer(config: Config, out: ServeOutput, mounts: readonly WebMount[] = [], firstImport?: Promise<BootstrapResult>): Promise<void> {
  const workers = workerCount(config);
  if (cluster.isWorker) {
    await serveOneProcess(config, out, {
      mounts,
      bootstrap: false,
      onListening: (port) => process.send?.({ type: 'plainly:listening', port }),
    });
    // The IPC channel to the primary would keep this process alive.
    cluster.worker?.disconnect();
    return;
  }
  if (workers <= 1) {
    await serveOneProcess(config, out, {
      mounts,
      bootstrap: firstImport ?? 'apart',
      onListening: (port) => out.stdout(`Plainly is listening on http://localhost:${port}\n`),
    });
    return;
  }
  await runPrimary(config, out, workers, firstImport);
}

async function runPrimary(config: Config, out: ServeOutput, workers: number, firstImport: Promise<BootstrapResult> | undefined): Promise<void> {
  const logger = createLogger(config.logLevel);
  // Migrate and seed once, before any worker opens the store: by the import already under way
  // (its child migrates the new store too), or here.
  if (firstImport) {
    announce(out, await firstImport);
  } else {
    const store = await openStore(config);
    try {
      announce(out, await bootstrapStoreApart(store, config));
    } finally {
      await store.close();
    }
  }

  let stopping = false;
  let announced = false;
  // Workers that are serving; one still starting has no requests and no shutdown handler yet.
  const serving = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'plainly:listening') return;
      serving.add(worker.id);
      if (stopping) worker.send('plainly:shutdown');
      // Announce once every worker is serving, so "listening" means full capacity.
      if (!announced && serving.size >= workers) {
        announced = true;
        out.stdout(`Plainly is listening on http://localhost:${message.port} (${workers} processes)\n`);
      }
    });
  };
  for (let i = 0; i < workers; i++) fork();

  await new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      serving.delete(worker.id);
      if (!stopping) {
        logger.error({ worker: worker.process.pid, code, signal }, 'a worker stopped unexpectedly; starting another');
        fork();
        return;
      }
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
    });
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down the workers');
      for (const worker of Object.values(cluster.workers ?? {})) {
        if (!worker) continue;
        if (serving.has(worker.id)) worker.send('plainly:shutdown');
        else worker.kill('SIGTERM');
      }
      const force = setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGKILL');
      }, config.shutdownTimeoutMs + 5_000);
      force.unref();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

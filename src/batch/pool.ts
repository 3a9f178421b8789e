/**
 * A pool of worker threads (piscina) running a TypeScript task module. The module is bundled
 * into plain JavaScript first (worker-bundle.ts), so workers need no TypeScript loader; when
 * that is not possible, workers load it through tsx (`worker-entry.mjs` registers it in each
 * thread), whether the process was started with `node --import tsx`, through bin/plainly.mjs,
 * or under vitest.
 */
import os from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { bundleTaskModule } from './worker-bundle.js';

/** Runs tasks on worker threads. */
export interface WorkerPool<Task, Result> {
  /** Number of threads. */
  readonly threads: number;
  /**
   * Runs one task; `transfer` lists buffers (and message ports) to move rather than copy. Aborting `signal` takes a
   * waiting task off the queue, and stops the thread of a running one (piscina starts another).
   */
  run(task: Task, transfer?: Array<ArrayBuffer | MessagePort>, signal?: AbortSignal): Promise<Result>;
  /** Tasks waiting for a free thread. */
  readonly queued: number;
  /** Stops every thread. */
  close(): Promise<void>;
  /** How workers load the task module: one bundled JavaScript file, or TypeScript through tsx. */
  readonly loader: 'bundle' | 'tsx';
}

/** Options for a pool. */
export interface WorkerPoolOptions {
  /** Threads to run (default: every core the machine has). */
  threads?: number;
  /** Threads kept when idle (default: all of them; idle threads above it stop after `idleTimeoutMs`). */
  minThreads?: number;
  /** How long an idle thread above `minThreads` lives, in ms (default 60,000). */
  idleTimeoutMs?: number;
  /** Extra data every worker can read (from `workerData.options`). */
  options?: unknown;
  /**
   * Old-generation heap limit per worker, in MB. V8 collects lazily while far from its limit,
   * so without one each rendering thread's heap (about 50 MB live) drifts up over a long
   * batch; a limit a few times the live size keeps memory flat.
   */
  maxHeapMb?: number;
  /** Young-generation heap per worker, in MB (default 8: rendering's garbage dies young). */
  maxYoungMb?: number;
  /**
   * How much lower than normal the worker threads run (a nice value, 0–19; default 10, or
   * PLAINLY_WORKER_NICENESS): their work is background work, and the event loop that answers
   * requests should win the CPU whenever both want it (measured with bench:soak).
   */
  niceness?: number;
  /** Load the TypeScript module through tsx in every worker instead of bundling it (tests of the fallback). */
  loader?: 'bundle' | 'tsx';
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Threads to use by default: one per core, as the batch is CPU-bound. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Starts a pool running `module` (a file URL of a `.ts` or `.js` module whose default export
 * handles one task).
 */
export async function createWorkerPool<Task, Result>(module: URL, options: WorkerPoolOptions = {}): Promise<WorkerPool<Task, Result>> {
  const threads = options.threads ?? defaultThreads();
  let loader: 'bundle' | 'tsx' = options.loader ?? 'bundle';
  let target = module;
  if (loader === 'bundle') {
    try {
      target = await bundleTaskModule(module);
    } catch {
      loader = 'tsx'; // e.g. node_modules cannot be written: tsx loads the same source
    }
  }
  const piscina = new Piscina({
    filename: ENTRY.href,
    minThreads: options.minThreads ?? threads,
    maxThreads: threads,
    // Workers hold a compiled template and fonts: keep them for the whole batch.
    idleTimeout: options.idleTimeoutMs ?? 60_000,
    workerData: { plainlyModule: target.href, typescript: loader === 'tsx', options: options.options, niceness: options.niceness ?? Number(process.env.PLAINLY_WORKER_NICENESS ?? 10) },
    resourceLimits: {
      maxOldGenerationSizeMb: options.maxHeapMb ?? Number(process.env.PLAINLY_BATCH_WORKER_HEAP_MB ?? 192),
      maxYoungGenerationSizeMb: options.maxYoungMb ?? Number(process.env.PLAINLY_BATCH_WORKER_YOUNG_MB ?? 8),
    },
  });
  return {
    threads,
    loader,
    run: (task, transfer, signal) => piscina.run(task, transfer || signal ? { transferList: transfer, signal } : undefined) as Promise<Result>,
    get queued() {
      return piscina.queueSize;
    },
    close: () => piscina.destroy(),
  };
}

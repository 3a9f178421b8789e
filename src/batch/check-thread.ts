/**
 * A service batch's check (its upload read, every row checked, its rows stored) on a thread of
 * its own that ends when the check does (issue 13 item 7). In the main thread, the check grew
 * the service's V8 heap by about 100 MB (parsing, checking and storing 10,000 rows makes a
 * lot of short-lived objects, and the main thread's young generation is large), and V8 kept
 * that heap while the letters were made, beside the rendering threads. A thread's heap is
 * given back when it ends, and its young generation is capped small.
 */
import { AppError, type ErrorCode } from '../core/index.js';
import type { CheckJob, CheckReply } from './check-worker.js';
import { startTaskThread } from './task-thread.js';

const MODULE = new URL('./check-worker.ts', import.meta.url);

/** The check thread's heap: the check keeps only problems (at most 1,000) and references. */
export const CHECK_THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 } as const;

/** A running check: its result, and a way to stop it (the service shutting down). */
export interface CheckThread {
  /** Resolves when the rows are stored. @throws AppError as the check does, or INTERNAL. */
  done: Promise<void>;
  /** Ends the thread; the batch stays `validating`, and its check starts again on the next claim. */
  stop(): Promise<void>;
}

/** Starts the check of a stored batch on its own thread. */
export async function checkInThread(job: CheckJob): Promise<CheckThread> {
  const worker = await startTaskThread(MODULE, { check: job }, CHECK_THREAD_LIMITS);
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    let reply: CheckReply | undefined;
    let failure: (Error & { code?: string }) | undefined;
    // The thread is ended once it has answered (even if something in it would keep it alive),
    // and the check is over only when it has: its heap is given back before rendering starts.
    worker.once('message', (message: CheckReply) => {
      reply = message;
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) => (failure = error));
    worker.once('exit', () => {
      if (reply && 'ok' in reply) return resolve();
      if (reply && 'error' in reply) return reject(new AppError(reply.error.code as ErrorCode, reply.error.message, reply.error.details));
      if (reply) return reject(new Error(reply.unexpected));
      if (stopped) return reject(new AppError('INTERNAL', 'The check of this batch was stopped (the service is shutting down); it starts again on the next start.'));
      if (failure?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return reject(new AppError('INPUT_LIMIT_EXCEEDED', `Checking this spreadsheet needs more memory than a batch's check may use (${CHECK_THREAD_LIMITS.maxOldGenerationSizeMb} MB). Split it into smaller files and send them again.`, { limit: 'checkHeapMb' }));
      }
      reject(new Error(failure?.message ?? 'the check thread stopped without answering'));
    });
  });
  return {
    done,
    stop: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
}

/**
 * The thread side of `checkInThread` (check-thread.ts): opens its own connection to the store,
 * checks the stored batch and stores its rows (`checkStoredBatch`), answers, and ends. Loaded
 * through worker-entry.mjs like the letter workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../core/index.js';
import { Store } from '../store/index.js';
import { BatchRepository } from '../store/batches.js';
import { checkStoredBatch, storedTemplate } from './stored-check.js';

/** What the main thread sends (as workerData.check). */
export interface CheckJob {
  batchId: string;
  /** The batch's folder. */
  dir: string;
  dataDir: string;
  databaseUrl?: string;
  templatesDir: string;
  spreadsheetLimitBytes: number;
  /** The lease the main thread holds on the batch, renewed from here too while rows are stored. */
  owner: string;
  leaseMs: number;
}

/** What the thread answers once. */
export type CheckReply = { ok: true } | { error: { code: string; message: string; details: Record<string, unknown> } } | { unexpected: string };

async function check(job: CheckJob): Promise<CheckReply> {
  try {
    const store = await Store.open({ dataDir: job.dataDir, databaseUrl: job.databaseUrl });
    try {
      const repo = new BatchRepository(store.runtime);
      const batch = await repo.get(job.batchId);
      if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${job.batchId}.`);
      const template = await storedTemplate(store, batch, job.templatesDir);
      await checkStoredBatch({ store, repo, batch, dir: job.dir, template, spreadsheetLimitBytes: job.spreadsheetLimitBytes, hold: () => repo.renew(batch.id, job.owner, job.leaseMs) });
      return { ok: true };
    } finally {
      await store.close();
    }
  } catch (error) {
    // An AppError's message names the file and the problem, never a cell's content.
    if (isAppError(error)) return { error: { code: error.code, message: error.message, details: JSON.parse(JSON.stringify(error.details)) as Record<string, unknown> } };
    return { unexpected: error instanceof Error ? error.message : String(error) };
  }
}

const job = (workerData as { check?: CheckJob } | null)?.check;

if (job && parentPort) {
  const port = parentPort;
  void check(job).then((reply) => port.postMessage(reply));
}

/** Nothing to call: the module works when it is loaded in a worker thread with `workerData.check`. */
export default function unused(): void {}

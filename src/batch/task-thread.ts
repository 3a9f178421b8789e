/**
 * Starting a task module (a TypeScript file with its own bundle) on a thread of its own or in a
 * child process: the spreadsheet reader, a batch's check, the first start's import. One place
 * decides what is loaded (the prebuilt or freshly made bundle, or the TypeScript through tsx
 * when no bundle can be written) and that a thread's own output is never shown.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { bundleTaskModule } from './worker-bundle.js';

/** Loads a task module on a thread (batch/worker-entry.mjs imports it, through tsx if need be). */
const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/**
 * What to load for `module`: its bundle (worker-bundle.ts), or, when none can be made (a
 * read-only install), the TypeScript itself, which then needs tsx (`typescript: true`).
 */
export async function taskModuleToLoad(module: URL): Promise<{ module: URL; typescript: boolean }> {
  try {
    return { module: await bundleTaskModule(module), typescript: false };
  } catch {
    return { module, typescript: true };
  }
}

/**
 * Starts `module` on a thread with `data` (beside the module to load) as its workerData. The
 * thread's stdout and stderr are read and dropped: they are not ours to show, as they could
 * hold a cell's content.
 */
export async function startTaskThread(module: URL, data: Record<string, unknown>, resourceLimits: ResourceLimits): Promise<Worker> {
  const target = await taskModuleToLoad(module);
  const worker = new Worker(ENTRY, {
    workerData: { plainlyModule: target.module.href, typescript: target.typescript, ...data },
    resourceLimits,
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return worker;
}

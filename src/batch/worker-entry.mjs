// Entry point for every batch worker thread. Piscina loads this plain JavaScript file, which
// then loads the task module named in workerData.plainlyModule: normally a bundle of plain
// JavaScript (worker-bundle.ts), imported as it is. When the pool could not bundle it, the
// module is TypeScript: a worker thread does not reliably inherit the main thread's TypeScript
// loader (tsx registered through its API by bin/plainly.mjs stays in the main thread, vitest
// has its own, and on Node 20 `--import tsx` is not re-run in workers), so tsx is registered
// here, for this thread, before the first import (a failed import is cached, so "try, then
// register and retry" would not work). Registering when a loader is already present is
// harmless (tested under `node --import tsx`).
import os from 'node:os';
import { workerData } from 'node:worker_threads';

// Batch letters and long lints are background work: this thread runs at a lower priority than
// the event loop that answers requests, so a busy pool cannot hold up /healthz or a short
// lint. On Linux a nice value belongs to the thread that sets it (setpriority with 0 means
// "this thread"), so only this worker thread is lowered. Where that is not allowed, it
// simply runs at the normal priority.
if (workerData.niceness) {
  try {
    os.setPriority(0, Math.min(19, Math.max(os.getPriority(0), workerData.niceness)));
  } catch {
    // not permitted here: normal priority
  }
}

if (workerData.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const module = await import(workerData.plainlyModule);

/** The task handler piscina calls: the task module's default export. */
export default module.default;

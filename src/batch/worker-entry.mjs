// Entry point for every batch worker thread. Piscina loads this plain JavaScript file, which
// then loads the task module named in workerData.plainlyModule: normally a bundle of plain
// JavaScript (worker-bundle.ts), imported as it is. When the pool could not bundle it, the
// module is TypeScript: a worker thread does not reliably inherit the main thread's TypeScript
// loader (tsx registered through its API by bin/plainly.mjs stays in the main thread, vitest
// has its own, and on Node 20 `--import tsx` is not re-run in workers), so tsx is registered
// here, for this thread, before the first import (a failed import is cached, so "try, then
// register and retry" would not work). Registering when a loader is already present is
// harmless (tested under `node --import tsx`).
import { workerData } from 'node:worker_threads';

if (workerData.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const module = await import(workerData.plainlyModule);

/** The task handler piscina calls: the task module's default export. */
export default module.default;

// Entry point for every batch worker thread. Piscina loads this plain JavaScript file, which
// then loads the TypeScript module named in workerData.plainlyModule. A worker thread does not
// reliably inherit the main thread's TypeScript loader: tsx registered through its API
// (bin/plainly.mjs) stays in the main thread, vitest has its own, and on Node 20 `--import tsx`
// is not re-run in workers. So tsx is registered here, for this thread, before the first
// import (a failed import is cached, so "try, then register and retry" would not work).
// Registering when a loader is already present is harmless (tested under `node --import tsx`).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const module = await import(workerData.plainlyModule);

/** The task handler piscina calls: the TypeScript module's default export. */
export default module.default;

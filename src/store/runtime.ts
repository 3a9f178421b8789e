/** What every repository shares: the database handle and the clock (tests move the clock). */
import type { Db } from './db.js';

export interface StoreRuntime {
  db: Db;
  /** The current time; injectable so retention can be tested without waiting. */
  now: () => Date;
}

/** The current time as an ISO 8601 UTC string. */
export function nowIso(runtime: StoreRuntime): string {
  return runtime.now().toISOString();
}

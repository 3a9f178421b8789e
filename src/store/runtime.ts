/** What every repository shares: the database handle and the clock (tests move the clock). */
import type { Db } from './db.js';

export interface StoreRuntime {
  db: Db;
  /** The current time; injectable so retention can be tested without waiting. */
  now: () => Date;
  /**
   * Called after a transaction that made a new lexicon version or published a template has
   * committed, so this process's change feed looks at once (the store sets it).
   */
  afterChange?: () => void;
}

/** The current time as an ISO 8601 UTC string. */
export function nowIso(runtime: StoreRuntime): string {
  return runtime.now().toISOString();
}

/**
 * Opening the configured store, on its own: the first start's child process
 * (bootstrap-child.ts) needs only this, and importing it from context.ts would load the whole
 * use-case context with it (the pipeline service, the lint pool and, through them, batch code:
 * about 1.5 MB of code in a process that should start in a fraction of a second).
 */
import type { Config } from '../core/index.js';
import { Store } from '../store/index.js';

/** Opens (and migrates) the configured store: the one place the service and the CLI open it. */
export function openStore(config: Config): Promise<Store> {
  return Store.open({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
}

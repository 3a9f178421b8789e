/**
 * The service's own use cases, not tied to a request: the retention sweep and readiness.
 */
import { AppError } from '../core/index.js';
import { SYSTEM_ACTOR } from '../store/index.js';
import type { AppContext } from './context.js';

/**
 * Erases the personal data of documents older than PLAINLY_RETENTION_DAYS, ends expired
 * sessions and forgets idle rate-limit buckets. Returns how many documents were erased.
 * @param now the rate limits' clock (ms).
 */
export async function runRetention(app: AppContext, now: number): Promise<number> {
  const { store, config, logger } = app;
  const cutoff = new Date(store.runtime.now().getTime() - config.retentionDays * 86_400_000);
  const erased = await store.documents.eraseExpired({ actor: SYSTEM_ACTOR }, cutoff);
  await store.sessions.deleteExpired();
  await store.rateCounters.sweep(now);
  if (erased > 0) logger.info({ erased }, 'retention: erased the personal data of old documents');
  return erased;
}

/**
 * Whether this instance can take work: the store answers. Says which lexicon version it serves.
 * @throws AppError NOT_READY.
 */
export async function readiness(app: AppContext): Promise<{ lexiconVersion: number }> {
  if (!(await app.store.ping())) throw new AppError('NOT_READY', 'The store cannot be reached.');
  return { lexiconVersion: await app.store.lexicon.currentVersion() };
}

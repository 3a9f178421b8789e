/**
 * Per-caller rate limits: a token bucket per key, `perMinute` requests a minute on average
 * with bursts up to the same number. The buckets live in the store's shared counters
 * (`store.rateCounters`), so every process on the data directory draws from the same bucket
 * and the limit holds whatever `PLAINLY_WORKERS` is.
 */
import { AppError } from '../core/index.js';
import type { RateCounters } from '../store/index.js';

/** Outcome of taking one request from a bucket. */
export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/** Per-key token buckets, shared across processes. */
export class TokenBucketLimiter {
  constructor(
    private readonly counters: RateCounters,
    /** Names this limiter's buckets, so two limiters never share a key. */
    private readonly name: string,
    /** Requests allowed per minute (and the burst size). */
    readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes one request for `key`. */
  take(key: string): RateDecision {
    const { allowed, tokens } = this.counters.take(`${this.name}|${key}`, this.perMinute, this.now());
    if (allowed) return { allowed, remaining: Math.floor(tokens), retryAfterSeconds: 0 };
    const perSecond = this.perMinute / 60;
    return { allowed, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
  }

  /**
   * Takes one request or throws RATE_LIMITED with the wait in `retryAfterSeconds` (the error
   * handler turns it into a Retry-After header).
   */
  enforce(key: string, what = 'requests'): RateDecision {
    const decision = this.take(key);
    if (!decision.allowed) {
      throw new AppError(
        'RATE_LIMITED',
        `Too many ${what}: the limit is ${this.perMinute} a minute. Try again in ${decision.retryAfterSeconds} second${decision.retryAfterSeconds === 1 ? '' : 's'}.`,
        { retryAfterSeconds: decision.retryAfterSeconds },
      );
    }
    return decision;
  }
}

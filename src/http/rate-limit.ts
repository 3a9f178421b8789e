/**
 * A token bucket per caller: `perMinute` requests a minute on average, with bursts up to the
 * same number. Small and in memory on purpose (express-rate-limit is not a dependency, and a
 * bucket per key is a few lines); each process keeps its own buckets.
 */
import { AppError } from '../core/index.js';

interface Bucket {
  tokens: number;
  updated: number;
}

/** Outcome of taking one request from a bucket. */
export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/** Per-key token buckets. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    /** Requests allowed per minute (and the burst size). */
    readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    /** Most keys kept; the least recently seen are dropped beyond this (they refill anyway). */
    private readonly maxKeys = 100_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request for `key`. */
  take(key: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * this.perMs);
      bucket.updated = now;
      // Re-insert so Map order is least-recently-used first.
      this.buckets.delete(key);
    } else {
      bucket = { tokens: this.perMinute, updated: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
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

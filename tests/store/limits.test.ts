/** The token bucket and the If-Match parser: small pieces with properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { revisionFromIfMatch } from '../../src/http/preconditions.js';
import { TokenBucketLimiter } from '../../src/http/rate-limit.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst of perMinute, then refills at perMinute a minute', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('k').allowed).toBe(true);
    const refused = limiter.take('k');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('other').allowed).toBe(true);
  });

  it('property: over any schedule, allowed requests never exceed the burst plus the refill', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }), (perMinute, gaps) => {
        let now = 0;
        const limiter = new TokenBucketLimiter(perMinute, () => now);
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.take('k').allowed) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((now * perMinute) / 60_000) + 1);
      }),
    );
  });

  it('enforce throws RATE_LIMITED with the wait', () => {
    const limiter = new TokenBucketLimiter(1, () => 0);
    limiter.enforce('k');
    try {
      limiter.enforce('k');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('RATE_LIMITED');
      expect(isAppError(error) && error.details.retryAfterSeconds).toBe(60);
    }
  });
});

describe('revisionFromIfMatch', () => {
  it('reads our ETags and refuses anything else', () => {
    expect(revisionFromIfMatch('"misspent.4"', 'misspent')).toBe(4);
    expect(revisionFromIfMatch('W/"misspent.4"', 'misspent')).toBe(4);
    const codeOf = (header: string | undefined) => {
      try {
        revisionFromIfMatch(header, 'misspent');
        return 'ok';
      } catch (error) {
        return isAppError(error) ? error.code : 'other';
      }
    };
    expect(codeOf(undefined)).toBe('PRECONDITION_REQUIRED');
    expect(codeOf('  ')).toBe('PRECONDITION_REQUIRED');
    expect(codeOf('*')).toBe('PRECONDITION_FAILED');
    expect(codeOf('"audit.4"')).toBe('PRECONDITION_FAILED');
  });

  it('property: any header either gives a revision or a precondition error, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (header) => {
        try {
          expect(Number.isInteger(revisionFromIfMatch(header, 'misspent'))).toBe(true);
        } catch (error) {
          expect(isAppError(error) && ['PRECONDITION_FAILED', 'PRECONDITION_REQUIRED'].includes(error.code)).toBe(true);
        }
      }),
    );
  });
});

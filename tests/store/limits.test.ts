/** The shared token bucket and the If-Match parser: small pieces with properties. */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { revisionFromIfMatch } from '../../src/http/preconditions.js';
import { TokenBucketLimiter } from '../../src/http/rate-limit.js';
import { RateCounters } from '../../src/store/index.js';

let dir: string;
let counters: RateCounters;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-limits-'));
  counters = RateCounters.open(dir);
});
afterEach(() => {
  counters.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TokenBucketLimiter on the shared counters', () => {
  it('allows a burst of perMinute, then refills at perMinute a minute', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(counters, 'test', 60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('k').allowed).toBe(true);
    const refused = limiter.take('k');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('other').allowed).toBe(true);
  });

  it('property: over any schedule, allowed requests never exceed the burst plus the refill', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }), (perMinute, gaps) => {
        let now = 0;
        // A fresh key per run: buckets outlive one run in the shared file.
        const key = `k${run++}`;
        const limiter = new TokenBucketLimiter(counters, 'test', perMinute, () => now);
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.take(key).allowed) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((now * perMinute) / 60_000) + 1);
      }),
      { numRuns: 60 },
    );
  });

  it('enforce throws RATE_LIMITED with the wait', () => {
    const limiter = new TokenBucketLimiter(counters, 'test', 1, () => 0);
    limiter.enforce('k');
    try {
      limiter.enforce('k');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('RATE_LIMITED');
      expect(isAppError(error) && error.details.retryAfterSeconds).toBe(60);
    }
  });

  it('two limiters (two processes) on one data directory draw from the same bucket; names keep limiters apart', () => {
    const other = RateCounters.open(dir);
    try {
      const a = new TokenBucketLimiter(counters, 'requests', 10, () => 0);
      const b = new TokenBucketLimiter(other, 'requests', 10, () => 0);
      let allowed = 0;
      for (let i = 0; i < 10; i++) if ((i % 2 ? a : b).take('token:x').allowed) allowed++;
      expect(allowed).toBe(10);
      expect(a.take('token:x').allowed).toBe(false);
      expect(b.take('token:x').allowed).toBe(false);
      // Another limiter's bucket for the same caller is separate.
      expect(new TokenBucketLimiter(other, 'sign-in', 10, () => 0).take('token:x').allowed).toBe(true);
    } finally {
      other.close();
    }
  });

  it('holds across real processes taking at the same time: exactly the burst is allowed', async () => {
    // Four child processes, started together once all are ready, each try 3000 takes of one
    // bucket of 1000 (the clock stands still, so nothing refills): however their takes
    // interleave, exactly 1000 are allowed.
    const script = path.join(dir, 'take.mjs');
    const storeModule = path.resolve('src/store/rate-limits.ts');
    fs.writeFileSync(
      script,
      `const { RateCounters } = await import(${JSON.stringify(storeModule)});
const counters = RateCounters.open(process.argv[2]);
process.send('ready');
process.once('message', () => {
  let allowed = 0;
  for (let i = 0; i < 3000; i++) if (counters.take('requests|token:shared', 1000, 1000).allowed) allowed++;
  counters.close();
  process.send(allowed);
});`,
    );
    const children = Array.from({ length: 4 }, () => fork(script, [dir], { execArgv: ['--import', 'tsx'] }));
    const next = () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise<unknown>((resolve, reject) => {
              child.once('message', resolve);
              child.once('error', reject);
            }),
        ),
      );
    await next();
    const results = next();
    for (const child of children) child.send('go');
    const allowed = (await results).map(Number);
    expect(allowed.reduce((a, b) => a + b, 0)).toBe(1000);
  }, 60_000);

  it('sweep forgets only buckets idle for a minute (they would be full again anyway)', () => {
    counters.take('requests|old', 5, 0);
    for (let i = 0; i < 5; i++) counters.take('requests|recent', 5, 69_000);
    expect(counters.sweep(70_000)).toBe(1);
    const limiter = new TokenBucketLimiter(counters, 'requests', 5, () => 70_000);
    // The recent bucket was kept, still empty; the old one starts full again.
    expect(limiter.take('recent').allowed).toBe(false);
    expect(limiter.take('old').remaining).toBe(4);
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

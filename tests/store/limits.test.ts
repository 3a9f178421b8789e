/**
 * The shared token bucket and places in flight (SQLite file, or PostgreSQL tables with
 * PLAINLY_TEST_DATABASE_URL), and the If-Match parser: small pieces with properties.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { revisionFromIfMatch } from '../../src/http/preconditions.js';
import { TokenBucketLimiter } from '../../src/http/rate-limit.js';
import { type SharedCounters, type Store } from '../../src/store/index.js';
import { INSTANCE_GONE_MS, PgRateCounters } from '../../src/store/pg-counters.js';
import { TEST_DIALECT, type TestStoreLocation, createTestStoreLocation } from './backend.js';

let location: TestStoreLocation;
let store: Store;
let counters: SharedCounters;
beforeEach(async () => {
  location = await createTestStoreLocation();
  store = await location.open();
  counters = store.rateCounters;
});
afterEach(async () => {
  await store.close();
  await location.dispose();
});

describe(`TokenBucketLimiter on the shared counters (${TEST_DIALECT})`, () => {
  it('allows a burst of perMinute, then refills at perMinute a minute', async () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(counters, 'test', 60, () => now);
    for (let i = 0; i < 60; i++) expect((await limiter.take('k')).allowed).toBe(true);
    const refused = await limiter.take('k');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('other')).allowed).toBe(true);
  });

  it('property: over any schedule, allowed requests never exceed the burst plus the refill', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }), async (perMinute, gaps) => {
        let now = 0;
        // A fresh key per run: buckets outlive one run in the shared store.
        const key = `k${run++}`;
        const limiter = new TokenBucketLimiter(counters, 'test', perMinute, () => now);
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if ((await limiter.take(key)).allowed) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((now * perMinute) / 60_000) + 1);
      }),
      { numRuns: TEST_DIALECT === 'postgres' ? 25 : 60 },
    );
  }, 60_000);

  it('enforce throws RATE_LIMITED with the wait', async () => {
    const limiter = new TokenBucketLimiter(counters, 'test', 1, () => 0);
    await limiter.enforce('k');
    try {
      await limiter.enforce('k');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('RATE_LIMITED');
      expect(isAppError(error) && error.details.retryAfterSeconds).toBe(60);
    }
  });

  it('two limiters (two processes or instances) on one store draw from the same bucket; names keep limiters apart', async () => {
    const second = await location.open();
    try {
      const other = second.rateCounters;
      const a = new TokenBucketLimiter(counters, 'requests', 10, () => 0);
      const b = new TokenBucketLimiter(other, 'requests', 10, () => 0);
      let allowed = 0;
      for (let i = 0; i < 10; i++) if ((await (i % 2 ? a : b).take('token:x')).allowed) allowed++;
      expect(allowed).toBe(10);
      expect((await a.take('token:x')).allowed).toBe(false);
      expect((await b.take('token:x')).allowed).toBe(false);
      // Another limiter's bucket for the same caller is separate.
      expect((await new TokenBucketLimiter(other, 'sign-in', 10, () => 0).take('token:x')).allowed).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('holds across real processes taking at the same time: exactly the burst is allowed', async () => {
    // Four child processes, started together once all are ready, each try 3000 (600) takes of one
    // bucket of 1000 (the clock stands still, so nothing refills): however their takes
    // interleave, exactly 1000 are allowed.
    const script = path.join(location.dataDir, 'take.mjs');
    const sqliteModule = path.resolve('src/store/rate-limits.ts');
    const pgModule = path.resolve('src/store/pg-counters.ts');
    fs.writeFileSync(
      script,
      `const [dataDir, takes, url] = process.argv.slice(2);
let counters;
if (url) {
  const { default: pg } = await import(${JSON.stringify(path.resolve('node_modules/pg/esm/index.mjs'))});
  const { PgRateCounters } = await import(${JSON.stringify(pgModule)});
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  counters = new PgRateCounters(pool);
  counters.end = () => pool.end();
} else {
  const { RateCounters } = await import(${JSON.stringify(sqliteModule)});
  counters = RateCounters.open(dataDir);
}
process.send('ready');
process.once('message', async () => {
  let allowed = 0;
  for (let i = 0; i < Number(takes); i++) if ((await counters.take('requests|token:shared', 1000, 1000)).allowed) allowed++;
  await counters.close();
  await counters.end?.();
  process.send(allowed);
});`,
    );
    // Fewer takes on PostgreSQL (each is a round trip): still more than twice the bucket in all.
    const takes = TEST_DIALECT === 'postgres' ? '600' : '3000';
    const args = location.databaseUrl ? [location.dataDir, takes, location.databaseUrl] : [location.dataDir, takes];
    const children = Array.from({ length: 4 }, () => fork(script, args, { execArgv: ['--import', 'tsx'] }));
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
  }, 120_000);

  it('sweep forgets only buckets idle for a minute (they would be full again anyway)', async () => {
    await counters.take('requests|old', 5, 0);
    for (let i = 0; i < 5; i++) await counters.take('requests|recent', 5, 69_000);
    expect(await counters.sweep(70_000)).toBe(1);
    const limiter = new TokenBucketLimiter(counters, 'requests', 5, () => 70_000);
    // The recent bucket was kept, still empty; the old one starts full again.
    expect((await limiter.take('recent')).allowed).toBe(false);
    expect((await limiter.take('old')).remaining).toBe(4);
  });
});

describe(`places in flight on the shared counters (${TEST_DIALECT})`, () => {
  it('gives out exactly `limit` places for a key, across two processes or instances, and takes them back on release', async () => {
    const second = await location.open();
    try {
      const other = second.rateCounters;
      const taken = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? counters : other).acquire('expensive|token:x', 3, 1_000)));
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect(await counters.inFlight('expensive|token:x', 1_000)).toBe(3);
      // Another key has its own places.
      expect(await other.acquire('expensive|token:y', 3, 1_000)).toBeTruthy();
      await other.release(taken.find(Boolean)!);
      expect(await counters.inFlight('expensive|token:x', 1_000)).toBe(2);
      expect(await counters.acquire('expensive|token:x', 3, 1_000)).toBeTruthy();
      expect(await counters.acquire('expensive|token:x', 3, 1_000)).toBeUndefined();
    } finally {
      await second.close();
    }
  });
});

describe(`places of a process or instance that is gone (${TEST_DIALECT})`, () => {
  it('SQLite: a killed process\'s places are given back; PostgreSQL: an instance not seen for INSTANCE_GONE_MS gives its places back, a live one keeps them', async () => {
    if (TEST_DIALECT === 'sqlite') {
      const script = path.join(location.dataDir, 'hold.mjs');
      fs.writeFileSync(
        script,
        `const { RateCounters } = await import(${JSON.stringify(path.resolve('src/store/rate-limits.ts'))});
const counters = RateCounters.open(process.argv[2]);
process.send([counters.acquire('expensive|user:a', 2, 1000), counters.acquire('expensive|user:a', 2, 1000)]);
setInterval(() => {}, 1000);`,
      );
      const child = fork(script, [location.dataDir], { execArgv: ['--import', 'tsx'] });
      const held = await new Promise<unknown[]>((resolve) => child.once('message', (m) => resolve(m as unknown[])));
      expect(held.every(Boolean)).toBe(true);
      expect(await counters.acquire('expensive|user:a', 2, 1000)).toBeUndefined(); // the holder is alive
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGKILL');
      });
      expect(await counters.acquire('expensive|user:a', 2, 1000)).toBeTruthy();
      expect(await counters.inFlight('expensive|user:a', 1000)).toBe(1);
      return;
    }
    const { default: pg } = await import('pg');
    let clock = 1_000_000;
    const pools = [new pg.Pool({ connectionString: location.databaseUrl }), new pg.Pool({ connectionString: location.databaseUrl })];
    try {
      const gone = new PgRateCounters(pools[0], () => clock);
      const here = new PgRateCounters(pools[1], () => clock);
      // Both instances note they are alive (the constructor's first beat), then take places.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await gone.acquire('expensive|user:a', 2, clock)).toBeTruthy();
      expect(await gone.acquire('expensive|user:a', 2, clock)).toBeTruthy();
      expect(await here.acquire('expensive|user:a', 2, clock)).toBeUndefined(); // the other instance is alive
      // The first instance stops beating (killed): after INSTANCE_GONE_MS its places are free.
      clock += INSTANCE_GONE_MS + 1_000;
      await pools[1].query('update instances set seen_ms = $1 where id = $2', [clock, here.owner]);
      expect(await here.acquire('expensive|user:a', 2, clock)).toBeTruthy();
      expect(await here.inFlight('expensive|user:a', clock)).toBe(1);
      await here.close();
      await gone.close();
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  }, 60_000);
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

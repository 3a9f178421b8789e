/**
 * The lint threads are shared fairly between callers: one caller sending the heaviest accepted
 * texts as fast as it can delays another caller's lint by at most one of its own, and a caller
 * may hold only its share of places (429 past it). Real threads, real lints.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, PROJECT_ROOT } from '../../src/core/index.js';
import { LintPool } from '../../src/http/lint-pool.js';
import { loadLexiconDir } from '../../src/lexicon/index.js';

const lexicon = { version: 1, entries: loadLexiconDir(path.join(PROJECT_ROOT, 'lexicon')) };
const pool = new LintPool({ threads: 1, timeLimitMs: 60_000, maxQueue: 32, perCaller: 4 });
afterAll(() => pool.close());

/** A Markdown guide of about 40,000 characters: a few hundred ms of work on a thread. */
const heavy = Array.from({ length: 400 }, (_, i) => `- Item ${i}: we will *look* at the [money](#m) you spend and talk about it with you.`).join('\n');

describe('sharing the lint threads', () => {
  it('serves another caller next, not after everything one caller queued', { timeout: 180_000 }, async () => {
    await pool.lint('warm up', { profile: 'standard', format: 'markdown' }, lexicon, 'warm');
    const order: string[] = [];
    const lint = (caller: string, n: number) =>
      pool.lint(heavy, { profile: 'standard', format: 'markdown' }, lexicon, caller).then(() => {
        order.push(`${caller}${n}`);
      });
    const hostile = [1, 2, 3, 4].map((n) => lint('hostile', n));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the hostile caller got there first
    const friendly = lint('friendly', 1);
    await Promise.all([...hostile, friendly]);
    // One thread: hostile1 was running; the friendly lint is next, before hostile 2, 3 and 4.
    expect(order.indexOf('friendly1')).toBeLessThanOrEqual(1);
    expect(order).toHaveLength(5);
  });

  it('refuses a caller past its share with 429, and lets others in', { timeout: 180_000 }, async () => {
    const mine = [1, 2, 3, 4].map(() => pool.lint(heavy, { profile: 'standard', format: 'markdown' }, lexicon, 'greedy'));
    let refused: unknown;
    try {
      await pool.lint(heavy, { profile: 'standard', format: 'markdown' }, lexicon, 'greedy');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('RATE_LIMITED');
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).message).toContain('the most at once is 4');
    const other = await pool.lint('We will talk with you.', { profile: 'standard', format: 'markdown' }, lexicon, 'someone-else');
    expect(other.findings).toBeDefined();
    await Promise.all(mine);
    // Places are given back: the same caller can lint again.
    await pool.lint('Thank you.', { profile: 'standard', format: 'markdown' }, lexicon, 'greedy');
  });
});

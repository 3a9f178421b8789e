// Issue 13 item 7: the service's main thread keeps a small young generation (a run-time V8
// flag), and rendering threads started later still get theirs. V8 flags are process-wide, so
// the effect is checked in a child process (tests/fixtures/batch/young-generation.mjs).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, isAppError } from '../../src/core/index.js';
import { keepYoungGenerationSmall, semiSpaceMbOf, smallYoungGenerationWanted } from '../../src/batch/young-generation.js';

const run = promisify(execFile);

async function youngGenerations(mode: 'small' | 'default'): Promise<{ mainBefore: number; mainAfter: number; worker: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/fixtures/batch/young-generation.mjs'), mode], { cwd: PROJECT_ROOT });
  return JSON.parse(stdout) as { mainBefore: number; mainAfter: number; worker: number };
}

describe('PLAINLY_SMALL_YOUNG_GENERATION', () => {
  it('is on unless it is 0', () => {
    expect(smallYoungGenerationWanted({})).toBe(true);
    expect(smallYoungGenerationWanted({ PLAINLY_SMALL_YOUNG_GENERATION: '1' })).toBe(true);
    expect(smallYoungGenerationWanted({ PLAINLY_SMALL_YOUNG_GENERATION: '0' })).toBe(false);
  });

  it('refuses anything else with CONFIG_INVALID naming the variable and the value', () => {
    let caught: unknown;
    try {
      smallYoungGenerationWanted({ PLAINLY_SMALL_YOUNG_GENERATION: 'yes' });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toBe('PLAINLY_SMALL_YOUNG_GENERATION is not valid: it must be 0 or 1 (it is "yes").');
  });

  it('sets no flag when it is 0', () => {
    expect(keepYoungGenerationSmall(8, { PLAINLY_SMALL_YOUNG_GENERATION: '0' })).toEqual([]);
  });

  it("starts later threads at their pool's young generation (a third of it is a semi-space)", () => {
    expect(semiSpaceMbOf(8)).toBe(3);
    expect(semiSpaceMbOf(4)).toBe(2);
    expect(semiSpaceMbOf(1)).toBe(1);
  });
});

describe('keepYoungGenerationSmall', () => {
  it("keeps the main thread's young generation from growing, and a worker started after it starts larger", async () => {
    const [small, normal] = await Promise.all([youngGenerations('small'), youngGenerations('default')]);
    // Without it, objects that survive a collection grow the main thread's young generation.
    expect(normal.mainAfter).toBeGreaterThan(normal.mainBefore);
    expect(small.mainAfter).toBe(small.mainBefore);
    expect(small.worker).toBeGreaterThan(normal.worker);
  }, 60_000);
});

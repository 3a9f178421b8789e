/**
 * The service's main thread keeps a small young generation (issue 13 item 7).
 *
 * V8 grows a thread's young generation (two semi-spaces, where new objects are made) from
 * 1 MB up to 16 MB a semi-space while a lot of what it makes survives, as it does while an upload
 * is checked and its rows are stored; and it rarely gives that back. In the service's main
 * thread that was 30-50 MB of RSS of the 10,000-row batch's peak (docs/batch.md, "Memory").
 * `--max-semi-space-size` would cap it, but only as a start-up flag; the growth factor is read
 * each time V8 grows the space, so setting it to 1 at run time keeps the main thread's semi-spaces
 * where they are. It is a process-wide flag: rendering threads started later would then stay at
 * V8's smallest young generation and collect too often (15 % slower, measured), so they are told
 * to start at their own cap (`--min-semi-space-size`, read when a thread's heap is made; the
 * `maxYoungGenerationSizeMb` of the pool still caps them).
 *
 * On by default in the service; `PLAINLY_SMALL_YOUNG_GENERATION=0` leaves V8's defaults.
 */
import v8 from 'node:v8';
import { AppError } from '../core/index.js';

/** The semi-space a worker thread gets from a young generation of `youngMb` (V8: young = 3 semi-spaces). */
export function semiSpaceMbOf(youngMb: number): number {
  return Math.max(1, Math.ceil(youngMb / 3));
}

/**
 * Whether the main thread's young generation is kept small, from `PLAINLY_SMALL_YOUNG_GENERATION`.
 * @throws AppError CONFIG_INVALID when it is neither 0 nor 1.
 */
export function smallYoungGenerationWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.PLAINLY_SMALL_YOUNG_GENERATION;
  if (value === undefined || value === '' || value === '1') return true;
  if (value === '0') return false;
  throw new AppError('CONFIG_INVALID', `PLAINLY_SMALL_YOUNG_GENERATION is not valid: it must be 0 or 1 (it is "${value}").`);
}

/**
 * Stops the young generation of the threads already running (the main thread) from growing, and
 * starts threads made from now on at `workerYoungMb` (their pool's cap). The V8 flags it sets,
 * or none when `PLAINLY_SMALL_YOUNG_GENERATION=0`.
 */
export function keepYoungGenerationSmall(workerYoungMb: number, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!smallYoungGenerationWanted(env)) return [];
  const flags = ['--semi-space-growth-factor=1', `--min-semi-space-size=${semiSpaceMbOf(workerYoungMb)}`];
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}

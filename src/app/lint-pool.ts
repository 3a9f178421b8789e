/**
 * Lint off the event loop. Markdown, templates and long texts are linted on worker threads
 * (the batch pool, src/batch/pool.ts: the task module bundled with esbuild, tsx as fallback),
 * so /healthz and every other request keep answering while one is parsed; each lint has a hard
 * time limit after which its thread is stopped (piscina starts a fresh one).
 *
 * Short plain text stays in the process: it costs well under a millisecond, less than handing
 * it to a thread (see docs/api.md, "Performance"), and it is what the lint API is mostly used for.
 *
 * At most `threads` lints run at once; up to `maxQueue` more wait their turn. Turns are shared
 * fairly between callers (a user or a token): a free thread goes to the waiting caller with the
 * fewest lints running, so one caller sending the longest texts as fast as it can delays the
 * others by at most one of its lints, and each caller may have at most `perCaller` lints running
 * or waiting (429 past that). A lint that waits longer than the time limit, or finds the queue
 * full, gets 503 BUSY (try again shortly); one that runs longer than the time limit gets 422
 * INPUT_LIMIT_EXCEEDED naming the limit (the text itself is too much work).
 */
import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { z } from 'zod';
import { AppError, assertMarkdownWithinLimits } from '../core/index.js';
import { createWorkerPool, type WorkerPool } from '../batch/index.js';
import type { LintResult, LexiconEntry } from '../pipeline/index.js';
import type { LintReply, LintTask } from '../pipeline/lint-task.js';

/**
 * Plain text up to this many characters is linted in the process. Measured (docs/api.md,
 * "Performance"): a 300-word letter (1,537 characters) costs 0.26 ms of CPU in the process, but
 * handing it to a thread costs the main thread 0.39 ms and the request 0.96 ms in all; and the
 * slowest 4,000 characters of plain text found (one run-on sentence) cost about 15 ms.
 */
export const IN_PROCESS_TEXT_CHARACTERS = 4_000;

/** Settings, from the environment by default (`lintPoolSettings`). */
export interface LintPoolSettings {
  /** Worker threads (PLAINLY_LINT_THREADS; default: the cores, at most 2). */
  threads: number;
  /** Longest a lint may run or wait, in ms (PLAINLY_LINT_TIME_LIMIT_MS; default 10,000). */
  timeLimitMs: number;
  /** Lints that may wait for a thread (PLAINLY_LINT_QUEUE; default 32). */
  maxQueue: number;
  /** Lints one caller may have running or waiting at once (PLAINLY_LINT_PER_CALLER; default 4). */
  perCaller: number;
}

const Env = z.object({
  PLAINLY_LINT_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  PLAINLY_LINT_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PLAINLY_LINT_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  PLAINLY_LINT_PER_CALLER: z.coerce.number().int().min(1).max(10_000).optional(),
});

/**
 * The pool's settings from the environment.
 * @throws AppError CONFIG_INVALID naming the variable that is not a number in range.
 */
export function lintPoolSettings(env: NodeJS.ProcessEnv = process.env): LintPoolSettings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('CONFIG_INVALID', `${String(issue.path[0])} is not valid: ${issue.message}.`);
  }
  return {
    threads: parsed.data.PLAINLY_LINT_THREADS ?? Math.min(2, Math.max(1, os.availableParallelism())),
    timeLimitMs: parsed.data.PLAINLY_LINT_TIME_LIMIT_MS ?? 10_000,
    maxQueue: parsed.data.PLAINLY_LINT_QUEUE ?? 32,
    perCaller: parsed.data.PLAINLY_LINT_PER_CALLER ?? 4,
  };
}

/** The lexicon a lint uses: its version (what threads cache it by) and entries (sent when a thread lacks it). */
export interface PoolLexicon {
  version: number;
  entries: LexiconEntry[];
}

type LintOptions = LintTask['options'];

/** True when a lint should go to a thread: Markdown, templates, and long plain text. */
export function needsThread(text: string, options: { format?: string }): boolean {
  return (options.format ?? 'text') !== 'text' || text.length > IN_PROCESS_TEXT_CHARACTERS;
}

/** How long a thread may take to load and compile a lexicon version (not counted as lint time). */
const START_LIMIT_MS = 60_000;

const TASK_MODULE = new URL('../pipeline/lint-task.ts', import.meta.url);

function busy(message: string): AppError {
  return new AppError('BUSY', message, { retryAfterSeconds: 2 });
}

/** A lint waiting for a thread. */
interface Waiter {
  caller: string;
  go: () => void;
  stop: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

/** Worker threads for lint, started on first use. */
export class LintPool {
  private pool: Promise<WorkerPool<LintTask, LintReply>> | undefined;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Lints running per caller, and running or waiting per caller. */
  private readonly runningBy = new Map<string, number>();
  private readonly heldBy = new Map<string, number>();
  /** When each caller last got a thread (a turn number), for round robin. */
  private readonly servedAt = new Map<string, number>();
  private turns = 0;
  private closed = false;

  constructor(readonly settings: LintPoolSettings = lintPoolSettings()) {}

  private start(): Promise<WorkerPool<LintTask, LintReply>> {
    // Threads above one stop when idle, so a service that lints only short text holds one.
    this.pool ??= createWorkerPool<LintTask, LintReply>(TASK_MODULE, { threads: this.settings.threads, minThreads: 1, idleTimeoutMs: 30_000, maxHeapMb: 256, maxYoungMb: 16 });
    return this.pool;
  }

  /**
   * Waits for a free place (at most the time limit).
   * @throws AppError RATE_LIMITED when `caller` already has `perCaller` lints running or
   *   waiting; BUSY when the queue is full or no place came in time.
   */
  private async place(caller: string): Promise<void> {
    const held = this.heldBy.get(caller) ?? 0;
    if (held >= this.settings.perCaller) {
      throw new AppError('RATE_LIMITED', `You have ${held} texts being checked already (the most at once is ${this.settings.perCaller}). Wait for one to finish, then send the next.`, {
        limit: 'concurrent',
        retryAfterSeconds: 2,
      });
    }
    if (this.running < this.settings.threads) {
      this.take(caller);
      return;
    }
    if (this.waiting.length >= this.settings.maxQueue) {
      throw busy(`The service is checking as many texts as it can (${this.settings.threads} at a time, ${this.settings.maxQueue} waiting). Try again in a few seconds.`);
    }
    // Waiting counts towards the caller's share; `release` hands the place over already counted.
    this.heldBy.set(caller, held + 1);
    try {
      await new Promise<void>((resolve, reject) => {
        const entry: Waiter = {
          caller,
          go: resolve,
          stop: reject,
          timer: setTimeout(() => {
            this.waiting.splice(this.waiting.indexOf(entry), 1);
            reject(busy(`The service was too busy to start checking this text within ${this.settings.timeLimitMs / 1000} seconds. Try again in a few seconds.`));
          }, this.settings.timeLimitMs),
        };
        this.waiting.push(entry);
      });
    } catch (error) {
      this.drop(this.heldBy, caller);
      throw error;
    }
  }

  /** Counts a running lint for `caller`. */
  private take(caller: string): void {
    this.served(caller);
    this.running++;
    this.runningBy.set(caller, (this.runningBy.get(caller) ?? 0) + 1);
    this.heldBy.set(caller, (this.heldBy.get(caller) ?? 0) + 1);
  }

  /** Notes that `caller` got a thread now (for round robin between callers). */
  private served(caller: string): void {
    this.servedAt.delete(caller); // keeps the map in order of last service, so it can be trimmed
    this.servedAt.set(caller, ++this.turns);
    if (this.servedAt.size > 10_000) this.servedAt.delete(this.servedAt.keys().next().value!);
  }

  private drop(counts: Map<string, number>, caller: string): void {
    const left = (counts.get(caller) ?? 1) - 1;
    if (left > 0) counts.set(caller, left);
    else counts.delete(caller);
  }

  /**
   * Gives back `caller`'s place, and passes it straight on (still counted as running, so no
   * newcomer can take it in between) to the waiting caller with the fewest lints running.
   */
  private release(caller: string): void {
    this.running--;
    this.drop(this.runningBy, caller);
    this.drop(this.heldBy, caller);
    // The caller with the fewest lints running; between equals, the one served longest ago
    // (round robin); between a caller's own lints, the earliest.
    let best = -1;
    let bestKey: [number, number] = [0, 0];
    for (let i = 0; i < this.waiting.length; i++) {
      const who = this.waiting[i].caller;
      const key: [number, number] = [this.runningBy.get(who) ?? 0, this.servedAt.get(who) ?? -1];
      if (best < 0 || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [i, key];
    }
    if (best >= 0) {
      const [next] = this.waiting.splice(best, 1);
      clearTimeout(next.timer);
      this.running++;
      this.runningBy.set(next.caller, (this.runningBy.get(next.caller) ?? 0) + 1);
      this.served(next.caller);
      next.go(); // its share (heldBy) was counted when it started waiting
    }
  }

  /**
   * Lints `text` on a worker thread.
   * @throws AppError as `lintText` does (INPUT_LIMIT_EXCEEDED for Markdown past a limit),
   *   INPUT_LIMIT_EXCEEDED (`limit: 'lintTimeMs'`) when it runs past the time limit, BUSY when
   *   no thread is free in time or the queue is full, RATE_LIMITED when `caller` (a user or
   *   token) already has its share of lints running or waiting.
   */
  async lint(text: string, options: LintOptions, lexicon: PoolLexicon, caller = 'anyone'): Promise<LintResult> {
    if (this.closed) throw new AppError('NOT_READY', 'The service is shutting down.');
    // The cheap scan first, here: Markdown past a limit is refused at once, without a thread.
    if ((options.format ?? 'text') !== 'text') assertMarkdownWithinLimits(text);
    await this.place(caller);
    try {
      const pool = await this.start();
      let reply = await this.run(pool, { text, options, lexicon: { version: lexicon.version } });
      // A thread that has not compiled this lexicon version yet asks for its entries.
      for (let tries = 0; reply.status === 'need-lexicon' && tries <= this.settings.threads; tries++) {
        reply = await this.run(pool, { text, options, lexicon });
      }
      if (reply.status === 'done') return reply.result;
      if (reply.status === 'refused') throw new AppError(reply.error.code, reply.error.message, reply.error.details);
      throw busy('The lint threads could not get ready in time. Try again in a few seconds.');
    } finally {
      this.release(caller);
    }
  }

  /**
   * Runs one task with two clocks: the thread has START_LIMIT_MS to load and compile the
   * lexicon (BUSY past it), and the lint itself, from when the thread says it started,
   * `timeLimitMs` (INPUT_LIMIT_EXCEEDED past it). Either way the thread is stopped.
   */
  private async run(pool: WorkerPool<LintTask, LintReply>, task: LintTask): Promise<LintReply> {
    const limitMs = this.settings.timeLimitMs;
    const controller = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let overran = false;
    let lintTimer: NodeJS.Timeout | undefined;
    const startTimer = setTimeout(() => controller.abort(), START_LIMIT_MS);
    port1.once('message', () => {
      clearTimeout(startTimer);
      lintTimer = setTimeout(() => {
        overran = true;
        controller.abort();
      }, limitMs);
    });
    try {
      return await pool.run({ ...task, started: port2 }, [port2], controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      if (!overran) throw busy('The lint threads took too long to get ready. Try again in a few seconds.');
      const seconds = limitMs / 1000;
      throw new AppError('INPUT_LIMIT_EXCEEDED', `The text took longer than ${seconds} seconds to check, so the check was stopped (the most a check may take is ${seconds} seconds). Check it in smaller parts.`, {
        limit: 'lintTimeMs',
        lintTimeMs: limitMs,
      });
    } finally {
      clearTimeout(startTimer);
      clearTimeout(lintTimer);
      port1.close();
    }
  }

  /** Stops the threads; lints after this are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.waiting.splice(0)) {
      clearTimeout(entry.timer);
      entry.stop(new AppError('NOT_READY', 'The service is shutting down.'));
    }
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close();
  }
}

/**
 * Where a service batch's memory goes, thread by thread (issue 13 item 7). The process's RSS
 * alone cannot say which thread holds what (threads share one address space), so the main
 * thread samples its own heap and the process's RSS every 250 ms, and each rendering thread's
 * heap comes back with every row it renders (`LetterOutcome.memory`). What is left of the RSS
 * once the heaps are taken away is code, each thread's native memory and malloc's arenas.
 *
 * Off unless `PLAINLY_BATCH_MEMORY_REPORT=1` (the bench sets it): then the service writes the
 * report to `memory.json` in the batch's folder when its letters are made. It holds no row data.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ThreadMemory, ThreadMemoryPeaks } from './letters.js';

const MB = 1024 * 1024;

/** One sample of the main thread and the process. */
export interface MainThreadSample {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

/** What `memory.json` holds. */
export interface BatchMemoryReport {
  /** The process's RSS when the probe started (before the batch's work). */
  startRssMb: number;
  /** The largest RSS sampled, with the main thread's heap at that moment. */
  atPeakRss: MainThreadSample;
  /** The largest of each main-thread figure over the batch (not all at one moment). */
  mainPeaks: MainThreadSample;
  /** Each rendering thread's largest heap figures. */
  threads: ThreadMemory[];
  /**
   * Per phase (`check`, `render`): the process's RSS when it started and its largest, and the
   * main thread's largest V8 heap reserved and ArrayBuffers.
   */
  phases: Record<string, number>;
}

/** True when the service should write a memory report for each batch. */
export function memoryReportWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PLAINLY_BATCH_MEMORY_REPORT === '1';
}

function sample(): MainThreadSample {
  const m = process.memoryUsage();
  return {
    rssMb: Math.round(m.rss / MB),
    heapUsedMb: Math.round(m.heapUsed / MB),
    heapTotalMb: Math.round(m.heapTotal / MB),
    externalMb: Math.round(m.external / MB),
    arrayBuffersMb: Math.round(m.arrayBuffers / MB),
  };
}

/** Samples the main thread on a timer and keeps the worker threads' peaks. */
export class MemoryProbe {
  private readonly timer: NodeJS.Timeout;
  private readonly startRssMb: number;
  private atPeakRss: MainThreadSample;
  private readonly mainPeaks: MainThreadSample;
  private readonly threads = new ThreadMemoryPeaks();
  private readonly phases: Record<string, number> = {};
  private phase = 'check';

  constructor(everyMs = 250) {
    this.atPeakRss = sample();
    this.mainPeaks = { ...this.atPeakRss };
    this.startRssMb = this.atPeakRss.rssMb;
    this.timer = setInterval(() => this.take(), everyMs);
    this.timer.unref();
    this.take(); // the first phase's figures start from this moment too
  }

  private take(): void {
    const now = sample();
    if (now.rssMb > this.atPeakRss.rssMb) this.atPeakRss = now;
    for (const key of Object.keys(now) as Array<keyof MainThreadSample>) this.mainPeaks[key] = Math.max(this.mainPeaks[key], now[key]);
    this.phases[`${this.phase}PeakRssMb`] = Math.max(this.phases[`${this.phase}PeakRssMb`] ?? 0, now.rssMb);
    // Which phase the main thread's largest heap and ArrayBuffers belong to.
    this.phases[`${this.phase}PeakHeapTotalMb`] = Math.max(this.phases[`${this.phase}PeakHeapTotalMb`] ?? 0, now.heapTotalMb);
    this.phases[`${this.phase}PeakArrayBuffersMb`] = Math.max(this.phases[`${this.phase}PeakArrayBuffersMb`] ?? 0, now.arrayBuffersMb);
  }

  /** Marks the start of a phase (e.g. `render`), recording the RSS at that moment. */
  mark(phase: string): void {
    this.take();
    this.phase = phase;
    this.phases[`${phase}StartRssMb`] = sample().rssMb;
  }

  /** A rendering thread's heap, as it came back with a row. */
  addThread(memory: ThreadMemory | undefined): void {
    this.threads.add(memory);
  }

  /** Stops sampling and returns the report. */
  stop(): BatchMemoryReport {
    this.take();
    clearInterval(this.timer);
    return { startRssMb: this.startRssMb, atPeakRss: this.atPeakRss, mainPeaks: this.mainPeaks, threads: this.threads.list(), phases: this.phases };
  }

  /** Stops sampling and writes the report to `memory.json` in `dir` (whole or not at all: a reader may be waiting for it). */
  async write(dir: string): Promise<void> {
    const file = path.join(dir, 'memory.json');
    await writeFile(`${file}.partial`, JSON.stringify(this.stop(), null, 2));
    await rename(`${file}.partial`, file);
  }
}

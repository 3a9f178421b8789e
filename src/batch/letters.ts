/**
 * The messages between the batch runner and its worker threads: one task per row, one outcome
 * back. Outcomes are data (never thrown errors), because an Error loses its code crossing
 * a thread boundary and a held-back letter is not a failure.
 */
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { FieldProblem, Finding, FindingSummary } from '../core/index.js';

/** Settings every worker needs to build its own pipeline (each thread loads templates and lexicon once). */
export interface LetterWorkerOptions {
  templateId: string;
  templatesDir?: string;
  lexiconDir?: string;
  brandingFile?: string;
  /** The template's source, when it comes from the store (a published version), not the files. */
  templateSource?: { source: string; file: string };
  /** The lexicon's entries, when they come from the store (the approved version), not the files. */
  lexiconEntries?: unknown[];
}

/** One row to fill, check and render. */
export interface LetterTask {
  row: number;
  data: Record<string, unknown>;
}

/** What a recorded document needs to say about how a letter was made. */
export interface LetterProvenance {
  /** The template's content hash. */
  templateVersion: string;
  /** The lexicon's content hash. */
  lexiconVersion: string;
  /** SHA-256 of the validated data (canonical JSON). */
  dataHash: string;
}

/**
 * One thread's V8 heap, in MB, sampled just after it handled a row: what the bench reports per
 * thread (the process's RSS alone cannot say which thread holds what).
 */
export interface ThreadMemory {
  /** The worker's thread id (`worker_threads.threadId`; 0 is the main thread). */
  thread: number;
  heapUsedMb: number;
  /** Heap V8 has reserved (what the thread adds to RSS, beside code and native memory). */
  heapTotalMb: number;
  /** Memory outside the heap that V8 knows of: ArrayBuffers and Buffers (PDF chunks, font data). */
  externalMb: number;
}

const MB = 1024 * 1024;

/** This thread's heap now (cheap: no system call, no garbage collection). */
export function sampleThreadMemory(): ThreadMemory {
  const heap = v8.getHeapStatistics();
  return {
    thread: threadId,
    heapUsedMb: Math.round(heap.used_heap_size / MB),
    heapTotalMb: Math.round(heap.total_heap_size / MB),
    externalMb: Math.round(heap.external_memory / MB),
  };
}

/** Keeps the largest of each figure per thread, for a batch's report. */
export class ThreadMemoryPeaks {
  private readonly peaks = new Map<number, ThreadMemory>();

  /** Takes one sample into account. */
  add(sample: ThreadMemory | undefined): void {
    if (!sample) return;
    const peak = this.peaks.get(sample.thread);
    if (!peak) {
      this.peaks.set(sample.thread, { ...sample });
      return;
    }
    peak.heapUsedMb = Math.max(peak.heapUsedMb, sample.heapUsedMb);
    peak.heapTotalMb = Math.max(peak.heapTotalMb, sample.heapTotalMb);
    peak.externalMb = Math.max(peak.externalMb, sample.externalMb);
  }

  /** The peaks, by thread id. */
  list(): ThreadMemory[] {
    return [...this.peaks.values()].sort((a, b) => a.thread - b.thread);
  }
}

/** What happened to one row in a worker, with the thread's memory when it finished. */
export type LetterOutcome = LetterResult & { memory?: ThreadMemory };

/**
 * A worker's outcome with its PDF's bytes moved to the main thread rather than copied (the
 * buffer goes in piscina's transfer list; the main thread receives the outcome as it was), so
 * the worker holds no copy of them until its next garbage collection (issue 13 item 7).
 *
 * A PDF that is only part of its buffer (Node carves buffers under 32 KB, most letters, out
 * of a shared 64 KB block) is first copied into a buffer of its own, and that is moved:
 * posted as it is, the view would carry the whole 64 KB block to the main thread, where a
 * batch's letters then held about twice their size until the main thread's next collection.
 */
export function movePdf(outcome: LetterOutcome): LetterOutcome | ReturnType<typeof move> {
  if (outcome.status !== 'produced') return outcome;
  const whole = outcome.pdf.byteOffset === 0 && outcome.pdf.byteLength === outcome.pdf.buffer.byteLength && outcome.pdf.buffer instanceof ArrayBuffer;
  const moved = whole ? outcome : { ...outcome, pdf: new Uint8Array(outcome.pdf) };
  const buffer = moved.pdf.buffer as ArrayBuffer;
  return move({
    get [transferableSymbol]() {
      return [buffer];
    },
    get [valueSymbol]() {
      return moved;
    },
  });
}

/** What happened to one row. */
export type LetterResult =
  | {
      status: 'produced';
      row: number;
      /** The tagged PDF. */
      pdf: Uint8Array;
      sha256: string;
      summary: FindingSummary;
      provenance?: LetterProvenance;
    }
  /** Wording that must change: error findings, never rendered as final. */
  | { status: 'held'; row: number; findings: Finding[] }
  /** The data did not fit the template after all (the validation pass should have caught it). */
  | { status: 'invalid'; row: number; errors: FieldProblem[] }
  /** Rendering failed for a reason that is not the row's data or wording. */
  | { status: 'failed'; row: number; message: string };

/**
 * The messages between the batch runner and its worker threads: one task per row, one outcome
 * back. Outcomes are data (never thrown errors), because an Error loses its code crossing
 * a thread boundary and a held-back letter is not a failure.
 */
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

/** What happened to one row in a worker. */
export type LetterOutcome =
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

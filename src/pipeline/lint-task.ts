/**
 * The task a lint worker thread runs (src/http/lint-pool.ts starts the threads): `lintText` on
 * one text with the approved lexicon. Each thread compiles a lexicon version once, from the
 * entries the main thread sends when the thread says it does not have that version yet, and
 * keeps the last two (a new version is approved while the old one is still being asked for).
 *
 * The thread says when the lint proper starts (`started`), so the time limit does not count
 * loading the thread or compiling the lexicon.
 *
 * Errors cross the thread boundary as data: an AppError (a Markdown limit, say) becomes
 * `{ error: { code, message, details } }` and the main thread raises it again; anything else
 * is a bug and rejects the task.
 */
import type { MessagePort } from 'node:worker_threads';
import { type AppErrorDetails, type ErrorCode, isAppError } from '../core/index.js';
import type { DocumentKind, Profile } from '../core/index.js';
import { type CompiledLexicon, compileLexiconCached, type LexiconEntry } from '../lexicon/index.js';
import { type LintResult, lintText } from '../lint/index.js';

/** One lint, as sent to a worker thread. */
export interface LintTask {
  text: string;
  options: { profile: Profile; kind?: DocumentKind; lang?: string; format?: 'text' | 'markdown' | 'template' };
  /** The lexicon version to lint with; `entries` only when the thread asked for them. */
  lexicon: { version: number; entries?: LexiconEntry[] };
  /**
   * Told when the lint itself starts, after the thread has loaded and compiled the lexicon:
   * the main thread's time limit counts from there, so only the lint's own work is timed.
   */
  started?: MessagePort;
}

/** What a worker thread answers. */
export type LintReply =
  | { status: 'done'; result: LintResult }
  | { status: 'need-lexicon' }
  | { status: 'refused'; error: { code: ErrorCode; message: string; details: AppErrorDetails } };

const compiled = new Map<number, CompiledLexicon>();

/** Lints one text (the default export is what piscina calls). */
export default function lint(task: LintTask): LintReply {
  let lexicon = compiled.get(task.lexicon.version);
  if (!lexicon) {
    if (!task.lexicon.entries) return { status: 'need-lexicon' };
    lexicon = compileLexiconCached(task.lexicon.entries); // a snapshot spares the thread compromise

    if (compiled.size >= 2) compiled.delete(compiled.keys().next().value!);
    compiled.set(task.lexicon.version, lexicon);
    // A first lint loads what the rules load lazily (word lists, word sets): done now, so it
    // is not timed as this text's lint.
    lintText('We will check your plan.', { profile: 'standard', lexicon, memo: false });
  }
  task.started?.postMessage('started');
  try {
    return { status: 'done', result: lintText(task.text, { ...task.options, lexicon }) };
  } catch (error) {
    if (isAppError(error)) return { status: 'refused', error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  } finally {
    task.started?.close();
  }
}

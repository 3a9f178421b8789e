/**
 * Checking the documents a council already has (issue 16): Word files, PDFs, web pages, text
 * and Markdown, one at a time or many (a folder, several uploads, a ZIP), each read into text
 * with where its words are, linted with the lint the caller gives (the CLI's own, or the
 * service's lint threads), and gathered into one report. A file that cannot be read is a
 * result with a message, never the end of the run: the others are still checked.
 *
 * The adapters (`plainly lint`, `POST /api/lint`, the check page) reach ingest/ and report/
 * through this file.
 */
import path from 'node:path';
import type { WorkerPool } from '../batch/index.js';
import { AppError, type FindingSummary } from '../core/index.js';
import type { ExtractReply, ExtractTask } from '../ingest/extract-task.js';
import {
  assertDocumentSize,
  type CheckedDocument,
  type DocumentResult,
  type ExtractedDocument,
  type ReadDocument,
  DEFAULT_INGEST_LIMITS,
  type IngestLimits,
  type LintOutcome,
  checkDocument,
  countWords,
  documentFormatOf,
  filesInZip,
  isZipName,
  locateTextFindings,
  unreadable,
  type ZipLimits,
} from '../ingest/index.js';
import { type ReportDocument, type ReportModel, REPORT_FORMATS, buildReport } from '../report/index.js';

export {
  type CheckedDocument,
  type DocumentResult,
  type FindingWhere,
  type IngestLimits,
  type LocatedFinding,
  type UnreadDocument,
  DEFAULT_INGEST_LIMITS,
  DOCUMENT_EXTENSIONS,
  assertDocumentSize,
  checkDocument,
  documentFormatOf,
  isZipName,
  locateTextFindings,
  unreadable,
} from '../ingest/index.js';
export { type ReportModel, REPORT_FORMATS, buildReport, reportCsv, reportHtml, reportJson, reportSections } from '../report/index.js';

/** Lints one text: `text` for Word, PDF and HTML (their blocks joined as plain text) and .txt; `markdown` for .md. */
export type LintFile = (text: string, format: 'text' | 'markdown') => Promise<LintOutcome> | LintOutcome;

/** One uploaded or named file. */
export interface DocumentFile {
  name: string;
  bytes: Buffer;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when Plainly can check a file of this name (a document, text or Markdown). */
export function isCheckable(name: string): boolean {
  return documentFormatOf(name) !== undefined || /\.(txt|md|markdown)$/i.test(name);
}

/**
 * Checks a text or Markdown file from its bytes.
 * @throws AppError INPUT_UNREADABLE for an empty, binary or non-UTF-8 file, and whatever lint raises (a Markdown limit).
 */
async function checkTextFile(file: DocumentFile, lint: LintFile, limits: IngestLimits): Promise<CheckedDocument> {
  let text: string;
  try {
    text = decoder.decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${file.name}: the file is not valid UTF-8 text (save it as UTF-8 and try again)`, { location: { file: file.name } });
  }
  if (file.bytes.includes(0)) throw new AppError('INPUT_UNREADABLE', `${file.name}: this is a binary file, not text`, { location: { file: file.name } });
  if (!text.trim()) throw new AppError('INPUT_UNREADABLE', `${file.name}: the file is empty; there is nothing to check`, { location: { file: file.name } });
  if (text.length > limits.maxCharacters) {
    throw new AppError('INPUT_LIMIT_EXCEEDED', `${file.name}: this file has ${text.length.toLocaleString('en-GB')} characters; the most Plainly checks in one go is ${limits.maxCharacters.toLocaleString('en-GB')}. Split it into parts.`, { location: { file: file.name }, limit: 'maxCharacters', maxCharacters: limits.maxCharacters });
  }
  const format = /\.(md|markdown)$/i.test(file.name) ? 'markdown' : 'text';
  const outcome = await lint(text, format);
  return { name: file.name, status: 'checked', format, findings: locateTextFindings(text, outcome.findings), summary: outcome.summary, notes: [], words: countWords(text), readability: outcome.readability, notApplied: outcome.notApplied, text };
}

/**
 * Checks one file: a Word file, PDF or HTML page (read into blocks), or a text or Markdown
 * file. Problems reading it come back as an `unreadable` result naming the file.
 */
export async function checkFile(file: DocumentFile, lint: LintFile, limits: IngestLimits = DEFAULT_INGEST_LIMITS, read?: ReadDocument): Promise<DocumentResult> {
  try {
    assertDocumentSize(file.name, file.bytes.length, limits);
    if (documentFormatOf(file.name)) return await checkDocument(file.bytes, file.name, (text) => lint(text, 'text'), limits, read);
    if (/\.(txt|md|markdown)$/i.test(file.name)) return await checkTextFile(file, lint, limits);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${file.name}: Plainly checks .docx, .pdf, .html, .txt and .md files (and ZIPs of them), not ${path.extname(file.name) || 'files without an extension'}`, { location: { file: file.name } });
  } catch (error) {
    return unreadable(file.name, error);
  }
}

/** Progress through many files: how many are done, of how many. */
export type Progress = (done: number, total: number) => void;

/**
 * Checks several files, opening ZIPs (each within the ZIP limits: entries, total unpacked size,
 * ratio) and checking the documents inside. Files are checked one after another, so memory
 * holds one document at a time.
 */
export async function checkFiles(files: readonly DocumentFile[], lint: LintFile, options: { limits?: IngestLimits; zipLimits?: ZipLimits; onProgress?: Progress; read?: ReadDocument } = {}): Promise<DocumentResult[]> {
  const expanded: Array<DocumentFile | DocumentResult> = [];
  for (const file of files) {
    if (!isZipName(file.name)) {
      expanded.push(file);
      continue;
    }
    try {
      expanded.push(...filesInZip(file.bytes, file.name, isCheckable, options.zipLimits));
    } catch (error) {
      expanded.push(unreadable(file.name, error));
    }
  }
  const results: DocumentResult[] = [];
  for (const [index, item] of expanded.entries()) {
    results.push('status' in item ? item : await checkFile(item, lint, options.limits, options.read));
    options.onProgress?.(index + 1, expanded.length);
  }
  return results;
}

/** A result as the report shows it (its full text and readability are left behind). */
export function reportDocument(result: DocumentResult): ReportDocument {
  if (result.status === 'unreadable') return { name: result.name, status: 'unreadable', message: result.message };
  return { name: result.name, status: 'checked', format: result.format, findings: result.findings, notes: result.notes, words: result.words };
}

/** The report over checked documents. */
export function reportOf(documents: readonly ReportDocument[], when?: Date): ReportModel {
  return buildReport(documents, when);
}

/** The report format a file name asks for (`.html`, `.csv`, `.json`), if any. */
export function reportFormatOf(file: string): keyof typeof REPORT_FORMATS | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext in REPORT_FORMATS ? (ext as keyof typeof REPORT_FORMATS) : undefined;
}

/** Totals over results (for summaries and exit codes). */
export function totalsOf(results: readonly DocumentResult[]): FindingSummary & { read: number; unread: number } {
  const totals = { error: 0, warning: 0, suggestion: 0, total: 0, read: 0, unread: 0 };
  for (const result of results) {
    if (result.status === 'unreadable') {
      totals.unread++;
      continue;
    }
    totals.read++;
    totals.error += result.summary.error;
    totals.warning += result.summary.warning;
    totals.suggestion += result.summary.suggestion;
    totals.total += result.summary.total;
  }
  return totals;
}

/** How long reading one document on a thread may take before the thread is stopped. */
export const READ_TIME_LIMIT_MS = 60_000;

/** The most heap a reading thread may use (a document past it is refused, the thread replaced). */
const READ_HEAP_MB = 512;

const EXTRACT_TASK = new URL('../ingest/extract-task.ts', import.meta.url);
let readers: Promise<WorkerPool<ExtractTask, ExtractReply>> | undefined;

/**
 * Reads a document on a worker thread, for the service: mammoth holds the thread it runs on
 * for up to half a second on a 20-page Word file (docs/lint.md), and requests must not wait
 * behind it. One thread, started on first use and stopped after 30 s idle; a read past
 * READ_TIME_LIMIT_MS or READ_HEAP_MB is stopped and refused.
 * @throws AppError as `extractDocument`, or INPUT_LIMIT_EXCEEDED when the read took too long or too much memory.
 */
export const readOnThread: ReadDocument = async (bytes, name, limits): Promise<ExtractedDocument> => {
  // The pool's module (and what it loads) only when a document is read in the service.
  readers ??= import('../batch/index.js').then(({ createWorkerPool }) => createWorkerPool<ExtractTask, ExtractReply>(EXTRACT_TASK, { threads: 1, minThreads: 0, idleTimeoutMs: 30_000, maxHeapMb: READ_HEAP_MB, maxYoungMb: 32 }));
  const pool = await readers;
  // A copy the thread takes over: the upload's buffer may share memory with others.
  const copy = new Uint8Array(bytes);
  let reply: ExtractReply;
  try {
    reply = await pool.run({ bytes: copy, name, limits }, [copy.buffer], AbortSignal.timeout(READ_TIME_LIMIT_MS));
  } catch (error) {
    const why = (error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError' ? `took longer than ${READ_TIME_LIMIT_MS / 1000} seconds to read` : (error as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `needs more than ${READ_HEAP_MB} MB of memory to read` : undefined;
    if (!why) throw error;
    throw new AppError('INPUT_LIMIT_EXCEEDED', `${name}: this document ${why}, so it was not checked. Split it into smaller files, or save it again without pictures.`, { location: { file: name }, limit: why.startsWith('took') ? 'readTimeMs' : 'readHeapMb' });
  }
  if (reply.status === 'refused') throw new AppError(reply.error.code, reply.error.message, reply.error.details);
  return reply.extracted;
};

/** Stops the reading thread, if one was started (at shutdown, and between tests). */
export async function closeDocumentReaders(): Promise<void> {
  const pool = readers;
  readers = undefined;
  if (pool) await (await pool).close();
}

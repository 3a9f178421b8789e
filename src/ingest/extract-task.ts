/**
 * The task a document-reading worker thread runs (app/ingest.ts starts the thread): read one
 * Word file, PDF or HTML page into blocks. In the service, reading happens here rather than on
 * the main thread, because mammoth holds the thread it runs on for up to half a second on a
 * 20-page document, and a request must not wait behind that.
 *
 * Errors cross the thread boundary as data: an AppError (a scan, a locked file, a ZIP bomb)
 * becomes `{ status: 'refused', error }` and the main thread raises it again; anything else is
 * a bug and rejects the task.
 */
import { type AppErrorDetails, type ErrorCode, isAppError } from '../core/index.js';
import { extractDocument, type IngestLimits } from './check.js';
import type { ExtractedDocument } from './types.js';

/** One document to read, as sent to a thread (the bytes are moved, not copied). */
export interface ExtractTask {
  bytes: Uint8Array;
  name: string;
  limits: IngestLimits;
}

/** What a thread answers. */
export type ExtractReply = { status: 'done'; extracted: ExtractedDocument } | { status: 'refused'; error: { code: ErrorCode; message: string; details: AppErrorDetails } };

/** Reads one document (the default export is what piscina calls). */
export default async function extract(task: ExtractTask): Promise<ExtractReply> {
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    return { status: 'done', extracted: await extractDocument(bytes, task.name, task.limits) };
  } catch (error) {
    if (isAppError(error)) return { status: 'refused', error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  }
}

/**
 * The worker-thread side of `readXlsxRowsInWorker` (xlsx-thread.ts): reads the workbook with
 * exceljs and hands rows to the main thread a chunk at a time, only when asked, so no more
 * than one chunk is ever in flight. Loaded through worker-entry.mjs like the letter workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
// errors.js, not core/index.js: the index brings the Markdown parser and zod, which this thread never uses.
import { isAppError } from '../core/errors.js';
import type { SheetRow } from './cells.js';
import type { SpreadsheetSource } from './source.js';
import { readXlsxRows } from './xlsx-reader.js';

/** What the main thread sends: the next chunk, please. */
export interface XlsxWorkerRequest {
  next: true;
}

/** What the worker answers. */
export type XlsxWorkerReply =
  | { rows: SheetRow[]; done: false }
  | { rows: SheetRow[]; done: true }
  | { error: { code: string; message: string; details: Record<string, unknown> } | { unexpected: true } };

/** Rows per message: large enough to keep messaging cheap, small enough to keep memory flat. */
const CHUNK_ROWS = 256;

const job = (workerData as { xlsx?: { source: SpreadsheetSource; maxCells: number } } | null)?.xlsx;

if (job && parentPort) {
  const port = parentPort;
  const rows = readXlsxRows(job.source, job.maxCells);
  const readChunk = async (): Promise<XlsxWorkerReply> => {
    try {
      const chunk: SheetRow[] = [];
      while (chunk.length < CHUNK_ROWS) {
        const next = await rows.next();
        if (next.done) return { rows: chunk, done: true };
        chunk.push(next.value);
      }
      return { rows: chunk, done: false };
    } catch (error) {
      // An AppError's message names the file and the problem, never a cell's content.
      return isAppError(error) ? { error: { code: error.code, message: error.message, details: JSON.parse(JSON.stringify(error.details)) as Record<string, unknown> } } : { error: { unexpected: true } };
    }
  };
  // One chunk is read ahead while the main thread checks the last one, so the two threads
  // work at once; never more than one, so memory stays flat.
  let ahead: Promise<XlsxWorkerReply> | null = null;
  port.on('message', () => {
    void (async () => {
      const reply = await (ahead ?? readChunk());
      ahead = 'rows' in reply && !reply.done ? readChunk() : null;
      port.postMessage(reply);
    })();
  });
}

/** Nothing to call: the module works when it is loaded in a worker thread with `workerData.xlsx`. */
export default function unused(): void {}

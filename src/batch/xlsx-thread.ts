/**
 * Reads an XLSX workbook's rows in a worker thread with a capped heap. `checkXlsx` keeps
 * workbook bombs out before they are read; the worker is the second wall: if a workbook still
 * needs more memory than a spreadsheet may use, that thread stops (ERR_WORKER_OUT_OF_MEMORY)
 * and the batch fails with a clear message, while the process (the service, and everyone
 * else's work in it) carries on.
 */
import { AppError, type ErrorCode } from '../core/index.js';
import type { SheetRow } from './cells.js';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './limits.js';
import { type SpreadsheetSource, sourceName } from './source.js';
import { startTaskThread } from './task-thread.js';
import type { XlsxWorkerReply } from './xlsx-worker.js';

const MODULE = new URL('./xlsx-worker.ts', import.meta.url);

function outOfMemory(file: string, heapMb: number): AppError {
  return new AppError(
    'INPUT_LIMIT_EXCEEDED',
    `${file} needs more memory to read than a spreadsheet may use (${heapMb} MB), so it was not read. If it is a real spreadsheet, split it into smaller files, or save it as "CSV UTF-8" and send that.`,
    { location: { file }, limit: 'workerHeapMb', workerHeapMb: heapMb },
  );
}

/**
 * Streams the rows of the first worksheet, read in a worker thread whose heap is capped at
 * `limits.workerHeapMb`. Stopping early (a `return` from the consumer) ends the thread.
 * @throws AppError as `readXlsxRows` does, and INPUT_LIMIT_EXCEEDED when the thread runs out of memory.
 */
export async function* readXlsxRowsInWorker(source: SpreadsheetSource, overrides: Partial<XlsxLimits> = {}): AsyncGenerator<SheetRow> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...overrides };
  const file = sourceName(source);
  const worker = await startTaskThread(MODULE, { xlsx: { source, maxCells: limits.maxCells } }, { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 });
  let failure: Error | null = null;
  let exited = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiters) wake();
    waiters.clear();
  };
  worker.on('error', (error: Error & { code?: string }) => {
    failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(file, limits.workerHeapMb) : error;
    wakeAll();
  });
  worker.on('exit', () => {
    exited = true;
    wakeAll();
  });
  const next = () =>
    new Promise<XlsxWorkerReply>((resolve, reject) => {
      const onMessage = (reply: XlsxWorkerReply) => {
        waiters.delete(onStop);
        worker.off('message', onMessage);
        resolve(reply);
      };
      const onStop = () => {
        worker.off('message', onMessage);
        reject(failure ?? new AppError('INPUT_UNREADABLE', `${file} could not be read as an Excel workbook (.xlsx).`, { location: { file } }));
      };
      if (failure || exited) return onStop();
      waiters.add(onStop);
      worker.on('message', onMessage);
      worker.postMessage({ next: true });
    });
  try {
    for (;;) {
      const reply = await next();
      if ('error' in reply) {
        if ('unexpected' in reply.error) {
          throw new AppError('INPUT_UNREADABLE', `${file} could not be read as an Excel workbook (.xlsx). Open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then try again.`, { location: { file } });
        }
        throw new AppError(reply.error.code as ErrorCode, reply.error.message, reply.error.details);
      }
      yield* reply.rows;
      if (reply.done) return;
    }
  } finally {
    if (!exited) await worker.terminate();
  }
}

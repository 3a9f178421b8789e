/**
 * The check of a stored service batch: its upload (or its JSON rows) read, every row checked,
 * the rows to render stored as `pending` and the others stored with their reason, and the
 * upload deleted (the first half of the engine, `checkRows`). The same code runs on the
 * service's check thread (check-thread.ts) and, when a shared row queue is used, in the main
 * thread (durable.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { BatchRecord, BatchRepository } from '../store/batches.js';
import { loadPartials, parseTemplate } from '../pipeline/light.js';
import { skippedReason } from './already-sent.js';
import { checkRows, LISTED_PER_BATCH, type RowQueue, type RowSource } from './engine.js';
import { DEFAULT_LIMITS } from './limits.js';
import { referenceKey } from './names.js';
import { JsonRows, SpreadsheetRows } from './sources.js';
import { StoreOutcomeSink } from './store-sink.js';
import { StoredRowQueue } from './store-queue.js';
import { type PreparedTemplate, prepareTemplate } from './validate.js';

/** What `checkStoredBatch` works on. */
export interface StoredCheckOptions {
  store: Store;
  repo: BatchRepository;
  batch: BatchRecord;
  /** The batch's folder (the upload as `input`, the references to skip as `skip.json`). */
  dir: string;
  template: PreparedTemplate;
  /** The service's spreadsheet limit (PLAINLY_SPREADSHEET_LIMIT_BYTES). */
  spreadsheetLimitBytes: number;
  /** Renews this process's lease on the batch; false once another process has it. */
  hold: () => Promise<boolean>;
  /** The queue the rows go to (default: the batch's pending rows in the store, StoredRowQueue). */
  queue?: RowQueue;
}

/**
 * Checks a stored batch and stores its rows; afterwards the batch is `running` and its
 * pending rows are ready to render. A check stopped half-way is started again from the top.
 * @throws AppError for an upload that cannot be used at all (the caller fails the batch).
 */
export async function checkStoredBatch(options: StoredCheckOptions): Promise<void> {
  const { store, repo, batch, dir, hold } = options;
  await repo.clearRows(batch.id);
  const skip = await skipListOf(dir);
  await checkRows({
    source: await storedSource(batch, dir, options.spreadsheetLimitBytes),
    template: options.template,
    queue: options.queue ?? new StoredRowQueue(repo, batch.id, hold),
    sink: await StoreOutcomeSink.open(store, repo, batch, dir, hold),
    skip,
    check: { maxProblems: LISTED_PER_BATCH },
  });
}

/**
 * The batch's stored template version, parsed with the partials of `templatesDir` as every
 * other use of a stored version is, ready for the row checks.
 * @throws AppError TEMPLATE_NOT_FOUND when the version is no longer in the store.
 */
export async function storedTemplate(store: Store, batch: BatchRecord, templatesDir: string): Promise<PreparedTemplate> {
  const version = await store.templates.version(batch.templateId, batch.templateVersion);
  if (!version) throw new AppError('TEMPLATE_NOT_FOUND', `Template ${batch.templateId} version ${batch.templateVersion} is no longer in the store.`);
  const file = `db:${batch.templateId}@${batch.templateVersion}`;
  return prepareTemplate(parseTemplate(version.source, file, { partials: loadPartials(path.join(templatesDir, 'partials')) }));
}

/** The stored upload as the engine's row source: the spreadsheet, or the rows sent as JSON. */
async function storedSource(batch: BatchRecord, dir: string, spreadsheetLimitBytes: number): Promise<RowSource> {
  const input = path.join(dir, 'input');
  if (batch.inputKind === 'rows') return new JsonRows(JSON.parse(await readFile(input, 'utf8')) as Record<string, unknown>[]);
  return new SpreadsheetRows({ path: input, name: batch.fileName }, { mapping: batch.mapping, limits: { ...DEFAULT_LIMITS, maxBytes: Math.max(DEFAULT_LIMITS.maxBytes, spreadsheetLimitBytes) } });
}

/** The references to skip (already sent: already-sent.ts), from skip.json beside the upload. */
async function skipListOf(dir: string): Promise<(reference: string | undefined) => string | undefined> {
  const skip = JSON.parse(await readFile(path.join(dir, 'skip.json'), 'utf8').catch(() => '{}')) as Record<string, string>;
  return (reference) => {
    const key = reference === undefined ? null : referenceKey(reference);
    return key !== null && Object.hasOwn(skip, key) ? skippedReason(skip[key]) : undefined;
  };
}

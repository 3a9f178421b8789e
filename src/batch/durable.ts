/**
 * Durable batches for the HTTP service: the upload is kept on disk, every row and what
 * happened to it is stored, and a background loop in each service process claims unfinished
 * batches with a lease. Killing the process mid-batch loses nothing: on start the loop finds
 * the batch (its lease runs out), and only rows still `pending` are rendered. A letter whose
 * document was recorded just before the kill is not recorded twice: each row records its
 * document under the idempotency key `batch:<id>` / `row:<n>`, so the retry gets the same
 * document back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { AppError, type Config, describeError, type Finding, isAppError } from '../core/index.js';
import type { Actor, Store } from '../store/index.js';
import { BatchRepository, batchKeyPrincipal, type BatchRecord, type BatchRowRecord, type BatchRowStatus } from '../store/batches.js';
import { parseTemplate } from '../pipeline/templates.js';
import { excelSafeCsvLine } from './excel-safe.js';
import { pathToHeading } from './headers.js';
import type { LetterOutcome, LetterTask, LetterWorkerOptions } from './letters.js';
import { DEFAULT_LIMITS } from './limits.js';
import { CsvFileWriter, MANIFEST_HEADER, manifestCells } from './manifest.js';
import { ZipStreamWriter } from './output.js';
import { letterFileName, referenceKey } from './names.js';
import { createWorkerPool, type WorkerPool } from './pool.js';
import { PrintPdfWriter } from './print.js';
import { PROBLEM_CSV_HEADER, problemCsvRow, type RowProblem, summariseProblems } from './problems.js';
import { renderRows } from './render-rows.js';
import { parseDataPath, specAt } from './rows.js';
import { heldReason, invalidReason, LETTER_WORKER } from './runner.js';
import { skippedReason } from './already-sent.js';
import { openSpreadsheet } from './spreadsheet.js';
import { type PreparedTemplate, prepareTemplate, validateSpreadsheet, validRows } from './validate.js';

/** Options for the service. */
export interface BatchServiceOptions {
  store: Store;
  config: Config;
  /** Worker threads per batch (default: every core). */
  threads?: number;
  /** How long a claim on a batch lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** How often an idle process looks for work (default 2 s). */
  pollMs?: number;
  workerModule?: URL;
  /** Called when a batch fails for a reason that is not its input (never with row data). */
  onError?: (batchId: string, error: unknown) => void;
  /**
   * How many times in a row a batch may be claimed by a process that then dies holding it
   * (without progress) before it is failed rather than tried again (default 2,
   * `PLAINLY_BATCH_MAX_ATTEMPTS`). A spreadsheet that takes the process down would otherwise
   * take it down again on every restart.
   */
  maxAttempts?: number;
}

/** A new batch: an uploaded spreadsheet on disk, or rows given as JSON. */
export type BatchInput =
  | { kind: 'file'; path: string; name: string }
  | { kind: 'rows'; rows: Record<string, unknown>[] };

/** What `GET /api/batches/:id` shows. */
export interface BatchView {
  id: string;
  templateId: string;
  templateVersion: number;
  lexiconVersion: number;
  status: BatchRecord['status'];
  fileName: string;
  createdAt: string;
  updatedAt: string;
  totals: { total: number; produced: number; heldBack: number; invalid: number; pending: number; skipped: number };
  progress: { done: number; total: number; percent: number };
  /** Problems grouped for people ("Postcode is not a UK postcode in 3 rows: rows 4, 17 and 203"). */
  summary: string[];
  notes: string[];
  /** Row problems, in row order (the first 1,000 of the batch; GET …/problems has the same ones). */
  problems: Array<Pick<RowProblem, 'row' | 'column' | 'field' | 'message'>>;
  /** Every problem found, listed or not. */
  problemsTotal: number;
  /** Problems past the first 1,000: counted (and grouped in `summary`), not listed or stored. */
  problemsNotListed: number;
  /** Letters held back, with the reason (the first 1,000). */
  heldBack: Array<{ row: number; reference: string | null; reason: string | null }>;
  /** Rows not made because their reference was already sent ("already sent on …"; the first 1,000). */
  skipped: Array<{ row: number; reference: string | null; reason: string | null }>;
  error: string | null;
}

/**
 * Problems (and held-back letters' findings) kept in full per batch: the first 1,000; the rest
 * are counted. Without a cap, a 60 KB request of 20,000 empty rows wrote 22 MB of problem
 * detail, kept for the retention period (two years).
 */
export const LISTED_PER_BATCH = 1000;
const SHOWN = LISTED_PER_BATCH;

/** Why a letter whose rendering failed was held back (no findings: the error may quote the row). */
const RENDER_FAILED_REASON = 'Plainly could not render this letter: try the batch again, and report it if it happens again';

/** What a batch's report says about how many problems were listed. */
interface ProblemListing {
  total: number;
  listed: number;
}

/** The sentence people read when some problems are not listed. */
export function notListedNote(notListed: number): string {
  return `Only the first ${LISTED_PER_BATCH.toLocaleString('en-GB')} problems are listed; ${notListed.toLocaleString('en-GB')} more ${notListed === 1 ? 'is' : 'are'} counted in the summary but not listed. Fix the rows listed and send the file again to see the rest.`;
}

/** Hands out the first 1,000 problems of a batch in full; the rest are only counted. */
class ProblemBudget {
  listed = 0;
  total = 0;

  /** The problems of one row that are still listed (maybe none). */
  take<T>(problems: readonly T[]): T[] {
    this.total += problems.length;
    const room = Math.max(0, LISTED_PER_BATCH - this.listed);
    const kept = problems.slice(0, room);
    this.listed += kept.length;
    return kept;
  }

  get listing(): ProblemListing {
    return { total: this.total, listed: this.listed };
  }
}

/** An invalid row's reason for the manifest: its listed problems, and those past the cap counted rather than named. */
function cappedReason(kept: readonly RowProblem[], count: number): string {
  if (kept.length >= count) return invalidReason(kept);
  const more = count - kept.length;
  const counted = `${more === 1 ? '1 problem' : `${more.toLocaleString('en-GB')} problems`} not listed (only the first ${LISTED_PER_BATCH.toLocaleString('en-GB')} problems of a batch are listed)`;
  return kept.length > 0 ? `${invalidReason(kept)}; and ${counted}` : counted.charAt(0).toUpperCase() + counted.slice(1);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Batches run in the background of the HTTP service. */
export class BatchService {
  readonly repo: BatchRepository;
  private readonly owner = randomUUID();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private activePool: WorkerPool<LetterTask, LetterOutcome> | null = null;

  constructor(private readonly options: BatchServiceOptions) {
    this.repo = new BatchRepository(options.store.runtime);
    this.leaseMs = options.leaseMs ?? Number(process.env.PLAINLY_BATCH_LEASE_MS ?? 30_000);
    this.pollMs = options.pollMs ?? 2000;
    this.maxAttempts = options.maxAttempts ?? Number(process.env.PLAINLY_BATCH_MAX_ATTEMPTS ?? 2);
  }

  private readonly maxAttempts: number;

  /** Where a batch's files live. */
  batchDir(id: string): string {
    return path.join(this.options.config.dataDir, 'batches', id);
  }

  /** Starts the background loop (it also picks up batches a stopped process left unfinished). */
  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops the loop after the row in hand; the batch is left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.activePool?.close();
    await this.loop;
    this.loop = null;
  }

  /**
   * Erases the personal data of batches older than the retention period (the same period as
   * the document log): stored letters, row data and problem details. Counts and statuses stay.
   */
  async eraseExpired(cutoff: Date): Promise<number> {
    const ids = await this.repo.expired(cutoff);
    for (const id of ids) {
      const batch = await this.repo.get(id);
      await rm(this.batchDir(id), { recursive: true, force: true });
      await this.repo.erase(id, { ...((batch?.report as object | null) ?? {}), summary: [], notes: [], erased: true });
    }
    return ids.length;
  }

  private lastSweep = 0;

  private async sweep(): Promise<void> {
    const now = this.options.store.runtime.now().getTime();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    await this.eraseExpired(new Date(now - this.options.config.retentionDays * 86_400_000)).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sweep();
      let batch: BatchRecord | undefined;
      try {
        batch = await this.repo.claim(this.owner, this.leaseMs);
      } catch {
        batch = undefined; // the store is busy or closing: look again later
      }
      if (batch) {
        // `attempts` counts this claim: more than maxAttempts means the processes that claimed
        // it before all died holding it, without progress. Trying again would only do that again.
        if (batch.attempts > this.maxAttempts) await this.giveUp(batch);
        else await this.process(batch);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /**
   * Creates a batch (202 in the API). The same input sent again with the same Idempotency-Key
   * by the same caller returns the first batch; the same key with different input is refused.
   * @throws AppError TEMPLATE_NOT_FOUND, CONFLICT (key reused for other input), VALIDATION_FAILED (no rows).
   */
  async submit(input: { templateId: string; input: BatchInput; mapping?: Record<string, string>; actor: Actor; idempotencyKey?: string; skip?: Record<string, string> }): Promise<{ batch: BatchRecord; replayed: boolean }> {
    const { store } = this.options;
    const mapping = input.mapping ?? {};
    const contentHash = input.input.kind === 'file' ? await fileSha256(input.input.path) : sha256(JSON.stringify(input.input.rows));
    const requestSha256 = sha256([input.templateId, JSON.stringify(mapping), contentHash].join('\n'));
    if (input.idempotencyKey) {
      const earlier = await this.repo.findIdempotent(input.actor.id, input.idempotencyKey);
      if (earlier) {
        if (earlier.requestSha256 !== requestSha256) {
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used for a different batch. Use a new key for a new file.');
        }
        return { batch: earlier, replayed: true };
      }
    }
    const published = (await store.templates.published()).find((t) => t.id === input.templateId);
    if (!published) throw new AppError('TEMPLATE_NOT_FOUND', `There is no published template "${input.templateId}".`, { id: input.templateId });
    const lexiconVersion = await store.lexicon.currentVersion();
    const id = randomUUID();
    const dir = this.batchDir(id);
    await mkdir(path.join(dir, 'letters'), { recursive: true });
    // References to skip (already sent: src/batch/already-sent.ts), kept until validation.
    if (input.skip && Object.keys(input.skip).length > 0) await writeFile(path.join(dir, 'skip.json'), JSON.stringify(input.skip));
    let fileName: string;
    let inputKind: string;
    if (input.input.kind === 'file') {
      fileName = path.basename(input.input.name) || 'upload';
      inputKind = 'file';
      await rename(input.input.path, path.join(dir, 'input'));
    } else {
      fileName = 'rows.json';
      inputKind = 'rows';
      await writeFile(path.join(dir, 'input'), JSON.stringify(input.input.rows));
    }
    try {
      const batch = await this.repo.create({
        id,
        templateId: input.templateId,
        templateVersion: published.version,
        lexiconVersion,
        fileName,
        inputKind,
        mapping,
        actor: input.actor,
        requestSha256,
        idempotency: input.idempotencyKey ? { principal: input.actor.id, key: input.idempotencyKey } : undefined,
      });
      this.wake?.();
      return { batch, replayed: false };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      // Two requests with one key at the same moment: the unique index lets one through.
      if (input.idempotencyKey) {
        const earlier = await this.repo.findIdempotent(input.actor.id, input.idempotencyKey);
        if (earlier && earlier.requestSha256 === requestSha256) return { batch: earlier, replayed: true };
      }
      throw error;
    }
  }

  /** The template and lexicon the batch was created with (the same on every resume). */
  private async versions(batch: BatchRecord): Promise<{ template: PreparedTemplate; worker: LetterWorkerOptions }> {
    const { store, config } = this.options;
    const version = await store.templates.version(batch.templateId, batch.templateVersion);
    if (!version) throw new AppError('TEMPLATE_NOT_FOUND', `Template ${batch.templateId} version ${batch.templateVersion} is no longer in the store.`);
    const snapshot = await store.lexicon.snapshot(batch.lexiconVersion);
    if (!snapshot) throw new AppError('NOT_FOUND', `Lexicon version ${batch.lexiconVersion} is no longer in the store.`);
    const file = `db:${batch.templateId}@${batch.templateVersion}`;
    const parsed = parseTemplate(version.source, file);
    return {
      template: prepareTemplate(parsed),
      worker: { templateId: batch.templateId, templateSource: { source: version.source, file }, lexiconEntries: snapshot.entries, brandingFile: config.brandingFile },
    };
  }

  private async process(batch: BatchRecord): Promise<void> {
    const heartbeat = setInterval(() => void this.repo.renew(batch.id, this.owner, this.leaseMs).catch(() => undefined), Math.max(200, this.leaseMs / 3));
    heartbeat.unref();
    try {
      const { template, worker } = await this.versions(batch);
      if (batch.status === 'validating') {
        await this.validate(batch, template);
        if (this.stopped) return;
      }
      await this.render(batch, worker);
    } catch (error) {
      if (this.stopped) return;
      const message = isAppError(error) ? describeError(error) : 'Something went wrong on our side while making this batch.';
      if (!isAppError(error)) this.options.onError?.(batch.id, error);
      await this.fail(batch.id, message);
    } finally {
      clearInterval(heartbeat);
      await this.repo.release(batch.id, this.owner).catch(() => undefined);
    }
  }

  /**
   * Marks a batch failed and deletes its uploaded spreadsheet (personal data that will never
   * be read again: docs/batch.md promises it is not kept). Rows already stored stay, for the
   * status page, until the retention period ends.
   */
  private async fail(id: string, message: string): Promise<void> {
    // The file goes first: once the status says failed, nothing of the upload is left.
    await rm(path.join(this.batchDir(id), 'input'), { force: true }).catch(() => undefined);
    await this.repo.update(id, { status: 'failed', error: message }).catch(() => undefined);
  }

  /** Fails a batch that processes keep dying on, saying why, instead of claiming it forever. */
  private async giveUp(batch: BatchRecord): Promise<void> {
    const tries = batch.attempts - 1;
    const during = batch.status === 'validating' ? 'while it read the spreadsheet' : 'while it made the letters';
    await this.fail(
      batch.id,
      `Plainly stopped ${tries} times ${during}, so it has stopped trying (the most is ${this.maxAttempts}). A spreadsheet that needs more memory than the service has can do this: check the file, split it into smaller files, or save it as "CSV UTF-8", and send it again.`,
    );
    this.options.onError?.(batch.id, new Error(`batch abandoned after ${tries} attempts`));
    await this.repo.release(batch.id, this.owner).catch(() => undefined);
  }

  /** Pass 1 and 2 over the input: every row stored as pending (with its data) or invalid (with its problems). */
  private async validate(batch: BatchRecord, template: PreparedTemplate): Promise<void> {
    await this.repo.clearRows(batch.id); // a validation stopped half-way starts again
    const input = path.join(this.batchDir(batch.id), 'input');
    const skipFile = path.join(this.batchDir(batch.id), 'skip.json');
    const skip = JSON.parse(await readFile(skipFile, 'utf8').catch(() => '{}')) as Record<string, string>;
    const skipped = (reference: string | undefined) => {
      const key = reference === undefined ? null : referenceKey(reference);
      return key !== null && Object.hasOwn(skip, key) ? skippedReason(skip[key]) : undefined;
    };
    let report: Record<string, unknown>;
    let total: number;
    if (batch.inputKind === 'rows') {
      const rows = JSON.parse(await readFile(input, 'utf8')) as Record<string, unknown>[];
      ({ report, total } = await this.validateJsonRows(batch.id, rows, template, skipped));
    } else {
      const sheet = await openSpreadsheet({ path: input, name: batch.fileName }, { ...DEFAULT_LIMITS, maxBytes: Math.max(DEFAULT_LIMITS.maxBytes, this.options.config.spreadsheetLimitBytes) });
      // Only the first 1,000 problems are kept, even in memory: the rest are counted per row.
      const result = await validateSpreadsheet(sheet, template, { mapping: batch.mapping, maxProblems: LISTED_PER_BATCH });
      const problemsByRow = new Map<number, RowProblem[]>();
      for (const problem of result.problems) {
        const list = problemsByRow.get(problem.row);
        if (list) list.push(problem);
        else problemsByRow.set(problem.row, [problem]);
      }
      let chunk: Parameters<BatchRepository['addRows']>[1][number][] = [];
      for (const row of result.invalidRows) {
        const kept = problemsByRow.get(row) ?? [];
        const count = result.problemsPerRow.get(row) ?? kept.length;
        chunk.push({ row, reference: result.invalidReferences[row], status: 'invalid', reason: cappedReason(kept, count), detail: kept.length > 0 ? kept : undefined });
        if (chunk.length >= 500) chunk = await this.flush(batch.id, chunk);
      }
      for await (const valid of validRows(sheet, template, result)) {
        const sent = skipped(valid.reference);
        chunk.push(sent ? { row: valid.row, reference: valid.reference, status: 'skipped', reason: sent } : { row: valid.row, reference: valid.reference, status: 'pending', data: valid.data });
        if (chunk.length >= 500) chunk = await this.flush(batch.id, chunk);
      }
      await this.flush(batch.id, chunk);
      total = result.total;
      const listing: ProblemListing = { total: result.problemTotal, listed: result.problems.length };
      report = { format: result.format, encoding: result.encoding?.encoding ?? null, summary: result.summary.map((g) => g.text), notes: result.notes, problems: listing };
    }
    await this.repo.update(batch.id, { status: 'running', total, report });
    await this.repo.progressed(batch.id);
    // Every row is stored now: the uploaded spreadsheet (personal data) is not needed again.
    await rm(input, { force: true });
    await rm(skipFile, { force: true });
  }

  private async flush(id: string, rows: Parameters<BatchRepository['addRows']>[1]): Promise<[]> {
    await this.repo.addRows(id, rows);
    await this.repo.renew(id, this.owner, this.leaseMs);
    return [];
  }

  /** Rows sent as JSON: each checked with the template, references checked for duplicates. */
  private async validateJsonRows(id: string, rows: Record<string, unknown>[], template: PreparedTemplate, skipped: (reference: string | undefined) => string | undefined = () => undefined): Promise<{ report: Record<string, unknown>; total: number }> {
    const problems: RowProblem[] = [];
    const references = new Map<string, number[]>();
    const entries: Parameters<BatchRepository['addRows']>[1][number][] = rows.map((data, index) => {
      const row = index + 1;
      const result = template.validate(data);
      const reference = typeof data.reference === 'string' ? data.reference : undefined;
      const key = reference ? referenceKey(reference) : null;
      if (key) references.set(key, [...(references.get(key) ?? []), row]);
      const sent = result.ok ? skipped(reference) : undefined;
      if (sent) return { row, reference, status: 'skipped', reason: sent };
      if (result.ok) return { row, reference, status: 'pending', data };
      const rowProblems = result.errors.map((error): RowProblem => {
        const segments = parseDataPath(error.path);
        const spec = specAt(template.fields, segments);
        const label = spec?.label ?? pathToHeading(segments);
        const message = spec?.label && error.message.startsWith(`${spec.label} `) ? error.message.slice(spec.label.length + 1) : error.message;
        return { row, column: '', field: pathToHeading(segments), label, message };
      });
      problems.push(...rowProblems);
      return { row, reference, status: 'invalid', reason: invalidReason(rowProblems), detail: rowProblems };
    });
    for (const same of references.values()) {
      if (same.length < 2) continue;
      for (const row of same) {
        const problem: RowProblem = { row, column: '', field: 'reference', label: 'reference', message: 'is used on more than one row: each letter needs its own reference, as its file is named by it' };
        const entry = entries[row - 1];
        const detail = [...((entry.detail as RowProblem[] | undefined) ?? []), problem];
        entries[row - 1] = { row, reference: entry.reference, status: 'invalid', reason: invalidReason(detail), detail };
        problems.push(problem);
      }
    }
    // Only the first 1,000 problems are stored in full, in row order; later rows keep a count.
    const budget = new ProblemBudget();
    for (const entry of entries) {
      if (entry.status !== 'invalid') continue;
      const all = (entry.detail as RowProblem[] | undefined) ?? [];
      const kept = budget.take(all);
      entry.reason = cappedReason(kept, all.length);
      entry.detail = kept.length > 0 ? kept : undefined;
    }
    for (let i = 0; i < entries.length; i += 500) await this.flush(id, entries.slice(i, i + 500));
    return { report: { format: 'json', encoding: null, summary: summariseProblems(problems).map((g) => g.text), notes: [], problems: budget.listing }, total: rows.length };
  }

  /** Renders every pending row, a chunk at a time, recording each letter as a document. */
  private async render(batch: BatchRecord, worker: LetterWorkerOptions): Promise<void> {
    const dir = path.join(this.batchDir(batch.id), 'letters');
    await mkdir(dir, { recursive: true });
    const pool = await createWorkerPool<LetterTask, LetterOutcome>(this.options.workerModule ?? LETTER_WORKER, { threads: this.options.threads, options: worker });
    this.activePool = pool;
    const context = { actor: batch.createdBy, requestId: `batch:${batch.id}` };
    // Held-back letters keep their findings for the first 1,000 (counted from the store, so a
    // resumed batch carries on counting); later ones keep their reason only.
    const detail = { rows: await this.repo.detailed(batch.id, ['held']) };
    try {
      for (;;) {
        if (this.stopped) return;
        const pending = await this.repo.pending(batch.id, pool.threads * 16);
        if (pending.length === 0) break;
        if (!(await this.repo.renew(batch.id, this.owner, this.leaseMs))) return; // another process has it now
        const rows = (async function* () {
          for (const row of pending) yield { row: row.row, reference: row.reference ?? undefined, data: row.data as Record<string, unknown> };
        })();
        await renderRows(rows, pool, async (row, outcome) => {
          if (this.stopped) return;
          await this.finish(batch, context, pending.find((p) => p.row === row.row)!, outcome, dir, detail);
        });
        await this.repo.progressed(batch.id);
      }
      const counts = await this.repo.counts(batch.id);
      const accounted = counts.produced + counts.held + counts.invalid + counts.skipped;
      if (counts.pending === 0) {
        if (accounted !== batch.total && batch.total !== 0) {
          throw new AppError('INTERNAL', `The batch lost track of rows: ${batch.total} rows, but ${accounted} are accounted for.`);
        }
        await this.repo.update(batch.id, { status: 'done' });
      }
    } finally {
      this.activePool = null;
      await pool.close();
    }
  }

  /** Stores one row's outcome: the PDF on disk and a recorded document, or why it was not produced. */
  private async finish(batch: BatchRecord, context: { actor: Actor; requestId: string }, row: BatchRowRecord, outcome: LetterOutcome, dir: string, detail: { rows: number }): Promise<void> {
    const keep = <T>(value: T): T | undefined => (detail.rows++ < LISTED_PER_BATCH ? value : undefined);
    switch (outcome.status) {
      case 'produced': {
        const file = letterFileName(row.reference ?? undefined, row.row);
        const target = path.join(dir, file);
        await writeFile(`${target}.partial`, outcome.pdf);
        await rename(`${target}.partial`, target);
        const { record } = await this.options.store.documents.record(
          context,
          {
            templateId: batch.templateId,
            templateVersion: batch.templateVersion,
            lexiconVersion: batch.lexiconVersion,
            format: 'pdf',
            data: row.data,
            findingsSummary: outcome.summary,
            outputs: { pdf: { sha256: outcome.sha256, bytes: outcome.pdf.byteLength } },
            batchId: batch.id,
          },
          { principal: batchKeyPrincipal(batch.id), key: `row:${row.row}`, requestSha256: outcome.sha256 },
        );
        await this.repo.finishRow(batch.id, row.row, { status: 'produced', documentId: record.id, file, sha256: outcome.sha256 });
        return;
      }
      case 'held':
        await this.repo.finishRow(batch.id, row.row, { status: 'held', reason: heldReason(outcome.findings), detail: keep(outcome.findings.filter((f) => f.severity === 'error')) });
        return;
      case 'invalid':
        await this.repo.finishRow(batch.id, row.row, { status: 'invalid', reason: outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; '), detail: keep(outcome.errors) });
        return;
      case 'failed':
        await this.repo.finishRow(batch.id, row.row, { status: 'held', reason: RENDER_FAILED_REASON });
    }
  }

  /** What the status page and `GET /api/batches/:id` show. @throws AppError NOT_FOUND. */
  async view(id: string): Promise<BatchView> {
    const batch = await this.repo.get(id);
    if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${id}.`);
    const counts = await this.repo.counts(id);
    const report = (batch.report ?? {}) as { summary?: string[]; notes?: string[]; problems?: ProblemListing };
    const invalid = await this.repo.rows(id, { status: ['invalid'], limit: SHOWN });
    const held = await this.repo.rows(id, { status: ['held'], limit: SHOWN });
    const skipped = counts.skipped > 0 ? await this.repo.rows(id, { status: ['skipped'], limit: SHOWN }) : [];
    const problems = invalid.flatMap((row) => ((row.detail as RowProblem[] | null) ?? []).map((p) => ({ row: p.row, column: p.column, field: p.field, message: p.label ? `${p.label} ${p.message}` : p.message }))).slice(0, SHOWN);
    const done = counts.produced + counts.held + counts.invalid + counts.skipped;
    const total = batch.total || done + counts.pending;
    // Batches from before the cap have no listing: every problem they found is stored.
    const problemsTotal = report.problems?.total ?? problems.length;
    const problemsNotListed = report.problems ? report.problems.total - report.problems.listed : 0;
    const notes = [...(report.notes ?? [])];
    if (problemsNotListed > 0) notes.push(notListedNote(problemsNotListed));
    return {
      id,
      templateId: batch.templateId,
      templateVersion: batch.templateVersion,
      lexiconVersion: batch.lexiconVersion,
      status: batch.status,
      fileName: batch.fileName,
      createdAt: batch.createdAt,
      updatedAt: batch.updatedAt,
      totals: { total, produced: counts.produced, heldBack: counts.held, invalid: counts.invalid, pending: counts.pending, skipped: counts.skipped },
      progress: { done, total, percent: total === 0 ? 0 : Math.floor((done / total) * 100) },
      summary: report.summary ?? [],
      notes,
      problems,
      problemsTotal,
      problemsNotListed,
      heldBack: held.map((row) => ({ row: row.row, reference: row.reference, reason: row.reason })),
      skipped: skipped.map((row) => ({ row: row.row, reference: row.reference, reason: `skipped: ${row.reason ?? 'already sent'}` })),
      error: batch.error,
    };
  }

  /** Every row problem of a batch as an Excel-safe CSV. */
  async writeProblems(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    out.write('\ufeff' + excelSafeCsvLine([...PROBLEM_CSV_HEADER]));
    for await (const row of this.allRows(id, ['invalid'])) {
      for (const problem of (row.detail as RowProblem[] | null) ?? []) out.write(excelSafeCsvLine(problemCsvRow(problem)));
    }
    const notListed = notListedOf(batch);
    // The last line says so when the list stops short, so nobody takes it for every problem.
    if (notListed > 0) out.write(excelSafeCsvLine(['', '', '', notListedNote(notListed)]));
    out.end();
  }

  private async requireBatch(id: string): Promise<BatchRecord> {
    const batch = await this.repo.get(id);
    if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${id}.`);
    return batch;
  }

  private async *allRows(id: string, status?: BatchRowStatus[]): AsyncGenerator<Omit<BatchRowRecord, 'data'>> {
    let after = 0;
    for (;;) {
      const page = await this.repo.rows(id, { afterRow: after, limit: 1000, status });
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1].row;
    }
  }

  /**
   * Streams one print-ready PDF of the batch's letters in row order, each starting on an odd
   * page. Built on request from the stored letters, in a temporary file (flat memory).
   * @throws AppError NOT_FOUND, or CONFLICT while the batch is still running or has no letters.
   */
  async writePrint(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    if ((batch.report as { erased?: boolean } | null)?.erased) {
      throw new AppError('NOT_FOUND', `The letters of batch ${id} were deleted at the end of the retention period; the document log still records each one.`);
    }
    if (batch.status !== 'done') throw new AppError('CONFLICT', `Batch ${id} is not finished; its print PDF can be downloaded when its status is "done".`);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plainly-print-'));
    try {
      const writer = await PrintPdfWriter.open(path.join(folder, 'print.pdf'));
      const letters = path.join(this.batchDir(id), 'letters');
      for await (const row of this.allRows(id, ['produced'])) {
        if (row.file) await writer.addLetter(await readFile(path.join(letters, row.file)));
      }
      const summary = await writer.finish();
      if (summary.letters === 0) throw new AppError('CONFLICT', `Batch ${id} produced no letters, so there is nothing to print.`);
      await pipeline(createReadStream(writer.file), out);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Streams the batch's ZIP: the letters, manifest.csv, problems.csv and held-back.csv.
   * @throws AppError NOT_FOUND, or CONFLICT while the batch is still running.
   */
  async writeZip(id: string, out: Writable): Promise<void> {
    const batch = await this.requireBatch(id);
    if ((batch.report as { erased?: boolean } | null)?.erased) {
      throw new AppError('NOT_FOUND', `The letters of batch ${id} were deleted at the end of the retention period; the document log still records each one.`);
    }
    if (batch.status !== 'done') {
      throw new AppError('CONFLICT', batch.status === 'failed' ? `Batch ${id} failed: ${batch.error ?? 'see its status'}` : `Batch ${id} is still being made; its letters can be downloaded when its status is "done".`);
    }
    const manifest = await CsvFileWriter.open('manifest.csv', [...MANIFEST_HEADER]);
    const problems = await CsvFileWriter.open('problems.csv', [...PROBLEM_CSV_HEADER]);
    const held = await CsvFileWriter.open('held-back.csv', ['row', 'reference', 'rule', 'words', 'why', 'say instead']);
    // The writer owns every entry from the moment it is added (letters are read into it, the
    // CSV files are opened by it), so removing the temporary files below can never race it.
    const zip = new ZipStreamWriter(out, { mtime: new Date(batch.createdAt) });
    try {
      const letters = path.join(this.batchDir(id), 'letters');
      let anyProblem = false;
      let anyHeld = false;
      let heldUnlisted = 0;
      for await (const row of this.allRows(id)) {
        // One letter in memory at a time; the writer waits while 16 MB are queued (a slow client).
        if (row.status === 'produced' && row.file) await zip.add(row.file, await readFile(path.join(letters, row.file)));
        await manifest.row(manifestCells({ row: row.row, reference: row.reference ?? undefined, documentId: row.documentId ?? undefined, file: row.file ?? undefined, sha256: row.sha256 ?? undefined, status: row.status as Exclude<BatchRowStatus, 'pending'>, reason: row.reason ?? undefined }));
        if (row.status === 'invalid') {
          for (const problem of (row.detail as RowProblem[] | null) ?? []) {
            if ('label' in problem) {
              anyProblem = true;
              await problems.row(problemCsvRow(problem));
            }
          }
        }
        if (row.status === 'held') {
          if (row.detail === null && row.reason !== RENDER_FAILED_REASON) heldUnlisted++;
          for (const finding of (row.detail as Finding[] | null) ?? []) {
            anyHeld = true;
            await held.row([row.row, row.reference ?? '', finding.ruleId, finding.actual, finding.reason, finding.expected.join(' / ')]);
          }
        }
      }
      const notListed = notListedOf(batch);
      if (notListed > 0) {
        anyProblem = true;
        await problems.row(['', '', '', notListedNote(notListed)]);
      }
      if (heldUnlisted > 0) await held.row(['', '', '', '', `Only the first ${LISTED_PER_BATCH.toLocaleString('en-GB')} letters held back are listed with their wording; ${heldUnlisted.toLocaleString('en-GB')} more are in manifest.csv with the reason.`, '']);
      await Promise.all([manifest.close(), problems.close(), held.close()]);
      await zip.addFromDisk('manifest.csv', manifest.file);
      if (anyProblem) await zip.addFromDisk('problems.csv', problems.file);
      if (anyHeld) await zip.addFromDisk('held-back.csv', held.file);
      await zip.finish();
    } catch (error) {
      await zip.abort();
      throw error;
    } finally {
      await Promise.all([manifest.remove(), problems.remove(), held.remove()]);
    }
  }
}

/** Problems a batch found but did not list (0 for batches from before the cap). */
function notListedOf(batch: BatchRecord): number {
  const listing = (batch.report as { problems?: ProblemListing } | null)?.problems;
  return listing ? listing.total - listing.listed : 0;
}

const services = new WeakMap<object, BatchService>();

/** Starts the batch service of an app (one per app context) and returns it. */
export function startBatchService(key: object, options: BatchServiceOptions): BatchService {
  let service = services.get(key);
  if (!service) {
    service = new BatchService(options);
    services.set(key, service);
  }
  service.start();
  return service;
}

/** The batch service of an app context. @throws AppError INTERNAL when the app did not start one. */
export function batchServiceOf(key: object): BatchService {
  const service = services.get(key);
  if (!service) throw new AppError('INTERNAL', 'Batches are not available in this process.');
  return service;
}


/**
 * Run a batch from a spreadsheet file to a folder or ZIP on this machine (`plainly batch`): the
 * one batch engine (src/batch/engine.ts) with the file as its row source, an in-process queue
 * and the files on disk as its outcome sink. Kept apart from the service's batch use cases
 * (batch.ts) so the CLI does not load the store.
 */
import path from 'node:path';
import { AppError } from '../core/index.js';
import { type Template, scanTemplates } from '../pipeline/light.js';
import type { InputLimits } from '../batch/limits.js';
import { type BatchProgress, type BatchResult, runBatch } from '../batch/runner.js';
import type { ValidationReport } from '../batch/validate.js';

export type { BatchProgress, BatchResult, ValidationReport };

/** Loads one template from a folder, so a problem in another template does not stop this batch. */
export function loadBatchTemplate(dir: string, id: string): Template {
  const { registry, problems } = scanTemplates(dir);
  if (registry.has(id)) return registry.get(id);
  const broken = problems.find((problem) => path.basename(problem.file, '.md') === id);
  if (broken) throw new AppError('TEMPLATE_INVALID', `The template ${id} is not valid: ${broken.message}`, { errors: broken.errors });
  return registry.get(id); // throws TEMPLATE_NOT_FOUND, naming the command that lists templates
}

/** A batch from a spreadsheet file to a folder or ZIP (`plainly batch`). */
export interface FileBatchRequest {
  templateId: string;
  /** The spreadsheet (CSV or XLSX) and the name to show for it. */
  file: { path: string; name?: string };
  /** A new or empty folder, or a file ending `.zip`. */
  out: string;
  templatesDir: string;
  lexiconDir: string;
  brandingFile: string;
  mapping?: Record<string, string>;
  threads?: number;
  print?: boolean;
  limits?: InputLimits;
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
}

/**
 * Runs a batch from the project's files (templates, lexicon, branding) on this machine: every
 * row checked, the valid ones rendered on worker threads, the letters and manifest written.
 * @throws AppError for a template or input that cannot be used (nothing is written then).
 */
export async function runFileBatch(request: FileBatchRequest): Promise<BatchResult> {
  const template = loadBatchTemplate(request.templatesDir, request.templateId);
  return runBatch({
    template,
    source: request.file,
    out: request.out,
    mapping: request.mapping,
    threads: request.threads,
    print: request.print,
    limits: request.limits,
    onProgress: request.onProgress,
    signal: request.signal,
    // The workers compile the same folder's templates and partials as the check here.
    worker: { templateId: request.templateId, templatesDir: request.templatesDir, lexiconDir: request.lexiconDir, brandingFile: request.brandingFile },
  });
}


/**
 * The task each batch worker thread runs: fill, lint and render one row with the pipeline.
 * The pipeline context (templates compiled, lexicon compiled, fonts and branding loaded) is
 * built once per thread, on its first row, and reused for every row after.
 */
import { workerData } from 'node:worker_threads';
import { isAppError, type FieldProblem, type Finding } from '../core/index.js';
import { createPipelineContext, type PipelineContext, produceDocument } from '../pipeline/index.js';
import type { LetterOutcome, LetterTask, LetterWorkerOptions } from './letters.js';

const options = (workerData as { options: LetterWorkerOptions }).options;
let context: PipelineContext | undefined;

/** Handles one row. Returns an outcome for everything the row can cause; throws only for bugs. */
export default async function letter(task: LetterTask): Promise<LetterOutcome> {
  context ??= createPipelineContext({ templatesDir: options.templatesDir, lexiconDir: options.lexiconDir, brandingFile: options.brandingFile });
  try {
    const document = await produceDocument(context, options.templateId, task.data, { format: 'pdf' });
    return {
      status: 'produced',
      row: task.row,
      pdf: document.body,
      sha256: document.sha256,
      summary: document.summary,
      provenance: { templateVersion: document.template.version, lexiconVersion: document.lexiconVersion, dataHash: document.dataHash },
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'BLOCKED_BY_FINDINGS') {
      return { status: 'held', row: task.row, findings: (error.details.findings as Finding[]) ?? [] };
    }
    if (isAppError(error) && error.code === 'DATA_INVALID') {
      return { status: 'invalid', row: task.row, errors: (error.details.errors as FieldProblem[]) ?? [] };
    }
    return { status: 'failed', row: task.row, message: isAppError(error) ? error.code : 'unexpected error' };
  }
}

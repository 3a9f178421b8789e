/**
 * The task each batch worker thread runs: fill, lint and render one row with the pipeline.
 * The pipeline context (templates compiled, lexicon compiled, fonts and branding loaded) is
 * built once per thread, on its first row, and reused for every row after.
 */
import { workerData } from 'node:worker_threads';
import path from 'node:path';
import { AppError, isAppError, PROJECT_ROOT, type FieldProblem, type Finding } from '../core/index.js';
import { compileLexiconCached, LexiconEntrySchema } from '../pipeline/index.js';
import { createPipelineContext, lexiconVersionOf, type PipelineContext, produceDocument } from '../pipeline/index.js';
import { defaultPictures } from '../pipeline/index.js';
import { loadBranding, loadPartials, parseTemplate, type Template } from '../pipeline/index.js';
import { type LetterOutcome, type LetterResult, type LetterTask, type LetterWorkerOptions, movePdf, sampleThreadMemory } from './letters.js';

const options = (workerData as { options: LetterWorkerOptions }).options;
let context: PipelineContext | undefined;
let template: Template | string = options.templateId;

/**
 * A pipeline context for what the HTTP service uses: the published template version and the
 * approved lexicon from the store, handed over by the runner, rather than the project's files.
 * The template is compiled with the partials of the service's templates folder
 * (PLAINLY_TEMPLATES_DIR, handed over as `templatesDir`), as the service compiles it when it
 * re-creates a recorded document: with the project's own partials, a batch letter could come
 * out different from its re-creation.
 */
function storeContext(source: { source: string; file: string }, entries: unknown[]): PipelineContext {
  const partials = loadPartials(path.join(options.templatesDir ?? path.join(PROJECT_ROOT, 'templates'), 'partials'));
  const parsed = parseTemplate(source.source, source.file, { partials });
  template = parsed;
  // From a snapshot the main thread or another thread already wrote: a thread that compiles
  // the lexicon itself loads compromise (about 45 MB of RSS a thread) for the inflections.
  const lexicon = compileLexiconCached(entries.map((entry) => LexiconEntrySchema.parse(entry)));
  return {
    templates: {
      get: (id) => {
        if (id !== parsed.id) throw new AppError('TEMPLATE_NOT_FOUND', `There is no template "${id}" in this batch.`);
        return parsed;
      },
      has: (id) => id === parsed.id,
      list: () => [parsed],
      partials,
    },
    lexicon,
    lexiconVersion: lexiconVersionOf(lexicon),
    branding: loadBranding(options.brandingFile ?? path.join(PROJECT_ROOT, 'config', 'branding.yml')),
    pictures: defaultPictures(),
  };
}

function buildContext(): PipelineContext {
  if (options.templateSource && options.lexiconEntries) return storeContext(options.templateSource, options.lexiconEntries);
  return createPipelineContext({ templatesDir: options.templatesDir, lexiconDir: options.lexiconDir, brandingFile: options.brandingFile });
}

/** Handles one row. Returns an outcome for everything the row can cause; throws only for bugs. */
export default async function letter(task: LetterTask): Promise<LetterOutcome> {
  const result = await render(task);
  return movePdf({ ...result, memory: sampleThreadMemory() }) as LetterOutcome;
}

async function render(task: LetterTask): Promise<LetterResult> {
  context ??= buildContext();
  try {
    const document = await produceDocument(context, template, task.data, { format: 'pdf' });
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

/**
 * The light part of what the outer layers may use from the stages: schemas, file formats,
 * template parsing, branding and pictures — no linter, no lexicon compiler, no PDF writer.
 * The service's main process imports this at start; `pipeline/index.ts` (compromise, retext,
 * pdfkit, fontkit: about 80 MB) is loaded only when a use case needs it, through the one lazy
 * loader in `app/pipeline-loader.ts`.
 */
export { type LexiconEntry, LexiconEntrySchema } from '../lexicon/schema.js';
export { lexiconToYaml, parseLexiconYaml } from '../lexicon/yaml.js';
export { lexiconFromCsv, lexiconToCsv } from '../lexicon/csv.js';
// The lexicon's own loader and self-test need neither the linter nor the PDF writer, and from its
// snapshot not even compromise: a first start checks the lexicon without loading them.
export { loadCheckedLexiconCached } from '../lexicon/snapshot.js';
export {
  type Branding,
  type FieldSpec,
  type PartialSource,
  type Template,
  type TemplateData,
  type TemplateRegistry,
  loadBranding,
  loadPartials,
  loadTemplates,
  parseTemplate,
  scanTemplates,
  templateRegistry,
  type TemplateLoadProblem,
} from '../templates/index.js';
export { type PictureCatalogue, defaultPictures } from '../render/pictures.js';
export { describeTemplateFinding, findingPlace } from './finding-place.js';
export type { TemplateFinding, TemplateCheck } from './template-check.js';
export type { CheckResult, ProducedDocument, PipelineContext } from './index.js';
export type { ReadabilitySummary, LintResult } from '../lint/index.js';
export type { CompiledLexicon, LexiconExampleFailure } from '../lexicon/index.js';

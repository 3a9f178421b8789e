/**
 * What the outer layers (HTTP service, web pages, CLI, batches) may use from the stages.
 *
 * Outer layers import from `pipeline/` only, never from a stage's folder, so the stages can
 * change inside without the service noticing, and the direction of dependencies stays
 * one way (see docs/architecture.md; tests/architecture.test.ts enforces it).
 */
export {
  type CompiledLexicon,
  type LexiconEntry,
  type LexiconExampleFailure,
  LexiconEntrySchema,
  compileLexicon,
  compileLexiconCached,
  formatExampleFailure,
  lexiconFromCsv,
  lexiconToCsv,
  lexiconToYaml,
  loadCheckedLexicon,
  loadCheckedLexiconCached,
  loadLexiconDir,
  parseLexiconYaml,
  testLexicon,
} from '../lexicon/index.js';
export { type LintOptions, type LintResult, type ReadabilitySummary, lintText, lintTree } from '../lint/index.js';
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
} from '../templates/index.js';
export { type PictureCatalogue, defaultPictures } from '../render/index.js';

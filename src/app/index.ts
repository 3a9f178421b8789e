/**
 * The use-case layer: what the HTTP API, the web pages and the CLI may use (they import `core/`
 * and `app/` only). Each use case is a function over an `AppContext` built in one place
 * (`context.ts`); a blocked document or template version is an outcome, not an exception.
 * Nothing here loads the heavy stages at import: they come through `loadPipeline` on first use.
 */
export * from './context.js';
export * from './documents.js';
export * from './templates.js';
export * from './lexicon.js';
export * from './users.js';
export * from './auth.js';
export * from './rate-limit.js';
export * from './problem.js';
export * from './schemas.js';
export * from './bootstrap.js';
export * from './logger.js';
export type { WebMount } from './mounts.js';
export { type LoadedLexicon, type StoreContext, PipelineService } from './pipeline-service.js';
export { LintPool, needsThread, lintPoolSettings, IN_PROCESS_TEXT_CHARACTERS } from './lint-pool.js';
export { type Pipeline, loadPipeline } from './pipeline-loader.js';
export type { ChangedFinding, TemplateImpact } from './lexicon-impact.js';

// What the adapters show of the stages and the store: types, schemas and file formats (light).
export {
  type Branding,
  type CheckResult,
  type FieldSpec,
  type LexiconExampleFailure,
  type LintResult,
  type PictureCatalogue,
  type ReadabilitySummary,
  type TemplateData,
  LexiconEntrySchema,
  describeTemplateFinding,
  findingPlace,
  lexiconFromCsv,
  lexiconToCsv,
  lexiconToYaml,
  loadBranding,
  parseLexiconYaml,
} from '../pipeline/light.js';
export {
  type ApiToken,
  type AuditEvent,
  type AuditQuery,
  type ChangeContext,
  type DocumentRecord,
  type LexiconEntryRecord,
  type LexiconRevision,
  type LexiconStatus,
  type OutputDigest,
  type Role,
  type TemplateRecord,
  type TemplateVersionRecord,
  type User,
  LEXICON_ACTIONS,
  LEXICON_STATUSES,
  ROLES,
  SYSTEM_ACTOR,
  Store,
  safeEqual,
} from '../store/index.js';
export * from './service.js';
export * from './folders.js';

/**
 * Templates: front matter, field schema -> zod, cross-field checks, Handlebars body with
 * helpers and partials, council branding. See docs/templates.md for the format.
 */
export { loadTemplates, scanTemplates, templateRegistry, type TemplateRegistry, type TemplateLoadProblem } from './registry.js';
export {
  parseTemplate,
  mergeExample,
  loadPartials,
  defaultPartials,
  LAYOUTS,
  type Layout,
  type Template,
  type TemplateMeta,
  type DataValidation,
  type ParseTemplateOptions,
} from './template.js';
export type { FieldSpec, FieldType, RequiredWhenValue } from './fields.js';
export { conditionHolds, describeCondition, requiredWhenProblems } from './conditions.js';
export { branchAt, conditionWords, templateBranches, type BranchRegion, type ConditionSite, type TemplateBranches } from './branches.js';
export { branchExamples, sampleValue, type BranchExample } from './examples.js';
export { FIELD_TYPES, fieldAt } from './fields.js';
export type { Check } from './checks.js';
export type { TemplateData } from './data-schema.js';
export { loadBranding, councilView, contrastRatio, type Branding, type CouncilView } from './branding.js';
export {
  type CompiledBody,
  type FillOutput,
  type RenderLogEntry,
  type TextPiece,
  type SlotSite,
  type PartialSource,
  SENTINEL_PATTERN,
  sentinel,
  sentinelIndex,
} from './body.js';
export { formatDate, formatList, formatPlural } from './format.js';
export { ADDRESS_FORBIDDEN_START, formatPence, normalisePostcode } from './values.js';

/**
 * Use cases over the project's folders rather than the store, for `plainly render`,
 * `plainly templates` and `plainly lexicon test`: templates, lexicon and branding are read from
 * files, so an author can try a change before it is saved anywhere. A blocked document is an
 * outcome, `{ status: 'blocked', findings }`, as in the service.
 */
import { type Finding, type FindingSummary, type OutputFormat, loadConfig } from '../core/index.js';
import type { ProducedDocument, TemplateCheck } from '../pipeline/index.js';
import { type Template, type TemplateLoadProblem, defaultPictures, loadBranding, scanTemplates } from '../pipeline/light.js';
import { loadPipeline } from './pipeline-loader.js';

export type { TemplateLoadProblem };

/** Which folders to read; unset: the project's own (templates/, lexicon/, config/branding.yml). */
export interface FolderOptions {
  templatesDir?: string;
  lexiconDir?: string;
  brandingFile?: string;
}

/** Every template in a folder that loads, and why each other one does not. */
export function scanTemplateFolder(dir: string): { templates: Template[]; problems: TemplateLoadProblem[]; get: (id: string) => Template } {
  const { registry, problems } = scanTemplates(dir);
  return { templates: registry.list(), problems, get: (id) => registry.get(id) };
}

/** What rendering from the folders did. */
export type FolderRenderOutcome =
  | { status: 'produced'; document: ProducedDocument }
  | { status: 'blocked'; templateId: string; findings: Finding[]; summary: FindingSummary; message: string };

/**
 * Renders a document from the folders. `data: 'example'` uses the template's example data; a
 * function is called for the data once the template is found (so an unknown template is said first).
 * A final document with an error finding is `blocked`; a draft always renders, marked DRAFT.
 * @throws AppError TEMPLATE_NOT_FOUND, DATA_INVALID (every bad field), TEMPLATE_INVALID / LEXICON_INVALID / CONFIG_INVALID.
 */
export async function renderFromFolders(options: FolderOptions, templateId: string, data: 'example' | (() => unknown), produce: { format: OutputFormat; draft?: boolean }): Promise<FolderRenderOutcome> {
  const { createPipelineContext, produceOutcome } = await loadPipeline();
  const ctx = createPipelineContext(options);
  const template = ctx.templates.get(templateId);
  return produceOutcome(ctx, template, data === 'example' ? template.example : data(), produce);
}

/** One template's check, or why it could not be loaded. */
export interface FolderTemplateCheck {
  template: Template;
  check: TemplateCheck;
}

/**
 * Checks every template in the folder as publishing does (every example and branch, page
 * rules, the source and partials), against the folder's lexicon and the configured branding.
 * @throws AppError LEXICON_INVALID / CONFIG_INVALID.
 */
export async function checkTemplateFolder(options: Required<Pick<FolderOptions, 'templatesDir' | 'lexiconDir'>>): Promise<{ problems: TemplateLoadProblem[]; checks: FolderTemplateCheck[] }> {
  const { compileLexicon, loadLexiconDir, lexiconVersionOf, checkTemplate } = await loadPipeline();
  const { registry, problems } = scanTemplates(options.templatesDir);
  const lexicon = compileLexicon(loadLexiconDir(options.lexiconDir));
  const ctx = { templates: registry, lexicon, lexiconVersion: lexiconVersionOf(lexicon), branding: loadBranding(loadConfig().brandingFile), pictures: defaultPictures() };
  const checks: FolderTemplateCheck[] = [];
  for (const template of registry.list()) checks.push({ template, check: await checkTemplate(ctx, template) });
  return { problems, checks };
}

/** The lexicon folder's own examples, run. */
export interface LexiconFolderTest {
  entries: number;
  examples: number;
  /** Each failing example, in one line. */
  failures: string[];
}

/**
 * Runs every entry's own examples in a lexicon folder.
 * @throws AppError LEXICON_INVALID naming file:line:col.
 */
export async function testLexiconFolder(dir: string): Promise<LexiconFolderTest> {
  const { compileLexicon, formatExampleFailure, loadLexiconDir, testLexicon } = await loadPipeline();
  const entries = loadLexiconDir(dir);
  const failures = testLexicon(entries, compileLexicon(entries));
  const examples = entries.reduce((sum, entry) => sum + entry.examples.flag.length + entry.examples.pass.length, 0);
  return { entries: entries.length, examples, failures: failures.map(formatExampleFailure) };
}

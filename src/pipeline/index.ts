/**
 * The pipeline: the only place that knows the order of the stages.
 *
 *   validate (field schema + checks) -> fill -> parse (one tree) -> lint + structure rules
 *   -> gate (an error blocks a final document; a draft always renders) -> write.
 *
 * The HTTP service, the CLI and batches all call `checkDocument` / `produceDocument`.
 * Everything that depends only on the template (compiled Handlebars, partials, field
 * schema) is done once when the template is loaded, so a batch pays it once.
 */
import path from 'node:path';
import {
  AppError,
  type Finding,
  type FindingSummary,
  hasErrors,
  type OutputFormat,
  PROJECT_ROOT,
  canonicalJson,
  compareFindings,
  sha256,
  summariseFindings,
} from '../core/index.js';
import { type CompiledLexicon, compileLexiconCached, loadLexiconDir } from '../lexicon/index.js';
import { lintTree, type ReadabilitySummary } from '../lint/index.js';
import {
  type Block,
  defaultPictures,
  documentBlocks,
  type FilledDocument,
  fillDocument,
  loadPictures,
  type PictureCatalogue,
  pdfStructureFindings,
  structureFindings,
  walkBlocks,
  writeHtml,
  writePdf,
  writeText,
} from '../render/index.js';
import {
  type Branding,
  formatDate,
  loadBranding,
  loadTemplates,
  type Template,
  type TemplateData,
  type TemplateRegistry,
} from '../templates/index.js';

/** What every stage needs, loaded once per process (or per test). */
export interface PipelineContext {
  templates: TemplateRegistry;
  lexicon: CompiledLexicon;
  lexiconVersion: string;
  branding: Branding;
  pictures: PictureCatalogue;
}

/** Options for `createPipelineContext`; defaults are the project's folders. */
export interface PipelineContextOptions {
  templatesDir?: string;
  lexiconDir?: string;
  brandingFile?: string;
  picturesFile?: string;
}

/** The one canonical JSON (core/hash.ts), here for the outer layers that reach it through pipeline/. */
export { canonicalJson };

/** A version for a compiled lexicon: a hash of its entries. */
export function lexiconVersionOf(lexicon: CompiledLexicon): string {
  return sha256(canonicalJson(lexicon.entries)).slice(0, 16);
}

/**
 * Loads templates, lexicon, branding and pictures.
 * @throws AppError TEMPLATE_INVALID / LEXICON_INVALID / CONFIG_INVALID naming what is wrong.
 */
export function createPipelineContext(options: PipelineContextOptions = {}): PipelineContext {
  const templates = loadTemplates(options.templatesDir ?? path.join(PROJECT_ROOT, 'templates'));
  // From a snapshot when this lexicon was compiled before (lexicon/snapshot.ts): compiling it
  // loads compromise (about 45 MB of RSS), in every rendering thread of `plainly batch` too.
  const lexicon = compileLexiconCached(loadLexiconDir(options.lexiconDir ?? path.join(PROJECT_ROOT, 'lexicon')));
  const branding = loadBranding(options.brandingFile ?? path.join(PROJECT_ROOT, 'config', 'branding.yml'));
  const pictures = options.picturesFile ? loadPictures(options.picturesFile) : defaultPictures();
  return { templates, lexicon, lexiconVersion: lexiconVersionOf(lexicon), branding, pictures };
}

/** The facts about a template that go with every result. */
export interface TemplateInfo {
  id: string;
  title: string;
  kind: Template['kind'];
  profile: Template['profile'];
  layout: Template['layout'];
  lang: string;
  version: string;
}

/** The result of checking a document without writing it. */
export interface CheckResult {
  template: TemplateInfo;
  /** The data after validation (money in pence, dates as YYYY-MM-DD). */
  data: TemplateData;
  /** The filled Markdown; finding positions index into it. */
  text: string;
  findings: Finding[];
  summary: FindingSummary;
  readability: ReadabilitySummary;
  /** Rule families that were not applied (English-only rules for `lang: cy`). */
  notApplied: string[];
  /** Set when the PDF was laid out to count pages. */
  pages?: number;
}

/** A written document. */
export interface ProducedDocument {
  body: Buffer;
  contentType: string;
  format: OutputFormat;
  /** Hex SHA-256 of `body`. */
  sha256: string;
  /** Suggested file name, e.g. `financial-checkup-DP-000123.pdf`. */
  filename: string;
  draft: boolean;
  findings: Finding[];
  summary: FindingSummary;
  readability: ReadabilitySummary;
  notApplied: string[];
  template: TemplateInfo;
  lexiconVersion: string;
  /** Hex SHA-256 of the validated data (canonical JSON): for the document log, not the data itself. */
  dataHash: string;
  /** Pages of the PDF: for PDF output, and for letters in any format (they are laid out to count them). */
  pages?: number;
  /** The filled Markdown the findings' positions index into; only with `ProduceOptions.withText`. */
  text?: string;
}

/** Internal: everything computed by the check, kept for writing. */
interface Prepared extends CheckResult {
  tpl: Template;
  filled: FilledDocument;
  blocks: Block[];
  letter?: { name: string; address: string[]; date: string; reference: string };
  dataHash: string;
  usesPictures: boolean;
}

function info(template: Template): TemplateInfo {
  return { id: template.id, title: template.title, kind: template.kind, profile: template.profile, layout: template.layout, lang: template.lang, version: template.version };
}

/** `en` → `en-GB`, `cy` → `cy-GB`: documents for an English council. */
function documentLanguage(lang: string): string {
  return /^[a-z]{2,3}$/.test(lang) ? `${lang}-GB` : lang;
}

function resolveTemplate(ctx: PipelineContext, template: Template | string): Template {
  return typeof template === 'string' ? ctx.templates.get(template) : template;
}

/**
 * Validates the data for a template.
 * @throws AppError DATA_INVALID with `details.errors` naming every bad field by path.
 */
export function validateData(template: Template, data: unknown): TemplateData {
  const result = template.validate(data);
  if (!result.ok) {
    const count = result.errors.length;
    throw new AppError('DATA_INVALID', `The data does not fit the template "${template.id}": ${count} problem${count === 1 ? '' : 's'} (${result.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ')}${count > 3 ? '; …' : ''})`, {
      errors: result.errors,
      templateId: template.id,
    });
  }
  return result.data;
}

function prepare(ctx: PipelineContext, template: Template, rawData: unknown): Prepared {
  const data = validateData(template, rawData);
  const filled = fillDocument(template, data, ctx.branding);
  const blocks = documentBlocks(filled.tree);
  const lint = lintTree(filled.tree, filled.text, { profile: template.profile, kind: template.kind, lang: template.lang, lexicon: ctx.lexicon, format: 'markdown' });

  let letter: Prepared['letter'];
  let addressLines: string[] | undefined;
  if (template.kind === 'letter' || template.layout === 'letter') {
    const recipient = data.recipient as { name: string; address: string[] };
    letter = { name: recipient.name, address: recipient.address, date: formatDate(data.letterDate, template.lang), reference: String(data.reference) };
    addressLines = [recipient.name, ...recipient.address];
  }
  let usesPictures = false;
  walkBlocks(blocks, (block) => {
    if (block.type === 'row' && block.picture && ctx.pictures.has(block.picture)) usesPictures = true;
  });
  const structure = structureFindings({ template, filled, blocks, pictures: ctx.pictures, addressLines });
  const findings = [...lint.findings, ...structure].map((finding) => {
    if (finding.origin) return finding;
    const origin = filled.originAt(finding.start.offset);
    return origin ? { ...finding, origin } : finding;
  });
  findings.sort(compareFindings);
  return {
    template: info(template),
    data,
    text: filled.text,
    findings,
    summary: summariseFindings(findings),
    readability: lint.readability,
    notApplied: lint.notApplied,
    tpl: template,
    filled,
    blocks,
    letter,
    dataHash: sha256(canonicalJson(data)),
    usesPictures,
  };
}

/** Options for checking. */
export interface CheckOptions {
  /** Lay out the PDF to count pages (letters: warn over 2 pages). Default true for letters. */
  measurePages?: boolean;
}

/**
 * Writes the PDF, or with `layoutOnly` only lays its pages out (no drawing, no fonts
 * embedded, nothing compressed): the same page count for a fraction of the cost.
 */
async function layoutPdf(ctx: PipelineContext, prepared: Prepared, draft: boolean, layoutOnly = false) {
  const { tpl } = prepared;
  const fileId = Buffer.from(sha256([tpl.version, ctx.lexiconVersion, prepared.dataHash, draft ? 'draft' : 'final', sha256(canonicalJson(ctx.branding))].join('\n')), 'hex').subarray(0, 16);
  const letterDate = typeof prepared.data.letterDate === 'string' ? prepared.data.letterDate : '2000-01-01';
  return writePdf({
    blocks: prepared.blocks,
    title: tpl.title,
    lang: documentLanguage(tpl.lang),
    layout: tpl.layout,
    kind: tpl.kind,
    branding: ctx.branding,
    pictures: ctx.pictures,
    draft,
    letter: prepared.letter,
    creationDate: new Date(`${letterDate}T00:00:00Z`),
    fileId: Buffer.from(fileId),
    creditPictures: prepared.usesPictures,
    layoutOnly,
  });
}

function addPdfFindings(prepared: Prepared, pdf: { pages: number; smallestContentSize: number }): void {
  const extra = pdfStructureFindings(prepared.tpl, prepared.filled, pdf).map((f) => {
    const origin = prepared.filled.originAt(f.start.offset);
    return origin ? { ...f, origin } : f;
  });
  if (extra.length) {
    prepared.findings = [...prepared.findings, ...extra].sort(compareFindings);
    prepared.summary = summariseFindings(prepared.findings);
  }
  prepared.pages = pdf.pages;
}

/**
 * Validates, fills, parses, lints and applies the structure rules; writes nothing.
 * Accepts a template id or a `Template` (e.g. a draft version parsed with `parseTemplate`).
 * @throws AppError DATA_INVALID (every bad field) or TEMPLATE_NOT_FOUND.
 */
export function checkDocument(ctx: PipelineContext, template: Template | string, data: unknown): CheckResult {
  const { tpl: _tpl, filled: _filled, blocks: _blocks, letter: _letter, dataHash: _hash, usesPictures: _pictures, ...result } = prepare(ctx, resolveTemplate(ctx, template), data);
  return result;
}

/**
 * Like `checkDocument`, and also lays the PDF out to count pages, so letters over
 * 2 pages get their warning (used by `templates check` and the web preview).
 */
export async function checkDocumentWithPages(ctx: PipelineContext, template: Template | string, data: unknown): Promise<CheckResult> {
  const prepared = prepare(ctx, resolveTemplate(ctx, template), data);
  addPdfFindings(prepared, await layoutPdf(ctx, prepared, true, true));
  const { tpl: _tpl, filled: _filled, blocks: _blocks, letter: _letter, dataHash: _hash, usesPictures: _pictures, ...result } = prepared;
  return result;
}

const CONTENT_TYPES: Record<OutputFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

function blockedOutcome(prepared: Prepared): Extract<ProduceOutcome, { status: 'blocked' }> {
  const errors = prepared.findings.filter((f) => f.severity === 'error');
  const message = `"${prepared.tpl.id}" was not produced: ${errors.length} finding${errors.length === 1 ? '' : 's'} must be fixed first (${errors.slice(0, 3).map((f) => f.ruleId).join(', ')}${errors.length > 3 ? ', …' : ''}). A draft can still be made.`;
  return { status: 'blocked', templateId: prepared.tpl.id, findings: prepared.findings, summary: prepared.summary, message };
}

/** The error `produceDocument` throws for a blocked outcome (its callers from before outcomes expect it). */
export function blockedError(outcome: Extract<ProduceOutcome, { status: 'blocked' }>): AppError {
  return new AppError('BLOCKED_BY_FINDINGS', outcome.message, { findings: outcome.findings, summary: outcome.summary, templateId: outcome.templateId });
}

function blocked(outcome: Extract<ProduceOutcome, { status: 'blocked' }>): never {
  throw blockedError(outcome);
}

/** What to produce: the format, and whether it is a draft. */
export interface ProduceOptions {
  format: OutputFormat;
  /** A draft renders whatever the findings, marked "DRAFT — not checked". Default false. */
  draft?: boolean;
  /**
   * Also return the filled Markdown (`document.text`), for a caller that marks the findings in
   * the output (the editor's preview) without checking the letter a second time. Off by
   * default: batch letters travel between threads and should not carry a second copy.
   */
  withText?: boolean;
}

let defaultContext: PipelineContext | undefined;

/** The context of the project's own folders (templates/, lexicon/, config/), loaded on first use. */
export function defaultPipelineContext(): PipelineContext {
  defaultContext ??= createPipelineContext();
  return defaultContext;
}

/**
 * Produces a document. A final document (the default) is refused when any finding is an
 * error; a draft always renders, marked "DRAFT — not checked" on every page.
 *
 * `produceDocument(templateId, data, { format, draft })` uses the project's own templates,
 * lexicon and branding (`defaultPipelineContext()`); pass a context first to use others.
 * @param template a template id, or a `Template` object (drafts stored by the service).
 * @throws AppError DATA_INVALID (details.errors: [{path, message}]), BLOCKED_BY_FINDINGS
 *   (details.findings), TEMPLATE_NOT_FOUND.
 */
export function produceDocument(template: Template | string, data: unknown, options: ProduceOptions): Promise<ProducedDocument>;
export function produceDocument(ctx: PipelineContext, template: Template | string, data: unknown, options: ProduceOptions): Promise<ProducedDocument>;
export function produceDocument(...args: [Template | string, unknown, ProduceOptions] | [PipelineContext, Template | string, unknown, ProduceOptions]): Promise<ProducedDocument> {
  return args.length === 3 ? produce(defaultPipelineContext(), ...args) : produce(...args);
}

async function produce(ctx: PipelineContext, template: Template | string, data: unknown, options: ProduceOptions): Promise<ProducedDocument> {
  const outcome = await produceOutcome(ctx, template, data, options);
  if (outcome.status === 'blocked') blocked(outcome);
  return outcome.document;
}

/** A document that was produced, or the findings that blocked it (a result, not an error). */
export type ProduceOutcome =
  | { status: 'produced'; document: ProducedDocument }
  | { status: 'blocked'; templateId: string; findings: Finding[]; summary: FindingSummary; message: string };

/**
 * As `produceDocument`, but a final document with an error finding is a result
 * (`{ status: 'blocked', findings }`), not an exception: for the use cases, which say so to
 * their callers as an outcome.
 * @throws AppError DATA_INVALID (details.errors: [{path, message}]), TEMPLATE_NOT_FOUND.
 */
export async function produceOutcome(ctx: PipelineContext, template: Template | string, data: unknown, options: ProduceOptions): Promise<ProduceOutcome> {
  const draft = options.draft ?? false;
  const prepared = prepare(ctx, resolveTemplate(ctx, template), data);
  if (!draft && hasErrors(prepared.findings)) return blockedOutcome(prepared);
  const tpl = prepared.tpl;
  let body: Buffer;
  if (options.format === 'pdf' || tpl.kind === 'letter') {
    // A PDF's page count is that of the PDF being written. Letters asked for as HTML or text
    // are laid out too (pages only, nothing drawn or written), so the "over 2 pages" warning
    // is the same in every format.
    const pdf = await layoutPdf(ctx, prepared, draft, options.format !== 'pdf');
    addPdfFindings(prepared, pdf);
    if (!draft && hasErrors(prepared.findings)) return blockedOutcome(prepared);
    body = pdf.body;
  } else {
    body = Buffer.alloc(0);
  }
  if (options.format === 'html') {
    body = Buffer.from(writeHtml({ blocks: prepared.blocks, title: tpl.title, lang: documentLanguage(tpl.lang), layout: tpl.layout, branding: ctx.branding, pictures: ctx.pictures, draft, letter: prepared.letter, creditPictures: prepared.usesPictures }), 'utf8');
  } else if (options.format === 'text') {
    body = Buffer.from(writeText({ blocks: prepared.blocks, title: tpl.title, draft, pictures: ctx.pictures, letter: prepared.letter, council: { name: ctx.branding.name, team: ctx.branding.team }, creditPictures: prepared.usesPictures, lang: documentLanguage(tpl.lang) }), 'utf8');
  }
  const reference = typeof prepared.data.reference === 'string' ? `-${prepared.data.reference.replace(/[^A-Za-z0-9-]+/g, '')}` : '';
  const extension = options.format === 'text' ? 'txt' : options.format;
  const document: ProducedDocument = {
    body,
    contentType: CONTENT_TYPES[options.format],
    format: options.format,
    sha256: sha256(body),
    filename: `${tpl.id}${reference}${draft ? '-draft' : ''}.${extension}`,
    draft,
    findings: prepared.findings,
    summary: prepared.summary,
    readability: prepared.readability,
    notApplied: prepared.notApplied,
    template: prepared.template,
    lexiconVersion: ctx.lexiconVersion,
    dataHash: prepared.dataHash,
    ...(prepared.pages !== undefined ? { pages: prepared.pages } : {}),
    ...(options.withText ? { text: prepared.text } : {}),
  };
  return { status: 'produced', document };
}

export * from './stages.js';
export * from './template-check.js';

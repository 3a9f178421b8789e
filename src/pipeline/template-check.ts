/**
 * The one check of a template version, used by `plainly templates check`, the API (a
 * version's `check`, publishing) and the web pages, so they cannot disagree:
 *
 * 1. every example is checked as a document is, PDF page rules included
 *    (`checkDocumentWithPages`): the template's own example, its named `examples:`, and
 *    examples made from the field schema that take each side of every `{{#if}}`,
 *    `{{#unless}}`, `{{#each}}` and `{{#with}}` (src/templates/examples.ts);
 * 2. the template source itself and every partial it includes are linted with placeholders
 *    opaque (`format: 'template'`), so words in a branch no example reaches are checked too
 *    (errors and warnings; readability suggestions need real sentences and come from 1).
 *
 * A finding is reported once, at its place in the file as the editor numbers it (whole-file
 * lines, front matter included), with the branch it is in ("when prepaidCard is true") and
 * the example that showed it. Any error finding, in any branch, blocks publishing.
 */
import {
  compareFindings,
  type Finding,
  type FindingSummary,
  hasErrors,
  LineIndex,
  type Position,
  summariseFindings,
} from '../core/index.js';
import { lintText, type ReadabilitySummary } from '../lint/index.js';
import { type BranchExample, branchAt, branchExamples, councilView, type Template } from '../templates/index.js';
import { type CheckResult, checkDocumentWithPages, type PipelineContext, type TemplateInfo } from './index.js';

/** A finding of a template check: positions are in the file that holds the words. */
export interface TemplateFinding extends Finding {
  /** The side of a block the words are in, e.g. "when prepaidCard is true"; absent when they are always sent. */
  branch?: string;
  /** The example that showed it (`example`, a named example, or e.g. `prepaidCard: true`); absent when only the source check did. */
  example?: string;
}

/** How one example fared. */
export interface TemplateExampleRun {
  name: string;
  label: string;
  generated: boolean;
  /** Its findings counted (absent when its data did not pass the fields, see `skipped`). */
  summary?: FindingSummary;
  pages?: number;
  /** Why a generated example was not used (its data does not pass the fields or checks). */
  skipped?: string;
}

/** The check of a template version. */
export interface TemplateCheck {
  template: TemplateInfo;
  /** True when it could be published: no error finding in any branch. */
  ok: boolean;
  findings: TemplateFinding[];
  summary: FindingSummary;
  /** Readability of the document made with its own example. */
  readability: ReadabilitySummary;
  notApplied: string[];
  /** Pages of the document made with its own example (letters and PDFs are laid out). */
  pages?: number;
  examples: TemplateExampleRun[];
  /** Sides of blocks that no example takes: their words were checked in the source only. */
  unreached: string[];
}

/** Offsets of line starts, to turn a line and column back into an offset. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

interface FileText {
  index: LineIndex;
  starts: number[];
}

function keyOf(f: Finding): string {
  if (f.origin?.kind === 'template') return `${f.ruleId}|${f.origin.file}:${f.origin.line}:${f.origin.column}`;
  if (f.origin?.kind === 'data') return `${f.ruleId}|data:${f.origin.path}|${f.actual}`;
  return `${f.ruleId}|${f.actual}|${f.reason}`;
}

/**
 * Checks a template version: every example (own, named, generated for each branch) as a
 * document, and the source of the template and its partials. Never throws for findings.
 */
export async function checkTemplate(ctx: PipelineContext, template: Template): Promise<TemplateCheck> {
  const files = new Map<string, FileText>();
  const fileText = (file: string, source: string): FileText => {
    let entry = files.get(file);
    if (!entry) files.set(file, (entry = { index: new LineIndex(source), starts: lineStarts(source) }));
    return entry;
  };
  const partialSources = new Map([...ctx.templates.partials.values()].map((p) => [p.file, p.source]));
  const sourceOf = (file: string) => (file === template.file ? template.source : partialSources.get(file));

  /** Moves a finding's positions into the file its words are written in. */
  const toFile = (f: Finding): Finding => {
    if (f.origin?.kind !== 'template') return f;
    const source = sourceOf(f.origin.file);
    if (source === undefined) return f;
    const { index, starts } = fileText(f.origin.file, source);
    const offset = (starts[f.origin.line - 1] ?? 0) + f.origin.column - 1;
    const start: Position = index.position(offset);
    const end: Position = index.position(offset + Math.max(0, f.end.offset - f.start.offset));
    return { ...f, start, end };
  };

  const found = new Map<string, TemplateFinding>();
  const add = (f: Finding, example: BranchExample | undefined) => {
    const key = keyOf(f);
    if (found.has(key)) return;
    const placed = toFile(f);
    let branch = placed.origin?.kind === 'template' ? branchAt(template.branches, placed.origin.file, placed.origin.line, placed.origin.column) : undefined;
    if (!branch && example && example.name !== 'example') branch = example.label;
    found.set(key, { ...placed, ...(branch ? { branch } : {}), ...(example ? { example: example.name } : {}) });
  };

  // 1. Every example, as a document (page rules included).
  const runs: TemplateExampleRun[] = [];
  const emitted: { file: string; line: number; column: number }[] = [];
  let own: CheckResult | undefined;
  const council = councilView(ctx.branding);
  for (const example of branchExamples(template, template.branches.conditions)) {
    const valid = template.validate(example.data);
    if (!valid.ok) {
      if (!example.generated) throw new Error(`internal: the example "${example.name}" of ${template.id} passed when the template was loaded`);
      runs.push({ name: example.name, label: example.label, generated: true, skipped: valid.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
      continue;
    }
    const result = await checkDocumentWithPages(ctx, template, example.data);
    own ??= result;
    runs.push({ name: example.name, label: example.label, generated: example.generated, summary: result.summary, ...(result.pages !== undefined ? { pages: result.pages } : {}) });
    for (const f of result.findings) add(f, example);
    // Which words this example sent, to tell which branches no example takes.
    const fill = template.body.fill({ ...valid.data, council }, template.lang);
    for (const entry of fill.log) {
      const at = entry.kind === 'text' ? template.body.texts[entry.piece] : template.body.sites[entry.site];
      if (entry.kind === 'text' && !template.body.texts[entry.piece].content.trim()) continue;
      emitted.push({ file: at.file, line: at.line, column: at.column });
    }
  }

  // 2. The source of the template and its partials, placeholders opaque.
  const lintOptions = { profile: template.profile, kind: template.kind, lang: template.lang, lexicon: ctx.lexicon, format: 'template' as const };
  const sources: { file: string; source: string }[] = [{ file: template.file, source: template.source }];
  for (const name of template.partials) {
    const partial = ctx.templates.partials.get(name);
    if (partial) sources.push({ file: partial.file, source: partial.source });
  }
  for (const { file, source } of sources) {
    for (const f of lintText(source, lintOptions).findings) {
      if (f.severity === 'suggestion') continue;
      add({ ...f, origin: { kind: 'template', file, line: f.start.line, column: f.start.column } }, undefined);
    }
  }

  // Branches no example takes.
  const inside = (r: (typeof template.branches.regions)[number], p: { file: string; line: number; column: number }) =>
    p.file === r.file &&
    (p.line > r.start.line || (p.line === r.start.line && p.column >= r.start.column)) &&
    (p.line < r.end.line || (p.line === r.end.line && p.column < r.end.column));
  const content = [...template.body.texts.filter((t) => t.content.trim()), ...template.body.sites];
  const unreached = [
    ...new Set(template.branches.regions.filter((r) => content.some((c) => inside(r, c)) && !emitted.some((e) => inside(r, e))).map((r) => r.label)),
  ];

  const findings = [...found.values()].sort((a, b) => {
    const fa = a.origin?.kind === 'template' ? (a.origin.file === template.file ? 0 : 1) : 2;
    const fb = b.origin?.kind === 'template' ? (b.origin.file === template.file ? 0 : 1) : 2;
    return fa - fb || compareFindings(a, b);
  });
  return {
    template: own!.template,
    ok: !hasErrors(findings),
    findings,
    summary: summariseFindings(findings),
    readability: own!.readability,
    notApplied: own!.notApplied,
    ...(own!.pages !== undefined ? { pages: own!.pages } : {}),
    examples: runs,
    unreached,
  };
}

export { describeTemplateFinding, findingPlace } from './finding-place.js';

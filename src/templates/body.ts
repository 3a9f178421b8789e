/**
 * Compiles a template body (Markdown + Handlebars) so that data goes in as text, never markup.
 *
 * How: the Handlebars AST is rewritten before compiling. Every `{{expression}}` becomes
 * `{{__s expression}}`, which records the value and returns a private-use *sentinel*; every
 * piece of literal template text becomes `{{__t n}}`, which records that it was emitted.
 * The filled output is therefore Markdown in which each data value is an opaque token, and
 * a log that says, for every character, whether it came from a template line or from a data
 * field. The renderer parses that Markdown once and puts the literal values back into the
 * tree's text (`src/render/fill.ts`), so `*Bob* <script>` can never become emphasis or HTML.
 *
 * The same walk checks the template before it is ever used: unknown helpers, partials and
 * fields, self-including partials and syntax errors are reported at `file:line:col`.
 */
import Handlebars from 'handlebars';
import type { FieldProblem } from '../core/index.js';
import { describeMarkdownBreach, findMarkdownLimitBreach, formatLocation } from '../core/index.js';
import { COUNCIL_FIELDS } from './branding.js';
import type { FieldSpec } from './fields.js';
import { BLOCK_HELPERS, HELPER_NAMES, TEMPLATE_HELPERS } from './helpers.js';

/* ----------------------------------------------------------------------------------------
 * Sentinels
 * -------------------------------------------------------------------------------------- */

/** First and last code point of a sentinel; the index is written with U+E010–U+E01F. */
export const SENTINEL_OPEN = '\ue000';
export const SENTINEL_CLOSE = '\ue001';
/** Matches one sentinel; group 1 holds its hex digits. */
export const SENTINEL_PATTERN = /\ue000([\ue010-\ue01f]+)\ue001/g;
/** Any code point of the sentinel alphabet (templates may not contain these). */
export const SENTINEL_CHARS = /[\ue000-\ue01f]/;

/** The sentinel for slot number `index`. */
export function sentinel(index: number): string {
  let digits = '';
  for (const digit of index.toString(16)) digits += String.fromCharCode(0xe010 + parseInt(digit, 16));
  return SENTINEL_OPEN + digits + SENTINEL_CLOSE;
}

/** The slot number written in a sentinel's digits (group 1 of SENTINEL_PATTERN). */
export function sentinelIndex(digits: string): number {
  let hex = '';
  for (const char of digits) hex += (char.charCodeAt(0) - 0xe010).toString(16);
  return parseInt(hex, 16);
}

/* ----------------------------------------------------------------------------------------
 * Types
 * -------------------------------------------------------------------------------------- */

/** A piece of literal template text, with where it is written. */
export interface TextPiece {
  file: string;
  /** 1-based line and column in `file` of the first character of `content`. */
  line: number;
  column: number;
  content: string;
}

/** A `{{placeholder}}` in a template, with where it is written. */
export interface SlotSite {
  file: string;
  line: number;
  column: number;
  /** The placeholder as written, e.g. `date letterDate`. */
  expression: string;
}

/** What one render emitted, in output order. */
export type RenderLogEntry =
  | { kind: 'text'; piece: number }
  | { kind: 'slot'; site: number; value: string; path?: string };

/** The output of filling a template: Markdown with sentinels, and where every part came from. */
export interface FillOutput {
  /** The filled Markdown; data values are sentinels (`sentinel(i)` for `slots[i]`). */
  markdown: string;
  /** Every emitted piece, in order. Concatenated, they give `markdown`. */
  log: RenderLogEntry[];
  /** The slot entries of `log`, by sentinel index. */
  slots: Extract<RenderLogEntry, { kind: 'slot' }>[];
}

/** A template body compiled for filling. Reusable: compile once per template version. */
export interface CompiledBody {
  texts: readonly TextPiece[];
  sites: readonly SlotSite[];
  /** Fills the body with `context` (data plus `council`). */
  fill(context: Record<string, unknown>, lang: string): FillOutput;
}

/** A partial: `templates/partials/<name>.md`. */
export interface PartialSource {
  name: string;
  file: string;
  source: string;
}

/* ----------------------------------------------------------------------------------------
 * The Handlebars environment (one per process: helpers are pure)
 * -------------------------------------------------------------------------------------- */

export type AnyNode = { type: string; loc?: { start: { line: number; column: number }; end: { line: number; column: number } } } & Record<string, any>;

interface FillState {
  log: RenderLogEntry[];
  slots: Extract<RenderLogEntry, { kind: 'slot' }>[];
  texts: readonly TextPiece[];
}

const hb = Handlebars.create();
hb.unregisterHelper('log'); // it would print data (personal data) to the console
for (const [name, fn] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);

/** Turns a placeholder's value into the text that goes into the document. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(valueToText).filter(Boolean).join(', ');
  if (value instanceof hb.SafeString) return value.toString();
  return ''; // an object has no sensible text; the template should name one of its fields
}

hb.registerHelper('__t', function (this: unknown, ...list: unknown[]) {
  const options = list[list.length - 1] as { data: { __fill: FillState } };
  const piece = list[0] as number;
  const state = options.data.__fill;
  state.log.push({ kind: 'text', piece });
  return state.texts[piece].content;
});

hb.registerHelper('__s', function (this: unknown, ...list: unknown[]) {
  const options = list[list.length - 1] as { hash: { site: number; p?: number }; ids?: unknown[]; data: { __fill: FillState; contextPath?: string } };
  const state = options.data.__fill;
  const text = valueToText(list[0]);
  const pathIndex = options.hash.p;
  const id = pathIndex === undefined ? undefined : options.ids?.[pathIndex];
  const entry: Extract<RenderLogEntry, { kind: 'slot' }> = { kind: 'slot', site: options.hash.site, value: text, path: dataPath(id, options.data.contextPath) };
  state.log.push(entry);
  state.slots.push(entry);
  return sentinel(state.slots.length - 1);
});

/** Joins a tracked id (relative to the block's context) with the block's context path. */
function dataPath(id: unknown, contextPath: string | undefined): string | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith('@')) return undefined; // @index and friends are not data fields
  let relative = id.replace(/^(\.\.\/)+/, '');
  if (relative === 'this' || relative === '.') relative = '';
  relative = relative.replace(/^this\./, '');
  const parts = [contextPath && !id.startsWith('../') ? contextPath : '', relative].filter(Boolean);
  return parts.join('.') || undefined;
}

/* ----------------------------------------------------------------------------------------
 * Parsing with positions
 * -------------------------------------------------------------------------------------- */

/** Parses Handlebars; a syntax error is reported at file:line:col. `firstLine` is the body's line in the file. */
export function parseHandlebars(source: string, file: string, firstLine: number): { ast?: AnyNode; problem?: FieldProblem } {
  try {
    return { ast: hb.parse(source) as unknown as AnyNode };
  } catch (error) {
    const err = error as { message?: string; lineNumber?: number; column?: number };
    let line = err.lineNumber;
    let column = err.column;
    const lexer = ((hb as unknown as { Parser: unknown }).Parser as { lexer?: { yylloc?: { first_line: number; first_column: number } } }).lexer;
    if (line === undefined && lexer?.yylloc) {
      // Jison's parse errors carry no position; the lexer still holds the offending token's.
      line = lexer.yylloc.first_line;
      column = lexer.yylloc.first_column;
    }
    const detail = String(err.message ?? 'syntax error').split('\n');
    const expecting = detail.find((l) => l.startsWith('Expecting'));
    const first = detail[0].replace(/ - \d+:\d+$/, '');
    const message = expecting ? `Handlebars syntax error: ${expecting.replace(/, got/, '; got')}` : `Handlebars syntax error: ${first}`;
    return { problem: { path: formatLocation({ file, line: (line ?? 1) + firstLine - 1, column: (column ?? 0) + 1 }), message } };
  }
}

/* ----------------------------------------------------------------------------------------
 * Checking: helpers, partials, fields
 * -------------------------------------------------------------------------------------- */

type Spec = FieldSpec | 'any';

interface Scope {
  spec: Spec;
  params: Map<string, Spec>;
  parent?: Scope;
}

const COUNCIL_SPEC: FieldSpec = {
  type: 'object',
  fields: Object.fromEntries(COUNCIL_FIELDS.map((name) => [name, name === 'addressLines' ? { type: 'list', of: { type: 'string' } } : { type: 'string' }])) as Record<string, FieldSpec>,
};

/** Context for checking one compile unit (a template and the partials it includes). */
interface CheckContext {
  problems: FieldProblem[];
  partials: ReadonlyMap<string, PartialSource>;
  partialAsts: Map<string, AnyNode | null>;
  /** Partials being checked, outermost first (to catch a partial that includes itself). */
  stack: string[];
  used: Set<string>;
}

function at(file: string, firstLine: number, node: AnyNode): string {
  const loc = node.loc?.start ?? { line: 1, column: 0 };
  return formatLocation({ file, line: loc.line + firstLine - 1, column: loc.column + 1 });
}

function listItem(spec: Spec): Spec | undefined {
  if (spec === 'any') return 'any';
  if (spec.type === 'list') return spec.of;
  if (spec.type === 'address') return { type: 'string' };
  return undefined;
}

function child(spec: Spec, part: string): Spec | undefined {
  if (spec === 'any') return 'any';
  if (spec.type === 'object') return Object.hasOwn(spec.fields, part) ? spec.fields[part] : undefined;
  if (spec.type === 'list' || spec.type === 'address') {
    if (part === 'length') return { type: 'integer' };
    if (/^\d+$/.test(part)) return listItem(spec);
  }
  return undefined;
}

const DATA_VARIABLES = new Set(['index', 'first', 'last', 'key', 'lang', 'root']);

/** Resolves a path in scope; returns its spec, or a message saying why it does not exist. */
function resolve(path: AnyNode, scope: Scope, root: Scope): { spec?: Spec; message?: string } {
  const parts: string[] = path.parts ?? [];
  if (path.data) {
    if (parts[0] === 'root') {
      let spec: Spec | undefined = root.spec;
      for (const part of parts.slice(1)) spec = spec && child(spec, part);
      return spec ? { spec } : { message: `"${path.original}" is not a field of this template` };
    }
    return DATA_VARIABLES.has(parts[0]) ? { spec: 'any' } : { message: `"${path.original}" is not a Handlebars data variable (use @index, @first, @last or @key)` };
  }
  let scope_: Scope | undefined = scope;
  for (let i = 0; i < (path.depth ?? 0); i++) scope_ = scope_?.parent;
  if (!scope_) return { message: `"${path.original}" goes above the top of the data` };
  let spec: Spec | undefined;
  let rest = parts;
  if (parts.length === 0) {
    spec = scope_.spec; // `this`
  } else {
    for (let s: Scope | undefined = scope_; s && !spec; s = s.parent) {
      if (s.params.has(parts[0])) spec = s.params.get(parts[0]);
    }
    if (spec) rest = parts.slice(1);
    else spec = scope_.spec;
  }
  for (const part of rest) {
    const next: Spec | undefined = child(spec!, part);
    if (!next) return { message: `"${path.original}" is not a field of this template` };
    spec = next;
  }
  return { spec };
}

function checkExpression(node: AnyNode, scope: Scope, root: Scope, file: string, firstLine: number, ctx: CheckContext): void {
  if (!node) return;
  if (node.type === 'PathExpression') {
    const { message } = resolve(node, scope, root);
    if (message) ctx.problems.push({ path: at(file, firstLine, node), message });
  } else if (node.type === 'SubExpression') {
    checkCall(node, scope, root, file, firstLine, ctx);
  }
}

/** A helper call: `{{name params hash}}` or `(name params hash)`. */
function checkCall(node: AnyNode, scope: Scope, root: Scope, file: string, firstLine: number, ctx: CheckContext): void {
  const name = node.path?.original;
  if (node.path?.type !== 'PathExpression' || !(name in TEMPLATE_HELPERS || name === 'lookup')) {
    ctx.problems.push({ path: at(file, firstLine, node), message: `unknown helper "${name}" (helpers are: ${HELPER_NAMES.join(', ')})` });
  }
  for (const param of node.params ?? []) checkExpression(param, scope, root, file, firstLine, ctx);
  for (const pair of node.hash?.pairs ?? []) checkExpression(pair.value, scope, root, file, firstLine, ctx);
}

function checkProgram(program: AnyNode | undefined, scope: Scope, root: Scope, file: string, firstLine: number, ctx: CheckContext): void {
  for (const node of program?.body ?? []) checkStatement(node, scope, root, file, firstLine, ctx);
}

function checkStatement(node: AnyNode, scope: Scope, root: Scope, file: string, firstLine: number, ctx: CheckContext): void {
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const hasArgs = (node.params?.length ?? 0) > 0 || (node.hash?.pairs?.length ?? 0) > 0;
      if (node.path.type !== 'PathExpression') return; // a literal: prints itself
      if (hasArgs) checkCall(node, scope, root, file, firstLine, ctx);
      else if (node.path.original in TEMPLATE_HELPERS) ctx.problems.push({ path: at(file, firstLine, node), message: `helper "${node.path.original}" needs a value, e.g. {{${node.path.original} letterDate}}` });
      else checkExpression(node.path, scope, root, file, firstLine, ctx);
      return;
    }
    case 'BlockStatement': {
      const name = node.path?.original;
      if (!(BLOCK_HELPERS as readonly string[]).includes(name)) {
        ctx.problems.push({ path: at(file, firstLine, node), message: `unknown block "{{#${name}}}" (blocks are: ${BLOCK_HELPERS.map((b) => '#' + b).join(', ')})` });
        return;
      }
      if ((node.params?.length ?? 0) !== 1) {
        ctx.problems.push({ path: at(file, firstLine, node), message: `{{#${name}}} needs exactly one value` });
        return;
      }
      const param = node.params[0];
      checkExpression(param, scope, root, file, firstLine, ctx);
      let inner: Scope = scope;
      if (name === 'each' || name === 'with') {
        const target = param.type === 'PathExpression' ? resolve(param, scope, root).spec : 'any';
        let spec: Spec | undefined = target;
        if (name === 'each' && target) {
          spec = listItem(target) ?? (target !== 'any' && target.type === 'object' ? 'any' : undefined);
          if (!spec) ctx.problems.push({ path: at(file, firstLine, node), message: `{{#each}} needs a list; "${param.original}" is not one` });
        }
        const params = new Map<string, Spec>();
        const blockParams: string[] = node.program?.blockParams ?? [];
        if (blockParams[0]) params.set(blockParams[0], spec ?? 'any');
        if (blockParams[1]) params.set(blockParams[1], { type: 'integer' });
        // With block params the context does not change; without, it becomes the item.
        inner = { spec: blockParams.length ? scope.spec : (spec ?? 'any'), params, parent: scope };
      }
      checkProgram(node.program, inner, root, file, firstLine, ctx);
      checkProgram(node.inverse, scope, root, file, firstLine, ctx);
      return;
    }
    case 'PartialStatement': {
      if (node.name?.type !== 'PathExpression') {
        ctx.problems.push({ path: at(file, firstLine, node), message: 'partials must be named, e.g. {{> contact}}' });
        return;
      }
      const name: string = node.name.original;
      if ((node.params?.length ?? 0) > 0 || (node.hash?.pairs?.length ?? 0) > 0) {
        ctx.problems.push({ path: at(file, firstLine, node), message: `{{> ${name}}} takes no values` });
      }
      const partial = ctx.partials.get(name);
      if (!partial) {
        ctx.problems.push({ path: at(file, firstLine, node), message: `unknown partial "${name}" (partials are: ${[...ctx.partials.keys()].sort().join(', ') || 'none'})` });
        return;
      }
      if (ctx.stack.includes(name)) {
        ctx.problems.push({ path: at(file, firstLine, node), message: `partial "${name}" includes itself (${[...ctx.stack.slice(ctx.stack.indexOf(name)), name].join(' → ')})` });
        return;
      }
      ctx.used.add(name);
      const ast = partialAst(partial, ctx);
      if (!ast) return;
      ctx.stack.push(name);
      checkProgram(ast, scope, root, partial.file, 1, ctx);
      ctx.stack.pop();
      return;
    }
    default:
      ctx.problems.push({ path: at(file, firstLine, node), message: `${node.type.replace(/Statement$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}s are not supported in templates` });
  }
}

function partialAst(partial: PartialSource, ctx: CheckContext): AnyNode | null {
  if (!ctx.partialAsts.has(partial.name)) {
    const parsed = parseHandlebars(partial.source, partial.file, 1);
    if (parsed.problem) ctx.problems.push(parsed.problem);
    if (parsed.ast && SENTINEL_CHARS.test(partial.source)) {
      ctx.problems.push({ path: partial.file, message: 'contains private-use characters (U+E000–U+E01F), which are reserved' });
    }
    ctx.partialAsts.set(partial.name, parsed.ast ?? null);
  }
  return ctx.partialAsts.get(partial.name) ?? null;
}

/* ----------------------------------------------------------------------------------------
 * Instrumenting: placeholders become sentinels, literal text is logged
 * -------------------------------------------------------------------------------------- */

interface Unit {
  texts: TextPiece[];
  sites: SlotSite[];
}

function firstPath(nodes: AnyNode[]): AnyNode | undefined {
  for (const node of nodes) {
    if (!node) continue;
    if (node.type === 'PathExpression' && !node.data) return node;
    if (node.type === 'SubExpression') {
      const inner = firstPath([...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p: AnyNode) => p.value)]);
      if (inner) return inner;
    }
  }
  return undefined;
}

export function printExpression(node: AnyNode): string {
  switch (node?.type) {
    case 'PathExpression':
      return node.original;
    case 'StringLiteral':
      return JSON.stringify(node.value);
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return String(node.value);
    case 'SubExpression':
    case 'MustacheStatement': {
      const params = (node.params ?? []).map(printExpression);
      const hash = (node.hash?.pairs ?? []).map((p: AnyNode) => `${p.key}=${printExpression(p.value)}`);
      const inner = [printExpression(node.path), ...params, ...hash].join(' ');
      return node.type === 'SubExpression' ? `(${inner})` : inner;
    }
    default:
      return String(node?.original ?? '');
  }
}

function instrumentProgram(program: AnyNode | undefined, file: string, firstLine: number, unit: Unit): void {
  if (!program) return;
  program.body = program.body.map((node: AnyNode) => instrumentStatement(node, file, firstLine, unit));
}

function instrumentStatement(node: AnyNode, file: string, firstLine: number, unit: Unit): AnyNode {
  const loc = node.loc;
  const pathNode = (name: string) => ({ type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc });
  const numberNode = (value: number) => ({ type: 'NumberLiteral', value, original: value, loc });
  const hashNode = (pairs: Record<string, number>) => ({
    type: 'Hash',
    loc,
    pairs: Object.entries(pairs).map(([key, value]) => ({ type: 'HashPair', key, value: numberNode(value), loc })),
  });
  switch (node.type) {
    case 'ContentStatement': {
      const original: string = node.original ?? node.value;
      const value: string = node.value;
      // Whitespace control may have stripped the start; find where the kept text begins.
      const lead = value ? Math.max(0, original.indexOf(value)) : 0;
      let line = (loc?.start.line ?? 1) + firstLine - 1;
      let column = (loc?.start.column ?? 0) + 1;
      for (const char of original.slice(0, lead)) {
        if (char === '\n') {
          line++;
          column = 1;
        } else column++;
      }
      unit.texts.push({ file, line, column, content: value });
      return { type: 'MustacheStatement', path: pathNode('__t'), params: [numberNode(unit.texts.length - 1)], escaped: false, strip: { open: false, close: false }, loc };
    }
    case 'MustacheStatement': {
      const hasArgs = (node.params?.length ?? 0) > 0 || (node.hash?.pairs?.length ?? 0) > 0;
      const site = unit.sites.length;
      unit.sites.push({
        file,
        line: (loc?.start.line ?? 1) + firstLine - 1,
        column: (loc?.start.column ?? 0) + 1,
        expression: printExpression(node),
      });
      const params: AnyNode[] = [];
      const hash: Record<string, number> = { site };
      if (hasArgs) {
        params.push({ type: 'SubExpression', path: node.path, params: node.params ?? [], hash: node.hash, loc });
        const source = firstPath([...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p: AnyNode) => p.value)]);
        if (source) {
          params.push(source);
          hash.p = 1;
        }
      } else {
        params.push(node.path);
        if (node.path.type === 'PathExpression') hash.p = 0;
      }
      return { type: 'MustacheStatement', path: pathNode('__s'), params, hash: hashNode(hash), escaped: false, strip: node.strip, loc };
    }
    case 'BlockStatement':
      instrumentProgram(node.program, file, firstLine, unit);
      instrumentProgram(node.inverse, file, firstLine, unit);
      return node;
    default:
      return node;
  }
}

/* ----------------------------------------------------------------------------------------
 * Public: check and compile
 * -------------------------------------------------------------------------------------- */

/** What a body compile needs to know. */
export interface BodyOptions {
  /** File name for messages (the template's path). */
  file: string;
  /** Line in the file where the body starts (1-based). */
  firstLine: number;
  fields: Record<string, FieldSpec>;
  partials: ReadonlyMap<string, PartialSource>;
}

/**
 * Checks and compiles a body. Returns every problem found (syntax, helpers, partials,
 * fields); `body` is set only when there are none.
 */
export function compileBody(source: string, options: BodyOptions): { body?: CompiledBody; problems: FieldProblem[]; partialsUsed: string[] } {
  const problems: FieldProblem[] = [];
  if (SENTINEL_CHARS.test(source)) {
    problems.push({ path: options.file, message: 'contains private-use characters (U+E000–U+E01F), which are reserved' });
  }
  // The body is Markdown: past the Markdown limits it could never be checked or rendered, and
  // the cheap scan says so (with the place) before any work is spent on it.
  const breach = findMarkdownLimitBreach(source);
  if (breach) {
    const where = formatLocation({ file: options.file, line: options.firstLine + breach.line - 1, column: breach.column });
    return { problems: [...problems, { path: where, message: describeMarkdownBreach(breach) }], partialsUsed: [] };
  }
  const parsed = parseHandlebars(source, options.file, options.firstLine);
  if (parsed.problem) return { problems: [...problems, parsed.problem], partialsUsed: [] };
  const ast = parsed.ast!;

  const rootSpec: FieldSpec = { type: 'object', fields: { ...options.fields, council: COUNCIL_SPEC } };
  const root: Scope = { spec: rootSpec, params: new Map() };
  const ctx: CheckContext = { problems, partials: options.partials, partialAsts: new Map(), stack: [], used: new Set() };
  checkProgram(ast, root, root, options.file, options.firstLine, ctx);
  const partialsUsed = [...ctx.used].sort();
  if (problems.length) return { problems, partialsUsed };

  // Instrument the template and (a private copy of) every partial it uses.
  const unit: Unit = { texts: [], sites: [] };
  instrumentProgram(ast, options.file, options.firstLine, unit);
  const compileOptions = { trackIds: true, noEscape: true, preventIndent: true, strict: false, knownHelpersOnly: false } as const;
  const partialFns: Record<string, Handlebars.TemplateDelegate> = {};
  for (const name of partialsUsed) {
    const copy = structuredClone(ctx.partialAsts.get(name)) as AnyNode;
    instrumentProgram(copy, options.partials.get(name)!.file, 1, unit);
    partialFns[name] = hb.compile(copy as unknown as hbs.AST.Program, compileOptions);
  }
  const template = hb.compile(ast as unknown as hbs.AST.Program, compileOptions);
  const texts = unit.texts;
  const fill = (context: Record<string, unknown>, lang: string): FillOutput => {
    const state: FillState = { log: [], slots: [], texts };
    const markdown = template(context, {
      data: { __fill: state, lang },
      partials: partialFns,
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { markdown, log: state.log, slots: state.slots };
  };
  return { body: { texts, sites: unit.sites, fill }, problems, partialsUsed };
}

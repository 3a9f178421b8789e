/**
 * The branches of a template: every `{{#if}}`, `{{#unless}}`, `{{#each}}` and `{{#with}}` of
 * the body and of the partials it includes, with
 *
 * - the stretch of the file each side covers and a name for it ("when prepaidCard is true"),
 *   so a finding can say which branch it is in, at the line the editor shows; and
 * - the data fields each condition reads, so examples that take each side can be made from
 *   the field schema (`branchExamples` in examples.ts).
 */
import { type AnyNode, type PartialSource, parseHandlebars, printExpression } from './body.js';
import { type FieldSpec, fieldAt } from './fields.js';

/** One side of a block: where it is written and what has to be true to take it. */
export interface BranchRegion {
  file: string;
  /** 1-based line and column in `file` where the side starts and ends (end exclusive). */
  start: { line: number; column: number };
  end: { line: number; column: number };
  /** "when prepaidCard is true", "for each of documents", "when documents is empty". */
  label: string;
}

/** A field a condition reads, and a value it is compared with (`(eq kind "weekly")`). */
export interface ConditionField {
  /** Data path from the top (`prepaidCard`, `documents`, `lines.*.note`). */
  path: string;
  /** Set when the condition compares the field with a literal. */
  equals?: string | number | boolean;
}

/** One block condition, with where it is written. */
export interface ConditionSite {
  helper: 'if' | 'unless' | 'each' | 'with';
  /** The condition as written: `prepaidCard`, `(gt balance contingency)`. */
  expression: string;
  file: string;
  line: number;
  column: number;
  /** The fields it reads. */
  fields: ConditionField[];
}

/** The branches of a template body and its partials. */
export interface TemplateBranches {
  regions: BranchRegion[];
  conditions: ConditionSite[];
}

interface Scope {
  base: string[];
  params: Map<string, string[]>;
  parent?: Scope;
}

/** What a field's truthy/falsy sides are called: "is true", "has items", "is filled in". */
export function conditionWords(spec: FieldSpec | undefined, truthy: boolean): string {
  if (spec?.type === 'boolean') return truthy ? 'is true' : 'is false';
  if (spec?.type === 'list' || spec?.type === 'address') return truthy ? 'has items' : 'is empty';
  if (!spec) return truthy ? 'is true' : 'is false';
  return truthy ? 'is filled in' : 'is empty';
}

function resolvePath(node: AnyNode, scope: Scope): string[] | undefined {
  if (node?.type !== 'PathExpression') return undefined;
  const parts: string[] = node.parts ?? [];
  if (node.data) return parts[0] === 'root' ? parts.slice(1) : undefined;
  let s: Scope | undefined = scope;
  for (let i = 0; i < (node.depth ?? 0); i++) s = s?.parent;
  if (!s) return undefined;
  if (parts.length && !node.original.startsWith('this')) {
    for (let p: Scope | undefined = s; p; p = p.parent) {
      const param = p.params.get(parts[0]);
      if (param) return [...param, ...parts.slice(1)];
    }
  }
  return [...s.base, ...parts];
}

/** The fields an expression reads (paths, and paths inside helper calls), with compared literals. */
function fieldsOf(node: AnyNode, scope: Scope): ConditionField[] {
  if (!node) return [];
  if (node.type === 'PathExpression') {
    const path = resolvePath(node, scope);
    return path && path.length ? [{ path: path.join('.') }] : [];
  }
  if (node.type !== 'SubExpression') return [];
  const params: AnyNode[] = node.params ?? [];
  const out = params.flatMap((param) => fieldsOf(param, scope));
  const name = node.path?.original;
  if (['eq', 'ne', 'gt', 'gte', 'lt', 'lte'].includes(name) && params.length === 2) {
    const [a, b] = params;
    const literal = (n: AnyNode) => ['StringLiteral', 'NumberLiteral', 'BooleanLiteral'].includes(n?.type);
    const pathSide = literal(a) ? b : literal(b) ? a : undefined;
    const valueSide = pathSide === a ? b : a;
    const path = pathSide && resolvePath(pathSide, scope);
    if (path && path.length) out.push({ path: path.join('.'), equals: valueSide.value });
  }
  return out;
}

interface Walk {
  file: string;
  firstLine: number;
  fields: Record<string, FieldSpec>;
  partials: ReadonlyMap<string, PartialSource>;
  out: TemplateBranches;
  seenPartials: Set<string>;
  /** Names of the sides being walked, outermost first (a partial included there takes them on). */
  within: string[];
}

function position(loc: { line: number; column: number }, firstLine: number) {
  return { line: loc.line + firstLine - 1, column: loc.column + 1 };
}

function labels(helper: string, param: AnyNode, scope: Scope, fields: Record<string, FieldSpec>): [string, string] {
  const expression = printExpression(param);
  const path = param.type === 'PathExpression' ? resolvePath(param, scope) : undefined;
  const spec = path ? fieldAt(fields, path.join('.')) : undefined;
  const yes = `when ${expression} ${conditionWords(spec, true)}`;
  const no = `when ${expression} ${conditionWords(spec, false)}`;
  switch (helper) {
    case 'unless':
      return [no, yes];
    case 'each':
      return [`for each of ${expression}`, `when ${expression} is empty`];
    default:
      return [yes, no];
  }
}

function walkProgram(program: AnyNode | undefined, scope: Scope, w: Walk): void {
  for (const node of program?.body ?? []) walkStatement(node, scope, w);
}

function walkStatement(node: AnyNode, scope: Scope, w: Walk): void {
  if (node.type === 'PartialStatement') {
    const name = node.name?.original;
    const partial = typeof name === 'string' ? w.partials.get(name) : undefined;
    if (!partial || w.seenPartials.has(name)) return;
    w.seenPartials.add(name);
    // Included inside a block: the whole partial is in that branch.
    if (w.within.length) {
      const lines = partial.source.split('\n');
      w.out.regions.push({ file: partial.file, start: { line: 1, column: 1 }, end: { line: lines.length, column: lines[lines.length - 1].length + 2 }, label: w.within.map((l, i) => (i > 0 ? l.replace(/^when /, '') : l)).join(' and ') });
    }
    const parsed = parseHandlebars(partial.source, partial.file, 1);
    if (parsed.ast) walkProgram(parsed.ast, scope, { ...w, file: partial.file, firstLine: 1 });
    return;
  }
  if (node.type !== 'BlockStatement') return;
  const helper = node.path?.original as ConditionSite['helper'];
  const param: AnyNode | undefined = node.params?.[0];
  if (!param || !['if', 'unless', 'each', 'with'].includes(helper)) return;
  const start = position(node.loc?.start ?? { line: 1, column: 0 }, w.firstLine);
  w.out.conditions.push({ helper, expression: printExpression(param), file: w.file, line: start.line, column: start.column, fields: fieldsOf(param, scope) });
  const [yes, no] = labels(helper, param, scope, w.fields);
  for (const [program, label] of [[node.program, yes], [node.inverse, no]] as const) {
    if (!program?.loc) continue;
    w.out.regions.push({ file: w.file, start: position(program.loc.start, w.firstLine), end: position(program.loc.end, w.firstLine), label });
  }
  let inner = scope;
  const target = resolvePath(param, scope);
  if ((helper === 'each' || helper === 'with') && target) {
    const base = helper === 'each' ? [...target, '*'] : target;
    const blockParams: string[] = node.program?.blockParams ?? [];
    const params = new Map<string, string[]>();
    if (blockParams[0]) params.set(blockParams[0], base);
    inner = { base: blockParams.length ? scope.base : base, params, parent: scope };
  }
  walkProgram(node.program, inner, { ...w, within: [...w.within, yes] });
  walkProgram(node.inverse, scope, { ...w, within: [...w.within, no] });
}

/** The branches of a body (and of the partials it includes), read from its Handlebars. */
export function templateBranches(bodySource: string, file: string, firstLine: number, fields: Record<string, FieldSpec>, partials: ReadonlyMap<string, PartialSource>): TemplateBranches {
  const out: TemplateBranches = { regions: [], conditions: [] };
  const parsed = parseHandlebars(bodySource, file, firstLine);
  if (!parsed.ast) return out;
  walkProgram(parsed.ast, { base: [], params: new Map() }, { file, firstLine, fields, partials, out, seenPartials: new Set(), within: [] });
  return out;
}

const before = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column <= b.column);

/** The sides of blocks that hold `file:line:column`, outermost first, as one name ("when a is true and b is empty"). */
export function branchAt(branches: TemplateBranches, file: string, line: number, column: number): string | undefined {
  const at = { line, column };
  const holding = branches.regions.filter((r) => r.file === file && before(r.start, at) && before(at, r.end) && !(r.end.line === line && r.end.column === column));
  if (!holding.length) return undefined;
  // Regions were pushed outer before inner (pre-order walk), so their order is already outermost first.
  return holding.map((r, i) => (i > 0 ? r.label.replace(/^when /, '') : r.label)).join(' and ');
}

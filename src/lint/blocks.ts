/**
 * Finds the prose in a document: which stretches of the text are headings, paragraphs, list
 * items, table cells, quotes and picture descriptions, and which suppression comments apply
 * to them. Code, inline code, link addresses and raw HTML are not prose.
 */
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { splitProse } from './mask.js';
import type { Block, BlockType, Run, Suppression } from './types.js';

const SUPPRESSION = /^<!--\s*plainly-ignore\b([\s\S]*?)-->\s*$/;

/** Reads a `plainly-ignore` comment; undefined when the HTML is something else. */
export function parseSuppression(html: string, start: number, end: number): Suppression | undefined {
  const match = SUPPRESSION.exec(html.trim());
  if (!match) return undefined;
  const body = match[1].trim();
  const colon = body.indexOf(':');
  const rulesPart = colon >= 0 ? body.slice(0, colon) : body;
  const reason = colon >= 0 ? body.slice(colon + 1).trim() : '';
  const rules = rulesPart.split(/[\s,]+/).filter(Boolean);
  return { rules, reason, start, end, used: false };
}

interface Builder {
  text: string;
  blocks: Block[];
  /** Suppressions from comments, waiting for the next block. */
  pending: Suppression[];
  /** Every suppression seen (including ones that never found a block). */
  all: Suppression[];
}

function offsets(node: Nodes): [number, number] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : [start, end];
}

/**
 * Collects the prose runs of inline content. Recursive, in document order: inline nesting
 * (emphasis in a link in emphasis…) needs a pair of marks a level, and the Markdown limits
 * (core markdown-limits.ts) allow 300 marks a paragraph, so it stays a few hundred frames deep.
 */
function inlineRuns(builder: Builder, node: Nodes, runs: Run[], state: { barrier: boolean; breaks?: number[] }, suppressions: Suppression[]): void {
  switch (node.type) {
    case 'text': {
      const range = offsets(node);
      // A text that ends in a URL or an e-mail address (an autolink is a link whose text is
      // all URL) leaves a barrier for the next node: a phrase never runs across one.
      if (range) state.barrier = splitProse(builder.text, range[0], range[1], state.barrier, runs);
      return;
    }
    case 'inlineCode':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      state.barrier = true;
      return;
    case 'html': {
      const range = offsets(node);
      const suppression = range ? parseSuppression(node.value, range[0], range[1]) : undefined;
      if (suppression) {
        suppressions.push(suppression);
        builder.all.push(suppression);
      }
      state.barrier = true;
      return;
    }
    case 'break': {
      // A hard line break ("  " or "\\" at the end of a line): signatures and addresses.
      const range = offsets(node);
      if (range) (state.breaks ??= []).push(range[0]);
      return;
    }
    default:
      if ('children' in node) for (const child of node.children as Nodes[]) inlineRuns(builder, child, runs, state, suppressions);
  }
}

function addBlock(builder: Builder, type: BlockType, node: Nodes, runs: Run[], suppressions: Suppression[], breaks?: number[]): void {
  const range = offsets(node);
  if (!range || runs.length === 0) {
    // Nothing to lint; a comment aimed at it still waits for the next block.
    return;
  }
  const block: Block = { type, start: range[0], end: range[1], runs, suppressions, firstToken: 0, endToken: 0 };
  if (breaks) block.breaks = breaks;
  builder.blocks.push(block);
}

/** True when some text inside `node` has no position (so its words could not be found). Iterative: any depth. */
function lostPositions(node: Nodes): boolean {
  const stack: Nodes[] = [node];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.type === 'text') {
      if (offsets(next) === undefined) return true;
    } else if ('children' in next) {
      stack.push(...(next.children as Nodes[]));
    }
  }
  return false;
}

// Inline code and HTML tags in a block's source, for the fallback below.
const INLINE_NOT_PROSE = /(`+)[\s\S]*?\1|<[^<>\n]*>/g;

/**
 * The prose runs of a block read from its source, for a tree whose inline nodes lost their
 * positions. remark-gfm does that when it autolinks an address in a paragraph that also has an
 * unmatched "[" ("We will reclaim it [see www.example.org"): its find-and-replace pass makes
 * new nodes without positions. Skipping them would let any word in that paragraph through the
 * check, so the whole source of the block is read instead, with inline code and HTML tags
 * taken out (link addresses go as every URL does).
 */
function sourceRuns(builder: Builder, node: Nodes, runs: Run[]): void {
  const range = offsets(node);
  if (!range) return;
  const source = builder.text.slice(range[0], range[1]);
  let cursor = 0;
  let barrier = true;
  INLINE_NOT_PROSE.lastIndex = 0;
  for (let match = INLINE_NOT_PROSE.exec(source); match; match = INLINE_NOT_PROSE.exec(source)) {
    if (match.index > cursor) splitProse(builder.text, range[0] + cursor, range[0] + match.index, barrier, runs);
    barrier = true;
    cursor = match.index + match[0].length;
  }
  if (source.length > cursor) splitProse(builder.text, range[0] + cursor, range[1], barrier, runs);
}

function inlineBlock(builder: Builder, type: BlockType, node: Parents, inherited: Suppression[]): void {
  const runs: Run[] = [];
  const suppressions = [...inherited, ...builder.pending];
  builder.pending = [];
  const state: { barrier: boolean; breaks?: number[] } = { barrier: true };
  inlineRuns(builder, node, runs, state, suppressions);
  if (lostPositions(node)) {
    runs.length = 0;
    sourceRuns(builder, node, runs);
  }
  addBlock(builder, type, node, runs, suppressions, state.breaks);
}

/** The `alt="…"` attribute of a `:::row{…}` directive, located in the source. */
function altBlock(builder: Builder, node: Nodes & { attributes?: Record<string, string | null | undefined> | null }, inherited: Suppression[]): void {
  const alt = node.attributes?.alt;
  const range = offsets(node);
  if (!alt || !range) return;
  const firstLine = builder.text.slice(range[0], builder.text.indexOf('\n', range[0]) >= 0 ? builder.text.indexOf('\n', range[0]) : range[1]);
  const attr = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]+))/.exec(firstLine);
  if (!attr) return;
  const value = attr[1] ?? attr[2] ?? attr[3] ?? '';
  const valueStart = range[0] + attr.index + attr[0].length - value.length - (attr[3] === undefined ? 1 : 0);
  const runs: Run[] = [];
  splitProse(builder.text, valueStart, valueStart + value.length, true, runs);
  if (runs.length > 0) {
    builder.blocks.push({ type: 'alt', start: valueStart, end: valueStart + value.length, runs, suppressions: [...inherited], firstToken: 0, endToken: 0 });
  }
}

/**
 * Walks block-level content. `inherited`: suppressions that apply to everything inside (a list
 * after a comment). Recursive per container (quote, list, table, `:::` box): the Markdown limits
 * refuse more than 16 inside each other before any tree is built, so the stack stays shallow.
 */
function flow(builder: Builder, nodes: readonly RootContent[], inherited: Suppression[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'html': {
        const range = offsets(node);
        const suppression = range ? parseSuppression(node.value, range[0], range[1]) : undefined;
        if (suppression) {
          builder.pending.push(suppression);
          builder.all.push(suppression);
        }
        break;
      }
      case 'heading':
        inlineBlock(builder, 'heading', node, inherited);
        break;
      case 'paragraph':
        inlineBlock(builder, 'paragraph', node, inherited);
        break;
      case 'list':
      case 'blockquote':
      case 'table':
      case 'containerDirective': {
        // A comment before a list, quote, table or row covers all of it.
        const scope = [...inherited, ...builder.pending];
        builder.pending = [];
        if (node.type === 'containerDirective') altBlock(builder, node, scope);
        if (node.type === 'table') {
          for (const row of node.children) for (const cell of row.children) inlineBlock(builder, 'cell', cell, scope);
        } else if (node.type === 'list') {
          for (const item of node.children) listItem(builder, item.children, scope);
        } else if (node.type === 'blockquote') {
          quote(builder, node.children, scope);
        } else {
          flow(builder, node.children, scope);
        }
        break;
      }
      case 'leafDirective':
        inlineBlock(builder, 'paragraph', node, inherited);
        break;
      default:
        // code, thematic breaks, definitions, YAML: not prose. A pending comment skips over them.
        break;
    }
  }
}

function listItem(builder: Builder, nodes: readonly RootContent[], scope: Suppression[]): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') inlineBlock(builder, 'list-item', node, scope);
    else flow(builder, [node], scope);
  }
}

function quote(builder: Builder, nodes: readonly RootContent[], scope: Suppression[]): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') inlineBlock(builder, 'quote', node, scope);
    else flow(builder, [node], scope);
  }
}

/** The prose blocks of a Markdown tree whose positions index into `text`. */
export function blocksFromTree(tree: Root, text: string): { blocks: Block[]; suppressions: Suppression[] } {
  const builder: Builder = { text, blocks: [], pending: [], all: [] };
  flow(builder, tree.children, []);
  return { blocks: builder.blocks, suppressions: builder.all };
}

const BULLET = /^[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+/;

/**
 * The prose blocks of plain text: paragraphs are separated by blank lines; a line starting
 * with a bullet or number is its own block. A paragraph that is only a `plainly-ignore`
 * comment applies to the next block, as in Markdown.
 */
export function blocksFromText(text: string): { blocks: Block[]; suppressions: Suppression[] } {
  const blocks: Block[] = [];
  const all: Suppression[] = [];
  let pending: Suppression[] = [];
  const lines = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let paragraph: { start: number; end: number; type: BlockType } | undefined;
  const close = (): void => {
    if (!paragraph) return;
    const { start, end, type } = paragraph;
    paragraph = undefined;
    const body = text.slice(start, end);
    const suppression = parseSuppression(body, start, end);
    if (suppression) {
      pending.push(suppression);
      all.push(suppression);
      return;
    }
    const runs: Run[] = [];
    splitProse(text, start, end, true, runs);
    if (runs.length > 0) blocks.push({ type, start, end, runs, suppressions: pending, firstToken: 0, endToken: 0 });
    pending = [];
  };
  for (;;) {
    const match = lines.exec(text);
    if (!match || match[0] === '') break;
    const line = match[0].replace(/[\r\n]+$/, '');
    const start = match.index;
    const end = start + line.length;
    const comment = line.trim().startsWith('<!--') ? parseSuppression(line, start + (line.length - line.trimStart().length), end) : undefined;
    if (line.trim() === '') {
      close();
    } else if (comment) {
      // A comment line applies to the block that follows it, as in Markdown.
      close();
      pending.push(comment);
      all.push(comment);
    } else if (BULLET.test(line)) {
      close();
      const bullet = BULLET.exec(line)![0].length;
      paragraph = { start: start + bullet, end, type: 'list-item' };
    } else if (paragraph) {
      paragraph.end = end;
    } else {
      paragraph = { start: start + (line.length - line.trimStart().length), end, type: 'paragraph' };
    }
    if (lines.lastIndex >= text.length) break;
  }
  close();
  return { blocks, suppressions: all };
}

/**
 * Makes each `{{else}}` of a template (offsets from `alternativeOffsets`) a boundary inside its
 * block. The two sides are never sent together, so a phrase never runs across it (the run is
 * split, the second part behind a barrier); it ends a sentence as a hard line break does, unless
 * the next word goes on in lower case ("Here are the figures:{{else}}Your assessment found…" is
 * two sentences, never one long one; "we will {{#if card}}check your card{{else}}check your
 * account{{/if}}" stays one); and the paragraph-length rule counts one side at a time.
 * Blocks must be in document order, as `blocksFromTree` gives them.
 */
export function splitAtAlternatives(blocks: Block[], offsets: readonly number[]): void {
  let b = 0;
  for (const at of offsets) {
    while (b < blocks.length && blocks[b].end <= at) b++;
    if (b >= blocks.length) return;
    const block = blocks[b];
    if (at < block.start) continue;
    (block.alternatives ??= []).push(at);
    const runs: Run[] = [];
    for (const run of block.runs) {
      if (run.start < at && at < run.end) runs.push({ start: run.start, end: at, barrier: run.barrier }, { start: at, end: run.end, barrier: true });
      else runs.push(run.start === at ? { ...run, barrier: true } : run);
    }
    block.runs = runs;
  }
}

/**
 * Fill + parse: the one document tree. The template body is filled with sentinels in place
 * of data (see src/templates/body.ts), parsed once with the shared Markdown parser, and then
 * the literal data is put back into the tree's text. Data can therefore never become markup,
 * and the tree's positions are positions in `text` — the filled Markdown with the data
 * written out — which is exactly what lint reads and what a finding points into.
 */
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import { type FindingOrigin, LineIndex, parseMarkdown } from '../core/index.js';
import {
  type Branding,
  councilView,
  type RenderLogEntry,
  SENTINEL_PATTERN,
  sentinel,
  sentinelIndex,
  type Template,
  type TemplateData,
  fieldAt,
} from '../templates/index.js';

/** Field types whose values a line must never split (their spaces become no-break spaces in the writers). */
const KEEP_TOGETHER_TYPES = new Set(['date', 'money', 'phone', 'postcode', 'email']);

/**
 * Data values to keep on one line (see `keepTogether` in model.ts): a reference, a phone
 * number, a postcode or any value of those field types, and the council's phone number,
 * whatever their form. Dates, postcodes, phone numbers and "Mr Name" are also found by their
 * shape anywhere in the text.
 */
function keepTogetherValues(template: Template, spans: readonly DataSpan[], text: string): string[] {
  const values = new Set<string>();
  for (const span of spans) {
    if (!span.path || span.end - span.start > 40) continue;
    const value = text.slice(span.start, span.end);
    if (!/\S\s\S/.test(value) || value.includes('\n')) continue;
    const last = span.path.split('.').pop()!;
    const type = span.path.startsWith('council.') ? undefined : fieldAt(template.fields, span.path.replace(/\.\d+(?=\.|$)/g, '.*'))?.type;
    if (span.path === 'council.phone' || /ref(erence)?$/i.test(last) || (type && KEEP_TOGETHER_TYPES.has(type))) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** A stretch of `text` that came from one data field (or from branding, `council.*`). */
export interface DataSpan {
  start: number;
  end: number;
  /** Dotted data path, e.g. `recipient.name`, `documents.2`, `council.phone`. */
  path?: string;
  /** The placeholder as written in the template, e.g. `date letterDate`. */
  expression: string;
}

/** The filled, parsed document: the single tree every later stage reads. */
export interface FilledDocument {
  /** mdast tree; text holds literal data; positions index into `text`. */
  tree: Root;
  /** The filled Markdown with data written out literally. */
  text: string;
  /** Every inserted data value, in order. */
  dataSpans: DataSpan[];
  /** Where the words at `offset` (in `text`) came from: a template line or a data field. */
  originAt(offset: number): FindingOrigin | undefined;
}

interface Segment {
  /** Offsets in the sentinel Markdown. */
  sStart: number;
  sEnd: number;
  /** Offsets in the filled text. */
  fStart: number;
  fEnd: number;
  entry: RenderLogEntry;
}

/** Last index whose key is <= value (segments are sorted and contiguous). */
function findSegment(segments: readonly Segment[], value: number, key: 'sStart' | 'fStart'): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid][key] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

const STRING_KEYS = ['value', 'url', 'title', 'alt', 'label'] as const;

/**
 * Parsed trees by filled Markdown (with sentinels). Data never reaches the parser, so two
 * letters from one template that take the same branches have identical sentinel Markdown and
 * share one parse: a batch pays for parsing once per shape, not once per row. The benchmark
 * (bench/render.bench.ts) showed parsing as the largest cost of a letter.
 */
const parseCache = new Map<string, Root>();
const PARSE_CACHE_SIZE = 256;

function parseCached(markdown: string): Root {
  let tree = parseCache.get(markdown);
  if (tree) {
    // Most recently used last, so the oldest entry is the one dropped.
    parseCache.delete(markdown);
  } else {
    tree = parseMarkdown(markdown);
    if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value!);
  }
  parseCache.set(markdown, tree);
  return cloneTree(tree); // the caller fills in data: never touch the cached tree
}

/**
 * A deep copy of a parsed tree. mdast trees are plain JSON-like data (objects, arrays,
 * strings, numbers, booleans, null), so a direct copy does what `structuredClone` does at a
 * fraction of its cost; anything else is handed to `structuredClone`.
 */
function cloneTree<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneTree(value[i]);
    return out as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = cloneTree((value as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * Fills a template with validated data and parses the result into the document tree.
 * @param data data that passed `template.validate`.
 */
export function fillDocument(template: Template, data: TemplateData, branding: Branding): FilledDocument {
  const output = template.body.fill({ ...data, council: councilView(branding) }, template.lang);
  const { texts, sites } = template.body;

  // Lay the log out in both coordinate systems.
  const segments: Segment[] = [];
  let s = 0;
  let f = 0;
  let slotIndex = 0;
  const parts: string[] = [];
  const dataSpans: DataSpan[] = [];
  for (const entry of output.log) {
    if (entry.kind === 'text') {
      const content = texts[entry.piece].content;
      if (!content) continue;
      segments.push({ sStart: s, sEnd: s + content.length, fStart: f, fEnd: f + content.length, entry });
      s += content.length;
      f += content.length;
      parts.push(content);
    } else {
      const mark = sentinel(slotIndex++);
      segments.push({ sStart: s, sEnd: s + mark.length, fStart: f, fEnd: f + entry.value.length, entry });
      dataSpans.push({ start: f, end: f + entry.value.length, path: entry.path, expression: sites[entry.site].expression });
      s += mark.length;
      f += entry.value.length;
      parts.push(entry.value);
    }
  }
  const text = parts.join('');
  if (s !== output.markdown.length) {
    // The log must account for every character; if it does not, positions would lie.
    throw new Error('internal: the fill log does not match the filled template');
  }

  const toFilled = (offset: number): number => {
    if (segments.length === 0) return 0;
    const seg = segments[findSegment(segments, offset, 'sStart')];
    if (offset >= seg.sEnd) return seg.fEnd + (offset - seg.sEnd);
    if (seg.entry.kind === 'text') return seg.fStart + (offset - seg.sStart);
    return offset === seg.sStart ? seg.fStart : seg.fEnd;
  };
  const lines = new LineIndex(text);
  const substitute = (value: string): string =>
    value.replace(SENTINEL_PATTERN, (_, digits: string) => output.slots[sentinelIndex(digits)]?.value ?? '');

  const tree = parseCached(output.markdown);
  const visit = (node: Node & Record<string, unknown>, parent?: Parent) => {
    if (node.position) {
      const start = toFilled(node.position.start.offset ?? 0);
      const end = toFilled(node.position.end.offset ?? 0);
      node.position = { start: lines.position(start), end: lines.position(end) };
    }
    for (const key of STRING_KEYS) {
      if (typeof node[key] === 'string' && (node[key] as string).includes('\ue000')) node[key] = substitute(node[key] as string);
    }
    if (node.attributes && typeof node.attributes === 'object') {
      const attributes = node.attributes as Record<string, unknown>;
      for (const [name, value] of Object.entries(attributes)) if (typeof value === 'string') attributes[name] = substitute(value);
    }
    const children = (node as unknown as Parent).children;
    if (Array.isArray(children)) {
      for (const childNode of [...children]) visit(childNode as Node & Record<string, unknown>, node as unknown as Parent);
    }
    if (node.type === 'text' && parent && typeof node.value === 'string' && node.value.includes('\n') && isFromData(node)) {
      splitLines(node, parent);
    }
  };
  const isFromData = (node: Node): boolean => {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? 0;
    return dataSpans.some((span) => span.start < end && span.end > start && text.slice(span.start, span.end).includes('\n'));
  };
  // Line breaks typed into free-text fields are kept as line breaks, not folded into spaces.
  const splitLines = (node: Node & Record<string, unknown>, parent: Parent) => {
    const value = node.value as string;
    const start = node.position?.start.offset ?? 0;
    const exact = text.slice(start, node.position?.end.offset ?? 0) === value;
    const replacement: Node[] = [];
    let offset = 0;
    for (const [index, line] of value.split('\n').entries()) {
      if (index > 0) {
        replacement.push({ type: 'break', position: exact ? { start: lines.position(start + offset - 1), end: lines.position(start + offset) } : node.position } as Node);
      }
      if (line) {
        replacement.push({ type: 'text', value: line, position: exact ? { start: lines.position(start + offset), end: lines.position(start + offset + line.length) } : node.position } as Node);
      }
      offset += line.length + 1;
    }
    const at = parent.children.indexOf(node as never);
    parent.children.splice(at, 1, ...(replacement as never[]));
  };
  visit(tree as unknown as Node & Record<string, unknown>);
  const keep = keepTogetherValues(template, dataSpans, text);
  if (keep.length) tree.data = { ...(tree.data ?? {}), keepTogether: keep } as Root['data'];

  const originAt = (offset: number): FindingOrigin | undefined => {
    if (segments.length === 0) return undefined;
    let index = findSegment(segments, offset, 'fStart');
    // An empty data value has no width; prefer the segment that holds the offset.
    while (index + 1 < segments.length && segments[index].fEnd <= offset && segments[index + 1].fStart <= offset) index++;
    const seg = segments[index];
    if (seg.entry.kind === 'slot') {
      if (seg.entry.path) return { kind: 'data', path: seg.entry.path };
      const site = sites[seg.entry.site];
      return { kind: 'template', file: site.file, line: site.line, column: site.column };
    }
    const piece = texts[seg.entry.piece];
    let line = piece.line;
    let column = piece.column;
    const upTo = Math.min(offset - seg.fStart, piece.content.length);
    for (let i = 0; i < upTo; i++) {
      if (piece.content.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    return { kind: 'template', file: piece.file, line, column };
  };

  return { tree, text, dataSpans, originAt };
}

/**
 * The writers' view of the one document tree: a small list of blocks (headings, paragraphs,
 * lists, tables, Easy Read rows) with styled inline runs. HTML, PDF and text are all written
 * from this view of the same mdast tree, so they say exactly the same thing.
 */
import type { Nodes, Root, RootContent, PhrasingContent, TableRow } from 'mdast';

/** A run of text with its styles. */
export interface TextRun {
  kind: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  /** Link target (http, https, mailto or tel only). */
  link?: string;
}

/** A hard line break. */
export interface BreakRun {
  kind: 'break';
}

export type Inline = TextRun | BreakRun;

/** Offsets into the filled text, for structure findings. */
export interface Span {
  start: number;
  end: number;
}

export type Block =
  | ({ type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; inlines: Inline[] } & Span)
  | ({ type: 'paragraph'; inlines: Inline[] } & Span)
  | ({ type: 'list'; ordered: boolean; startNumber: number; items: Block[][] } & Span)
  | ({ type: 'table'; align: ('left' | 'right' | 'center' | null)[]; header: Inline[][]; rows: Inline[][][]; writeIn?: boolean } & Span)
  | ({ type: 'row'; picture?: string; alt?: string; blocks: Block[] } & Span)
  | ({ type: 'quote'; blocks: Block[] } & Span)
  | ({ type: 'code'; text: string } & Span)
  | ({ type: 'rule' } & Span)
  | ({ type: 'unknown'; name: string; blocks: Block[] } & Span);

/** The container directive whose tables' empty cells are spaces to write in (signatures, dates). */
export const WRITE_IN = 'write-in';

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

function span(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

interface Style {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  link?: string;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr';
/** "31 December 2020", "5 April" */
const DATE = new RegExp(`\\b(\\d{1,2}) (${MONTHS})\\b(?: (\\d{4})\\b)?`, 'g');
/** "NM1 1AA" (the outward and inward codes of a UK postcode) */
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?) (\d[ABD-HJLNP-UW-Z]{2})\b/g;
/** "0161 496 0123", "07700 900123", "+44 161 496 0123": groups of digits after 0 or +44 */
const PHONE = /(?<![\w+£.,])(?:\+44 ?|0)\d{2,5}(?: \d{2,4}){1,3}(?![\w£])/g;
/** "Mr Adeyemi": a title and the name after it */
const TITLE = /\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Sir|Dame|Lady|Lord)\.? (?=\p{Lu})/gu;
const TITLE_START = /\b(?:M[rsx]|Miss|Dr|Prof|Rev|Sir|Dame|Lady|Lord)\.? \p{Lu}/u;
const HAS_DIGIT_OR_TITLE = /\d|\b(?:M[rsx]|Miss|Dr|Prof|Rev|Sir|Dame|Lady|Lord)\b/;

/**
 * Puts no-break spaces (U+00A0) inside the values a line must never split — a date, a
 * postcode, a phone number, "Mr Adeyemi", and the `keep` values (data the fill marked, such
 * as a reference with a space in it). The PDF line breaker keeps them on one line and draws a
 * plain space; the HTML writer wraps them in a `nowrap` span; the text writer keeps them
 * whole when it wraps. Money ("£1,234.56", "−£12.50") has no spaces to break at.
 */
export function keepTogether(text: string, keep: readonly string[] = []): string {
  let out = text;
  for (const value of keep) if (out.includes(value)) out = out.split(value).join(value.replace(/ /g, '\u00a0'));
  if (!HAS_DIGIT_OR_TITLE.test(out)) return out;
  // Cheap tests first: most runs hold none of these.
  if (/\d [A-Z]/.test(out)) out = out.replace(DATE, (_, day: string, month: string, year?: string) => `${day}\u00a0${month}${year ? `\u00a0${year}` : ''}`);
  if (/\d \d[A-Z]{2}/.test(out)) out = out.replace(POSTCODE, '$1\u00a0$2');
  if (/\d \d/.test(out)) {
    out = out.replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, '').replace(/^44/, '0');
      return digits.length >= 10 && digits.length <= 11 ? phone.replace(/ /g, '\u00a0') : phone;
    });
  }
  return TITLE_START.test(out) ? out.replace(TITLE, (title) => `${title.slice(0, -1)}\u00a0`) : out;
}

/** Flattens phrasing content into runs; merges neighbours with the same style. */
export function inlines(nodes: readonly PhrasingContent[] | readonly Nodes[], style: Style = {}, out: Inline[] = [], keep: readonly string[] = documentKeep): Inline[] {
  const push = (raw: string, s: Style) => {
    if (!raw) return;
    const text = keepTogether(raw, keep);
    const last = out[out.length - 1];
    if (last && last.kind === 'text' && last.bold === s.bold && last.italic === s.italic && last.code === s.code && last.strike === s.strike && last.link === s.link) {
      last.text += text;
    } else {
      out.push({ kind: 'text', text, ...(s.bold ? { bold: true } : {}), ...(s.italic ? { italic: true } : {}), ...(s.code ? { code: true } : {}), ...(s.strike ? { strike: true } : {}), ...(s.link ? { link: s.link } : {}) });
    }
  };
  for (const node of nodes as Nodes[]) {
    switch (node.type) {
      case 'text':
        // Soft line breaks inside a paragraph read as spaces.
        push(node.value.replace(/[ \t]*\n[ \t]*/g, ' '), style);
        break;
      case 'strong':
        inlines(node.children, { ...style, bold: true }, out, keep);
        break;
      case 'emphasis':
        inlines(node.children, { ...style, italic: true }, out, keep);
        break;
      case 'delete':
        inlines(node.children, { ...style, strike: true }, out, keep);
        break;
      case 'inlineCode':
        push(node.value, { ...style, code: true });
        break;
      case 'break':
        out.push({ kind: 'break' });
        break;
      case 'link': {
        const url = node.url.trim();
        inlines(node.children, { ...style, link: SAFE_LINK.test(url) ? url : undefined }, out, keep);
        break;
      }
      case 'linkReference':
        inlines(node.children, style, out, keep);
        break;
      case 'image':
      case 'imageReference':
        push(node.alt ?? '', style);
        break;
      case 'html':
        // Raw HTML is not passed through: comments vanish, anything else shows as written.
        if (!/^<!--[\s\S]*-->$/.test(node.value.trim())) push(node.value, style);
        break;
      case 'textDirective':
        // `:name` in running text is almost always not meant as a directive ("Note:this").
        push(`:${node.name}`, style);
        inlines(node.children, style, out, keep);
        break;
      case 'footnoteReference':
        push(`[${node.identifier}]`, style);
        break;
      default:
        if ('children' in node && Array.isArray(node.children)) inlines(node.children as PhrasingContent[], style, out, keep);
        else if ('value' in node && typeof node.value === 'string') push(node.value, style);
    }
  }
  return out;
}

/** The plain text of runs (breaks as newlines). */
export function plainText(runs: readonly Inline[]): string {
  return runs.map((run) => (run.kind === 'break' ? '\n' : run.text)).join('');
}

function trimRuns(runs: Inline[]): Inline[] {
  while (runs.length && runs[0].kind === 'text' && !(runs[0] as TextRun).text.trim()) runs.shift();
  while (runs.length && runs[runs.length - 1].kind === 'break') runs.pop();
  const first = runs[0];
  if (first?.kind === 'text') first.text = first.text.replace(/^\s+/, '');
  const last = runs[runs.length - 1];
  if (last?.kind === 'text') last.text = last.text.replace(/\s+$/, '');
  return runs.filter((run) => run.kind === 'break' || run.text !== '');
}

function tableCells(row: TableRow): Inline[][] {
  return row.children.map((cell) => trimRuns(inlines(cell.children)));
}

function blocksOf(nodes: readonly RootContent[]): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    const at = span(node);
    switch (node.type) {
      case 'heading':
        out.push({ type: 'heading', depth: node.depth, inlines: trimRuns(inlines(node.children)), ...at });
        break;
      case 'paragraph': {
        const runs = trimRuns(inlines(node.children));
        if (runs.length) out.push({ type: 'paragraph', inlines: runs, ...at }); // an empty optional field leaves nothing
        break;
      }
      case 'list':
        out.push({
          type: 'list',
          ordered: Boolean(node.ordered),
          startNumber: node.start ?? 1,
          items: node.children.map((item) => blocksOf(item.children)).filter((item) => item.length > 0),
          ...at,
        });
        break;
      case 'table':
        out.push({
          type: 'table',
          align: (node.align ?? []).map((a) => a ?? null),
          header: node.children[0] ? tableCells(node.children[0]) : [],
          rows: node.children.slice(1).map(tableCells),
          ...at,
        });
        break;
      case 'blockquote':
        out.push({ type: 'quote', blocks: blocksOf(node.children), ...at });
        break;
      case 'code':
        out.push({ type: 'code', text: node.value, ...at });
        break;
      case 'thematicBreak':
        out.push({ type: 'rule', ...at });
        break;
      case 'containerDirective':
      case 'leafDirective': {
        // A `[label]` on a container directive is its first paragraph, marked directiveLabel.
        const content = node.type === 'containerDirective' ? (node.children as RootContent[]).filter((c) => !(c.type === 'paragraph' && (c.data as { directiveLabel?: boolean } | undefined)?.directiveLabel)) : [];
        const children = node.type === 'containerDirective' ? blocksOf(content) : [{ type: 'paragraph', inlines: inlines(node.children), ...at } as Block];
        if (node.name === WRITE_IN && node.type === 'containerDirective' && children.some((b) => b.type === 'table')) {
          // `:::write-in` marks its tables: their empty cells are spaces to write in by hand.
          for (const block of children) if (block.type === 'table') block.writeIn = true;
          out.push(...children);
        } else if (node.name === 'row') {
          const attributes = node.attributes ?? {};
          out.push({ type: 'row', picture: attributes.picture ?? undefined, alt: attributes.alt ?? undefined, blocks: children, ...at });
        } else {
          out.push({ type: 'unknown', name: node.name, blocks: children, ...at });
        }
        break;
      }
      case 'html':
        if (!/^<!--[\s\S]*-->$/.test(node.value.trim())) out.push({ type: 'paragraph', inlines: [{ kind: 'text', text: node.value }], ...at });
        break;
      default:
        if ('children' in node && Array.isArray(node.children)) out.push(...blocksOf(node.children as RootContent[]));
    }
  }
  return out;
}

/** The `keep` values of the document being turned into blocks (see `keepTogether`). */
let documentKeep: readonly string[] = [];

/**
 * The blocks of a document tree. Values the fill marked to be kept on one line
 * (`tree.data.keepTogether`: a reference, a phone number written another way) and dates,
 * postcodes, phone numbers and "Mr Name" anywhere get no-break spaces (see `keepTogether`).
 */
export function documentBlocks(tree: Root): Block[] {
  const keep = (tree.data as { keepTogether?: string[] } | undefined)?.keepTogether;
  documentKeep = keep ?? [];
  try {
    return alignMoneyColumns(blocksOf(tree.children));
  } finally {
    documentKeep = [];
  }
}

/** An amount of money as the `money` helper writes it: "£1,234.56", "£75", "−£12.50". */
const MONEY = /^[\u2212-]?£\d{1,3}(?:,\d{3})*(\.\d{2})?$/;

/**
 * A money column shows the same number of decimals on every row: when any amount in a table
 * column has pence, whole pounds in it are written "£155.00", not "£155" (the `money` helper
 * leaves pence off whole pounds, which reads better in a sentence).
 */
function alignMoneyColumns(blocks: Block[]): Block[] {
  walkBlocks(blocks, (block) => {
    if (block.type !== 'table') return;
    const columns = Math.max(0, ...block.rows.map((row) => row.length));
    for (let i = 0; i < columns; i++) {
      const cells = block.rows.map((row) => row[i]).filter((cell): cell is Inline[] => Boolean(cell) && plainText(cell).trim() !== '');
      const amounts = cells.map((cell) => MONEY.exec(plainText(cell).trim()));
      if (amounts.length === 0 || amounts.some((m) => !m) || !amounts.some((m) => m![1]) || amounts.every((m) => m![1])) continue;
      cells.forEach((cell, n) => {
        if (amounts[n]![1]) return;
        const last = [...cell].reverse().find((run): run is TextRun => run.kind === 'text' && /\d\s*$/.test(run.text));
        if (last) last.text = last.text.replace(/(\d)(\s*)$/, '$1.00$2');
      });
    }
  });
  return blocks;
}

/** The document's headline: the text of its first level-1 heading. */
export function headline(blocks: readonly Block[]): string | undefined {
  const h1 = blocks.find((b) => b.type === 'heading' && b.depth === 1);
  return h1 && h1.type === 'heading' ? plainText(h1.inlines) : undefined;
}

/** Visits every block, depth first. */
export function walkBlocks(blocks: readonly Block[], visit: (block: Block, insideRow: boolean) => void, insideRow = false): void {
  for (const block of blocks) {
    visit(block, insideRow);
    if (block.type === 'list') for (const item of block.items) walkBlocks(item, visit, insideRow);
    if (block.type === 'row') walkBlocks(block.blocks, visit, true);
    if (block.type === 'quote' || block.type === 'unknown') walkBlocks(block.blocks, visit, insideRow);
  }
}

/**
 * The visible text of an HTML page, as blocks. parse5 parses the page as a browser would
 * (WHATWG HTML), so broken markup reads as the browser shows it. Left out, because nobody
 * reading the page sees it: the head, scripts, styles, templates, `noscript`, SVG and MathML,
 * form controls' hidden values, and any element that is `hidden`, `aria-hidden="true"`, or
 * styled `display: none` / `visibility: hidden` in its own `style` attribute. Text that is
 * only visually hidden for screen readers (a `visually-hidden` class) is kept: people hear it.
 */
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import type { TextBlock } from './types.js';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

const SKIPPED = new Set(['head', 'script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'select', 'textarea', 'input', 'button']);

/** Elements that start and end a block of their own. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'legend', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br',
]);

const HEADING = /^h[1-6]$/;

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** True when the element, and so everything in it, is not shown. */
export function isHidden(element: Element): boolean {
  if (SKIPPED.has(element.tagName)) return true;
  if (element.attrs.some((attr) => attr.name === 'hidden')) return true;
  if ((attribute(element, 'aria-hidden') ?? '').trim().toLowerCase() === 'true') return true;
  const style = (attribute(element, 'style') ?? '').toLowerCase().replace(/\s+/g, '');
  return /(^|;)display:none(!important)?(;|$)/.test(style) || /(^|;)visibility:hidden(!important)?(;|$)/.test(style);
}

/**
 * Reads an HTML page into blocks of visible text (headings are h1–h6 or `role="heading"`),
 * each with the source line where its text starts.
 */
export function htmlBlocks(html: string): TextBlock[] {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const blocks: TextBlock[] = [];
  let parts: string[] = [];
  let line: number | undefined;
  let heading = 0;

  const flush = () => {
    const text = parts.join('').replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ text, heading: heading > 0, line });
    parts = [];
    line = undefined;
  };

  const walk = (node: Node) => {
    if (node.nodeName === '#text') {
      const text = (node as DefaultTreeAdapterTypes.TextNode).value;
      if (text.trim() && line === undefined) line = (node as DefaultTreeAdapterTypes.TextNode).sourceCodeLocation?.startLine;
      parts.push(text);
      return;
    }
    if (node.nodeName === '#comment' || node.nodeName === '#documentType') return;
    const element = 'tagName' in node ? (node as Element) : undefined;
    if (element && isHidden(element)) return;
    const block = element !== undefined && BLOCKS.has(element.tagName);
    const isHeading = element !== undefined && (HEADING.test(element.tagName) || attribute(element, 'role') === 'heading');
    if (block || isHeading) flush();
    if (isHeading) heading++;
    for (const child of 'childNodes' in node ? node.childNodes : []) walk(child);
    if (block || isHeading) flush();
    if (isHeading) heading--;
  };
  walk(document);
  flush();
  return blocks;
}

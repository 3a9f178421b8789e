/**
 * The HTML writer: one self-contained, semantic page — `lang` (and `dir`), one h1, header /
 * main / footer landmarks, real lists and tables (th with scope), pictures inlined as SVG
 * with role="img" and a label, data in `<bdi>` so right-to-left names stay in order, and
 * print CSS. Every character of data is escaped: it is text, never markup.
 */
import type { Branding, Layout } from '../templates/index.js';
import { type Block, type Inline, plainText } from './model.js';
import { PICTURE_CREDIT, type PictureCatalogue } from './pictures.js';
import { DRAFT_MARK } from './pdf/furniture.js';
import { documentWords } from './words.js';
import { RTL_RUN } from './pdf/fonts.js';

/** What the HTML writer needs. */
export interface HtmlInput {
  blocks: readonly Block[];
  title: string;
  lang: string;
  layout: Layout;
  branding: Branding;
  pictures: PictureCatalogue;
  draft: boolean;
  letter?: { name: string; address: string[]; date: string; reference: string };
  creditPictures: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Escapes text and isolates each right-to-left run in `<bdi>`, so a Hebrew or Arabic name
 * keeps its own direction and cannot reorder (or set the direction of) the sentence around it.
 */
function escapeIsolated(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(RTL_RUN)) {
    out += escapeHtml(text.slice(last, match.index)) + `<bdi>${escapeHtml(match[0])}</bdi>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

function inlineHtml(runs: readonly Inline[]): string {
  return runs
    .map((run) => {
      if (run.kind === 'break') return '<br>';
      let html = escapeIsolated(run.text);
      if (run.code) html = `<code>${html}</code>`;
      if (run.strike) html = `<del>${html}</del>`;
      if (run.italic) html = `<em>${html}</em>`;
      if (run.bold) html = `<strong>${html}</strong>`;
      if (run.link) html = `<a href="${escapeHtml(run.link)}">${html}</a>`;
      return html;
    })
    .join('');
}

/** An OpenMoji SVG made safe to inline many times: ids removed, labelled as an image. */
function pictureSvg(svg: string, alt: string): string {
  return svg
    .replace(/<\?xml[^>]*>/, '')
    .replace(/\s(id|xmlns:xlink)="[^"]*"/g, '')
    .replace(/<svg\b/, `<svg role="img" aria-label="${escapeHtml(alt)}" focusable="false" width="96" height="96"`)
    .trim();
}

function blockHtml(block: Block, input: HtmlInput): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.depth}>${inlineHtml(block.inlines)}</h${block.depth}>`;
    case 'paragraph':
      return `<p>${inlineHtml(block.inlines)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const start = block.ordered && block.startNumber !== 1 ? ` start="${block.startNumber}"` : '';
      const items = block.items.map((item) => {
        // A list item with one paragraph is written without the <p>, as people write lists.
        const inner = item.length === 1 && item[0].type === 'paragraph' ? inlineHtml(item[0].inlines) : item.map((b) => blockHtml(b, input)).join('');
        return `<li>${inner}</li>`;
      });
      return `<${tag}${start}>${items.join('')}</${tag}>`;
    }
    case 'table': {
      const align = (i: number) => (block.align[i] ? ` class="align-${block.align[i]}"` : '');
      const head = block.header.map((cell, i) => `<th scope="col"${align(i)}>${inlineHtml(cell)}</th>`).join('');
      const rows = block.rows.map((row) => `<tr>${block.header.map((_, i) => {
        const cell = row[i] ?? [];
        const empty = plainText(cell).trim() === '';
        const blank = empty && (block.writeIn ? 'write-in' : input.layout === 'form' ? 'blank' : '');
        return `<td${align(i)}${blank ? ` class="${blank}"` : ''}>${inlineHtml(cell)}</td>`;
      }).join('')}</tr>`).join('');
      return `<table${block.writeIn ? ' class="write-in"' : ''}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'row': {
      const picture = block.picture ? input.pictures.get(block.picture) : undefined;
      const alt = block.alt ?? picture?.alt ?? '';
      const figure = picture ? `<div class="picture">${pictureSvg(picture.svg, alt)}</div>` : '<div class="picture"></div>';
      return `<div class="row">${figure}<div class="words">${block.blocks.map((b) => blockHtml(b, input)).join('')}</div></div>`;
    }
    case 'quote':
      return `<blockquote>${block.blocks.map((b) => blockHtml(b, input)).join('')}</blockquote>`;
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'unknown':
      return block.blocks.map((b) => blockHtml(b, input)).join('');
  }
}

function css(input: HtmlInput): string {
  const easy = input.layout === 'easy-read';
  const primary = input.branding.colours.primary;
  const text = input.branding.colours.text;
  return `
:root{color-scheme:light}
body{font-family:"Atkinson Hyperlegible",Arial,sans-serif;font-size:${easy ? '1.35rem' : '1.125rem'};line-height:1.5;color:${text};background:#fff;margin:0}
.page{max-width:42rem;margin:0 auto;padding:1.5rem}
h1,h2,h3{color:${primary};line-height:1.25}
a{color:${primary};text-decoration:underline}
a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #b1b4b6;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}
.align-right{text-align:right}.align-center{text-align:center}
td.blank{height:2.4rem}
td.write-in{height:12mm;min-width:30mm}
.row{display:flex;gap:1.5rem;align-items:center;margin:1.25rem 0}
.row .picture{flex:0 0 96px}
.row .words>:first-child{margin-top:0}.row .words>:last-child{margin-bottom:0}
.letterhead{display:flex;justify-content:space-between;gap:2rem;flex-wrap:wrap;margin-bottom:2rem}
.letterhead address{font-style:normal}
.logo svg{width:10rem;height:auto}
.draft{border:4px solid #d4351c;color:#d4351c;font-weight:bold;padding:.5rem 1rem;margin-bottom:1rem}
footer{margin-top:2rem;font-size:.9em;color:#505a5f}
@media print{
 @page{size:A4;margin:20mm}
 body{font-size:12pt}
 .page{max-width:none;padding:0}
 a{color:inherit}
 .row,tr,h1,h2,h3{break-inside:avoid}
 h2,h3{break-after:avoid}
 .draft{position:fixed;top:0;left:0;right:0}
}`;
}

/** Writes the document as one HTML page (UTF-8, no external resources). */
export function writeHtml(input: HtmlInput): string {
  const b = input.branding;
  const dir = /^(ar|he|fa|ur)\b/.test(input.lang) ? 'rtl' : 'ltr';
  const title = input.draft ? `${DRAFT_MARK}: ${input.title}` : input.title;
  const logo = b.logoSvg ? `<div class="logo">${b.logoSvg.replace(/<\?xml[^>]*>/, '').replace(/<svg\b/, `<svg role="img" aria-label="${escapeHtml(b.logoAlt ?? b.name)}"`).trim()}</div>` : '';
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>');
  parts.push(`<html lang="${escapeHtml(input.lang)}" dir="${dir}">`);
  parts.push(`<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${css(input)}</style></head>`);
  parts.push('<body><div class="page">');
  if (input.draft) parts.push(`<p class="draft" role="note">${escapeHtml(DRAFT_MARK)}</p>`);
  parts.push('<header class="letterhead">');
  if (input.letter) {
    const l = input.letter;
    parts.push(`<address class="recipient">${[l.name, ...l.address].map((line) => `<bdi>${escapeHtml(line)}</bdi>`).join('<br>')}</address>`);
    const words = documentWords(input.lang);
    parts.push(`<div class="sender">${logo}<address><strong>${escapeHtml(b.team)}</strong><br>${[b.name, ...b.address.filter((line) => line !== b.name)].map(escapeHtml).join('<br>')}<br>${words.phone}: ${escapeHtml(b.phone)}<br>${escapeHtml(b.email)}</address>`);
    parts.push(`<p>${escapeHtml(l.date)}<br>${words.ourReference}: <bdi>${escapeHtml(l.reference)}</bdi></p></div>`);
  } else {
    parts.push(`<p class="council">${escapeHtml(b.name)}</p>${logo}`);
  }
  parts.push('</header>');
  parts.push('<main>');
  parts.push(input.blocks.map((block) => blockHtml(block, input)).join('\n'));
  parts.push('</main>');
  const footer: string[] = [];
  if (input.creditPictures) footer.push(`<p>${escapeHtml(PICTURE_CREDIT)}</p>`);
  footer.push(`<p>${escapeHtml(b.name)} · ${escapeHtml(b.phone)} · ${escapeHtml(b.email)}</p>`);
  parts.push(`<footer>${footer.join('')}</footer>`);
  parts.push('</div></body></html>');
  return parts.join('\n') + '\n';
}

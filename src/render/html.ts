/**
 * The HTML writer: one self-contained, semantic page — `lang` (and `dir`), one h1, header /
 * main / footer landmarks, real lists and tables (th with scope), pictures inlined as SVG
 * with role="img" and a label, data in `<bdi>` so right-to-left names stay in order, and
 * print CSS. Every character of data is escaped: it is text, never markup.
 */
import { escapeHtml } from '../core/index.js';
import type { Branding, Layout } from '../templates/index.js';
import { type Block, type Inline, keepTogether, plainText } from './model.js';
import { PICTURE_CREDIT, type PictureCatalogue } from './pictures.js';
import { DRAFT_MARK } from './pdf/furniture.js';
import { documentWords } from './words.js';
import fs from 'node:fs';
import { RTL_RUN, resolveFontFile } from './pdf/fonts.js';

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

/** The letter font's files, served with the page (inlined, so the page stays one file). */
const PAGE_FONTS = [
  { weight: 400, file: '@expo-google-fonts/atkinson-hyperlegible/400Regular/AtkinsonHyperlegible_400Regular.ttf' },
  { weight: 700, file: '@expo-google-fonts/atkinson-hyperlegible/700Bold/AtkinsonHyperlegible_700Bold.ttf' },
] as const;
let fontFaceCss: string | undefined;

/**
 * `@font-face` rules for Atkinson Hyperlegible (regular and bold) with the TrueType files
 * inlined as data: URLs, read and encoded once per process. Italic is made by the browser.
 */
export function fontFaces(): string {
  fontFaceCss ??= PAGE_FONTS.map((font) => `@font-face{font-family:"Atkinson Hyperlegible";font-style:normal;font-weight:${font.weight};font-display:swap;src:url(data:font/ttf;base64,${fs.readFileSync(resolveFontFile(font.file)).toString('base64')}) format("truetype")}`).join('\n');
  return fontFaceCss;
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

/** A word holding a no-break space (a date, postcode, phone number, "Mr Name": model.ts). */
const KEPT_WORD = /[^ \t\n\r\f\v\u00a0]*\u00a0[^ \t\n\r\f\v]*/g;

/** Escapes text; words that must not be split by a line break go in a `nowrap` span, with plain spaces. */
function escapeKept(text: string): string {
  if (!text.includes('\u00a0')) return escapeIsolated(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(KEPT_WORD)) {
    out += escapeIsolated(text.slice(last, match.index)) + `<span class="nowrap">${escapeIsolated(match[0].replace(/\u00a0/g, ' '))}</span>`;
    last = match.index + match[0].length;
  }
  return out + escapeIsolated(text.slice(last));
}

/** An email address, or a UK phone number (its spaces may be no-break spaces). */
const CONTACT = /([^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[A-Za-z]{2,})|((?<![\w+£.,])(?:\+44[ \u00a0]?|0)\d{2,5}(?:[ \u00a0]\d{2,4}){0,3}(?![\w£]))/g;

/** The `tel:` address of a UK phone number: +44 and the digits. */
export function telHref(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `tel:+44${digits.startsWith('44') ? digits.slice(2) : digits.replace(/^0/, '')}`;
}

/** Text with its email addresses and phone numbers as links (mailto:, tel:). */
function linkedText(text: string): string {
  if (!text.includes('@') && !/\d/.test(text)) return escapeKept(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CONTACT)) {
    const [found, email, phone] = match;
    if (phone) {
      const digits = phone.replace(/\D/g, '').replace(/^44/, '0');
      if (digits.length < 10 || digits.length > 11) continue;
    }
    out += escapeKept(text.slice(last, match.index));
    const href = email ? `mailto:${email}` : telHref(found);
    out += `<a href="${escapeHtml(href)}">${escapeKept(found)}</a>`;
    last = match.index + found.length;
  }
  return out + escapeKept(text.slice(last));
}

function inlineHtml(runs: readonly Inline[]): string {
  return runs
    .map((run, i) => {
      if (run.kind === 'break') return '<br>';
      // A value alone on its line (the postcode line of an address) needs no nowrap span.
      const alone = (i === 0 || runs[i - 1].kind === 'break') && (i === runs.length - 1 || runs[i + 1].kind === 'break') && !/[^\S\u00a0]/.test(run.text);
      const text = alone ? run.text.replace(/\u00a0/g, ' ') : run.text;
      let html = run.link ? escapeKept(text) : linkedText(text);
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
  const letter = input.letter ? letterPrintCss(input) : '';
  return `
${fontFaces()}
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
footer .credit{font-size:.75rem}
.nowrap{white-space:nowrap}
@media print{
 @page{size:A4;margin:20mm;@bottom-center{content:${pageCounterCss(input.lang)};font:${easy ? '16pt' : '10pt'} "Atkinson Hyperlegible",Arial,sans-serif;color:#505a5f}}${letter}
 body{font-size:${easy ? '16pt' : '12pt'}}
 .page{max-width:none;padding:0}
 a{color:inherit}
 .row,tr,h1,h2,h3{break-inside:avoid}
 h2,h3{break-after:avoid}
 .draft{position:fixed;top:0;left:0;right:0}
 footer .credit{font-size:9pt}
}${easy ? easyReadCss() : ''}`;
}

/**
 * Easy Read only: 16pt at least when printed (headings 28/22/18pt, as in the PDF; the picture
 * credit is small print), every line of text wraps inside the screen (long email addresses
 * too), and on a narrow screen (a 375 px phone) the pictures get smaller and tables to write in
 * fit, so nothing scrolls sideways.
 */
function easyReadCss(): string {
  return `
.page{overflow-wrap:break-word}
footer{font-size:1em}
.row .words{min-width:0;flex:1 1 auto}
@media (max-width:30rem){
 .page{padding:1rem}
 .row{gap:1rem}
 .row .picture{flex-basis:64px}
 .row .picture svg{width:64px;height:64px}
 .row:has(table){flex-wrap:wrap}
 .row:has(table) .words{flex-basis:100%}
 table{table-layout:auto}
 td.write-in{min-width:0}
 th,td{padding:.3rem}
}
@media print{
 h1{font-size:28pt}h2{font-size:22pt}h3{font-size:18pt}
 th,td,footer{font-size:16pt}
 footer .credit{font-size:9pt}
 .row .words{min-width:0}
}`;
}

/** "Page " counter(page) " of " counter(pages), in the document's words. */
function pageCounterCss(lang: string): string {
  const [before, middle, after] = documentWords(lang).page(1, 2).split(/[12]/);
  return `"${cssString(before)}" counter(page) "${cssString(middle)}" counter(pages) "${cssString(after ?? '')}"`;
}

/**
 * A CSS string literal's contents, safe inside a `<style>` element: every character but
 * letters, digits, spaces and a few marks is written as a CSS escape (`<` as `\3c `), so data
 * (a name) can neither end the string nor the element.
 */
function cssString(text: string): string {
  return text.replace(/[^\p{L}\p{N} .,:·'-]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
}

/**
 * Letters printed from the browser: every page after the first carries the reference and the
 * recipient's name at the top (so the pages of a print run can be matched to people), as the
 * PDF does; every page says "Page N of M" (the page rule above).
 */
function letterPrintCss(input: HtmlInput): string {
  const words = documentWords(input.lang);
  const header = cssString(`${words.ourReference}: ${input.letter!.reference} · ${input.letter!.name}`);
  return `
 @page{@top-left{content:"${header}";font:9pt "Atkinson Hyperlegible",Arial,sans-serif;color:#505a5f}}
 @page:first{@top-left{content:none}}`;
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
    parts.push(`<div class="sender">${logo}<address><strong>${escapeHtml(b.team)}</strong><br>${[b.name, ...b.address.filter((line) => line !== b.name)].map(escapeHtml).join('<br>')}<br>${words.phone}: ${linkedText(keepTogether(b.phone, [b.phone]))}<br>${linkedText(b.email)}</address>`);
    parts.push(`<p>${escapeKept(keepTogether(l.date))}<br>${words.ourReference}: <bdi>${escapeKept(keepTogether(l.reference, [l.reference]))}</bdi></p></div>`);
  } else {
    parts.push(`<p class="council">${escapeHtml(b.name)}</p>${logo}`);
  }
  parts.push('</header>');
  parts.push('<main>');
  parts.push(input.blocks.map((block) => blockHtml(block, input)).join('\n'));
  parts.push('</main>');
  const footer: string[] = [];
  if (input.creditPictures) footer.push(`<p class="credit">${escapeHtml(PICTURE_CREDIT)}</p>`);
  footer.push(`<p>${escapeHtml(b.name)} · ${linkedText(keepTogether(b.phone, [b.phone]))} · ${linkedText(b.email)}</p>`);
  parts.push(`<footer>${footer.join('')}</footer>`);
  parts.push('</div></body></html>');
  return parts.join('\n') + '\n';
}

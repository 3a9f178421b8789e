/**
 * The documents shown in the template editor's preview frame (issue 15): the letter's web
 * version with its findings marked, or pictures of its printed pages, each followed by the list
 * of findings. The frame is sandboxed and its policy lets nothing run, so these are plain HTML:
 * every piece of data and every finding is escaped text, never markup.
 *
 * Findings are positions in the filled Markdown (`text`), not in the HTML. A finding is marked
 * at the same occurrence of its words in the letter's `<main>` as it is in the filled text (the
 * third "audit" in the text is the third "audit" in the letter), so words that are fine where
 * they first appear (an `unless` phrase) are not marked in their place. A finding whose words
 * cannot be found (one about the whole letter, or words split by a picture) is only listed.
 */
import { escapeHtml, type Finding } from '../core/index.js';
import { isPassage, SEVERITY_LABELS } from './static/findings.js';

/** Findings marked at most in one preview (a page with hundreds of findings lists the rest). */
export const MARKED_FINDINGS = 200;

/** Findings longer than this (in characters) are not looked for in the letter: they are only listed. */
const LONGEST_MARKED = 400;


const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Styles for the marks and the list (the frame allows inline styles only). */
const STYLE = [
  '.plainly-vh{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}',
  'mark.plainly-mark{background:#fff7bf;color:#0b0c0c;border-bottom:3px solid #0b0c0c;padding:0 1px}',
  'mark.plainly-mark--error{background:#fbe1dd;border-bottom-color:#942514}',
  'mark.plainly-mark--passage{background:transparent;border-bottom:2px dashed #0b0c0c}',
  'mark.plainly-mark:target,.plainly-findings li:target{outline:3px solid #fd0;outline-offset:1px;background:#fd0}',
  '.plainly-ref{font-size:0.75em;vertical-align:super;line-height:0;margin-left:1px}',
  '.plainly-ref a,.plainly-findings a{color:#1d70b8}',
  '.plainly-ref a:focus,.plainly-findings a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}',
  '.plainly-note{font-family:arial,sans-serif;font-size:16px;color:#0b0c0c;margin:0;padding:12px 15px;border-left:5px solid #1d70b8;background:#fff}',
  '.plainly-findings{font-family:arial,sans-serif;font-size:16px;line-height:1.4;color:#0b0c0c;max-width:42em;margin:24px auto;padding:16px;border-top:4px solid #1d70b8;background:#fff}',
  '.plainly-findings h2{font-size:20px;margin:0 0 8px}',
  '.plainly-findings ol{padding-left:24px;margin:0}',
  '.plainly-findings li{margin-bottom:10px}',
  '.plainly-pages{font-family:arial,sans-serif;color:#0b0c0c;margin:0;padding:15px;background:#f3f2f1}',
  '.plainly-pages h1{font-size:20px;margin:0 0 8px}',
  '.plainly-pages p{font-size:16px;margin:0 0 12px}',
  '.plainly-pages figure{margin:0 0 16px}',
  '.plainly-pages img{display:block;width:100%;height:auto;background:#fff;border:1px solid #505a5f;box-sizing:border-box}',
  '.plainly-pages figcaption{font-size:14px;margin-top:4px}',
].join('\n');

/** Where each finding ended up: the number it is listed under, and whether it is marked in the letter. */
interface Listed {
  finding: Finding;
  number: number;
  marked: boolean;
  /** Why it is not marked: the number of the finding its words are marked under (a sentence around a word). */
  within?: number;
}

/** A piece of the letter's text between tags, and where its decoded characters start in the whole. */
interface TextPiece {
  token: number;
  from: number;
  text: string;
  inLink: boolean;
}

/** Elements whose text is not prose (a picture's SVG, styles): never marked. */
const SKIPPED = new Set(['svg', 'style', 'script', 'title', 'textarea']);

/** The needle for a finding's words: escaped, any run of spaces matching any run, Markdown emphasis left out. */
function needleOf(words: string): RegExp | undefined {
  const plain = words.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1').replace(/[*_`]+/g, '').trim();
  if (!plain || plain.length > LONGEST_MARKED) return undefined;
  const source = plain
    .split(/[\s\u00a0]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\u00a0]+');
  return new RegExp(source, 'gu');
}

function countMatches(needle: RegExp, text: string): number {
  let count = 0;
  for (const _ of text.replace(/[*_`]+/g, '').matchAll(needle)) count++;
  return count;
}

/**
 * The letter's web version with its findings marked: each finding's words in a `<mark>` with a
 * visually hidden label ("Finding 2, must change:") and a numbered link to its place in the
 * list of findings added at the end, which links back to the mark.
 * @param html the letter as the HTML writer made it (one `<main>` holds the filled text).
 * @param text the filled Markdown the findings' offsets index into (undefined: by order only).
 * @param note said first, above the letter (why the pictures of the pages are not shown).
 */
export function markedPreview(html: string, text: string | undefined, findings: readonly Finding[], kindWord: string, note?: string): string {
  const listed: Listed[] = findings.map((finding, i) => ({ finding, number: i + 1, marked: false }));
  const mainStart = html.indexOf('<main>');
  const mainEnd = html.indexOf('</main>', mainStart);
  let out = html;
  if (mainStart >= 0 && mainEnd > mainStart && findings.length) {
    const inner = html.slice(mainStart + '<main>'.length, mainEnd);
    out = html.slice(0, mainStart + '<main>'.length) + markInner(inner, text, listed) + html.slice(mainEnd);
  }
  out = out.replace('</head>', `<style>${STYLE}</style></head>`);
  if (note) out = out.replace('<body>', `<body><p class="plainly-note" role="note">${escapeHtml(note)}</p>`);
  const aside = findingsList(listed, kindWord, 'html');
  const end = out.lastIndexOf('</body>');
  return end >= 0 ? `${out.slice(0, end)}${aside}\n${out.slice(end)}` : `${out}${aside}`;
}

function markInner(inner: string, text: string | undefined, listed: Listed[]): string {
  const tokens = inner.match(/<!--[\s\S]*?-->|<[^>]*>|[^<]+/g) ?? [];
  const pieces: TextPiece[] = [];
  let whole = '';
  let skipping: string | undefined;
  let skipDepth = 0;
  let links = 0;
  tokens.forEach((token, index) => {
    if (token.startsWith('<')) {
      const tag = /^<\/?([a-zA-Z][\w-]*)/.exec(token)?.[1]?.toLowerCase();
      const closing = token.startsWith('</');
      if (!tag) return;
      if (skipping) {
        if (tag === skipping && !token.endsWith('/>')) skipDepth += closing ? -1 : 1;
        if (skipDepth === 0) skipping = undefined;
        return;
      }
      if (SKIPPED.has(tag) && !closing && !token.endsWith('/>')) {
        skipping = tag;
        skipDepth = 1;
        return;
      }
      if (tag === 'a') links += closing ? -1 : 1;
      return;
    }
    if (skipping) return;
    const decoded = decodeHtml(token);
    pieces.push({ token: index, from: whole.length, text: decoded, inLink: links > 0 });
    whole += decoded;
  });

  // Where each finding goes in `whole`: the same occurrence of its words as in the filled text.
  const ranges: { start: number; end: number; item: Listed; passage: boolean }[] = [];
  let cursor = 0;
  for (const item of listed.slice(0, MARKED_FINDINGS)) {
    const { finding } = item;
    const words = text !== undefined ? text.slice(finding.start.offset, finding.end.offset) || finding.actual : finding.actual;
    const needle = needleOf(words);
    if (!needle) continue;
    const matches = [...whole.matchAll(needle)];
    if (!matches.length) continue;
    const nth = text !== undefined ? countMatches(needleOf(words)!, text.slice(0, finding.start.offset)) : -1;
    const match = matches[nth] ?? matches.find((m) => m.index >= cursor);
    if (!match) continue;
    cursor = match.index;
    ranges.push({ start: match.index, end: match.index + match[0].length, item, passage: isPassage(finding) });
  }
  // Overlaps: words first, then passages that overlap no marked words (the list has the rest).
  const placed: typeof ranges = [];
  for (const range of [...ranges.filter((r) => !r.passage), ...ranges.filter((r) => r.passage)]) {
    const overlap = placed.find((p) => p.start < range.end && range.start < p.end);
    if (overlap) {
      range.item.within = overlap.item.number;
      continue;
    }
    placed.push(range);
    range.item.marked = true;
  }
  placed.sort((a, b) => a.start - b.start);
  if (!placed.length) return inner;

  const rewritten = new Map<number, string>();
  for (const piece of pieces) {
    const pieceEnd = piece.from + piece.text.length;
    const inside = placed.filter((r) => r.start < pieceEnd && piece.from < r.end);
    if (!inside.length) continue;
    let html = '';
    let at = piece.from;
    for (const range of inside) {
      const from = Math.max(range.start, piece.from);
      const to = Math.min(range.end, pieceEnd);
      html += escapeHtml(piece.text.slice(at - piece.from, from - piece.from));
      const first = from === range.start;
      const last = to === range.end;
      const { finding, number } = range.item;
      const classes = `plainly-mark${finding.severity === 'error' ? ' plainly-mark--error' : ''}${range.passage ? ' plainly-mark--passage' : ''}`;
      const label = first ? `<span class="plainly-vh">Finding ${number}, ${SEVERITY_LABELS[finding.severity].toLowerCase()}: </span>` : '';
      html += `<mark class="${classes}"${first ? ` id="plainly-mark-${number}"` : ''}>${label}${escapeHtml(piece.text.slice(from - piece.from, to - piece.from))}</mark>`;
      // A link inside a link is not allowed: a finding in a phone number or a link is only listed back to.
      if (last && !piece.inLink) html += `<span class="plainly-ref"><a href="#plainly-finding-${number}"><span class="plainly-vh">See finding </span>${number}</a></span>`;
      at = to;
    }
    html += escapeHtml(piece.text.slice(at - piece.from));
    rewritten.set(piece.token, html);
  }
  return tokens.map((token, index) => rewritten.get(index) ?? token).join('');
}

/** The list of findings after the letter or its pages, each linked to its mark when it has one. */
function findingsList(listed: readonly Listed[], kindWord: string, view: 'html' | 'pages'): string {
  const heading = '<h2 id="plainly-findings-heading">What the checks found</h2>';
  if (!listed.length) {
    return `<aside class="plainly-findings" aria-labelledby="plainly-findings-heading">${heading}<p>The checks found nothing to change in this ${escapeHtml(kindWord)}.</p></aside>`;
  }
  const intro =
    view === 'html'
      ? `<p>${listed.length === 1 ? 'One thing' : `${listed.length} things`} to look at. Each is marked in the ${escapeHtml(kindWord)} above with its number.</p>`
      : `<p>${listed.length === 1 ? 'One thing' : `${listed.length} things`} to look at. They are marked in the web version of the preview.</p>`;
  const kind = escapeHtml(kindWord);
  const items = listed.map(({ finding, number, marked, within }) => {
    const instead = finding.expected.length ? ` Say instead: ${finding.expected.slice(0, 3).map((e) => `“${escapeHtml(e)}”`).join(' or ')}.` : '';
    const words = finding.actual.length > 120 ? `${finding.actual.slice(0, 117)}…` : finding.actual;
    let back = '';
    if (view === 'html') {
      if (marked) back = ` <a href="#plainly-mark-${number}">Show finding ${number} in the ${kind}</a>`;
      else if (!finding.actual.trim()) back = ` (About the whole ${kind}, so not marked in it.)`;
      else if (within !== undefined) back = ` (Not marked on its own: it includes the words of <a href="#plainly-mark-${within}">finding ${within}</a>.)`;
      else back = ` (Not marked: these words are not in the ${kind} as written here.)`;
    }
    const quoted = finding.actual.trim() ? `“${escapeHtml(words)}”${/[.!?…]$/.test(words) ? '' : '.'} ` : '';
    return `<li id="plainly-finding-${number}"><strong>${SEVERITY_LABELS[finding.severity]}:</strong> ${quoted}${escapeHtml(finding.reason)}${instead}${back}</li>`;
  });
  return `<aside class="plainly-findings" aria-labelledby="plainly-findings-heading">${heading}${intro}<ol>${items.join('')}</ol></aside>`;
}

/** What the pages view shows. */
export interface PagesPreview {
  /** The document's title, as in its web version (marked DRAFT). */
  title: string;
  /** "letter", "agreement"…: the alt text says "Page 1 of 2 of the letter as it will be printed". */
  kindWord: string;
  /** PNG pictures of the first pages. */
  pictures: readonly Buffer[];
  /** Pages of the whole PDF. */
  pageCount: number;
  findings: readonly Finding[];
}

/**
 * Pictures of the printed pages (as data: URLs: the sandboxed frame loads nothing else), each
 * with alt text, then the list of findings.
 */
export function pagesPreview(input: PagesPreview): string {
  const { kindWord, pictures, pageCount } = input;
  const of = pictures.length < pageCount ? ` These are the first ${pictures.length} of its ${pageCount} pages.` : '';
  const figures = pictures
    .map(
      (png, i) =>
        `<figure><img src="data:image/png;base64,${png.toString('base64')}" alt="Page ${i + 1} of ${pageCount} of the ${escapeHtml(kindWord)} as it will be printed"><figcaption>Page ${i + 1} of ${pageCount}</figcaption></figure>`,
    )
    .join('\n');
  const listed = input.findings.map((finding, i) => ({ finding, number: i + 1, marked: false }));
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(`Pages of ${input.title}`)}</title><style>${STYLE}</style></head>`,
    '<body class="plainly-pages"><main>',
    `<h1>The ${escapeHtml(kindWord)} as it will be printed</h1>`,
    `<p>DRAFT, not saved: ${pageCount === 1 ? 'one page' : `${pageCount} pages`}.${of}</p>`,
    figures,
    '</main>',
    findingsList(listed, kindWord, 'pages'),
    '</body></html>',
    '',
  ].join('\n');
}

/** A short page for the frame when there is nothing to preview yet, saying why. */
export function messagePage(heading: string, text: string): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Preview: ${escapeHtml(heading)}</title></head><body style="font-family: arial, sans-serif; font-size: 19px; padding: 15px; color: #0b0c0c"><main><h1 style="font-size: 24px">${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}

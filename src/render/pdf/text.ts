/**
 * Line breaking for the PDF writer: styled runs → lines of pieces, each piece one face at
 * one size. Left-aligned (ragged right reads more easily than justified text); a word
 * longer than the line (a long email address) is broken between graphemes.
 */
import type { Inline } from '../model.js';
import { type Face, fontRuns, measure, primaryFace, RTL_NEUTRAL, RTL_WORD } from './fonts.js';

/** Drawn text in one face. */
export interface Piece {
  text: string;
  face: Face;
  size: number;
  color: string;
  width: number;
  underline?: boolean;
}

/** One laid-out line. */
export interface Line {
  pieces: Piece[];
  width: number;
  /** Line box height and the baseline's distance from the top of the box. */
  height: number;
  baseline: number;
  /** Extra indent of this line (hanging indents). */
  indent: number;
}

/** How to set a block of text. */
export interface TextSetting {
  size: number;
  color: string;
  leading: number;
  bold?: boolean;
  /** Colour of links (they are also underlined, so colour is not the only cue). */
  linkColor?: string;
}

interface Token {
  text: string;
  face: Face;
  space: boolean;
  color: string;
  underline: boolean;
  width: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Whitespace a line may break at: every space but the no-break ones (U+00A0, U+2007, U+202F). */
const BREAKABLE_SPACE = /([^\S\u00a0\u2007\u202f]+)/;
const BREAKABLE_SPACE_ONLY = /^[^\S\u00a0\u2007\u202f]+$/;

/** The text printed for a link: its words, plus the address when the words differ from it. */
function linkSuffix(text: string, link: string): string {
  const bare = link.replace(/^(mailto:|tel:)/i, '');
  const shown = text.trim();
  if (!shown || shown === bare || shown === link || `https://${shown}` === bare || `http://${shown}` === bare) return '';
  return ` (${bare})`;
}

/**
 * Lines already laid out, by the runs they were made from: a block is measured (for page
 * breaks, keep.ts) and then drawn, and each time the same runs give the same lines. Keyed
 * by the runs array itself, so entries go with the document's tree.
 */
const laidOut = new WeakMap<readonly Inline[], Map<string, Line[]>>();

/** Breaks styled runs into lines at most `width` wide (the lines must not be changed). */
export function layoutInlines(inlines: readonly Inline[], width: number, setting: TextSetting): Line[] {
  const key = `${width}|${setting.size}|${setting.color}|${setting.leading}|${setting.bold ? 1 : 0}|${setting.linkColor ?? ''}`;
  let byKey = laidOut.get(inlines);
  const known = byKey?.get(key);
  if (known) return known;
  const lines = breakLines(inlines, width, setting);
  if (!byKey) laidOut.set(inlines, (byKey = new Map()));
  byKey.set(key, lines);
  return lines;
}

/**
 * One line's words in the order they are drawn. Plainly's paragraphs are left to right; a
 * right-to-left run inside one (a Hebrew or Arabic name or sentence: its words, with the
 * spaces, digits and punctuation between them) is reversed word by word on each line, as
 * rule L2 of the Unicode bidi algorithm does, so it reads right to left with its first word
 * right-most; fontkit puts the letters of each word right to left. Done per line after the
 * line is broken, so a run that wraps has its first words on the first line.
 */
function visualOrderOfLine<T extends { text: string; space: boolean }>(tokens: T[]): T[] {
  const first = tokens.findIndex((token) => RTL_WORD.test(token.text));
  if (first < 0) return tokens; // the usual line: nothing to reorder, nothing copied
  const out = [...tokens];
  for (let i = first; i < out.length; i++) {
    if (!RTL_WORD.test(out[i].text)) continue;
    let end = i;
    for (let j = i + 1; j < out.length; j++) {
      if (RTL_WORD.test(out[j].text)) end = j;
      else if (!out[j].space && !RTL_NEUTRAL.test(out[j].text)) break;
    }
    const run = out.slice(i, end + 1).reverse();
    out.splice(i, run.length, ...run);
    i = end;
  }
  return out;
}

function breakLines(inlines: readonly Inline[], width: number, setting: TextSetting): Line[] {
  const lineHeight = setting.size * setting.leading;
  const primary = primaryFace();
  const baseline = (lineHeight - (primary.ascent - primary.descent) * setting.size) / 2 + primary.ascent * setting.size;
  const lines: Line[] = [];
  let tokens: Token[] = [];
  let lineWidth = 0;

  const finish = () => {
    while (tokens.length && tokens[tokens.length - 1].space) tokens.pop();
    const pieces: Piece[] = [];
    let total = 0;
    for (const token of visualOrderOfLine(tokens)) {
      const last = pieces[pieces.length - 1];
      // Right-to-left words are drawn one by one: pdfkit would attach each space to the
      // word before it, and fontkit's reversal would move that space to the wrong side.
      const rtl = /Arabic|Hebrew/.test(token.face.family);
      if (!rtl && last && last.face === token.face && last.color === token.color && Boolean(last.underline) === token.underline) {
        last.text += token.text;
        last.width += token.width;
      } else {
        pieces.push({ text: token.text, face: token.face, size: setting.size, color: token.color, width: token.width, ...(token.underline ? { underline: true } : {}) });
      }
      total += token.width;
    }
    lines.push({ pieces, width: total, height: lineHeight, baseline, indent: 0 });
    tokens = [];
    lineWidth = 0;
  };

  const place = (token: Token) => {
    if (token.space) {
      if (tokens.length === 0) return; // no space at the start of a line
      tokens.push(token);
      lineWidth += token.width;
      return;
    }
    if (lineWidth + token.width > width + 0.01 && tokens.length > 0) finish();
    if (token.width > width + 0.01) {
      // Longer than a whole line: break between graphemes.
      let part = '';
      let partWidth = 0;
      for (const { segment } of segmenter.segment(token.text)) {
        const w = measure(token.face, segment, setting.size);
        if (partWidth + w > width && part) {
          tokens.push({ ...token, text: part, width: partWidth });
          finish();
          part = '';
          partWidth = 0;
        }
        part += segment;
        partWidth += w;
      }
      tokens.push({ ...token, text: part, width: partWidth });
      lineWidth += partWidth;
      return;
    }
    tokens.push(token);
    lineWidth += token.width;
  };

  /**
   * A word is everything between two breakable spaces: it may be made of several tokens (a
   * change of face or of style inside it, or a no-break space: "31 December 2020", "NM1 1AA",
   * "0161 496 0123", "Mr Adeyemi"). It moves to the next line whole; only a word longer
   * than a line is broken, between its tokens and then between graphemes.
   */
  let word: Token[] = [];
  let wordWidth = 0;
  const flushWord = () => {
    if (word.length === 0) return;
    if (word.length > 1 && wordWidth <= width + 0.01 && lineWidth + wordWidth > width + 0.01 && tokens.length > 0) finish();
    for (const token of word) {
      if (word.length > 1 && wordWidth <= width + 0.01) {
        tokens.push(token);
        lineWidth += token.width;
      } else place(token);
    }
    word = [];
    wordWidth = 0;
  };

  const addText = (text: string, style: { bold?: boolean; italic?: boolean }, color: string, underline: boolean) => {
    const { runs } = fontRuns(text, style);
    for (const run of runs) {
      for (const part of run.text.split(BREAKABLE_SPACE)) {
        if (!part) continue;
        if (BREAKABLE_SPACE_ONLY.test(part)) {
          flushWord();
          place({ text: ' ', face: run.face, space: true, color, underline, width: measure(run.face, ' ', setting.size) });
          continue;
        }
        // A no-break space is drawn as a plain space (so copied text has ordinary spaces).
        const shown = part.includes('\u00a0') ? part.replace(/\u00a0/g, ' ') : part;
        const token = { text: shown, face: run.face, space: false, color, underline, width: measure(run.face, shown, setting.size) };
        word.push(token);
        wordWidth += token.width;
      }
    }
  };

  for (const inline of inlines) {
    if (inline.kind === 'break') {
      flushWord();
      finish();
      continue;
    }
    const style = { bold: setting.bold || inline.bold, italic: inline.italic };
    const isLink = Boolean(inline.link);
    const color = isLink && setting.linkColor ? setting.linkColor : setting.color;
    addText(inline.text, style, color, false);
    if (inline.link) {
      const suffix = linkSuffix(inline.text, inline.link);
      if (suffix) addText(suffix, style, color, false);
    }
  }
  flushWord();
  if (tokens.length || lines.length === 0) finish();
  return lines;
}

/** Total height of lines. */
export function linesHeight(lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + line.height, 0);
}

/** Plain runs for a string. */
export function plain(text: string, bold = false): Inline[] {
  return [{ kind: 'text', text, ...(bold ? { bold: true } : {}) }];
}

/**
 * Fonts for the PDF writer: Atkinson Hyperlegible (chosen for readers with low vision) and
 * declared fallbacks for what it lacks — Noto Sans (ŵ/ŷ for Welsh, Greek, Cyrillic, more
 * Latin), Noto Sans Arabic, Noto Sans Hebrew and Noto Emoji (monochrome). All are TTF: WOFF2
 * renders blank in pdfkit.
 *
 * Each font file is read and parsed by fontkit once per process, and word widths are cached,
 * so a letter does not pay for font parsing or shaping again. Text is split into runs by
 * which font can draw each grapheme; a grapheme no font can draw is reported (never drawn
 * as a box).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { LRUCache } from 'lru-cache';

/** Bold/italic as the text asks for them. */
export interface FontStyle {
  bold?: boolean;
  italic?: boolean;
}

interface FamilyDef {
  name: string;
  /** npm package-relative paths of the faces; missing styles fall back to regular/bold. */
  faces: { regular: string; bold?: string; italic?: string; boldItalic?: string };
}

/** The families, in the order they are tried for each grapheme. */
const FAMILIES: FamilyDef[] = [
  {
    name: 'Atkinson Hyperlegible',
    faces: {
      regular: '@expo-google-fonts/atkinson-hyperlegible/400Regular/AtkinsonHyperlegible_400Regular.ttf',
      bold: '@expo-google-fonts/atkinson-hyperlegible/700Bold/AtkinsonHyperlegible_700Bold.ttf',
      italic: '@expo-google-fonts/atkinson-hyperlegible/400Regular_Italic/AtkinsonHyperlegible_400Regular_Italic.ttf',
      boldItalic: '@expo-google-fonts/atkinson-hyperlegible/700Bold_Italic/AtkinsonHyperlegible_700Bold_Italic.ttf',
    },
  },
  {
    name: 'Noto Sans',
    faces: {
      regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
      italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
      boldItalic: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
    },
  },
  {
    name: 'Noto Sans Arabic',
    faces: {
      regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
    },
  },
  {
    name: 'Noto Sans Hebrew',
    faces: {
      regular: '@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf',
      bold: '@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf',
    },
  },
  {
    name: 'Noto Emoji',
    faces: {
      regular: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
      bold: '@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf',
    },
  },
];

/** Names of the font families, primary first (for docs and tests). */
export const FONT_FAMILIES = FAMILIES.map((f) => f.name);

type FaceSlot = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** A loaded face: the key it is registered under in each PDF, and the fontkit font. */
export interface Face {
  key: string;
  family: string;
  font: Font;
  /** Ascent and descent per 1 pt of font size. */
  ascent: number;
  descent: number;
}

const require = createRequire(import.meta.url);
const faces = new Map<string, Face>();

/** Resolves `package/path/to/file.ttf`, also for packages whose "exports" hide their font files. */
export function resolveFontFile(spec: string): string {
  try {
    return require.resolve(spec);
  } catch {
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    let dir = path.dirname(require.resolve(name));
    while (dir !== path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === name) {
        return path.join(dir, spec.slice(name.length + 1));
      }
      dir = path.dirname(dir);
    }
    throw new Error(`font file ${spec} not found`);
  }
}

function slotOf(style: FontStyle): FaceSlot {
  return style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular';
}

/** The face of a family for a style, falling back to the nearest face the family has. */
function face(familyIndex: number, style: FontStyle): Face {
  const family = FAMILIES[familyIndex];
  const wanted = slotOf(style);
  const order: FaceSlot[] = { regular: ['regular'], bold: ['bold', 'regular'], italic: ['italic', 'regular'], boldItalic: ['boldItalic', 'bold', 'italic', 'regular'] }[wanted] as FaceSlot[];
  const slot = order.find((s) => family.faces[s]) ?? 'regular';
  const key = `${family.name.replace(/\s+/g, '')}-${slot}`;
  let loaded = faces.get(key);
  if (!loaded) {
    const font = guardShaping(fontkit.create(fs.readFileSync(resolveFontFile(family.faces[slot]!))) as Font);
    loaded = { key, family: family.name, font, ascent: font.ascent / font.unitsPerEm, descent: font.descent / font.unitsPerEm };
    faces.set(key, loaded);
  }
  return loaded;
}

/**
 * Shaping with fewer OpenType features when fontkit's full shaping throws. fontkit crashes
 * on some mark-positioning data (e.g. Noto Sans Arabic with a lone "ڢ": a null anchor in
 * GPOS), and a person's name must never crash a letter. The glyphs are the same; only mark
 * and cursive positioning is skipped for the word that needed it. pdfkit calls this same
 * `layout` on the object we register, so both measuring and drawing are covered.
 */
const FALLBACK_FEATURES: Array<Record<string, boolean>> = [
  { mark: false, mkmk: false },
  { mark: false, mkmk: false, curs: false, kern: false },
];

function guardShaping(font: Font): Font {
  const layout = font.layout.bind(font) as (...args: unknown[]) => ReturnType<Font['layout']>;
  (font as unknown as { layout: unknown }).layout = (text: string, features?: unknown, ...rest: unknown[]) => {
    try {
      return layout(text, features, ...rest);
    } catch (error) {
      for (const fallback of FALLBACK_FEATURES) {
        try {
          const requested = Array.isArray(features) ? Object.fromEntries(features.map((tag) => [tag, true])) : (features as object | undefined);
          return layout(text, { ...requested, ...fallback }, ...rest);
        } catch {
          // try the next, plainer set of features
        }
      }
      throw error;
    }
  };
  return font;
}

/** The primary face for a style (Atkinson Hyperlegible). */
export function primaryFace(style: FontStyle = {}): Face {
  return face(0, style);
}

/** Every face loaded so far (each PDF registers the ones it uses). */
export function loadedFaces(): Face[] {
  return [...faces.values()];
}

/* ---------------------------------------------------------------------------------------- */

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Invisible format characters: dropped rather than drawn (no font needs to carry them).
// ZWJ (U+200D) and variation selectors stay: they build emoji sequences.
const IGNORABLE = /[\u00ad\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const JOINERS = new Set([0x200d, 0xfe0e, 0xfe0f]);
const RTL_CHAR = '\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc';
/** What may stand between two right-to-left words and stay in their run: spaces, digits, punctuation. */
const RUN_NEUTRAL = '\\s\\d\\p{P}';
/** A right-to-left run (Hebrew, Arabic): RTL letters, with the spaces, digits and punctuation between them. */
export const RTL_RUN = new RegExp(`[${RTL_CHAR}](?:[${RTL_CHAR}${RUN_NEUTRAL}]*[${RTL_CHAR}])?`, 'gu');
/** A word (token) made only of what may stand inside a right-to-left run between its words. */
export const RTL_NEUTRAL = new RegExp(`^[${RUN_NEUTRAL}]+$`, 'u');

/**
 * Code units the primary face draws in every style, as a lookup table: most text is plain
 * Latin, and checking it a code unit at a time is far cheaper than segmenting graphemes.
 */
let primaryTable: Uint8Array | undefined;
function primaryCovers(text: string): boolean {
  if (!primaryTable) {
    primaryTable = new Uint8Array(0x10000);
    const styles: FontStyle[] = [{}, { bold: true }, { italic: true }, { bold: true, italic: true }];
    for (let code = 0x20; code < 0x3000; code++) {
      if (code >= 0x300 && code <= 0x36f) continue; // combining marks: position depends on the base
      if (styles.every((style) => face(0, style).font.hasGlyphForCodePoint(code))) primaryTable[code] = 1;
    }
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (primaryTable[code] !== 1 && code !== 0x0a) return false;
  }
  return true;
}

/** Which family index can draw a grapheme in a style; -1 when none can. */
const clusterCache = new Map<string, number>();
function familyFor(cluster: string, style: FontStyle): number {
  const cacheKey = slotOf(style) + cluster;
  const cached = clusterCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const points = [...cluster].map((c) => c.codePointAt(0)!);
  let found = -1;
  for (let i = 0; i < FAMILIES.length && found < 0; i++) {
    const font = face(i, style).font;
    if (points.every((p) => font.hasGlyphForCodePoint(p) || (JOINERS.has(p) && points.length > 1))) found = i;
  }
  if (clusterCache.size > 20_000) clusterCache.clear();
  clusterCache.set(cacheKey, found);
  return found;
}

/** True for a word with a right-to-left letter in it (Hebrew, Arabic). */
export const RTL_WORD = new RegExp(`[${RTL_CHAR}]`, 'u');

/** A run of text drawn with one face. */
export interface FontRun {
  text: string;
  face: Face;
}

/** Prepares text for drawing: NFC, invisible format characters removed, tabs as spaces. */
export function normaliseForPrint(text: string): string {
  return text.normalize('NFC').replace(IGNORABLE, '').replace(/\t/g, ' ');
}

/**
 * Splits text into runs by the face that can draw each grapheme. Graphemes no face can draw
 * are replaced by "?" and listed in `missing` (the structure rules report them first, so a
 * final document never contains one).
 */
export function fontRuns(text: string, style: FontStyle = {}): { runs: FontRun[]; missing: string[] } {
  if (primaryCovers(text)) return { runs: text ? [{ text: text.replace(/\t/g, ' '), face: face(0, style) }] : [], missing: [] };
  // Logical order: right-to-left runs are put in visual order per line, after lines are
  // broken (text.ts), so a run that wraps starts with its first words.
  const prepared = normaliseForPrint(text);
  const runs: FontRun[] = [];
  const missing: string[] = [];
  let current = -2;
  let buffer = '';
  const flush = () => {
    if (buffer) runs.push({ text: buffer, face: face(Math.max(current, 0), style) });
    buffer = '';
  };
  for (const { segment } of segmenter.segment(prepared)) {
    let family: number;
    let out = segment;
    if (/^\s+$/.test(segment)) {
      family = current < 0 ? 0 : current; // spaces stay with the run they sit in
    } else {
      family = familyFor(segment, style);
      if (family < 0) {
        missing.push(segment);
        family = 0;
        out = '?';
      }
    }
    if (family !== current) {
      flush();
      current = family;
    }
    buffer += out;
  }
  flush();
  return { runs, missing };
}

/** Graphemes in `text` that no bundled font can draw (for the structure rules). */
export function unprintableGraphemes(text: string): string[] {
  if (primaryCovers(text)) return [];
  const found = new Set<string>();
  for (const { segment } of segmenter.segment(normaliseForPrint(text))) {
    if (!/^\s+$/.test(segment) && familyFor(segment, {}) < 0) found.add(segment);
  }
  return [...found];
}

/* ---------------------------------------------------------------------------------------- */

/*
 * The shaping caches below are shared by every document a process (or batch thread) writes,
 * and bounded by entry count with least-recently-used eviction. Why LRU rather than clearing
 * when full: in a batch the template's own words recur in every letter and stay; the words
 * only one letter has (its reference, name, address, dates) are used once and go. A cache
 * that only grew (or was renewed after thousands of letters) kept every letter's one-off
 * words: about 4 KB of shaped glyphs a letter, measured as the rendering thread's live heap
 * rising from 34 to 47 MB over 3,000 letters, which V8 then let grow to about three times that
 * before collecting (docs/batch.md, memory). The sizes hold the distinct words and lines of a
 * long guide, so one document never evicts its own entries.
 */

/** Most word widths kept per face (`measure`). */
export const WORD_WIDTHS_PER_FACE = 8_000;
/** Most shaped words kept per face (pdfkit's per-word layout, shared across documents). */
export const WORD_LAYOUTS_PER_FACE = 4_000;
/** Most shaped pieces of text kept per face (whole pieces as the writer draws them). */
export const PIECE_LAYOUTS_PER_FACE = 2_000;

/** One bounded cache per face key, made on first use. */
function perFace<V extends {}>(max: number): (key: string) => LRUCache<string, V> {
  const caches = new Map<string, LRUCache<string, V>>();
  return (key) => {
    let cache = caches.get(key);
    if (!cache) caches.set(key, (cache = new LRUCache<string, V>({ max })));
    return cache;
  };
}

const widthCache = perFace<number>(WORD_WIDTHS_PER_FACE);

/**
 * Width in points of `text` in `face` at `size`, measured as pdfkit lays it out (words
 * shaped separately, each with its trailing space), cached per word.
 */
export function measure(faceValue: Face, text: string, size: number): number {
  const cache = widthCache(faceValue.key);
  let units = 0;
  let last = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ' ' || text[i] === '\t') {
      const end = Math.min(i + 1, text.length);
      if (end > last) {
        const chunk = text.slice(last, end);
        let width = cache.get(chunk);
        if (width === undefined) {
          width = faceValue.font.layout(chunk).advanceWidth;
          cache.set(chunk, width);
        }
        units += width;
      }
      last = end;
    }
  }
  return (units / faceValue.font.unitsPerEm) * size;
}

/**
 * The shared per-word layout cache for a face (see `PdfCanvas.useFace`), so pdfkit does not
 * shape the same word twice in a process.
 */
export const sharedWordLayout: (key: string) => LRUCache<string, object> = perFace<object>(WORD_LAYOUTS_PER_FACE);

/**
 * The shaped-text cache for a face (see `PdfCanvas.useFace`): a letter's lines are mostly the
 * template's own words, the same in every letter of a batch, so each is shaped once.
 */
export const sharedTextLayout: (key: string) => LRUCache<string, object> = perFace<object>(PIECE_LAYOUTS_PER_FACE);

/**
 * The font people type in when they fill in a form's fields: the whole Atkinson Hyperlegible
 * Regular TrueType file, embedded (PDF/UA needs every font embedded, including the ones only
 * a form's fields use).
 *
 * Why the whole file and not a subset: the page text is set in subsets that hold only the
 * glyphs the document prints, and a person may type any letter. Why a simple TrueType font
 * with WinAnsiEncoding and not a Type 0 (Identity-H) font like the page text: viewers build a
 * field's appearance from /DA with the font in the form's /DR, and they do that reliably only
 * for simple fonts. So typed text is limited to WinAnsi's characters (Latin-1, £, €, curly
 * quotes, dashes): letters outside it (Welsh ŵ and ŷ) are left to the viewer's own font.
 *
 * The font file is read and compressed once per process; each document writes it once, as
 * three objects (font, descriptor, font file), whatever the number of fields.
 */
import { deflateSync } from 'node:zlib';
import { primaryFace } from './fonts.js';

/** The name fields use for this font in /DA and in the form's /DR. */
export const FORM_FONT_NAME = 'AtkH';

/** WinAnsiEncoding's codes 0x80–0x9F (the rest of 0x20–0xFF is Latin-1, 0x7F and five gaps undefined). */
const WIN_ANSI_HIGH: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d,
  0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
  0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

/** The Unicode character a WinAnsi code stands for, or undefined for the codes it leaves empty. */
export function winAnsiToUnicode(code: number): number | undefined {
  if (code >= 0x20 && code <= 0x7e) return code;
  if (code >= 0xa0 && code <= 0xff) return code;
  return WIN_ANSI_HIGH[code];
}

const FIRST_CHAR = 0x20;
const LAST_CHAR = 0xff;

/** pdfkit's indirect object, as far as this module writes one. */
interface PdfRef {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}

/** What the font needs from the document: pdfkit's `ref`. */
export interface RefMaker {
  ref(data?: Record<string, unknown>): PdfRef;
}

interface Prepared {
  /** The TrueType file, deflated once. */
  deflated: Uint8Array;
  length: number;
  postscriptName: string;
  widths: number[];
  descriptor: Record<string, unknown>;
}

let prepared: Prepared | undefined;

/** The font program, widths and descriptor values: worked out once per process. */
function prepare(): Prepared {
  if (prepared) return prepared;
  const { font } = primaryFace();
  // fontkit keeps the file it parsed; it is exactly the TTF in the font package.
  const file = (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;
  const scale = 1000 / font.unitsPerEm;
  const widths: number[] = [];
  for (let code = FIRST_CHAR; code <= LAST_CHAR; code++) {
    const unicode = winAnsiToUnicode(code);
    const glyph = unicode !== undefined && font.hasGlyphForCodePoint(unicode) ? font.glyphForCodePoint(unicode) : font.getGlyph(0);
    widths.push(Math.round(glyph.advanceWidth * scale));
  }
  const { bbox } = font;
  prepared = {
    deflated: deflateSync(file),
    length: file.length,
    postscriptName: font.postscriptName.replace(/\s+/g, '_'),
    widths,
    descriptor: {
      // Nonsymbolic (bit 6): the font's characters are standard Latin ones.
      Flags: 32,
      FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
      ItalicAngle: font.italicAngle,
      Ascent: Math.round(font.ascent * scale),
      Descent: Math.round(font.descent * scale),
      CapHeight: Math.round((font.capHeight || font.ascent) * scale),
      XHeight: Math.round((font.xHeight || 0) * scale),
      StemV: 80,
    },
  };
  return prepared;
}

/**
 * Writes the form font into a document (font, descriptor and the whole font file) and
 * returns the font object, for the form's /DR and each field's appearance resources.
 */
export function embedFormFont(doc: RefMaker): PdfRef {
  const font = prepare();
  const fileRef = doc.ref({ Filter: 'FlateDecode', Length1: font.length });
  fileRef.end(font.deflated);
  const descriptor = doc.ref({ Type: 'FontDescriptor', FontName: font.postscriptName, ...font.descriptor, FontFile2: fileRef });
  descriptor.end();
  const fontRef = doc.ref({
    Type: 'Font',
    Subtype: 'TrueType',
    BaseFont: font.postscriptName,
    FirstChar: FIRST_CHAR,
    LastChar: LAST_CHAR,
    Widths: font.widths,
    Encoding: 'WinAnsiEncoding',
    FontDescriptor: descriptor,
  });
  fontRef.end();
  return fontRef;
}

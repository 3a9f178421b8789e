/**
 * The PDF page model: a pdfkit document plus a cursor, page breaks, the structure tree and
 * line-by-line text drawing. The writer places every line itself (instead of pdfkit's text
 * flow) so that it knows exactly where each line goes: nothing is drawn outside the
 * printable area, a paragraph that crosses a page gets one marked-content sequence per page,
 * and text in several fonts shares one baseline.
 */
import { deflateSync } from 'node:zlib';
import type PDFDocumentType from 'pdfkit';
import { type Face, primaryFace, sharedTextLayout, sharedWordLayout } from './fonts.js';
import type { LayoutStyle } from './styles.js';
import { PAGE } from './styles.js';
import type { Line, Piece } from './text.js';

type PDFDoc = PDFKit.PDFDocument;
/** pdfkit's structure element (typed loosely: @types/pdfkit lags behind pdfkit 0.20). */
export type StructElement = { add(child: unknown): StructElement; end(): void };

/** Options for a structure element. */
export interface StructOptions {
  alt?: string;
  lang?: string;
  title?: string;
  scope?: 'Row' | 'Column' | 'Both';
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
  actual?: string;
}

/** A pdfkit indirect object (PDFReference), as far as the font embedding touches it. */
interface PdfRefInternals {
  data: Record<string, unknown>;
  compress: boolean;
  write(chunk: Uint8Array): void;
  finalize(): void;
  end(chunk?: Uint8Array): void;
}

/** The parts of pdfkit's EmbeddedFont the canvas touches (not in @types/pdfkit). */
interface EmbeddedFontInternals {
  layoutCache?: Record<string, unknown>;
  layoutRun?: (text: string) => object;
  layoutCached?: (text: string) => object;
  layout?: (text: string, features?: unknown, onlyWidth?: boolean) => object;
  __shared?: boolean;
  subset?: { glyphs?: number[]; encode: () => Uint8Array };
  document?: { ref(data?: Record<string, unknown>): PdfRefInternals };
  embed?: () => unknown;
}

/**
 * Deflated font files by the (cached, shared) subset bytes they were made from: the font is
 * compressed once per subset, not once per document. A WeakMap, so an entry goes when the
 * subset cache drops its bytes.
 */
const deflatedSubsets = new WeakMap<Uint8Array, Uint8Array>();

/**
 * The bytes of `buffer` in an ArrayBuffer of their own. What is kept for later must not be a
 * view: zlib hands back a view of a 64 KB block for a font file of about 8 KB, and the view
 * keeps the whole block (measured: the 128 cached subsets held about 8 MB a rendering thread).
 */
export function ownBytes(buffer: Buffer): Buffer {
  if (buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength) return buffer;
  return Buffer.from(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/**
 * Wraps `embed` so the font file stream (the first object it makes) is written already
 * compressed from the cache. The bytes are exactly those pdfkit would write: the same
 * zlib deflate of the same subset, then `/Length` and `/Filter /FlateDecode` in that order.
 */
function embedWithCachedDeflate(embedded: EmbeddedFontInternals): void {
  const embed = embedded.embed?.bind(embedded);
  const doc = embedded.document;
  if (!embed || !doc || typeof doc.ref !== 'function') return;
  embedded.embed = () => {
    const ref = doc.ref;
    let first = true;
    doc.ref = (data) => {
      const made = ref.call(doc, data);
      if (first) {
        first = false;
        made.end = (chunk?: Uint8Array) => {
          if (!chunk || !made.compress || made.data.Filter !== undefined) return PdfRefEnd.call(made, chunk);
          let deflated = deflatedSubsets.get(chunk);
          if (!deflated) {
            deflatedSubsets.set(chunk, (deflated = ownBytes(deflateSync(chunk))));
            fontWork.fontFilesDeflated++;
          }
          made.compress = false;
          made.write(deflated);
          made.data.Filter = 'FlateDecode';
          made.finalize();
        };
      }
      return made;
    };
    try {
      return embed();
    } finally {
      doc.ref = ref;
    }
  };
}

/** pdfkit's own PDFReference.end, for objects the cache does not handle. */
function PdfRefEnd(this: PdfRefInternals, chunk?: Uint8Array): void {
  if (chunk) this.write(chunk);
  this.finalize();
}

const subsetCache = new Map<string, Uint8Array>();
const fontWork = { subsetsEncoded: 0, fontFilesDeflated: 0 };

/** How many font subsets were encoded and font files compressed in this process (for tests and the benchmark). */
export function fontStats(): { subsetsEncoded: number; fontFilesDeflated: number } {
  return { ...fontWork };
}

/** Encoded font subsets by face and glyph list (bounded; least recently used dropped). */
function cachedSubset(faceKey: string, glyphs: readonly number[], encode: () => Uint8Array): Uint8Array {
  const key = `${faceKey}:${glyphs.join(',')}`;
  let bytes = subsetCache.get(key);
  if (bytes) subsetCache.delete(key);
  else {
    bytes = encode();
    fontWork.subsetsEncoded++;
    if (subsetCache.size >= 128) subsetCache.delete(subsetCache.keys().next().value!);
  }
  subsetCache.set(key, bytes);
  return bytes;
}

/** The structure element of a layout-only canvas: takes children and forgets them. */
const NO_ELEMENT: StructElement = { add: () => NO_ELEMENT, end: () => undefined };

/** A pdfkit document with a cursor and a structure-element stack. */
export class PdfCanvas {
  readonly doc: PDFDoc;
  readonly style: LayoutStyle;
  /** Top of the free space on the current page. */
  y: number;
  /** Left edge and width of the text column. */
  readonly left: number;
  readonly width: number;
  private readonly stack: StructElement[] = [];
  private readonly registered = new Set<string>();
  private currentFace = '';
  /** Smallest font size drawn for content (the structure rules check it for Easy Read). */
  smallestContentSize = Infinity;
  /** While true, drawn text does not count as content for `smallestContentSize` (address window, furniture). */
  exempt = false;

  /**
   * Layout only: pages are made and every line is placed exactly as when writing, but nothing
   * is drawn (no text, pictures, rules or structure tree). Used to count pages for HTML and
   * text output, so a letter's length warning is the same whatever the format.
   */
  readonly layoutOnly: boolean;

  constructor(doc: PDFDoc, style: LayoutStyle, root: StructElement, options: { layoutOnly?: boolean } = {}) {
    this.doc = doc;
    this.layoutOnly = options.layoutOnly ?? false;
    this.style = style;
    this.left = style.margins.left;
    this.width = PAGE.width - style.margins.left - style.margins.right;
    this.y = style.margins.top;
    this.stack.push(root);
  }

  /**
   * Room kept free at the foot of the page for something that must follow on the same page
   * (the picture credit after the last block). Pages break as if the margin were this much taller.
   */
  reserve = 0;

  /** Lowest y text may reach on a page. */
  get bottom(): number {
    return PAGE.height - this.style.margins.bottom - this.reserve;
  }

  /** Space left on the current page. */
  get remaining(): number {
    return this.bottom - this.y;
  }

  /** Starts a new page and puts the cursor at its top margin. */
  newPage(): void {
    this.doc.addPage({ size: 'A4', margins: { top: 0, right: 0, bottom: 0, left: 0 } });
    this.currentFace = '';
    this.y = this.style.margins.top;
  }

  /** Starts a new page unless `height` fits below the cursor (or the page is still empty). */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.style.margins.top + 0.5) this.newPage();
  }

  /** Forgets the selected face (after switching pages). */
  resetFace(): void {
    this.currentFace = '';
  }

  /** Selects a face, registering it with this document on first use. */
  useFace(face: Face): void {
    if (this.currentFace === face.key) return;
    if (!this.registered.has(face.key)) {
      this.doc.registerFont(face.key, face.font as unknown as string);
      this.registered.add(face.key);
      // The document was opened with the primary face as its default font (so pdfkit does
      // not load Helvetica). Selecting that face by key would make pdfkit build a second
      // EmbeddedFont and compare the two fonts' name tables as JSON before reusing the first.
      const families = (this.doc as unknown as { _fontFamilies: Record<string, { font?: unknown } | undefined> })._fontFamilies;
      const opened = families[face.font.postscriptName];
      if (opened?.font === face.font) families[face.key] = opened;
    }
    this.doc.font(face.key);
    // pdfkit keeps a shaping cache per document; share one per face across documents.
    const embedded = (this.doc as unknown as { _font: EmbeddedFontInternals })._font;
    if (embedded.layoutCache && !embedded.__shared) {
      embedded.__shared = true;
      const layoutRun = embedded.layoutRun?.bind(embedded);
      if (layoutRun) {
        // pdfkit's own per-word cache (layoutCache, an object that only grows) is replaced by
        // a bounded one shared by every document of the process (fonts.ts says why bounded).
        const words = sharedWordLayout(face.key);
        embedded.layoutCache = undefined;
        embedded.layoutCached = (text: string) => {
          let run = words.get(text);
          if (run === undefined) {
            run = layoutRun(text);
            words.set(text, run);
          }
          return run;
        };
      }
      // pdfkit shapes a piece word by word (from the cache above) and concatenates the words'
      // glyph arrays every time; keep the joined result for whole pieces as well. Callers
      // only read it.
      const layout = embedded.layout?.bind(embedded);
      if (layout) {
        const shaped = sharedTextLayout(face.key);
        embedded.layout = (text: string, features?: unknown, onlyWidth?: boolean) => {
          if (features || onlyWidth) return layout(text, features, onlyWidth);
          let run = shaped.get(text);
          if (run === undefined) {
            run = layout(text);
            shaped.set(text, run);
          }
          return run;
        };
      }
      // Subsetting the font is the costliest step of a PDF; the subset depends only on the
      // glyphs used and their order, so equal glyph lists reuse the encoded bytes.
      const subset = embedded.subset;
      if (subset && typeof subset.encode === 'function') {
        const encode = subset.encode.bind(subset);
        subset.encode = () => cachedSubset(face.key, subset.glyphs ?? [], encode);
        embedWithCachedDeflate(embedded);
      }
    }
    this.currentFace = face.key;
  }

  /** The structure element new content goes into. */
  get parent(): StructElement {
    return this.stack[this.stack.length - 1];
  }

  /** Opens a structure element under the current one; content and children go into it until `close`. */
  open(type: string, options: StructOptions = {}): StructElement {
    if (this.layoutOnly) {
      this.stack.push(NO_ELEMENT);
      return NO_ELEMENT;
    }
    const element = (this.doc as unknown as { struct(type: string, options?: StructOptions): StructElement }).struct(type, options);
    this.parent.add(element);
    this.stack.push(element);
    return element;
  }

  /** Closes the innermost open element. */
  close(): void {
    const element = this.stack.pop();
    element?.end();
  }

  /** Draws into the current element as one marked-content sequence (must stay on one page). */
  content(draw: () => void): void {
    if (this.layoutOnly) draw(); // only text is measured (paintLines draws nothing then)
    else this.parent.add(draw);
  }

  /** Draws something that is not content (rules, backgrounds, page furniture). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' | 'Page' = 'Layout'): void {
    if (this.layoutOnly) return;
    this.doc.markContent('Artifact', { type } as never);
    draw();
    this.doc.endMarkedContent();
  }

  /**
   * Draws laid-out lines at `x` into the current element, breaking pages between lines.
   * Returns the y after the last line.
   */
  drawLines(lines: readonly Line[], x: number, options: { keepTogether?: number } = {}): void {
    let index = 0;
    const keep = options.keepTogether ?? 2;
    // Do not leave a lone first line at the foot of a page.
    if (lines.length > 0) {
      const first = lines.slice(0, Math.min(keep, lines.length)).reduce((h, l) => h + l.height, 0);
      this.ensure(first);
    }
    while (index < lines.length) {
      let end = index;
      let height = 0;
      while (end < lines.length && this.y + height + lines[end].height <= this.bottom + 0.01) {
        height += lines[end].height;
        end++;
      }
      if (end === index) {
        // Not even one line fits: go to a new page (a line taller than a page is drawn anyway).
        if (this.y > this.style.margins.top + 0.5) {
          this.newPage();
          continue;
        }
        end = index + 1;
        height = lines[index].height;
      }
      // Nor a lone last line at the top of the next: take one more line over with it when
      // that leaves at least 2 here, or else start the paragraph on the next page.
      if (lines.length - end === 1 && end - index >= 3) {
        end--;
        height -= lines[end].height;
      } else if (lines.length - end === 1 && index === 0 && this.y > this.style.margins.top + 0.5) {
        this.newPage();
        continue;
      }
      const chunk = lines.slice(index, end);
      const top = this.y;
      this.content(() => this.paintLines(chunk, x, top));
      this.y += height;
      index = end;
      if (index < lines.length) this.newPage();
    }
  }

  /** Paints lines with their top at `top` (no page logic; the caller made room). */
  paintLines(lines: readonly Line[], x: number, top: number): void {
    if (this.layoutOnly) {
      // Nothing is drawn; the smallest content size is still what writing would draw.
      if (!this.exempt) for (const line of lines) for (const piece of line.pieces) if (piece.text) this.smallestContentSize = Math.min(this.smallestContentSize, piece.size);
      return;
    }
    const ops: string[] = [];
    const flush = () => {
      if (ops.length) this.doc.addContent(ops.join('\n'));
      ops.length = 0;
    };
    let y = top;
    for (const line of lines) {
      const baseline = y + line.baseline;
      let cursor = x + line.indent;
      for (const piece of line.pieces) {
        if (piece.text) {
          this.useFace(piece.face);
          this.textOperators(piece, cursor, baseline, ops);
          if (piece.underline) {
            flush();
            const thickness = Math.max(0.6, piece.size / 14);
            this.doc.save().lineWidth(thickness).strokeColor(piece.color)
              .moveTo(cursor, baseline + piece.size * 0.12).lineTo(cursor + piece.width, baseline + piece.size * 0.12).stroke().restore();
          }
          if (!this.exempt) this.smallestContentSize = Math.min(this.smallestContentSize, piece.size);
        }
        cursor += piece.width;
      }
      y += line.height;
    }
    flush();
  }

  /**
   * The operators pdfkit writes for `fontSize(size).fillColor(colour)` and then
   * `text(piece, x, baseline, { lineBreak: false, baseline: 'alphabetic' })`, byte for byte,
   * collected into `ops` so a block of lines goes into the page in one write instead of a
   * dozen small ones per piece (pdfkit's `_fragment`: `q`, flip, `BT`, `Tm`, `Tf`, the `TJ`
   * array with kerning and glyph offsets, `ET`, `Q`).
   */
  private textOperators(piece: Piece, x: number, baseline: number, ops: string[]): void {
    const doc = this.doc as unknown as TextInternals;
    const text = piece.text.replace(/\n/g, '');
    doc._fontSize = piece.size;
    let colour = colourOperators.get(piece.color);
    if (colour === undefined) {
      const rgb = doc._normalizeColor(piece.color);
      if (!rgb || rgb.length !== 3) throw new Error(`internal: text colour ${piece.color} is not RGB`);
      colourOperators.set(piece.color, (colour = `/DeviceRGB cs\n${rgb.join(' ')} scn`));
    }
    ops.push(colour);
    doc._fillColor = [piece.color, undefined];
    if (!text) return;
    const font = doc._font;
    const page = doc.page;
    ops.push('q', `1 0 0 -1 0 ${pdfNumber(page.height)} cm`);
    let cursor = x;
    const y = page.height - baseline;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    ops.push('BT', `1 0 0 1 ${pdfNumber(cursor)} ${pdfNumber(y)} Tm`, `/${font.id} ${pdfNumber(piece.size)} Tf`);
    const [encoded, positions] = font.encode(text);
    const scale = piece.size / 1000;
    const commands: string[] = [];
    let last = 0;
    let hadOffset = false;
    const addSegment = (cur: number) => {
      if (last < cur) {
        const advance = positions[cur - 1].xAdvance - positions[cur - 1].advanceWidth;
        commands.push(`<${encoded.slice(last, cur).join('')}> ${pdfNumber(-advance)}`);
      }
      last = cur;
    };
    const flushTJ = (at: number) => {
      addSegment(at);
      if (commands.length > 0) {
        ops.push(`[${commands.join(' ')}] TJ`);
        commands.length = 0;
      }
    };
    let i = 0;
    for (; i < positions.length; i++) {
      const pos = positions[i];
      if (pos.xOffset || pos.yOffset) {
        flushTJ(i);
        ops.push(`1 0 0 1 ${pdfNumber(cursor + pos.xOffset * scale)} ${pdfNumber(y + pos.yOffset * scale)} Tm`);
        flushTJ(i + 1);
        hadOffset = true;
      } else {
        if (hadOffset) {
          ops.push(`1 0 0 1 ${pdfNumber(cursor)} ${pdfNumber(y)} Tm`);
          hadOffset = false;
        }
        if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
      }
      cursor += pos.xAdvance * scale;
    }
    flushTJ(i);
    ops.push('ET', 'Q');
  }
}

/** pdfkit's number format in content streams (PDFObject.number). */
function pdfNumber(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** The `cs`/`scn` operators for a text colour, as pdfkit's `fillColor` writes them. */
const colourOperators = new Map<string, string>();

/** The pdfkit state and font internals text writing touches (not in @types/pdfkit). */
interface TextInternals {
  _fontSize: number;
  _fillColor: unknown;
  _normalizeColor(colour: string): number[] | null;
  _font: {
    id: string;
    ref(): unknown;
    encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  };
  page: { height: number; fonts: Record<string, unknown> };
}


/** Ascent of the primary face at a size, for baseline placement. */
export function primaryAscent(size: number): number {
  return primaryFace().ascent * size;
}

export type { PDFDocumentType };

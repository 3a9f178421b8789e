/**
 * Reading PDFs back in tests: text per page (pdfjs-dist), the structure tree, language,
 * title, embedded fonts, and a page as PNG (pdftoppm from poppler-utils) for people to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A node of a page's structure tree as pdfjs reports it. */
export interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
  type?: string;
  /** For `type: 'annotation'`: the annotation it points at (OBJR). */
  id?: string;
}

/** What a PDF says about itself. */
export interface PdfFacts {
  pages: number;
  /** Text of each page, items joined with spaces. */
  pageText: string[];
  text: string;
  title?: string;
  lang?: string;
  displayDocTitle: boolean;
  tagged: boolean;
  /** Structure roles used anywhere (H1, P, L, LI, Table, TH, Figure, ...). */
  roles: Set<string>;
  /** Alt texts of Figure elements. */
  figureAlts: string[];
  /** Base font names of the embedded fonts. */
  embeddedFonts: string[];
  /** Every font dictionary in the file (page text, form fields, appearance streams). */
  fonts: FontFacts[];
  /**
   * True when every font dictionary has its glyphs in the file (nothing left to the viewer),
   * and every font a form field's /DA names is one of the form's /DR fonts.
   */
  allFontsEmbedded: boolean;
  /** The page size of page 1, in points. */
  pageSize: [number, number];
}

function walk(node: StructNode | null | undefined, roles: Set<string>, alts: string[]): void {
  if (!node) return;
  if (node.role) roles.add(node.role);
  if (node.role === 'Figure' && node.alt) alts.push(node.alt);
  for (const child of node.children ?? []) walk(child, roles, alts);
}

/** One font dictionary of a PDF. */
export interface FontFacts {
  /** Object number of the font dictionary. */
  object: number;
  baseFont: string;
  subtype: string;
  /** Its glyphs are in the file: a font file in its descriptor (Type 0: its descendant's), or Type 3. */
  embedded: boolean;
}

/**
 * The objects of a PDF by number, read through its cross-reference table: each object's text
 * up to its stream or `endobj` (dictionaries only; stream data is not read). Throws for files
 * this cannot read (cross-reference streams, incremental updates), so a check built on it
 * cannot pass by reading nothing.
 */
export function pdfObjects(pdf: Buffer): Map<number, string> {
  const raw = pdf.toString('latin1');
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw);
  if (!start) throw new Error('no startxref at the end of the PDF');
  let at = Number(start[1]);
  if (!raw.startsWith('xref', at)) throw new Error('the PDF has a cross-reference stream, which these tests do not read');
  if (/\/Prev\s/.test(raw.slice(raw.indexOf('trailer', at), raw.indexOf('startxref', at)))) throw new Error('the PDF has incremental updates, which these tests do not read');
  const objects = new Map<number, string>();
  const lines = raw.slice(at + 4, raw.indexOf('trailer', at)).trim().split(/\r?\n/);
  let number = 0;
  for (const line of lines) {
    const section = /^(\d+) (\d+)$/.exec(line.trim());
    if (section) {
      number = Number(section[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(line.trim());
    if (!entry) throw new Error(`unreadable cross-reference entry: ${line}`);
    if (entry[3] === 'n') {
      at = Number(entry[1]);
      const header = new RegExp(`^${number} \\d+ obj`).exec(raw.slice(at, at + 32));
      if (!header) throw new Error(`object ${number} is not at offset ${at}`);
      const ends = [raw.indexOf('\nstream', at), raw.indexOf('endobj', at)].filter((i) => i >= 0);
      objects.set(number, raw.slice(at + header[0].length, Math.min(...ends)));
    }
    number++;
  }
  return objects;
}

const refTo = (dict: string, key: string): number | undefined => {
  const match = new RegExp(`/${key}\\s*\\[?\\s*(\\d+) 0 R`).exec(dict);
  return match ? Number(match[1]) : undefined;
};

/** Every font dictionary, with whether its glyphs are embedded. */
export function readFonts(pdf: Buffer): FontFacts[] {
  const objects = pdfObjects(pdf);
  const hasFontFile = (descriptor: number | undefined) => descriptor !== undefined && /\/FontFile[23]?\s/.test(objects.get(descriptor) ?? '');
  const fonts: FontFacts[] = [];
  for (const [object, dict] of objects) {
    if (!/\/Type\s*\/Font\b(?!Descriptor)/.test(dict)) continue;
    const subtype = /\/Subtype\s*\/(\w+)/.exec(dict)?.[1] ?? '';
    if (subtype === 'CIDFontType0' || subtype === 'CIDFontType2') continue; // read through their Type 0 parent
    const baseFont = /\/BaseFont\s*\/([^\s/<>[\]()]+)/.exec(dict)?.[1] ?? '';
    let embedded: boolean;
    if (subtype === 'Type3') embedded = true;
    else if (subtype === 'Type0') {
      const descendant = refTo(dict, 'DescendantFonts');
      embedded = descendant !== undefined && hasFontFile(refTo(objects.get(descendant) ?? '', 'FontDescriptor'));
    } else embedded = hasFontFile(refTo(dict, 'FontDescriptor'));
    fonts.push({ object, baseFont, subtype, embedded });
  }
  return fonts;
}

/** Every font named in a field's /DA is in the form's /DR (else the viewer picks its own). */
function formFontsResolve(pdf: Buffer): boolean {
  const objects = pdfObjects(pdf);
  const named = new Set<string>();
  for (const dict of objects.values()) for (const match of dict.matchAll(/\/DA\s*\(\s*\/([^\s/()]+)\s+[\d.]+\s+Tf/g)) named.add(match[1]);
  if (named.size === 0) return true;
  const form = [...objects.values()].find((dict) => /\/Fields\s*\[/.test(dict) && /\/DR\s*<</.test(dict));
  const resources = form ? /\/DR\s*<<\s*\/Font\s*<<([\s\S]*?)>>/.exec(form)?.[1] ?? '' : '';
  const available = new Set([...resources.matchAll(/\/([^\s/]+)\s+\d+ 0 R/g)].map((m) => m[1]));
  return [...named].every((name) => available.has(name));
}

/** Reads a PDF back. */
export async function readPdf(pdf: Buffer): Promise<PdfFacts> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pageText: string[] = [];
  const roles = new Set<string>();
  const figureAlts: string[] = [];
  let pageSize: [number, number] = [0, 0];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    if (i === 1) pageSize = [page.view[2] - page.view[0], page.view[3] - page.view[1]];
    const content = await page.getTextContent();
    // Items split wherever the font changes; the spaces are in the text itself.
    pageText.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' ').trim());
    walk((await page.getStructTree()) as StructNode, roles, figureAlts);
  }
  const meta = await doc.getMetadata();
  const raw = pdf.toString('latin1');
  const info = meta.info as Record<string, unknown>;
  const fonts = readFonts(pdf);
  await doc.destroy();
  return {
    pages: pageText.length,
    pageText,
    text: pageText.join('\n'),
    title: typeof info.Title === 'string' ? info.Title : undefined,
    lang: /\/Lang \(([^)]*)\)/.exec(raw)?.[1],
    displayDocTitle: /\/DisplayDocTitle true/.test(raw),
    tagged: /\/MarkInfo/.test(raw) && /\/StructTreeRoot/.test(raw),
    roles,
    figureAlts,
    embeddedFonts: [...new Set(fonts.filter((f) => f.embedded).map((f) => f.baseFont))],
    fonts,
    allFontsEmbedded: fonts.length > 0 && fonts.every((f) => f.embedded) && formFontsResolve(pdf),
    pageSize,
  };
}

/** A piece of text on a page and where it is drawn (points, origin top left, baseline y). */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  /** Width drawn, and the type size, in points. */
  width: number;
  size: number;
}

/** The text items of one page (1-based) with their positions, in drawing order. */
export async function pageTextPositions(pdf: Buffer, page: number): Promise<PlacedText[]> {
  return (await allPageTextPositions(pdf))[page - 1];
}

/** The text items of every page, with their positions. */
export async function allPageTextPositions(pdf: Buffer): Promise<PlacedText[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PlacedText[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const p = await doc.getPage(i);
    const height = p.view[3] - p.view[1];
    const content = await p.getTextContent();
    pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim()
      ? [{ str: item.str, x: item.transform[4], y: height - item.transform[5], width: item.width, size: Math.hypot(item.transform[2], item.transform[3]) }]
      : [])));
  }
  await doc.destroy();
  return pages;
}

/**
 * What each page holds, in reading order: for every piece of marked content, the structure
 * roles from the document down to it (`Document/H2`, `Document/Table/TR/TH`). Artifacts (page
 * numbers, borders) are not in it.
 */
export async function pageStructure(pdf: Buffer): Promise<string[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const leaves: string[] = [];
    const visit = (node: StructNode | null | undefined, path: string[]) => {
      if (!node) return;
      if (node.type === 'content' || node.type === 'annotation') leaves.push(path.join('/'));
      const here = node.role ? [...path, node.role] : path;
      for (const child of node.children ?? []) visit(child, here);
    };
    visit((await (await doc.getPage(i)).getStructTree()) as StructNode, []);
    pages.push(leaves);
  }
  await doc.destroy();
  return pages;
}

/** A page drawn in shades of grey (0 black … 255 white), one byte a pixel, rows top to bottom. */
export interface GreyPage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Every page as a greyscale raster (pdftoppm -gray, read from its PGM files). */
export function pdfToGrey(pdf: Buffer, dpi: number): GreyPage[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-grey-'));
  try {
    const input = path.join(tmp, 'in.pdf');
    fs.writeFileSync(input, pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), input, path.join(tmp, 'page')]);
    return fs.readdirSync(tmp).filter((f) => f.endsWith('.pgm')).sort((a, b) => Number(/(\d+)\.pgm$/.exec(a)![1]) - Number(/(\d+)\.pgm$/.exec(b)![1])).map((file) => {
      const bytes = fs.readFileSync(path.join(tmp, file));
      // Binary PGM: "P5", width, height, maxval, each followed by one whitespace, then the pixels.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'));
      if (!header || header[3] !== '255') throw new Error(`${file} is not an 8-bit PGM`);
      const [width, height] = [Number(header[1]), Number(header[2])];
      return { width, height, pixels: bytes.subarray(header[0].length, header[0].length + width * height) };
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Pixels darker than `threshold` within `border` pixels of the page's edges. */
export function inkNearEdges(page: GreyPage, border: number, threshold = 250): number {
  let count = 0;
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      const edge = y < border || y >= page.height - border || x < border || x >= page.width - border;
      if (edge && page.pixels[y * page.width + x] < threshold) count++;
    }
  }
  return count;
}

/** A fillable field as pdfjs reads it: from the AcroForm, and from its page's widget annotation. */
export interface FormFieldFacts {
  name: string;
  type: string;
  /** 1-based page. */
  page: number;
  /** [x1, y1, x2, y2] in PDF points (origin bottom left). */
  rect: number[];
  /** The alternate name (/TU) screen readers announce. */
  alt?: string;
}

/** Fields (getFieldObjects + getAnnotations) and, per page, the children of each Form structure element. */
export async function readFormFields(pdf: Buffer): Promise<{ fields: FormFieldFacts[]; formElements: { page: number; children: StructNode[] }[]; annotationIds: Set<string> }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const objects = (await doc.getFieldObjects()) ?? {};
  const fields: FormFieldFacts[] = [];
  const formElements: { page: number; children: StructNode[] }[] = [];
  const annotationIds = new Set<string>();
  const alts = new Map<string, string>();
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    for (const annotation of await page.getAnnotations()) {
      annotationIds.add(`pdfjs_internal_id_${annotation.id}`);
      if (annotation.fieldName && annotation.alternativeText) alts.set(annotation.fieldName, annotation.alternativeText);
    }
    const visit = (node: StructNode | null | undefined) => {
      if (!node) return;
      if (node.role === 'Form') formElements.push({ page: i, children: node.children ?? [] });
      for (const child of node.children ?? []) visit(child);
    };
    visit((await page.getStructTree()) as StructNode);
  }
  for (const [name, widgets] of Object.entries(objects)) {
    for (const widget of widgets as { type: string; page: number; rect: number[] }[]) {
      fields.push({ name, type: widget.type, page: widget.page + 1, rect: widget.rect, alt: alts.get(name) });
    }
  }
  await doc.destroy();
  return { fields, formElements, annotationIds };
}

/** Folder for pictures people look at (gitignored). */
export const TEST_OUTPUT = path.resolve(import.meta.dirname, '../../test-output');

/** Renders every page to PNGs (`<name>-1.png`, …) with pdftoppm and returns their paths. */
export function pdfToPngs(pdf: Buffer, name: string, dpi = 70): string[] {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-pdf-'));
  const input = path.join(tmp, 'in.pdf');
  fs.writeFileSync(input, pdf);
  for (const old of fs.readdirSync(TEST_OUTPUT).filter((f) => f.startsWith(`${name}-`) && /^\d+\.png$/.test(f.slice(name.length + 1)))) fs.rmSync(path.join(TEST_OUTPUT, old));
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', input, path.join(TEST_OUTPUT, name)]);
  fs.rmSync(tmp, { recursive: true, force: true });
  return fs.readdirSync(TEST_OUTPUT).filter((f) => f.startsWith(`${name}-`) && /^\d+\.png$/.test(f.slice(name.length + 1))).map((f) => path.join(TEST_OUTPUT, f));
}

/** Renders one page (1-based) to a PNG with pdftoppm and returns its path. */
export function pdfToPng(pdf: Buffer, page: number, name: string, dpi = 70): string {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-pdf-'));
  const input = path.join(tmp, 'in.pdf');
  fs.writeFileSync(input, pdf);
  const base = path.join(TEST_OUTPUT, name);
  execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', input, base]);
  fs.rmSync(tmp, { recursive: true, force: true });
  return `${base}.png`;
}

/** True when pdftoppm is installed (poppler-utils). */
export function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

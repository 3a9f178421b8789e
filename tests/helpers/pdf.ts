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
  /** True when every font has a font file (nothing left to the viewer). */
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
  const baseFonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+[^\s/>]+)/g)].map((m) => m[1]);
  const descriptors = [...raw.matchAll(/\/Type \/FontDescriptor[\s\S]*?>>/g)].map((m) => m[0]);
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
    embeddedFonts: [...new Set(baseFonts)],
    allFontsEmbedded: descriptors.length > 0 && descriptors.every((d) => /\/FontFile2|\/FontFile3|\/FontFile /.test(d)),
    pageSize,
  };
}

/** A piece of text on a page and where it is drawn (points, origin top left, baseline y). */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
}

/** The text items of one page (1-based) with their positions, in drawing order. */
export async function pageTextPositions(pdf: Buffer, page: number): Promise<PlacedText[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const p = await doc.getPage(page);
  const height = p.view[3] - p.view[1];
  const content = await p.getTextContent();
  const items = content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str, x: item.transform[4], y: height - item.transform[5] }] : []));
  await doc.destroy();
  return items;
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

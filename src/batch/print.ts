/**
 * One print-ready PDF for a whole batch, every letter starting on an odd page so that duplex
 * printing never puts the start of one person's letter on the back of another's.
 *
 * Approach: the letters are already rendered (tagged, fonts embedded) one PDF each. Rather than
 * render every letter a second time, the print file is built by copying each letter's pages
 * into one file as the batch goes: the objects a page needs (content, resources, fonts,
 * images) are renumbered and appended, a blank page follows any letter with an odd number of
 * pages, and the page tree, catalogue and cross-reference table are written at the end. Only
 * object offsets are kept in memory, so memory stays flat however many letters there are
 * (a PDF library such as pdf-lib would hold the whole print file in memory until it is saved).
 *
 * It reads the PDFs our renderer (pdfkit) writes: a classic cross-reference table, no object
 * streams, direct stream lengths. Anything else is refused with RENDER_FAILED rather than
 * copied wrongly. The print file is not tagged (each letter's own PDF is the accessible copy;
 * the print file is for the printer), so each letter's structure tree is left out.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { AppError } from '../core/index.js';

/** A reference `n g R` found in PDF syntax. */
interface Ref {
  start: number;
  end: number;
  num: number;
}

/** Finds every indirect reference in PDF syntax, skipping strings and comments. */
export function findRefs(text: string): Ref[] {
  const refs: Ref[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '(') {
      let depth = 1;
      i++;
      while (i < text.length && depth > 0) {
        if (text[i] === '\\') i += 2;
        else {
          if (text[i] === '(') depth++;
          else if (text[i] === ')') depth--;
          i++;
        }
      }
      continue;
    }
    if (ch === '<' && text[i + 1] === '<') {
      i += 2; // a dictionary opens (not a hex string)
      continue;
    }
    if (ch === '<') {
      const close = text.indexOf('>', i);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (ch === '%') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (ch >= '0' && ch <= '9' && (i === 0 || !/[0-9.A-Za-z+\-]/.test(text[i - 1]))) {
      const match = /^(\d+)\s+(\d+)\s+R(?![A-Za-z0-9])/.exec(text.slice(i, i + 32));
      if (match) {
        refs.push({ start: i, end: i + match[0].length, num: Number(match[1]) });
        i += match[0].length;
        continue;
      }
      while (i < text.length && /[0-9.]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return refs;
}

/** Replaces every reference by `map(num)`. */
function renumber(text: string, map: (num: number) => number): string {
  let out = '';
  let last = 0;
  for (const ref of findRefs(text)) {
    out += text.slice(last, ref.start) + `${map(ref.num)} 0 R`;
    last = ref.end;
  }
  return out + text.slice(last);
}

/** Where a dictionary (`<< … >>`) that starts at `start` ends (index after `>>`). */
function dictEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '(') {
      let parens = 1;
      i++;
      while (i < text.length && parens > 0) {
        if (text[i] === '\\') i += 2;
        else {
          if (text[i] === '(') parens++;
          else if (text[i] === ')') parens--;
          i++;
        }
      }
      continue;
    }
    if (ch === '<' && text[i + 1] === '<') {
      depth++;
      i += 2;
      continue;
    }
    if (ch === '>' && text[i + 1] === '>') {
      depth--;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    i++;
  }
  return -1;
}

/** One object of a source PDF: its syntax (latin1) and, for a stream, its raw bytes. */
interface SourceObject {
  dict: string;
  stream: Buffer | null;
}

function unreadable(what: string): AppError {
  return new AppError('RENDER_FAILED', `A letter could not be added to the print PDF (${what}).`);
}

/** Reads the objects of a PDF written by pdfkit, and the page order. */
export function readPdfObjects(pdf: Buffer): { objects: Map<number, SourceObject>; pages: number[] } {
  const tail = pdf.subarray(Math.max(0, pdf.length - 64)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!startxref) throw unreadable('no cross-reference table');
  const xrefAt = Number(startxref[1]);
  const xrefText = pdf.subarray(xrefAt, Math.min(pdf.length, xrefAt + 64)).toString('latin1');
  if (!xrefText.startsWith('xref')) throw unreadable('a cross-reference stream, which is not supported');
  const trailerAt = pdf.indexOf('trailer', xrefAt, 'latin1');
  if (trailerAt < 0) throw unreadable('no trailer');
  const table = pdf.subarray(xrefAt + 4, trailerAt).toString('latin1').trim().split(/\r?\n/);
  const offsets: Array<{ num: number; offset: number }> = [];
  for (let line = 0; line < table.length; ) {
    const [first, count] = table[line].trim().split(/\s+/).map(Number);
    for (let k = 0; k < count; k++) {
      const [offset, , kind] = table[line + 1 + k].trim().split(/\s+/);
      if (kind === 'n') offsets.push({ num: first + k, offset: Number(offset) });
    }
    line += count + 1;
  }
  const sorted = [...offsets].sort((a, b) => a.offset - b.offset);
  const objects = new Map<number, SourceObject>();
  sorted.forEach(({ num, offset }, index) => {
    const end = index + 1 < sorted.length ? sorted[index + 1].offset : xrefAt;
    const raw = pdf.subarray(offset, end);
    const head = /^\s*\d+\s+\d+\s+obj\s*/.exec(raw.subarray(0, 32).toString('latin1'));
    if (!head) throw unreadable(`object ${num} is not where the table says`);
    const bodyStart = head[0].length;
    const text = raw.toString('latin1');
    let dict: string;
    let stream: Buffer | null = null;
    if (text.startsWith('<<', bodyStart)) {
      const close = dictEnd(text, bodyStart);
      if (close < 0) throw unreadable(`object ${num} has an unclosed dictionary`);
      dict = text.slice(bodyStart, close);
      const after = /^\s*stream\r?\n/.exec(text.slice(close, close + 16));
      if (after) {
        const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
        if (!length) throw unreadable(`object ${num} has an indirect stream length`);
        const dataStart = close + after[0].length;
        stream = raw.subarray(dataStart, dataStart + Number(length[1]));
      }
    } else {
      dict = text.slice(bodyStart).replace(/\s*endobj\s*$/, '');
    }
    objects.set(num, { dict, stream });
  });
  const trailer = pdf.subarray(trailerAt).toString('latin1');
  const root = /\/Root\s+(\d+)\s+\d+\s+R/.exec(trailer);
  if (!root) throw unreadable('no document catalogue');
  const catalog = objects.get(Number(root[1]));
  const pagesRef = catalog && /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog.dict);
  if (!pagesRef) throw unreadable('no page tree');
  const pages: number[] = [];
  const collect = (num: number) => {
    const node = objects.get(num);
    if (!node) throw unreadable(`page tree object ${num} is missing`);
    if (/\/Type\s*\/Pages\b/.test(node.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node.dict);
      for (const ref of findRefs(kids?.[1] ?? '')) collect(ref.num);
    } else pages.push(num);
  };
  collect(Number(pagesRef[1]));
  return { objects, pages };
}

/** What the print file holds. */
export interface PrintSummary {
  letters: number;
  pages: number;
  /** Blank pages added so that every letter starts on an odd page. */
  blankPages: number;
}

/** Object 1 is the page tree and object 2 the catalogue, written last (the xref does not care about order). */
const PAGES_ROOT = 1;
const CATALOG = 2;

/** Writes the print PDF to a file, a letter at a time. */
export class PrintPdfWriter {
  private offset = 0;
  private next = 3;
  private readonly offsets: number[] = [];
  private readonly kids: number[] = [];
  private letters = 0;
  private blankPages = 0;

  private constructor(readonly file: string, private readonly out: WriteStream) {}

  /** Starts a print file. */
  static async open(file: string): Promise<PrintPdfWriter> {
    const out = createWriteStream(file);
    const writer = new PrintPdfWriter(file, out);
    await writer.write(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
    return writer;
  }

  private async write(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  private async writeObject(num: number, dict: string, stream: Buffer | null): Promise<void> {
    this.offsets[num] = this.offset;
    const head = Buffer.from(`${num} 0 obj\n${dict}\n`, 'latin1');
    if (stream) await this.write(Buffer.concat([head, Buffer.from('stream\n', 'latin1'), stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
    else await this.write(Buffer.concat([head, Buffer.from('endobj\n', 'latin1')]));
  }

  /**
   * Appends one letter's pages, and a blank page after it when it has an odd number of pages.
   * @throws AppError RENDER_FAILED when the PDF is not one this writer can copy.
   */
  async addLetter(pdf: Uint8Array): Promise<{ pages: number; blankPage: boolean }> {
    const { objects, pages } = readPdfObjects(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    // The objects the pages need: everything reachable from them, except back up to the page tree.
    const needed = new Set<number>();
    const stack = [...pages];
    while (stack.length > 0) {
      const num = stack.pop()!;
      if (needed.has(num)) continue;
      const object = objects.get(num);
      if (!object) throw unreadable(`object ${num} is missing`);
      needed.add(num);
      const dict = pages.includes(num) ? object.dict.replace(/\/Parent\s+\d+\s+\d+\s+R/, '') : object.dict;
      for (const ref of findRefs(dict)) if (!needed.has(ref.num)) stack.push(ref.num);
    }
    const numbers = new Map<number, number>();
    for (const num of [...needed].sort((a, b) => a - b)) numbers.set(num, this.next++);
    const map = (num: number) => {
      const mapped = numbers.get(num);
      if (mapped === undefined) throw unreadable(`a page refers to object ${num}, which it does not need`);
      return mapped;
    };
    let mediaBox = '[0 0 595.28 841.89]';
    for (const num of [...needed].sort((a, b) => a - b)) {
      const object = objects.get(num)!;
      let dict = object.dict;
      if (pages.includes(num)) {
        // Re-parent the page; drop its link into the letter's own structure tree (not copied).
        dict = dict.replace(/\/Parent\s+\d+\s+\d+\s+R/, '/Parent __ROOT__').replace(/\/StructParents\s+\d+/, '');
        mediaBox = /\/MediaBox\s*(\[[^\]]*\])/.exec(dict)?.[1] ?? mediaBox;
        dict = renumber(dict, map).replace('/Parent __ROOT__', `/Parent ${PAGES_ROOT} 0 R`);
      } else {
        dict = renumber(dict, map);
      }
      await this.writeObject(numbers.get(num)!, dict, object.stream);
    }
    for (const page of pages) this.kids.push(numbers.get(page)!);
    this.letters++;
    const blankPage = pages.length % 2 === 1;
    if (blankPage) {
      const contents = this.next++;
      const page = this.next++;
      await this.writeObject(contents, '<< /Length 0 >>', Buffer.alloc(0));
      await this.writeObject(page, `<< /Type /Page /Parent ${PAGES_ROOT} 0 R /MediaBox ${mediaBox} /Resources << >> /Contents ${contents} 0 R >>`, null);
      this.kids.push(page);
      this.blankPages++;
    }
    return { pages: pages.length, blankPage };
  }

  /** Writes the page tree, catalogue and cross-reference table, and closes the file. */
  async finish(): Promise<PrintSummary> {
    await this.writeObject(PAGES_ROOT, `<< /Type /Pages /Count ${this.kids.length} /Kids [${this.kids.map((kid) => `${kid} 0 R`).join(' ')}] >>`, null);
    await this.writeObject(CATALOG, `<< /Type /Catalog /Pages ${PAGES_ROOT} 0 R /ViewerPreferences << /Duplex /DuplexFlipLongEdge >> >>`, null);
    const xrefAt = this.offset;
    const lines = [`xref\n0 ${this.next}\n`, '0000000000 65535 f \n'];
    for (let num = 1; num < this.next; num++) lines.push(`${String(this.offsets[num] ?? 0).padStart(10, '0')} 00000 ${this.offsets[num] === undefined ? 'f' : 'n'} \n`);
    lines.push(`trailer\n<< /Size ${this.next} /Root ${CATALOG} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    await this.write(Buffer.from(lines.join(''), 'latin1'));
    this.out.end();
    await once(this.out, 'close');
    return { letters: this.letters, pages: this.kids.length, blankPages: this.blankPages };
  }

  /** Stops and removes the file. */
  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.file, { force: true });
  }
}

/**
 * PDFs into blocks, with pages. pdfjs-dist (Mozilla's PDF reader) gives each page's text as
 * pieces placed on the page; they are put back into lines (same baseline), lines into
 * paragraphs (a gap taller than about one and a half lines, or a change of type size, starts
 * a new one), and a paragraph set in type clearly larger than the document's body text (the
 * size most of its letters are in) and not long is a heading. A word broken with a hyphen at
 * the end of a line is joined again.
 *
 * A PDF made by scanning paper has pictures of pages, not text: with no text at all it is
 * refused with a message saying so; pages without text in a PDF that has some are named in
 * a note.
 */
import { AppError } from '../core/index.js';
import type { ExtractedDocument, TextBlock } from './types.js';

/** The most pages read (a long guide is under 100). */
export const MAX_PDF_PAGES = 2_000;

interface Piece {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  eol: boolean;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

interface Paragraph {
  lines: Line[];
  size: number;
  page: number;
}

/** Joins a line onto a paragraph's text, mending a word broken with a hyphen at a line end. */
function joinLines(lines: Line[]): string {
  let text = '';
  for (const line of lines) {
    const next = line.text.trim();
    if (!text) text = next;
    else if (/[A-Za-z]-$/.test(text) && /^[a-z]/.test(next)) text = text.slice(0, -1) + next;
    else text += ' ' + next;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Puts a page's pieces into lines, in the order the page draws them. */
export function linesOf(pieces: Piece[]): Line[] {
  const lines: Line[] = [];
  let current: { parts: string[]; y: number; size: number; end: number } | undefined;
  const close = () => {
    if (current) {
      const text = current.parts.join('');
      if (text.trim()) lines.push({ text, y: current.y, size: current.size });
    }
    current = undefined;
  };
  for (const piece of pieces) {
    if (current && Math.abs(piece.y - current.y) > Math.max(piece.size, current.size) * 0.5) close();
    if (piece.str) {
      if (!current) current = { parts: [], y: piece.y, size: piece.size, end: piece.x };
      const gap = piece.x - current.end;
      const last = current.parts.at(-1) ?? '';
      // Pieces drawn apart on one line are separate words unless a space is already there.
      if (current.parts.length > 0 && gap > piece.size * 0.15 && !/\s$/.test(last) && !/^\s/.test(piece.str)) current.parts.push(' ');
      current.parts.push(piece.str);
      current.size = Math.max(current.size, piece.size);
      current.end = piece.x + piece.width;
    }
    if (piece.eol) close();
  }
  close();
  return lines;
}

/** Groups one page's lines into paragraphs by the gaps between them and changes of type size. */
export function paragraphsOf(lines: Line[], page: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;
  let previous: Line | undefined;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : 0;
    const sizeChanged = current !== undefined && Math.abs(line.size - current.size) > current.size * 0.1;
    if (!current || !previous || sizeChanged || gap > Math.max(line.size, previous.size) * 1.6 || gap < 0) {
      current = { lines: [], size: line.size, page };
      paragraphs.push(current);
    }
    current.lines.push(line);
    previous = line;
  }
  return paragraphs;
}

/** The type size most of the document's letters are set in. */
function bodySize(paragraphs: Paragraph[]): number {
  const letters = new Map<number, number>();
  for (const paragraph of paragraphs) for (const line of paragraph.lines) {
    const size = Math.round(line.size * 2) / 2;
    letters.set(size, (letters.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let most = -1;
  for (const [size, count] of letters) if (count > most) [best, most] = [size, count];
  return best;
}

function notPdf(file: string, why: string): AppError {
  return new AppError('INPUT_UNREADABLE', `${file}: could not be read as a PDF: ${why}.`, { location: { file } });
}

/**
 * Reads a PDF into blocks with page numbers.
 * @throws AppError INPUT_UNREADABLE for a damaged or password-protected PDF, or one with no text (a scan); INPUT_LIMIT_EXCEEDED past MAX_PDF_PAGES.
 */
export async function pdfBlocks(bytes: Buffer, file: string): Promise<ExtractedDocument> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    // A copy: pdfjs takes the bytes over (detaches them).
    doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0, stopAtErrors: false }).promise;
  } catch (error) {
    if ((error as Error)?.name === 'PasswordException') {
      throw new AppError('INPUT_UNREADABLE', `${file}: this PDF is protected with a password, so it cannot be read. Save a copy without the password and check that.`, { location: { file } });
    }
    throw notPdf(file, 'the file is damaged or is not a PDF');
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) {
      throw new AppError('INPUT_LIMIT_EXCEEDED', `${file}: this PDF has ${doc.numPages.toLocaleString('en-GB')} pages; the most Plainly reads is ${MAX_PDF_PAGES.toLocaleString('en-GB')}. Split it into smaller files.`, { location: { file }, limit: 'maxPages', maxPages: MAX_PDF_PAGES });
    }
    const paragraphs: Paragraph[] = [];
    const empty: number[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      // pdfjs chains promises from page to page, which starves timers and I/O in the service
      // until the whole file is read: let the event loop run between pages.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let pieces: Piece[];
      try {
        const page = await doc.getPage(number);
        const content = await page.getTextContent();
        pieces = content.items.flatMap((item) =>
          'str' in item ? [{ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width, size: Math.hypot(item.transform[2], item.transform[3]) || item.height, eol: item.hasEOL }] : [],
        );
        page.cleanup();
      } catch {
        throw notPdf(file, `page ${number} is damaged`);
      }
      const found = paragraphsOf(linesOf(pieces), number);
      if (found.length === 0) empty.push(number);
      paragraphs.push(...found);
    }
    if (paragraphs.length === 0) {
      throw new AppError('INPUT_UNREADABLE', `${file}: this PDF has no text to check: it may be a scan (pictures of pages). Check the document it was made from, or a copy with its text recognised (OCR).`, { location: { file } });
    }
    const body = bodySize(paragraphs);
    const blocks: TextBlock[] = [];
    for (const paragraph of paragraphs) {
      const text = joinLines(paragraph.lines);
      if (!text) continue;
      blocks.push({ text, heading: paragraph.size >= body * 1.15 && text.length <= 200, page: paragraph.page });
    }
    const notes: string[] = [];
    if (empty.length > 0) {
      const list = empty.length > 10 ? `${empty.slice(0, 10).join(', ')} and ${empty.length - 10} more` : empty.join(', ');
      notes.push(`${empty.length === 1 ? 'Page' : 'Pages'} ${list} of this PDF ${empty.length === 1 ? 'has' : 'have'} no text (${empty.length === 1 ? 'it may be a scanned page' : 'they may be scanned pages'}), so ${empty.length === 1 ? 'it was' : 'they were'} not checked.`);
    }
    return { format: 'pdf', blocks, notes };
  } finally {
    await doc.destroy();
  }
}

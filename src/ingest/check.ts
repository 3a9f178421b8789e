/**
 * Checking one document that is not plain text (Word, PDF, HTML): read it into blocks, lint
 * the blocks' text with the lint the caller gives (the CLI lints in its own process, the
 * service on its lint threads), and point each finding at where a person finds it. A file
 * that cannot be read is a result too (`status: 'unreadable'` with a message), so one bad file
 * in a folder never stops the others from being checked.
 */
import path from 'node:path';
import { AppError, type ErrorCode, type FindingSummary, isAppError } from '../core/index.js';
import { docxBlocks } from './docx.js';
import { htmlBlocks } from './html.js';
import { joinBlocks, locateBlockFindings } from './locate.js';
import { pdfBlocks } from './pdf.js';
import type { DocumentFormat, ExtractedDocument, LintOutcome, LocatedFinding } from './types.js';

/** How much of a document Plainly reads. */
export interface IngestLimits {
  /** The largest file (checked on its size before it is read). */
  maxFileBytes: number;
  /** The most characters of text taken out of one document. */
  maxCharacters: number;
}

/** 20 MB files (a Word file with pictures, a PDF with a logo on each page); 500,000 characters of text (about 150 pages). */
export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxFileBytes: 20 * 1024 * 1024, maxCharacters: 500_000 };

/** The extensions of documents read into blocks (`.doc` is named so its message can say what to do). */
export const DOCUMENT_EXTENSIONS = ['docx', 'pdf', 'html', 'htm', 'doc'];

/** The way a document file is read, from its name; undefined for text, Markdown and templates. */
export function documentFormatOf(name: string): 'docx' | 'pdf' | 'html' | 'doc' | undefined {
  const ext = path.extname(name).toLowerCase().slice(1);
  if (ext === 'docx' || ext === 'pdf' || ext === 'doc') return ext;
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  return undefined;
}

/** A size and a limit in MB, with as many decimals as it takes to tell them apart (10.02 MB over 10.00 MB). */
function megabytes(size: number, limit: number): [string, string] {
  for (const digits of [1, 2, 3]) {
    const [a, b] = [size, limit].map((bytes) => (bytes / 1024 / 1024).toFixed(digits));
    if (a !== b || digits === 3) return [`${a} MB`, `${b} MB`];
  }
  return ['', ''];
}

/**
 * Refuses a file by its size alone, before any of it is read.
 * @throws AppError INPUT_TOO_LARGE naming the size and the limit.
 */
export function assertDocumentSize(name: string, size: number, limits: IngestLimits = DEFAULT_INGEST_LIMITS): void {
  if (size > limits.maxFileBytes) {
    const [shown, most] = megabytes(size, limits.maxFileBytes);
    throw new AppError('INPUT_TOO_LARGE', `${name}: the file is ${shown}; Plainly reads documents up to ${most}. Split it, or save it without pictures, and check that.`, {
      location: { file: name },
      size,
      maxFileBytes: limits.maxFileBytes,
    });
  }
}

/** Decodes an HTML page: its byte order mark, else the charset its first bytes declare, else UTF-8. */
export function decodeHtml(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Reads a Word file, PDF or HTML page into blocks.
 * @throws AppError INPUT_UNREADABLE (damaged, protected, a scan, an old .doc, nothing to check), INPUT_LIMIT_EXCEEDED, INPUT_TOO_LARGE.
 */
export async function extractDocument(bytes: Buffer, name: string, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<ExtractedDocument> {
  assertDocumentSize(name, bytes.length, limits);
  const format = documentFormatOf(name);
  if (bytes.length === 0) throw new AppError('INPUT_UNREADABLE', `${name}: the file is empty; there is nothing to check`, { location: { file: name } });
  let extracted: ExtractedDocument;
  if (format === 'docx' || format === 'doc') extracted = await docxBlocks(bytes, name);
  else if (format === 'pdf') extracted = await pdfBlocks(bytes, name);
  else if (format === 'html') extracted = { format: 'html', blocks: htmlBlocks(decodeHtml(bytes)), notes: [] };
  else throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${name}: Plainly reads .docx, .pdf, .html, .txt and .md files, not this kind`, { location: { file: name } });
  if (extracted.blocks.length === 0) {
    throw new AppError('INPUT_UNREADABLE', `${name}: there is no text in this ${format === 'html' ? 'page' : 'document'} to check`, { location: { file: name } });
  }
  return extracted;
}

/** A document that was read and checked. */
export interface CheckedDocument {
  name: string;
  status: 'checked';
  format: DocumentFormat;
  findings: LocatedFinding[];
  summary: FindingSummary;
  /** Sentences about how it was read (tracked changes, pages with no text). */
  notes: string[];
  /** How many words were checked. */
  words: number;
  readability?: unknown;
  notApplied?: string[];
  /** The text that was linted (the blocks joined; for text files, the file). */
  text: string;
}

/** A document that could not be read, and why, for a person. */
export interface UnreadDocument {
  name: string;
  status: 'unreadable';
  code: ErrorCode;
  message: string;
}

export type DocumentResult = CheckedDocument | UnreadDocument;

/** Lints the text of a document (the caller chooses where and with which lexicon). */
export type LintBlocks = (text: string) => Promise<LintOutcome> | LintOutcome;

/** Counts words as a person would (runs of letters and digits). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

/** Reads a document into blocks: `extractDocument` here, or the same on a worker thread (app/ingest.ts). */
export type ReadDocument = (bytes: Buffer, name: string, limits: IngestLimits) => Promise<ExtractedDocument>;

/**
 * Reads, lints and locates one document's findings.
 * @throws AppError as `extractDocument`, and whatever the lint raises (a time limit, BUSY).
 */
export async function checkDocument(bytes: Buffer, name: string, lint: LintBlocks, limits: IngestLimits = DEFAULT_INGEST_LIMITS, read: ReadDocument = extractDocument): Promise<CheckedDocument> {
  const extracted = await read(bytes, name, limits);
  const joined = joinBlocks(extracted.blocks);
  if (joined.text.length > limits.maxCharacters) {
    throw new AppError('INPUT_LIMIT_EXCEEDED', `${name}: this document has ${joined.text.length.toLocaleString('en-GB')} characters of text; the most Plainly checks in one go is ${limits.maxCharacters.toLocaleString('en-GB')}. Split it into parts.`, {
      location: { file: name },
      limit: 'maxCharacters',
      maxCharacters: limits.maxCharacters,
    });
  }
  const outcome = await lint(joined.text);
  return {
    name,
    status: 'checked',
    format: extracted.format,
    findings: locateBlockFindings(joined, outcome.findings),
    summary: outcome.summary,
    notes: extracted.notes,
    words: countWords(joined.text),
    readability: outcome.readability,
    notApplied: outcome.notApplied,
    text: joined.text,
  };
}

/** Turns a problem reading one file into a result; anything that is not an AppError is a bug and is thrown. */
export function unreadable(name: string, error: unknown): UnreadDocument {
  if (!isAppError(error)) throw error;
  return { name, status: 'unreadable', code: error.code, message: error.message };
}

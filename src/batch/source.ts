/**
 * Where a spreadsheet comes from: a file on disk (CLI, HTTP uploads spooled to disk) or bytes
 * in memory (small uploads, tests). Sizes are checked before anything is read.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../core/errors.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';

/** A spreadsheet file on disk, or its bytes with the name it was uploaded as. */
export type SpreadsheetSource = { path: string; name?: string } | { buffer: Buffer; name: string };

/** The file name to use in messages (never the full path of a temporary file). */
export function sourceName(source: SpreadsheetSource): string {
  return 'path' in source ? (source.name ?? path.basename(source.path)) : source.name;
}

/** Kinds of file we know by their first bytes. */
export type FileKind = 'csv' | 'xlsx' | 'xls' | 'empty';

/** How many bytes the source holds. */
export async function sourceSize(source: SpreadsheetSource): Promise<number> {
  if ('buffer' in source) return source.buffer.length;
  try {
    return (await stat(source.path)).size;
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${sourceName(source)} could not be opened: check the file name.`, { location: { file: sourceName(source) } });
  }
}

/** Formats a byte count for people: "200 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Refuses a source larger than the byte limit, by its size alone (a 200 MB file is never read).
 * @throws AppError INPUT_TOO_LARGE naming the size and the limit.
 */
export async function checkSourceSize(source: SpreadsheetSource, limits: InputLimits = DEFAULT_LIMITS): Promise<number> {
  const size = await sourceSize(source);
  if (size > limits.maxBytes) {
    throw new AppError(
      'INPUT_TOO_LARGE',
      `${sourceName(source)} is ${formatBytes(size)}; the largest spreadsheet Plainly takes is ${formatBytes(limits.maxBytes)}. Split it into smaller files and send them as separate batches.`,
      { location: { file: sourceName(source) }, size, maxBytes: limits.maxBytes },
    );
  }
  return size;
}

/** Reads the first few bytes, to tell an Excel workbook from a CSV file. */
async function firstBytes(source: SpreadsheetSource, count: number): Promise<Buffer> {
  if ('buffer' in source) return source.buffer.subarray(0, count);
  const handle = await open(source.path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Tells what kind of file this is from its content, not its name (people rename files):
 * a ZIP container is an XLSX workbook, an OLE2 container is an old `.xls`, anything else is
 * read as CSV text.
 */
export async function detectFileKind(source: SpreadsheetSource): Promise<FileKind> {
  const head = await firstBytes(source, 8);
  if (head.length === 0) return 'empty';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return 'csv';
}

/** The source's bytes as a stream of chunks. */
export function openByteStream(source: SpreadsheetSource): Readable {
  if ('buffer' in source) return Readable.from([source.buffer]);
  return createReadStream(source.path, { highWaterMark: 256 * 1024 });
}

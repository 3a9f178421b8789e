/**
 * Checks an XLSX workbook (a ZIP file) before it is read, so that a small file made to
 * inflate to gigabytes cannot take the service's memory (issue 13). Two steps, both with flat
 * memory:
 *
 * 1. The ZIP's table of contents (central directory): how many parts, what each says it
 *    inflates to, and how many times its packed size that is. Nothing is inflated yet.
 * 2. Every part is inflated once, its output counted and thrown away, stopping at the first
 *    limit passed: a table of contents can lie, and only inflating tells the truth. Shared
 *    strings and cells are counted on the way, by their XML tags.
 *
 * exceljs reads a workbook from the front, part after part (local headers, not the table of
 * contents), so the parts must also lie end to end with nothing hidden between them: a part
 * that is not in the table of contents would otherwise escape step 2.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../core/index.js';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './limits.js';
import { formatBytes, type SpreadsheetSource, sourceName } from './source.js';

/** One part of the ZIP, from its table of contents. */
interface ZipPart {
  name: string;
  flags: number;
  method: number;
  packed: number;
  inflated: number;
  headerOffset: number;
}

/** What the check found (for tests and logs; no content). */
export interface XlsxFacts {
  parts: number;
  inflatedBytes: number;
  sharedStrings: number;
  cells: number;
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
/** Parts smaller than this are not held to the ratio limit (tiny XML parts compress very well). */
const RATIO_FLOOR = 1024 * 1024;

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

function tooMuch(file: string, what: string, limit: string, details: Record<string, unknown>): AppError {
  return new AppError(
    'INPUT_LIMIT_EXCEEDED',
    `${file} ${what} (the most Plainly reads is ${limit}). A workbook like this can exhaust the service's memory, so it is not read. If it is a real spreadsheet, split it into smaller files, or save it as "CSV UTF-8" and send that.`,
    { location: { file }, ...details },
  );
}

function damaged(file: string, why: string): AppError {
  return new AppError('INPUT_UNREADABLE', `${file} could not be read as an Excel workbook (.xlsx): ${why}. Open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then try again.`, { location: { file } });
}

/** Reads `length` bytes at `position` of the source. */
async function readAt(source: SpreadsheetSource, position: number, length: number): Promise<Buffer> {
  if ('buffer' in source) return source.buffer.subarray(position, position + length);
  const handle = await open(source.path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function byteStream(source: SpreadsheetSource, start: number, length: number): Readable {
  if ('buffer' in source) return Readable.from([source.buffer.subarray(start, start + length)]);
  if (length === 0) return Readable.from([]);
  return createReadStream(source.path, { start, end: start + length - 1, highWaterMark: 256 * 1024 });
}

/** Reads the table of contents. @throws AppError for a damaged ZIP or too many parts. */
async function readDirectory(source: SpreadsheetSource, size: number, file: string, limits: XlsxLimits): Promise<{ parts: ZipPart[]; directoryOffset: number }> {
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await readAt(source, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged(file, 'its table of contents is missing');
  let entries = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    // ZIP64: the real numbers are in the ZIP64 end record, found through its locator.
    const locatorAt = end - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== 0x07064b50) throw damaged(file, 'its table of contents is damaged');
    const record = await readAt(source, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw damaged(file, 'its table of contents is damaged');
    entries = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (entries > limits.maxEntries) {
    throw tooMuch(file, `has ${count(entries)} parts`, `${count(limits.maxEntries)} parts`, { limit: 'maxEntries', maxEntries: limits.maxEntries });
  }
  if (directoryOffset + directorySize > size) throw damaged(file, 'its table of contents points past the end of the file');
  const directory = await readAt(source, directoryOffset, directorySize);
  const parts: ZipPart[] = [];
  let at = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw damaged(file, 'its table of contents is damaged');
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const part: ZipPart = {
      name: directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      packed: directory.readUInt32LE(at + 20),
      inflated: directory.readUInt32LE(at + 24),
      headerOffset: directory.readUInt32LE(at + 42),
    };
    // ZIP64 sizes and offsets, in that order, for each field that says 0xffffffff.
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const length = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let field = e + 4;
        const next = () => {
          const value = field + 8 <= e + 4 + length ? Number(extra.readBigUInt64LE(field)) : NaN;
          field += 8;
          return value;
        };
        if (part.inflated === 0xffffffff) part.inflated = next();
        if (part.packed === 0xffffffff) part.packed = next();
        if (part.headerOffset === 0xffffffff) part.headerOffset = next();
      }
      e += 4 + length;
    }
    if (![part.inflated, part.packed, part.headerOffset].every(Number.isFinite)) throw damaged(file, 'its table of contents is damaged');
    if (part.method !== 0 && part.method !== 8) throw damaged(file, `a part of it is packed in a way Excel does not use (method ${part.method})`);
    if (part.flags & 0x1) throw damaged(file, 'it is encrypted');
    parts.push(part);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { parts, directoryOffset };
}

/** Counts an XML start tag (`<si>`, `<si …>`, `<c …>`) across chunk boundaries. */
class TagCounter {
  count = 0;
  private carry = Buffer.alloc(0);
  private readonly tag: Buffer;

  constructor(name: string) {
    this.tag = Buffer.from(`<${name}`);
  }

  add(chunk: Buffer): void {
    const text = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    for (;;) {
      const found = text.indexOf(this.tag, from);
      if (found < 0 || found + this.tag.length >= text.length) break;
      const after = text[found + this.tag.length];
      // `<c>`, `<c r=…>`, `<c/>` — not `<col>` or `<cfRule>`.
      if (after === 0x3e || after === 0x2f || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) this.count++;
      from = found + 1;
    }
    // Keep enough of the end to finish a tag split across two chunks (the tag and one byte).
    this.carry = Buffer.from(text.subarray(Math.max(0, text.length - this.tag.length)));
  }
}

/**
 * Checks an XLSX workbook against the limits, reading and inflating every part once without
 * keeping it.
 * @throws AppError INPUT_LIMIT_EXCEEDED naming the limit passed; INPUT_UNREADABLE for a ZIP
 *   that is damaged, encrypted, or hides parts outside its table of contents.
 */
export async function checkXlsx(source: SpreadsheetSource, size: number, overrides: Partial<XlsxLimits> = {}): Promise<XlsxFacts> {
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...overrides };
  const file = sourceName(source);
  const { parts, directoryOffset } = await readDirectory(source, size, file, limits);

  // Step 1: what the table of contents says.
  let declared = 0;
  for (const part of parts) {
    declared += part.inflated;
    if (part.name === SHARED_STRINGS && part.inflated > limits.maxSharedStringBytes) {
      throw tooMuch(file, `unpacks to ${formatBytes(part.inflated)} of shared text`, formatBytes(limits.maxSharedStringBytes), { limit: 'maxSharedStringBytes', maxSharedStringBytes: limits.maxSharedStringBytes });
    }
    if (part.inflated > RATIO_FLOOR && part.inflated > part.packed * limits.maxRatio) {
      const ratio = Math.round(part.inflated / Math.max(1, part.packed));
      throw tooMuch(file, `has a part that unpacks to ${count(ratio)} times its packed size`, `${limits.maxRatio} times`, { limit: 'maxRatio', maxRatio: limits.maxRatio });
    }
  }
  if (declared > limits.maxInflatedBytes) {
    throw tooMuch(file, `unpacks to ${formatBytes(declared)}`, formatBytes(limits.maxInflatedBytes), { limit: 'maxInflatedBytes', maxInflatedBytes: limits.maxInflatedBytes });
  }

  // The parts must lie end to end from the start of the file to the table of contents.
  const ordered = [...parts].sort((a, b) => a.headerOffset - b.headerOffset);
  let expected = 0;
  const starts = new Map<ZipPart, number>();
  for (const part of ordered) {
    const gap = part.headerOffset - expected;
    // A part written with a data descriptor is followed by 12 to 24 bytes of sizes.
    if (gap !== 0 && !(gap >= 12 && gap <= 24 && expected > 0)) throw damaged(file, 'it holds data outside its table of contents');
    const header = await readAt(source, part.headerOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw damaged(file, 'a part of it is damaged');
    const start = part.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    starts.set(part, start);
    expected = start + part.packed;
  }
  const tailGap = directoryOffset - expected;
  if (tailGap !== 0 && !(tailGap >= 12 && tailGap <= 24 && ordered.length > 0)) throw damaged(file, 'it holds data outside its table of contents');

  // Step 2: inflate every part, counting.
  let inflatedTotal = 0;
  const strings = new TagCounter('si');
  const cells = new TagCounter('c');
  for (const part of ordered) {
    const counter = part.name === SHARED_STRINGS ? strings : WORKSHEET.test(part.name) ? cells : undefined;
    const raw = byteStream(source, starts.get(part)!, part.packed);
    const inflater = part.method === 8 ? raw.pipe(createInflateRaw()) : raw;
    raw.on('error', (error) => inflater.destroy(error));
    let inflated = 0;
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        inflatedTotal += chunk.length;
        if (inflated > part.inflated) throw damaged(file, 'a part of it unpacks to more than its table of contents says');
        if (inflatedTotal > limits.maxInflatedBytes) {
          throw tooMuch(file, `unpacks to more than ${formatBytes(limits.maxInflatedBytes)}`, formatBytes(limits.maxInflatedBytes), { limit: 'maxInflatedBytes', maxInflatedBytes: limits.maxInflatedBytes });
        }
        if (part.name === SHARED_STRINGS && inflated > limits.maxSharedStringBytes) {
          throw tooMuch(file, `unpacks to more than ${formatBytes(limits.maxSharedStringBytes)} of shared text`, formatBytes(limits.maxSharedStringBytes), { limit: 'maxSharedStringBytes', maxSharedStringBytes: limits.maxSharedStringBytes });
        }
        if (counter) counter.add(chunk);
        if (strings.count > limits.maxSharedStrings) {
          throw tooMuch(file, `holds more than ${count(limits.maxSharedStrings)} different texts`, `${count(limits.maxSharedStrings)} texts`, { limit: 'maxSharedStrings', maxSharedStrings: limits.maxSharedStrings });
        }
        if (cells.count > limits.maxCells) {
          throw tooMuch(file, `has more than ${count(limits.maxCells)} cells`, `${count(limits.maxCells)} cells`, { limit: 'maxCells', maxCells: limits.maxCells });
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw damaged(file, 'a part of it is damaged');
    } finally {
      raw.destroy();
      inflater.destroy();
    }
    if (inflated !== part.inflated) throw damaged(file, 'a part of it is not the size its table of contents says');
  }
  return { parts: parts.length, inflatedBytes: inflatedTotal, sharedStrings: strings.count, cells: cells.count };
}

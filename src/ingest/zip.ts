/**
 * Reads a ZIP file held in memory (a Word file is one; so is a folder of letters uploaded as
 * a .zip) without letting a small file that inflates to gigabytes take the memory. The same
 * two steps as the spreadsheet guard (src/batch/xlsx-guard.ts), for any ZIP:
 *
 * 1. The table of contents (central directory): how many entries, what each says it inflates
 *    to, and how many times its packed size that is. Nothing is inflated yet.
 * 2. An entry is inflated only when asked for, with zlib stopping at the size the table of
 *    contents declared and at what is left of the whole budget: a table of contents can lie,
 *    and only inflating tells the truth.
 */
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../core/index.js';

/** How much of a ZIP Plainly reads. */
export interface ZipLimits {
  /** Entries in the table of contents. */
  maxEntries: number;
  /** Bytes of all entries inflated, together. */
  maxInflatedBytes: number;
  /** How many times its packed size one entry may inflate to (entries under 1 MB are not held to it). */
  maxRatio: number;
}

/** Limits for a Word file (the text of a 300-page document is about 5 MB of XML). */
export const DOCX_ZIP_LIMITS: ZipLimits = { maxEntries: 1_000, maxInflatedBytes: 100 * 1024 * 1024, maxRatio: 100 };

/** Limits for a ZIP of documents uploaded to the check page. */
export const UPLOAD_ZIP_LIMITS: ZipLimits = { maxEntries: 500, maxInflatedBytes: 200 * 1024 * 1024, maxRatio: 100 };

/** Entries smaller than this are not held to the ratio (small XML compresses very well). */
const RATIO_FLOOR = 1024 * 1024;

/** One entry of the table of contents. */
export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  packed: number;
  inflated: number;
  headerOffset: number;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** True when the bytes start like a ZIP file (a local header or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/** A ZIP file checked against limits, whose entries can be inflated one at a time. */
export class GuardedZip {
  readonly entries: ZipEntry[];
  private inflatedSoFar = 0;

  /**
   * Reads and checks the table of contents.
   * @param what How to name the file in messages ("letters.zip", "letter.docx").
   * @param damaged Builds the error for a file that is not a readable ZIP (Word and an upload say it differently).
   * @throws AppError INPUT_LIMIT_EXCEEDED for too many entries, too much declared, or an entry that inflates too many times its size; `damaged(...)` for a broken table of contents.
   */
  constructor(
    private readonly buffer: Buffer,
    private readonly what: string,
    private readonly limits: ZipLimits,
    private readonly damaged: (why: string) => AppError,
  ) {
    this.entries = this.readDirectory();
    let declared = 0;
    for (const entry of this.entries) {
      declared += entry.inflated;
      if (entry.inflated > RATIO_FLOOR && entry.inflated > entry.packed * limits.maxRatio) {
        throw this.tooMuch(`has a part that unpacks to ${Math.round(entry.inflated / Math.max(1, entry.packed)).toLocaleString('en-GB')} times its packed size`, `${limits.maxRatio} times`, 'maxRatio');
      }
    }
    if (declared > limits.maxInflatedBytes) throw this.tooMuch(`unpacks to ${mb(declared)}`, mb(limits.maxInflatedBytes), 'maxInflatedBytes');
  }

  private tooMuch(what: string, limit: string, name: keyof ZipLimits): AppError {
    return new AppError('INPUT_LIMIT_EXCEEDED', `${this.what} ${what} (the most Plainly reads is ${limit}). A file like this can exhaust the memory, so it is not read.`, {
      location: { file: this.what },
      limit: name,
      [name]: this.limits[name],
    });
  }

  private readDirectory(): ZipEntry[] {
    const buffer = this.buffer;
    const tailStart = Math.max(0, buffer.length - 22 - 65_535);
    let end = -1;
    for (let i = buffer.length - 22; i >= tailStart; i--) {
      if (buffer.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw this.damaged('its table of contents is missing');
    const count = buffer.readUInt16LE(end + 10);
    const size = buffer.readUInt32LE(end + 12);
    const offset = buffer.readUInt32LE(end + 16);
    // ZIP64 (over 65,535 entries or 4 GB) is never needed for letters; its markers are refused.
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw this.tooMuch('is a ZIP64 archive', `${this.limits.maxEntries.toLocaleString('en-GB')} parts`, 'maxEntries');
    if (count > this.limits.maxEntries) throw this.tooMuch(`has ${count.toLocaleString('en-GB')} parts`, `${this.limits.maxEntries.toLocaleString('en-GB')} parts`, 'maxEntries');
    if (offset + size > buffer.length) throw this.damaged('its table of contents points past the end of the file');
    const entries: ZipEntry[] = [];
    let at = offset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > offset + size || buffer.readUInt32LE(at) !== 0x02014b50) throw this.damaged('its table of contents is damaged');
      const nameLength = buffer.readUInt16LE(at + 28);
      const extraLength = buffer.readUInt16LE(at + 30);
      const commentLength = buffer.readUInt16LE(at + 32);
      entries.push({
        name: buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
        encrypted: (buffer.readUInt16LE(at + 8) & 0x1) !== 0,
        method: buffer.readUInt16LE(at + 10),
        packed: buffer.readUInt32LE(at + 20),
        inflated: buffer.readUInt32LE(at + 24),
        headerOffset: buffer.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  /** The entry with this name, if the ZIP has one. */
  find(name: string): ZipEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  /**
   * Inflates one entry, stopping at its declared size and at what is left of the budget.
   * @throws AppError INPUT_LIMIT_EXCEEDED past the budget; `damaged(...)` for an entry that is encrypted, packed in an unknown way, or not the size it says.
   */
  read(entry: ZipEntry): Buffer {
    if (entry.encrypted) throw this.damaged('it is encrypted');
    if (entry.method !== 0 && entry.method !== 8) throw this.damaged(`a part of it is packed in a way Plainly does not read (method ${entry.method})`);
    const left = this.limits.maxInflatedBytes - this.inflatedSoFar;
    if (entry.inflated > left) throw this.tooMuch(`unpacks to more than ${mb(this.limits.maxInflatedBytes)}`, mb(this.limits.maxInflatedBytes), 'maxInflatedBytes');
    const header = entry.headerOffset;
    if (header + 30 > this.buffer.length || this.buffer.readUInt32LE(header) !== 0x04034b50) throw this.damaged('a part of it is damaged');
    const start = header + 30 + this.buffer.readUInt16LE(header + 26) + this.buffer.readUInt16LE(header + 28);
    if (start + entry.packed > this.buffer.length) throw this.damaged('a part of it is cut short');
    const packed = this.buffer.subarray(start, start + entry.packed);
    let out: Buffer;
    if (entry.method === 0) {
      out = packed;
    } else {
      try {
        // One byte more than declared, so an entry that lies about its size is caught, not cut.
        out = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.inflated + 1) });
      } catch {
        throw this.damaged('a part of it is damaged or bigger than its table of contents says');
      }
    }
    if (out.length !== entry.inflated) throw this.damaged('a part of it is not the size its table of contents says');
    this.inflatedSoFar += out.length;
    return out;
  }
}

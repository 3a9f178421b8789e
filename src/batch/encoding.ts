/**
 * Works out how a CSV file's text is encoded. Excel offers "CSV UTF-8" (with a byte order
 * mark) and plain "CSV", which on Windows is Windows-1252: a "£" there is byte 0xA3, which is
 * not valid UTF-8. Reading such a file as UTF-8 would quietly turn every "£" into "�", so we
 * check the whole file first and decode it the way it was written, or say clearly why not.
 */
import { AppError } from '../core/index.js';

/** Text encodings we read. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What the sniffer learnt about a file. */
export interface EncodingReport {
  encoding: TextEncoding;
  /** True when the file started with a byte order mark. */
  bom: boolean;
}

/** Bytes that Windows-1252 leaves undefined: a file holding them is neither UTF-8 nor Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const SAVE_AS_UTF8 = 'In Excel, use "Save as" and choose "CSV UTF-8 (Comma delimited)", then try again.';

/**
 * Feeds a file's bytes through in chunks and decides its encoding at the end, holding only
 * one chunk at a time (so a large file is never read into memory whole).
 */
export class EncodingSniffer {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private utf8Valid = true;
  private firstBytes: Buffer | null = null;
  private offset = 0;
  private firstNul = -1;
  private firstUndefined = -1;
  private undefinedByte = 0;

  constructor(private readonly fileName: string) {}

  /** Looks at the next chunk of the file. */
  push(chunk: Uint8Array): void {
    if (this.firstBytes === null) this.firstBytes = Buffer.from(chunk.subarray(0, 4));
    else if (this.firstBytes.length < 4) this.firstBytes = Buffer.concat([this.firstBytes, chunk.subarray(0, 4 - this.firstBytes.length)]);
    if (this.utf8Valid) {
      try {
        this.utf8.decode(chunk, { stream: true });
      } catch {
        this.utf8Valid = false;
      }
    }
    if (this.firstNul < 0) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) this.firstNul = this.offset + nul;
    }
    if (this.firstUndefined < 0) {
      for (let i = 0; i < chunk.length; i++) {
        if (CP1252_UNDEFINED.has(chunk[i])) {
          this.firstUndefined = this.offset + i;
          this.undefinedByte = chunk[i];
          break;
        }
      }
    }
    this.offset += chunk.length;
  }

  /**
   * Decides the encoding once every chunk has been pushed.
   * @throws AppError INPUT_UNREADABLE when the bytes are not text we can read, saying how to fix it.
   */
  finish(): EncodingReport {
    const head = this.firstBytes ?? Buffer.alloc(0);
    if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
    if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
    if (this.firstNul >= 0) {
      throw new AppError('INPUT_UNREADABLE', `${this.fileName} is not a text (CSV) file: it holds binary data (a zero byte at byte ${this.firstNul + 1}). ${SAVE_AS_UTF8}`, {
        location: { file: this.fileName },
      });
    }
    if (this.utf8Valid) {
      try {
        this.utf8.decode(); // flush: a file that ends half-way through a character is not valid UTF-8
      } catch {
        this.utf8Valid = false;
      }
    }
    if (this.utf8Valid) {
      const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      return { encoding: 'utf-8', bom };
    }
    if (this.firstUndefined >= 0) {
      throw new AppError(
        'INPUT_UNREADABLE',
        `${this.fileName} is not in a text encoding Plainly can read (it is neither UTF-8 nor Windows-1252: byte ${this.firstUndefined + 1} is 0x${this.undefinedByte.toString(16).toUpperCase()}). ${SAVE_AS_UTF8}`,
        { location: { file: this.fileName } },
      );
    }
    return { encoding: 'windows-1252', bom: false };
  }
}

/** Decides the encoding of a whole buffer (uploads held in memory). */
export function sniffBuffer(buffer: Uint8Array, fileName: string): EncodingReport {
  const sniffer = new EncodingSniffer(fileName);
  sniffer.push(buffer);
  return sniffer.finish();
}

/** Decides the encoding of a stream of chunks (files on disk), reading it to the end. */
export async function sniffChunks(chunks: AsyncIterable<Uint8Array>, fileName: string): Promise<EncodingReport> {
  const sniffer = new EncodingSniffer(fileName);
  for await (const chunk of chunks) sniffer.push(chunk);
  return sniffer.finish();
}

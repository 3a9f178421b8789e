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
  /** The last byte of the previous chunk and the one before, for looking across chunk ends. */
  private previous = [0x20, 0x20];
  private line = 1;
  private misread: { line: number; bytes: number[] } | null = null;

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
    if (this.misread === null) this.lookForCentralEuropean(chunk);
    this.offset += chunk.length;
  }

  /**
   * Central European text saved as ISO-8859-2 or Windows-1250 (Polish, Czech, Hungarian
   * names) is not UTF-8, and almost every byte of it is also defined in Windows-1252, so it
   * would be read without complaint and every "ł" would become "³". What gives it away is a
   * symbol in the middle of a word: "Wojciech Ba³a", "Ł" as "£" before a small letter. Real
   * Windows-1252 text puts these symbols (£ ± ³ ¿ ¶ ¼ ¹ …) beside digits or spaces, not
   * between letters.
   */
  private lookForCentralEuropean(chunk: Uint8Array): void {
    let [beforePrev, prev] = this.previous;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) this.line++;
      // `prev` is a symbol byte with a letter before it and a letter after it (or a small
      // letter after it at the start of a word: "£ukasz" is "Łukasz").
      if (isWordSymbol(prev) && isLetter(byte) && (isLetter(beforePrev) || (isSmallLetter(byte) && prev !== 0xbf && prev !== 0xa1))) {
        this.misread = { line: this.line, bytes: [beforePrev, prev, byte] };
        break;
      }
      beforePrev = prev;
      prev = byte;
    }
    this.previous = [beforePrev, prev];
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
    if (this.misread) {
      const seen = Buffer.from(this.misread.bytes).toString('latin1');
      throw new AppError(
        'INPUT_UNREADABLE',
        `${this.fileName} looks as if it was saved in a Central European encoding (such as ISO-8859-2 or Windows-1250), not UTF-8: read as Windows-1252, line ${this.misread.line} would have "${seen}" in the middle of a word, so names with letters such as ł, ą, ś or ż would be printed wrongly. ${SAVE_AS_UTF8}`,
        { location: { file: this.fileName, line: this.misread.line } },
      );
    }
    return { encoding: 'windows-1252', bom: false };
  }
}

/** Windows-1252 symbols that Central European encodings use for letters (ą ł ś ź ż Ł Ś Ź Ż …). */
function isWordSymbol(byte: number): boolean {
  // 0xA1–0xBF, less ª (0xAA), µ (0xB5) and º (0xBA), which are letters in Windows-1252 too.
  return byte >= 0xa1 && byte <= 0xbf && byte !== 0xaa && byte !== 0xb5 && byte !== 0xba;
}

/** A letter in ASCII, or an accented letter of Windows-1252 (0xC0–0xFF, less × and ÷). */
function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || isSmallLetter(byte) || (byte >= 0xc0 && byte <= 0xff && byte !== 0xd7 && byte !== 0xf7);
}

function isSmallLetter(byte: number): boolean {
  return byte >= 0x61 && byte <= 0x7a;
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

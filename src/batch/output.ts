/**
 * Where a batch's files go: a ZIP file (written as it goes with yazl, so letters are never all
 * in memory at once) or a folder. A ZIP is written under a temporary name and renamed when
 * complete, so a stopped batch never leaves a half-written file that looks finished.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { AppError } from '../core/index.js';

/** Receives a batch's files. */
export interface OutputSink {
  /** Where the output is (the ZIP file or the folder). */
  readonly location: string;
  /** Adds one file. Resolves when the sink is ready for more (back-pressure). */
  add(name: string, body: Uint8Array): Promise<void>;
  /** Adds a file from disk (large files such as the manifest or the print PDF). */
  addFromDisk(name: string, file: string): Promise<void>;
  /** Finishes the output; the ZIP appears under its real name only now. */
  finish(): Promise<void>;
  /** Stops and removes anything partial. */
  abort(): Promise<void>;
}

/** Options for the sinks. */
export interface SinkOptions {
  /** Modification time stamped on ZIP entries (so the same batch gives the same ZIP). */
  mtime?: Date;
}

/** Bytes a ZIP may have queued but not yet written before `add` waits. */
const ZIP_HIGH_WATER = 16 * 1024 * 1024;

/** Writes a ZIP as files arrive. PDFs are stored, not deflated: they are compressed already, and deflating them again costs CPU for nothing. */
class ZipSink implements OutputSink {
  private readonly zip = new yazl.ZipFile();
  private readonly file: WriteStream;
  private readonly partial: string;
  private queued = 0;
  private written = 0;
  private readonly done: Promise<void>;
  private failure: Error | null = null;

  constructor(readonly location: string, private readonly options: SinkOptions) {
    this.partial = `${location}.partial`;
    this.file = createWriteStream(this.partial);
    this.zip.outputStream.on('data', (chunk: Buffer) => {
      this.written += chunk.length;
    });
    this.zip.outputStream.pipe(this.file);
    this.done = new Promise((resolve, reject) => {
      this.file.on('close', () => resolve());
      this.file.on('error', (error) => {
        this.failure = error;
        reject(error);
      });
    });
    this.done.catch(() => undefined);
  }

  async add(name: string, body: Uint8Array): Promise<void> {
    if (this.failure) throw writeProblem(this.location, this.failure);
    const holder: { buffer: Buffer | null } = { buffer: Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
    const size = holder.buffer!.length;
    // Not addBuffer: yazl keeps every entry's pump function, and with it the buffer, until the
    // ZIP ends, so a 10,000-letter ZIP would hold every PDF in memory. A lazy stream lets go of
    // the bytes as soon as they are written.
    this.zip.addReadStreamLazy(name, { compress: !name.endsWith('.pdf'), mtime: this.options.mtime ?? new Date(), size }, (callback) => {
      const buffer = holder.buffer!;
      holder.buffer = null;
      callback(null, Readable.from([buffer]));
    });
    this.queued += size;
    while (this.queued - this.written > ZIP_HIGH_WATER && !this.failure) {
      await once(this.zip.outputStream as NodeJS.EventEmitter, 'data');
    }
  }

  async addFromDisk(name: string, file: string): Promise<void> {
    const size = (await stat(file)).size;
    this.zip.addFile(file, name, { compress: !name.endsWith('.pdf'), mtime: this.options.mtime ?? new Date() });
    this.queued += size;
  }

  async finish(): Promise<void> {
    this.zip.end();
    try {
      await this.done;
    } catch (error) {
      throw writeProblem(this.location, error as Error);
    }
    await rename(this.partial, this.location);
  }

  async abort(): Promise<void> {
    this.zip.outputStream.unpipe(this.file);
    this.file.destroy();
    await rm(this.partial, { force: true });
  }
}

/** Writes files into a folder. */
class FolderSink implements OutputSink {
  constructor(readonly location: string) {}

  async add(name: string, body: Uint8Array): Promise<void> {
    await writeFile(path.join(this.location, name), body);
  }

  async addFromDisk(name: string, file: string): Promise<void> {
    await copyFile(file, path.join(this.location, name));
  }

  async finish(): Promise<void> {}

  async abort(): Promise<void> {}
}

function writeProblem(location: string, error: Error): AppError {
  return new AppError('INPUT_UNREADABLE', `The output ${location} could not be written (${(error as NodeJS.ErrnoException).code ?? 'write error'}). Check there is space and that the folder can be written to.`, {
    location: { file: location },
  });
}

/**
 * Opens the output: a path ending `.zip` is a ZIP file; anything else is a folder, which must
 * be new or empty so one batch's letters are never mixed with another's.
 * @throws AppError USAGE for a folder that already holds files, or a ZIP in a folder that does not exist.
 */
export async function openOutput(out: string, options: SinkOptions = {}): Promise<OutputSink> {
  const location = path.resolve(out);
  if (location.toLowerCase().endsWith('.zip')) {
    try {
      const folder = await stat(path.dirname(location));
      if (!folder.isDirectory()) throw new Error('not a folder');
    } catch {
      throw new AppError('USAGE', `The folder for ${out} does not exist: create it first, or choose another place for the ZIP file.`);
    }
    return new ZipSink(location, options);
  }
  await mkdir(location, { recursive: true });
  const existing = await readdir(location);
  if (existing.length > 0) {
    throw new AppError('USAGE', `The folder ${out} already has files in it. Choose a new or empty folder, so this batch's letters are not mixed with others.`);
  }
  return new FolderSink(location);
}

/**
 * Where a batch's files go: a ZIP file (written as it goes with yazl, so letters are never all
 * in memory at once) or a folder. A ZIP is written under a temporary name and renamed when
 * complete, so a stopped batch never leaves a half-written file that looks finished.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, type FileHandle, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import yazl from 'yazl';
import { AppError } from '../core/index.js';

/**
 * Receives a batch's files.
 *
 * Ownership: once `add` or `addFromDisk` has resolved, the sink holds everything it needs to
 * write that file, so the caller may delete or overwrite its own copy at once. (A ZIP writer
 * reads entries when it reaches them, which can be long after they were queued: a batch used
 * to delete its temporary problems.csv straight after queueing it and then die with ENOENT
 * at its very last step.)
 */
export interface OutputSink {
  /** Where the output is (the ZIP file or the folder). */
  readonly location: string;
  /** Adds one file. Resolves when the sink is ready for more (back-pressure). */
  add(name: string, body: Uint8Array): Promise<void>;
  /**
   * Adds a file from disk (large files such as the manifest or the print PDF). The file is
   * opened before this resolves and read through that open descriptor, so the caller may
   * remove it straight away.
   */
  addFromDisk(name: string, file: string): Promise<void>;
  /** Finishes the output; the ZIP appears under its real name only now. */
  finish(): Promise<void>;
  /** Stops and removes anything partial (and lets go of every file still queued). */
  abort(): Promise<void>;
}

/** Options for the sinks. */
export interface SinkOptions {
  /** Modification time stamped on ZIP entries (so the same batch gives the same ZIP). */
  mtime?: Date;
}

/** Bytes a ZIP may have queued but not yet written before `add` waits. */
const ZIP_HIGH_WATER = 16 * 1024 * 1024;

/**
 * Writes a ZIP to any stream as files arrive, with back-pressure. PDFs are stored, not
 * deflated: they are compressed already, and deflating them again costs CPU for nothing.
 * Every entry's bytes (a buffer, or an open file descriptor) are owned by the writer from the
 * moment it is added until yazl has read it, or until `abort`.
 */
export class ZipStreamWriter {
  private readonly zip = new yazl.ZipFile();
  private queued = 0;
  private written = 0;
  /** Files opened by `addFromDisk` that yazl has not read yet (closed by `abort`). */
  private readonly handles = new Set<FileHandle>();
  private failure: Error | null = null;
  private ended = false;
  private aborted = false;
  /** Told of the first failure: `finish` (rejects) and `drain` (stops waiting). */
  private readonly failureListeners = new Set<(error: Error) => void>();

  /**
   * @param target where the ZIP's bytes go (a file, an HTTP response).
   * @param options mtime stamped on every entry.
   */
  constructor(
    private readonly target: Writable,
    private readonly options: SinkOptions = {},
  ) {
    this.zip.outputStream.on('data', (chunk: Buffer) => {
      this.written += chunk.length;
    });
    this.zip.outputStream.on('error', (error: Error) => this.fail(error));
    // yazl reports a failed entry (a read error, a wrong size) on the ZipFile itself.
    (this.zip as unknown as NodeJS.EventEmitter).on('error', (error: Error) => this.fail(error));
    this.target.on('error', (error: Error) => this.fail(error));
    // A target closed before it finished (a download the client gave up on) ends the ZIP.
    this.target.on('close', () => {
      if (!this.target.writableFinished) this.fail(new Error('the output closed before the ZIP was written'));
    });
    this.zip.outputStream.pipe(this.target);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const listener of this.failureListeners) listener(this.failure);
    this.failureListeners.clear();
  }

  /** The first read or write error, if any. */
  get error(): Error | null {
    return this.failure;
  }

  /** Queues a file's bytes; resolves when fewer than 16 MB are waiting to be written. */
  async add(name: string, body: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
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
    await this.drain();
  }

  /**
   * Queues a file from disk. It is opened now (not when yazl reaches it), so the caller may
   * delete it as soon as this resolves: the open descriptor keeps its bytes readable.
   * @throws the open error (ENOENT…) at once, rather than at the end of the batch.
   */
  async addFromDisk(name: string, file: string): Promise<void> {
    if (this.failure) throw this.failure;
    const handle = await open(file, 'r');
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handles.add(handle);
    this.zip.addReadStreamLazy(name, { compress: !name.endsWith('.pdf'), mtime: this.options.mtime ?? new Date(), size }, (callback) => {
      this.handles.delete(handle);
      // After `abort` the descriptor is closed: yazl is told, rather than handed a dead stream.
      if (this.aborted) return callback(new Error('the output was stopped'), undefined as never);
      // The stream closes the descriptor when it ends (or fails); yazl does not listen for its errors.
      const stream = handle.createReadStream({ start: 0, autoClose: true });
      stream.on('error', (error) => this.fail(error));
      callback(null, stream);
    });
    this.queued += size;
    await this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queued - this.written > ZIP_HIGH_WATER && !this.failure) {
      // Wait for bytes to be written, or for a failure (after which no more may come).
      await new Promise<void>((resolve) => {
        const done = () => {
          this.zip.outputStream.off('data', done);
          this.failureListeners.delete(done);
          resolve();
        };
        this.zip.outputStream.on('data', done);
        this.failureListeners.add(done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Ends the ZIP and resolves once the target has taken every byte.
   * @throws the first read or write error.
   */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.ended = true;
    const done = new Promise<void>((resolve, reject) => {
      this.failureListeners.add(reject);
      this.target.once('finish', () => (this.failure ? reject(this.failure) : resolve()));
      // A target closed before it finished (a download the client gave up on) is a failure.
      this.target.once('close', () => (this.target.writableFinished && !this.failure ? resolve() : reject(this.failure ?? new Error('the output closed before the ZIP was written'))));
      this.target.once('error', (error) => reject(error));
      this.zip.outputStream.once('error', (error: Error) => reject(error));
    });
    this.zip.end();
    await done;
    if (this.failure) throw this.failure;
  }

  /** Stops writing and closes every file still queued. The target is destroyed. */
  async abort(): Promise<void> {
    this.aborted = true;
    this.fail(new Error('aborted'));
    // Stop the ZIP flowing (the byte counter's 'data' listener would keep it pumping entries).
    this.zip.outputStream.removeAllListeners('data');
    this.zip.outputStream.unpipe(this.target);
    this.zip.outputStream.pause();
    if (!this.ended) this.target.destroy();
    const handles = [...this.handles];
    this.handles.clear();
    await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
  }
}

/** Writes a ZIP file under a temporary name, renamed when complete. */
class ZipSink implements OutputSink {
  private readonly writer: ZipStreamWriter;
  private readonly partial: string;
  private readonly file: WriteStream;

  constructor(readonly location: string, options: SinkOptions) {
    this.partial = `${location}.partial`;
    this.file = createWriteStream(this.partial);
    this.writer = new ZipStreamWriter(this.file, options);
  }

  async add(name: string, body: Uint8Array): Promise<void> {
    try {
      await this.writer.add(name, body);
    } catch (error) {
      throw writeProblem(this.location, error as Error);
    }
  }

  async addFromDisk(name: string, file: string): Promise<void> {
    try {
      await this.writer.addFromDisk(name, file);
    } catch (error) {
      throw writeProblem(this.location, error as Error);
    }
  }

  async finish(): Promise<void> {
    try {
      await this.writer.finish();
      // Renamed only once the descriptor is closed (Windows will not rename an open file).
      if (!this.file.closed) await once(this.file, 'close');
    } catch (error) {
      throw writeProblem(this.location, error as Error);
    }
    await rename(this.partial, this.location);
  }

  async abort(): Promise<void> {
    await this.writer.abort();
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

/**
 * The CLI's connection to the outside world, passed in so tests can run commands in-process
 * and read what they printed.
 */
import { AppError, describeError, isAppError } from '../core/index.js';

/** Where a command reads and writes. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-` as a file name). */
  readStdin: () => Promise<Buffer>;
  cwd: string;
  /** Whether stderr is a terminal (progress bars only draw on a terminal). */
  isTTY: boolean;
}

/**
 * A reader that stops early (`plainly lint … | head`) closes the pipe, and the next write to
 * stdout fails with EPIPE. That is the reader's choice, not an error: stop quietly with the
 * exit code the command had reached, as other command-line tools do, instead of crashing with
 * a stack trace from an unhandled 'error' event.
 */
let stdoutWatched = false;
function stopQuietlyWhenStdoutCloses(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

/** The real process streams. */
export function processIO(): CliIO {
  stopQuietlyWhenStdoutCloses();
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** Holds the exit code a command decided on. Commands set it; `main` returns it. */
export interface CliContext {
  io: CliIO;
  exitCode: number;
}

/**
 * Prints an error for a person (never a stack trace) and returns its exit code:
 * 2 for usage, data and configuration errors, 1 for a document blocked by findings.
 */
export function reportError(io: CliIO, error: unknown): number {
  io.stderr(`plainly: ${describeError(error)}\n`);
  if (isAppError(error)) return error.exitCode;
  if (process.env.PLAINLY_DEBUG) io.stderr(String((error as Error)?.stack ?? error) + '\n');
  return 2;
}

/** Throws a usage error (exit 2) with a message that says what to do instead. */
export function usageError(message: string): never {
  throw new AppError('USAGE', message);
}

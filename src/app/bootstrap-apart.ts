/**
 * The first start's import (`bootstrapStore`) in a short-lived child process, for
 * `plainly serve`. Done in the service's own process, it leaves about 50 MB behind for as long
 * as the service runs (measured, issue 13 item 7): the lexicon read and checked grows the V8
 * heap, which is not given back, and each scrypt hash (the admin token and the password: 16 MB
 * of memory each, by design) stays in the C library's free lists of the thread that made it,
 * and raises the size under which the C library keeps freed memory rather than returning it.
 * A process that exits gives all of it back. A store that is already seeded starts no process.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { AppError, type AppErrorDetails, type Config, type ErrorCode } from '../core/index.js';
import { databaseFile, type Store } from '../store/index.js';
import { taskModuleToLoad } from '../batch/task-thread.js';
import type { BootstrapResult } from './bootstrap.js';

const CHILD = new URL('./bootstrap-child.ts', import.meta.url);

/** NODE_COMPILE_CACHE for a child, when this process has V8's compile cache on (Node 22.8 and later). */
function compileCacheEnv(): { NODE_COMPILE_CACHE?: string } {
  const dir = typeof module.getCompileCacheDir === 'function' ? module.getCompileCacheDir() : undefined;
  return dir ? { NODE_COMPILE_CACHE: dir } : {};
}

/** What the child answers: the result, or the error it stopped with. */
export type BootstrapAnswer = { ok: BootstrapResult } | { error: { code?: ErrorCode; message: string; details?: AppErrorDetails } };

/**
 * True when this is surely a first start: the store is SQLite and its database file does not
 * exist yet. `plainly serve` then starts the import (`bootstrapStoreApart(undefined, …)`)
 * before it loads the service's code, so the two overlap (about half a second of a first
 * start, issue 16's /readyz target); any other start decides once the store is open.
 */
export function surelyFirstStart(config: Config): boolean {
  return !config.databaseUrl && !fs.existsSync(databaseFile(config.dataDir));
}

/**
 * `bootstrapStore(store, config)`, done by a child process on its own connection to the
 * same store; `store`, when given, is only asked whether it is seeded already (the child asks
 * too, so without one an already seeded store is left as it is; the child also migrates an
 * empty one, so the caller must not open the store until this has settled).
 * @throws AppError as `bootstrapStore` does (TEMPLATE_INVALID, LEXICON_INVALID,
 *   LEXICON_EXAMPLES_FAILED: the store is left empty), or INTERNAL when the child could not
 *   run or stopped without answering.
 */
export async function bootstrapStoreApart(store: Store | undefined, config: Config): Promise<BootstrapResult> {
  if (store && (await store.isSeeded())) return { seeded: false, templates: 0, lexiconEntries: 0 };
  const { module, typescript } = await taskModuleToLoad(CHILD);
  const answer = await new Promise<BootstrapAnswer | { exit: string }>((resolve) => {
    const child = fork(fileURLToPath(module), [], {
      execArgv: typescript ? ['--import', 'tsx'] : [],
      // V8's compile cache as this process has it (bin/plainly.mjs turns it on): without it the
      // child compiles its 1.4 MB of code afresh, about 150 ms of a first start (measured).
      env: { ...process.env, PLAINLY_BOOTSTRAP_CHILD: '1', ...compileCacheEnv() },
      // The configuration travels whole (structured clone), not through the environment, so
      // the child seeds exactly what this process was configured with.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let answered: BootstrapAnswer | undefined;
    child.once('message', (message: BootstrapAnswer) => (answered = message));
    child.once('error', (error) => resolve({ exit: error.message }));
    // 'close', not 'exit': it comes after the IPC channel has delivered every message.
    child.once('close', (code, signal) => resolve(answered ?? { exit: signal ? `signal ${signal}` : `exit code ${code}` }));
    child.send({ config });
  });
  if ('ok' in answer) return answer.ok;
  if ('exit' in answer) {
    throw new AppError('INTERNAL', `The first start's import of templates/ and lexicon/ stopped without finishing (${answer.exit}); the store was left empty, and the next start tries again.`);
  }
  throw new AppError(answer.error.code ?? 'INTERNAL', answer.error.message, answer.error.details ?? {});
}

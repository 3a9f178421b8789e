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
import { fileURLToPath } from 'node:url';
import { AppError, type AppErrorDetails, type Config, type ErrorCode } from '../core/index.js';
import type { Store } from '../store/index.js';
import { bundleTaskModule } from '../batch/worker-bundle.js';
import type { BootstrapResult } from './bootstrap.js';

const CHILD = new URL('./bootstrap-child.ts', import.meta.url);

/** What the child answers: the result, or the error it stopped with. */
export type BootstrapAnswer = { ok: BootstrapResult } | { error: { code?: ErrorCode; message: string; details?: AppErrorDetails } };

/**
 * `bootstrapStore(store, config)`, done by a child process on its own connection to the
 * same store; `store` is only asked whether it is seeded already.
 * @throws AppError as `bootstrapStore` does (TEMPLATE_INVALID, LEXICON_INVALID,
 *   LEXICON_EXAMPLES_FAILED: the store is left empty), or INTERNAL when the child could not
 *   run or stopped without answering.
 */
export async function bootstrapStoreApart(store: Store, config: Config): Promise<BootstrapResult> {
  if (await store.isSeeded()) return { seeded: false, templates: 0, lexiconEntries: 0 };
  let module = CHILD;
  let typescript = false;
  try {
    module = await bundleTaskModule(CHILD);
  } catch {
    typescript = true; // a read-only install: the child loads the TypeScript through tsx
  }
  const answer = await new Promise<BootstrapAnswer | { exit: string }>((resolve) => {
    const child = fork(fileURLToPath(module), [], {
      execArgv: typescript ? ['--import', 'tsx'] : [],
      env: { ...process.env, PLAINLY_BOOTSTRAP_CHILD: '1' },
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

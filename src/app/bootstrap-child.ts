/**
 * The first start's import, run in a short-lived child process (`bootstrapStoreApart`,
 * app/bootstrap-apart.ts). It is sent the configuration, opens the store, seeds it
 * (`bootstrapStore`), closes it, answers with the result (or the error) and exits, so what
 * the import needed (the lexicon read and checked, the scrypt hashes of the admin token and
 * password) is given back to the system instead of staying in the service's process.
 *
 * Runs only as a child started with an IPC channel and PLAINLY_BOOTSTRAP_CHILD=1, so importing
 * this module anywhere else does nothing.
 */
import type { Config } from '../core/index.js';
import { isAppError } from '../core/index.js';
import { bootstrapStore } from './bootstrap.js';
import { openStore } from './open-store.js';
import type { BootstrapAnswer } from './bootstrap-apart.js';

async function seed(config: Config): Promise<BootstrapAnswer> {
  try {
    const store = await openStore(config);
    try {
      return { ok: await bootstrapStore(store, config) };
    } finally {
      await store.close();
    }
  } catch (error) {
    return isAppError(error)
      ? { error: { code: error.code, message: error.message, details: error.details } }
      : { error: { message: error instanceof Error ? error.message : String(error) } };
  }
}

if (process.env.PLAINLY_BOOTSTRAP_CHILD === '1' && process.send) {
  process.once('message', (message: { config: Config }) => {
    void seed(message.config).then((answer) => {
      // Exit once the answer is sent: nothing else keeps this process.
      process.send!(answer, () => process.disconnect());
    });
  });
}

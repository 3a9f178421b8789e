/**
 * `plainly serve [--port N] [--workers N]`: the HTTP service (see docs/api.md).
 */
import type { Command } from 'commander';
import { bootstrapStoreApart, surelyFirstStart } from '../../app/bootstrap-apart.js';
import { loadConfig } from '../../core/index.js';
import type { CliContext } from '../io.js';
import { usageError } from '../io.js';

function parseWhole(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) usageError(`${name} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

/** Registers `serve`. */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Serve the HTTP API (and web pages) on PORT (default 3000), with the store in PLAINLY_DATA_DIR (default ./data)')
    .option('--port <n>', 'port to listen on (overrides PORT; 0 picks a free one)')
    .option('--workers <n>', 'HTTP processes sharing the store (overrides PLAINLY_WORKERS; 0 = one per CPU core)')
    .action(async (options: { port?: string; workers?: string }) => {
      const overrides: { port?: number; workers?: number } = {};
      if (options.port !== undefined) overrides.port = parseWhole(options.port, '--port', 0, 65535);
      if (options.workers !== undefined) overrides.workers = parseWhole(options.workers, '--workers', 0, 64);
      const config = loadConfig(process.env, overrides);
      // A first start: the import of templates/ and lexicon/ begins in its child process now,
      // while this process loads the service's code, instead of after it.
      const firstImport = surelyFirstStart(config) ? bootstrapStoreApart(undefined, config) : undefined;
      firstImport?.catch(() => undefined); // reported where startServer awaits it, not as unhandled meanwhile
      // The composition root: the service plus the web pages at `/`.
      const [{ startServer }, { WEB_MOUNT }] = await Promise.all([import('../../http/server.js'), import('../../web/index.js')]);
      await startServer(config, { stdout: context.io.stdout, stderr: context.io.stderr }, [WEB_MOUNT], firstImport);
      context.exitCode = 0;
    });
}

/**
 * `plainly lexicon test [--lexicon DIR]`: runs every entry's own examples.
 * Exit 0: all pass; 1: an example fails; 2: the lexicon cannot be read (file:line:col named).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { testLexiconFolder } from '../../app/index.js';
import { loadConfig } from '../../core/index.js';
import { type CliContext, usageError } from '../io.js';

const OptionsSchema = z.object({ lexicon: z.string().min(1, '--lexicon needs a folder').optional() });

/** Registers `plainly lexicon test`. */
export function registerLexiconCommand(program: Command, context: CliContext): void {
  const lexicon = program.command('lexicon').description("Work with the council's lexicon of words to avoid");
  lexicon
    .command('test')
    .description("Run every entry's examples: sentences it must flag and sentences it must leave alone")
    .option('--lexicon <dir>', 'lexicon folder (default: the lexicon/ folder of this project)')
    .action(async (raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const dir = parsed.data.lexicon ? path.resolve(context.io.cwd, parsed.data.lexicon) : loadConfig().lexiconDir;
      const { entries, examples, failures } = await testLexiconFolder(dir);
      for (const failure of failures) context.io.stdout(failure + '\n');
      if (failures.length > 0) {
        context.io.stderr(`${failures.length} of ${examples} examples fail in ${entries} entries.\n`);
        context.exitCode = 1;
      } else {
        context.io.stdout(`${entries} entries, ${examples} examples: all pass.\n`);
        context.exitCode = 0;
      }
    });
}

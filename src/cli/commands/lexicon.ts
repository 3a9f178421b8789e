/**
 * `plainly lexicon test [--lexicon DIR]`: runs every entry's own examples.
 * Exit 0: all pass; 1: an example fails; 2: the lexicon cannot be read (file:line:col named).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../core/index.js';
import { compileLexicon, formatExampleFailure, loadLexiconDir, testLexicon } from '../../pipeline/index.js';
import { type CliContext, usageError } from '../io.js';

const OptionsSchema = z.object({ lexicon: z.string().min(1, '--lexicon needs a folder').optional() });

/** Registers `plainly lexicon test`. */
export function registerLexiconCommand(program: Command, context: CliContext): void {
  const lexicon = program.command('lexicon').description("Work with the council's lexicon of words to avoid");
  lexicon
    .command('test')
    .description("Run every entry's examples: sentences it must flag and sentences it must leave alone")
    .option('--lexicon <dir>', 'lexicon folder (default: the lexicon/ folder of this project)')
    .action((raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const dir = parsed.data.lexicon ? path.resolve(context.io.cwd, parsed.data.lexicon) : loadConfig().lexiconDir;
      const entries = loadLexiconDir(dir);
      const failures = testLexicon(entries, compileLexicon(entries));
      const examples = entries.reduce((sum, entry) => sum + entry.examples.flag.length + entry.examples.pass.length, 0);
      for (const failure of failures) context.io.stdout(formatExampleFailure(failure) + '\n');
      if (failures.length > 0) {
        context.io.stderr(`${failures.length} of ${examples} examples fail in ${entries.length} entries.\n`);
        context.exitCode = 1;
      } else {
        context.io.stdout(`${entries.length} entries, ${examples} examples: all pass.\n`);
        context.exitCode = 0;
      }
    });
}

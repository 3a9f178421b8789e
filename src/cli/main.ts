/**
 * The `plainly` command. Each subcommand lives in `commands/` and registers itself here;
 * this file only wires them together and turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { type CliContext, type CliIO, processIO, reportError } from './io.js';
import { registerServeCommand } from './commands/serve.js';
import { registerLintCommand } from './commands/lint.js';
import { registerLexiconCommand } from './commands/lexicon.js';
import { registerRenderAndTemplatesCommands } from './commands/templates.js';
import { registerBatchCommand } from './commands/batch.js';

/** Registers one subcommand (or a group of them) on the program. */
export type CommandRegistrar = (program: Command, context: CliContext) => void;

/** Every subcommand, in the order `plainly --help` lists them. */
const registrars: CommandRegistrar[] = [
  // Each module adds one line here, e.g. registerLintCommand.
  registerServeCommand,
  registerLintCommand,
  registerLexiconCommand,
  registerRenderAndTemplatesCommands,
  registerBatchCommand,
];

/** Builds the program for one run. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('plainly')
    .description('Render council letters and check them for plain, respectful language.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
    })
    .showHelpAfterError('(run "plainly --help" to see the commands)');
  for (const register of registrars) register(program, context);
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`) and returns the exit code:
 * 0 success, 1 error findings, 2 usage, data or configuration error.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const context: CliContext = { io, exitCode: 0 };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; anything else commander rejects is usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(io, error);
  }
}

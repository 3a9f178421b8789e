/**
 * The `plainly` command. Each subcommand lives in `commands/` and registers itself; this file
 * only loads the ones needed, wires them together and turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { type CliContext, type CliIO, processIO, reportError } from './io.js';

/** Registers one subcommand (or a group of them) on the program. */
export type CommandRegistrar = (program: Command, context: CliContext) => void;

/**
 * Every subcommand module, by the command names it registers, in the order `plainly --help`
 * lists them. Modules are imported only when needed: running one command loads only its own
 * module, so `plainly batch` does not load the linter, the PDF writer or the web server into
 * the main process (they are about 70 MB there, and the batch renders on worker threads).
 */
const COMMAND_MODULES: { names: string[]; load: () => Promise<CommandRegistrar> }[] = [
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServeCommand },
  { names: ['lint'], load: async () => (await import('./commands/lint.js')).registerLintCommand },
  { names: ['lexicon'], load: async () => (await import('./commands/lexicon.js')).registerLexiconCommand },
  { names: ['render', 'templates'], load: async () => (await import('./commands/templates.js')).registerRenderAndTemplatesCommands },
  { names: ['batch'], load: async () => (await import('./commands/batch.js')).registerBatchCommand },
];

/**
 * Builds the program for one run. With `command` (the first argument) naming a known
 * command, only that command's module is loaded; otherwise (help, a typo) all of them, so
 * help lists every command and commander can suggest the nearest name.
 */
export async function buildProgram(context: CliContext, command?: string): Promise<Command> {
  const program = new Command('plainly')
    .description('Render council letters and check them for plain, respectful language.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
    })
    .showHelpAfterError('(run "plainly --help" to see the commands)');
  const only = COMMAND_MODULES.filter((module) => command !== undefined && module.names.includes(command));
  for (const module of only.length > 0 ? only : COMMAND_MODULES) (await module.load())(program, context);
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`) and returns the exit code:
 * 0 success, 1 error findings, 2 usage, data or configuration error.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const context: CliContext = { io, exitCode: 0 };
  try {
    const program = await buildProgram(context, argv[2]);
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

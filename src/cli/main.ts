/**
 * The `plainly` command. Each subcommand lives in `commands/` and registers itself; this file
 * only loads the ones needed, wires them together and turns errors into exit codes.
 */
import { Command, CommanderError, Help } from 'commander';
import { type CliContext, type CliIO, processIO, reportError } from './io.js';

/** Registers one subcommand (or a group of them) on the program. */
export type CommandRegistrar = (program: Command, context: CliContext) => void;

/** One line of `plainly --help`: what commander shows for a command, without loading it. */
export interface CommandSummary {
  /** The name with its usage, as commander writes it (`lint [options] <files...>`). */
  term: string;
  description: string;
}

/** A subcommand module: the command names it registers, their help lines, and how to load it. */
export interface CommandModule {
  names: string[];
  /** Help lines, in order; tests check they are exactly what the loaded module registers. */
  summaries: CommandSummary[];
  load: () => Promise<CommandRegistrar>;
}

/**
 * Every subcommand module, by the command names it registers, in the order `plainly --help`
 * lists them. Modules are imported only when needed: running one command loads only its own
 * module, so `plainly batch` does not load the linter, the PDF writer or the web server into
 * the main process (they are about 70 MB there, and the batch renders on worker threads), and
 * `plainly --help` loads none (they take most of a second to load; help answers at once).
 */
export const COMMAND_MODULES: CommandModule[] = [
  {
    names: ['serve'],
    summaries: [{ term: 'serve [options]', description: 'Serve the HTTP API (and web pages) on PORT (default 3000), with the store in PLAINLY_DATA_DIR (default ./data)' }],
    load: async () => (await import('./commands/serve.js')).registerServeCommand,
  },
  {
    names: ['lint'],
    summaries: [{ term: 'lint [options] <files...>', description: 'Check letters, guides and templates for plain, respectful language' }],
    load: async () => (await import('./commands/lint.js')).registerLintCommand,
  },
  {
    names: ['lexicon'],
    summaries: [{ term: 'lexicon', description: "Work with the council's lexicon of words to avoid" }],
    load: async () => (await import('./commands/lexicon.js')).registerLexiconCommand,
  },
  {
    names: ['render', 'templates'],
    summaries: [
      { term: 'render [options] <template-id>', description: 'Render a document from a template and data (a final document is refused while it has error findings)' },
      { term: 'templates', description: 'List, show and check the document templates' },
    ],
    load: async () => (await import('./commands/templates.js')).registerRenderAndTemplatesCommands,
  },
  {
    names: ['batch'],
    summaries: [{ term: 'batch [options] <template-id> <file>', description: 'Make letters from a spreadsheet (CSV or XLSX): every row checked first, each letter linted, PDFs in a folder or ZIP with a manifest' }],
    load: async () => (await import('./commands/batch.js')).registerBatchCommand,
  },
];

/**
 * Builds the program for one run. With `command` (the first argument) naming a known
 * command, only that command's module is loaded. Otherwise (no command, `--help`, `help`, a
 * typo) no module is loaded: each command is a stand-in with its help line, which is all that
 * help and commander's "did you mean" need. `plainly help lint` loads lint, for its own help.
 */
export async function buildProgram(context: CliContext, command?: string, modules: readonly CommandModule[] = COMMAND_MODULES, helpFor?: string): Promise<Command> {
  const program = new Command('plainly')
    .description('Render council letters and check them for plain, respectful language.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
    })
    .showHelpAfterError('(run "plainly --help" to see the commands)');
  const wanted = command === 'help' ? helpFor : command;
  const only = modules.filter((module) => wanted !== undefined && module.names.includes(wanted));
  if (only.length > 0) {
    for (const module of only) (await module.load())(program, context);
    return program;
  }
  const terms = new Map<string, string>();
  for (const summary of modules.flatMap((module) => module.summaries)) {
    const name = summary.term.split(' ')[0];
    terms.set(name, summary.term);
    program.command(name).description(summary.description);
  }
  program.configureHelp({
    subcommandTerm(this: Help, cmd: Command) {
      return terms.get(cmd.name()) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`) and returns the exit code:
 * 0 success, 1 error findings, 2 usage, data or configuration error.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const context: CliContext = { io, exitCode: 0 };
  try {
    const program = await buildProgram(context, argv[2], COMMAND_MODULES, argv[3]);
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

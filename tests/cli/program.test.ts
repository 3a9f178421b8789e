import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/io.js';
import { buildProgram, COMMAND_MODULES, type CommandModule } from '../../src/cli/main.js';
import { run } from './lint-helpers.js';

const context = (): CliContext => ({ io: { stdout: () => undefined, stderr: () => undefined, readStdin: async () => Buffer.alloc(0), cwd: process.cwd(), isTTY: false }, exitCode: 0 });
const names = async (command?: string) => (await buildProgram(context(), command)).commands.map((c) => c.name());

describe('the plainly program', () => {
  it('loads only the module of the command being run', async () => {
    expect(await names('batch')).toEqual(['batch']);
    expect(await names('lint')).toEqual(['lint']);
    expect(await names('render')).toEqual(['render', 'templates']);
    expect(await names('templates')).toEqual(['render', 'templates']);
  });

  it('loads no command module for help, no command or an unknown one, yet names every command', async () => {
    const all = ['serve', 'lint', 'lexicon', 'render', 'templates', 'batch'];
    const loaded: string[] = [];
    const watched: CommandModule[] = COMMAND_MODULES.map((module) => ({ ...module, load: () => (loaded.push(...module.names), module.load()) }));
    const names = async (command?: string) => (await buildProgram(context(), command, watched)).commands.map((c) => c.name());
    expect(await names()).toEqual(all);
    expect(await names('--help')).toEqual(all);
    expect(await names('lnit')).toEqual(all);
    expect(loaded).toEqual([]);
    // `plainly help lint` loads lint, for lint's own help.
    await buildProgram(context(), 'help', watched, 'lint');
    expect(loaded).toEqual(['lint']);
  });

  it('prints the same `plainly --help` without loading the commands as with all of them loaded', async () => {
    const light = await buildProgram(context(), '--help');
    const full = await buildProgram(context(), 'serve');
    for (const module of COMMAND_MODULES) if (!module.names.includes('serve')) (await module.load())(full, context());
    expect(full.commands.map((c) => c.name())).toEqual(light.commands.map((c) => c.name()));
    expect(light.helpInformation()).toBe(full.helpInformation());
  });

  it('lists every command in help, and suggests the nearest for a typo (exit 2)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['serve', 'lint', 'lexicon', 'render', 'templates', 'batch']) expect(help.stdout).toContain(name);
    const typo = await run(['lnit', 'x.txt']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('lint');
  });
});

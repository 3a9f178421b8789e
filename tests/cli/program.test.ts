import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/main.js';
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

  it('loads every command for help, no command or an unknown one', async () => {
    const all = ['serve', 'lint', 'lexicon', 'render', 'templates', 'batch'];
    expect(await names()).toEqual(all);
    expect(await names('--help')).toEqual(all);
    expect(await names('lnit')).toEqual(all);
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

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleReason } from '../../bin/build-stamp.mjs';
import { buildDist, type BuildStamp } from '../../scripts/build.mjs';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { run } from './lint-helpers.js';

const LETTER = path.join(PROJECT_ROOT, 'bench', 'fixtures', 'cli-letter.txt');

describe('the build stamp (which bin/plainly.mjs reads to choose dist/ or the sources)', () => {
  it('is stale with no build, and after a source it lists changes or goes; fresh otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-stamp-'));
    try {
      expect(staleReason(root)).toMatch(/no build in dist\//);
      fs.mkdirSync(path.join(root, 'src'));
      fs.mkdirSync(path.join(root, 'dist'));
      const source = path.join(root, 'src', 'a.ts');
      fs.writeFileSync(source, 'export const a = 1;\n');
      const stat = fs.statSync(source);
      fs.writeFileSync(path.join(root, 'dist', 'build.json'), JSON.stringify({ version: 1, inputs: { 'src/a.ts': [stat.size, stat.mtimeMs] } }));
      expect(staleReason(root)).toBeNull();
      fs.writeFileSync(source, 'export const a = 2;\n'); // same size, later time
      fs.utimesSync(source, stat.atime, new Date(stat.mtimeMs + 5000));
      expect(staleReason(root)).toBe('src/a.ts changed since the last build');
      fs.rmSync(source);
      expect(staleReason(root)).toBe('src/a.ts was removed since the last build');
      fs.writeFileSync(path.join(root, 'dist', 'build.json'), JSON.stringify({ version: 0, inputs: {} }));
      expect(staleReason(root)).toMatch(/another version of the build/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the compiled build', () => {
  // Built into a folder of its own inside the project (packages resolve from there), so the
  // test never touches dist/, which other processes may be running.
  const out = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'plainly', `test-build-${process.pid}`);
  let stamp: BuildStamp;
  beforeAll(async () => {
    stamp = await buildDist({ quiet: true, outDir: out });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const runCompiled = async (args: string[]) => {
    const script = `const { main } = await import(${JSON.stringify(path.join(out, 'plainly.js'))}); process.exitCode = await main(['node', 'plainly', ...JSON.parse(process.argv[1])]);`;
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('lints as the sources do, and prints the same help', async () => {
    const compiled = await runCompiled(['lint', LETTER]);
    const source = await run(['lint', LETTER]);
    expect(compiled.stdout).toContain('lexicon/suspend');
    expect([compiled.code, compiled.stdout, compiled.stderr]).toEqual([source.code, source.stdout, source.stderr]);
    const help = await runCompiled(['--help']);
    expect([help.code, help.stdout]).toEqual([0, (await run(['--help'])).stdout]);
  }, 120_000);

  it('lists the sources it read and the prebuilt worker modules', () => {
    expect(stamp.inputs['src/cli/main.ts']).toHaveLength(2);
    expect(stamp.inputs['src/lint/index.ts']).toHaveLength(2);
    expect(Object.keys(stamp.inputs).some((file) => file.includes('node_modules'))).toBe(false);
    expect(Object.keys(stamp.workers).sort()).toEqual(['src/batch/letter-worker.ts', 'src/batch/xlsx-worker.ts', 'src/pipeline/lint-task.ts']);
    for (const file of Object.values(stamp.workers)) expect(fs.existsSync(path.join(out, file))).toBe(true);
  });

  /** Packages a built file loads before it runs: its static imports, and theirs. */
  const packagesLoadedBy = (file: string): Set<string> => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const code = fs.readFileSync(path.join(out, name), 'utf8');
      for (const match of code.matchAll(/^import\s(?:[^;]*?\sfrom\s*)?"([^"]+)";/gms)) {
        if (match[1].startsWith('./')) visit(match[1].slice(2));
        else if (!match[1].startsWith('node:')) packages.add(match[1].split('/').slice(0, match[1].startsWith('@') ? 2 : 1).join('/'));
      }
    };
    visit(file);
    return packages;
  };

  it('plainly --help loads only commander, and plainly lint no PDF writer, template engine, web server or compromise', () => {
    expect([...packagesLoadedBy('plainly.js')]).toEqual(['commander']);
    const lintChunk = fs.readdirSync(out).find((name) => name.endsWith('.js') && fs.readFileSync(path.join(out, name), 'utf8').includes('function registerLintCommand('));
    expect(lintChunk).toBeDefined();
    const loaded = packagesLoadedBy(lintChunk!);
    expect(loaded.has('unified')).toBe(true); // the walk does see the linter's own packages
    for (const heavy of ['pdfkit', 'fontkit', 'handlebars', 'express', 'compromise', 'better-sqlite3']) expect([heavy, loaded.has(heavy)]).toEqual([heavy, false]);
  });

  it('holds: no module in src/ is imported for its side effects alone (the build marks them free of side effects)', () => {
    const bare: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.[cm]?ts$/.test(entry.name) && /^\s*import\s*['"]\.{1,2}\//m.test(fs.readFileSync(full, 'utf8'))) bare.push(path.relative(PROJECT_ROOT, full));
      }
    };
    walk(path.join(PROJECT_ROOT, 'src'));
    expect(bare).toEqual([]);
  });
});

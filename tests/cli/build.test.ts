import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import type { Metafile } from 'esbuild';
import ExcelJS from 'exceljs';
import { BUILD_STAMP_VERSION, staleReason } from '../../bin/build-stamp.mjs';
import { buildDist, EXTERNAL, packagesLookingBesideThemselves, type BuildStamp } from '../../scripts/build.mjs';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { lexiconCodeHash } from '../../src/lexicon/index.js';
import { CHECKUP_HEADINGS, checkupRow } from '../batch/helpers.js';
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
      fs.writeFileSync(path.join(root, 'dist', 'build.json'), JSON.stringify({ version: BUILD_STAMP_VERSION, packages: null, inputs: { 'src/a.ts': [stat.size, stat.mtimeMs] } }));
      expect(staleReason(root)).toBeNull();
      // Packages are bundled: an install after the build (npm install x@2 runs no prepare) makes it stale.
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{}');
      expect(staleReason(root)).toBe('the installed packages changed since the last build');
      const installed = fs.statSync(path.join(root, 'node_modules', '.package-lock.json'));
      fs.writeFileSync(path.join(root, 'dist', 'build.json'), JSON.stringify({ version: BUILD_STAMP_VERSION, packages: [installed.size, installed.mtimeMs], inputs: { 'src/a.ts': [stat.size, stat.mtimeMs] } }));
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
  let stamp: BuildStamp & { metafile: Metafile };
  beforeAll(async () => {
    stamp = await buildDist({ quiet: true, outDir: out });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  /** Runs `plainly …args` from the test build, as bin/plainly.mjs runs dist/ (a file, not `-e`: worker threads inherit the flags). */
  const runCompiled = async (args: string[]) => {
    const runner = path.join(out, 'run.mjs');
    if (!fs.existsSync(runner)) fs.writeFileSync(runner, `const { main } = await import('./plainly.js');\nprocess.exitCode = await main(process.argv);\n`);
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [runner, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
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
    // Markdown and a template: the Markdown parser, loaded only for them, from its own file.
    const markdown = [path.join(PROJECT_ROOT, 'bench', 'fixtures', 'guide-1000.md'), path.join(PROJECT_ROOT, 'templates', 'letters', 'change-notice.md'), LETTER];
    const compiledMarkdown = await runCompiled(['lint', '--format', 'json', ...markdown]);
    const files = JSON.parse(compiledMarkdown.stdout).files as Array<{ format: string; findings: unknown[] }>;
    expect(files.map((file) => file.format)).toEqual(['markdown', 'template', 'text']);
    expect(files[0].findings.length).toBeGreaterThan(0); // the guide was parsed and checked
    expect(compiledMarkdown.stdout).toEqual((await run(['lint', '--format', 'json', ...markdown])).stdout);
    const help = await runCompiled(['--help']);
    expect([help.code, help.stdout]).toEqual([0, (await run(['--help'])).stdout]);
  }, 120_000);

  it('has the lexicon code hash built in, the one the sources work out at run time', () => {
    expect(stamp.lexiconCodeHash).toMatch(/^[0-9a-f]{32}$/);
    expect(stamp.lexiconCodeHash).toBe(lexiconCodeHash());
    const chunk = fileHolding('src/lexicon/snapshot.ts');
    expect(fs.readFileSync(path.join(out, chunk), 'utf8')).toContain(JSON.stringify(stamp.lexiconCodeHash));
  });

  it('lists the sources it read and the prebuilt worker modules', () => {
    expect(stamp.inputs['src/cli/main.ts']).toHaveLength(2);
    expect(stamp.inputs['src/lint/index.ts']).toHaveLength(2);
    expect(Object.keys(stamp.inputs).some((file) => file.includes('node_modules'))).toBe(false);
    expect(Object.keys(stamp.workers).sort()).toEqual(['src/app/bootstrap-child.ts', 'src/batch/check-worker.ts', 'src/batch/letter-worker.ts', 'src/batch/xlsx-worker.ts', 'src/pipeline/lint-task.ts']);
    for (const file of Object.values(stamp.workers)) expect(fs.existsSync(path.join(out, file))).toBe(true);
  });

  /**
   * Packages a built file loads before it runs: those bundled into it or into the files it
   * imports statically (and theirs), and the external ones they import.
   */
  const packagesLoadedBy = (file: string): Set<string> => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (output: string) => {
      if (seen.has(output)) return;
      seen.add(output);
      const meta = stamp.metafile.outputs[output];
      for (const input of Object.keys(meta.inputs)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
        if (name) packages.add(name);
      }
      for (const imported of meta.imports) {
        if (imported.kind !== 'import-statement') continue;
        if (!imported.external) visit(imported.path);
        else if (!imported.path.startsWith('node:') && !isBuiltin(imported.path)) packages.add(imported.path.split('/').slice(0, imported.path.startsWith('@') ? 2 : 1).join('/'));
      }
    };
    visit(outputOf(file));
    return packages;
  };
  /** The metafile's key of a built file. */
  const outputOf = (file: string) => Object.keys(stamp.metafile.outputs).find((output) => path.basename(output) === file)!;
  /** The built file that holds a source file. */
  const fileHolding = (source: string) => path.basename(Object.entries(stamp.metafile.outputs).find(([, meta]) => source in meta.inputs)![0]);

  it('plainly --help loads only commander, and plainly lint no PDF writer, template engine, web server or compromise', () => {
    expect([...packagesLoadedBy('plainly.js')]).toEqual(['commander']);
    const loaded = packagesLoadedBy(fileHolding('src/cli/commands/lint.ts'));
    expect(loaded.has('lru-cache')).toBe(true); // the walk does see the linter's own packages
    for (const heavy of ['pdfkit', 'fontkit', 'handlebars', 'express', 'compromise', 'better-sqlite3', 'pino', 'exceljs']) expect([heavy, loaded.has(heavy)]).toEqual([heavy, false]);
  });

  it('bundles the packages plainly lint uses, and leaves external only those in EXTERNAL', () => {
    const lint = fileHolding('src/cli/commands/lint.ts');
    const externalImports = new Set<string>();
    for (const meta of Object.values(stamp.metafile.outputs)) {
      for (const imported of meta.imports) if (imported.external && !imported.path.startsWith('node:') && !isBuiltin(imported.path)) externalImports.add(imported.path.split('/').slice(0, imported.path.startsWith('@') ? 2 : 1).join('/'));
    }
    expect([...externalImports].filter((name) => !(name in EXTERNAL))).toEqual([]);
    expect(externalImports.has('pdfkit')).toBe(true); // the walk does see external packages
    // What lint loads comes from dist/, not from Node resolving node_modules at every start.
    const lintImports = stamp.metafile.outputs[outputOf(lint)].imports.filter((imported) => imported.external && !imported.path.startsWith('node:') && !isBuiltin(imported.path));
    expect(lintImports).toEqual([]);
    for (const name of ['zod', 'lru-cache', 'syllable']) expect([name, packagesLoadedBy(lint).has(name)]).toEqual([name, true]);
    // The Markdown parser loads only for a Markdown file or a template (pipeline/lint-stage.ts),
    // from its own file: a text file's check never loads it.
    for (const name of ['unified', 'remark-parse', 'micromark', 'mdast-util-from-markdown']) expect([name, packagesLoadedBy(lint).has(name)]).toEqual([name, false]);
    expect(packagesLoadedBy(fileHolding('src/lint/markdown.ts')).has('micromark')).toBe(true);
    // Loaded on first use only: YAML (a text file has none; the lexicon comes from its snapshot), globs, CSV.
    for (const name of ['yaml', 'tinyglobby', 'csv-parse', 'csv-stringify']) expect([name, packagesLoadedBy(lint).has(name)]).toEqual([name, false]);
  });

  it("bundles zod's English messages only (half of zod's code is its other locales), and src/ asks for no other", () => {
    const bundled = Object.keys(stamp.metafile.inputs).filter((input) => /node_modules\/zod\/v4\/locales\//.test(input));
    expect([...new Set(bundled.map((input) => path.basename(input)))]).toEqual(['en.js']);
    const asking: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.[cm]?ts$/.test(entry.name) && /\blocales\b|zod\/(v4\/)?locales|\bz\.config\(/.test(fs.readFileSync(full, 'utf8'))) asking.push(path.relative(PROJECT_ROOT, full));
      }
    };
    walk(path.join(PROJECT_ROOT, 'src'));
    expect(asking).toEqual([]);
  });

  it('refuses to bundle a package that looks for files beside its own code, unless reviewed', () => {
    const inputs = (files: string[]) => ({ inputs: Object.fromEntries(files.map((file) => [file, { bytes: 0, imports: [] }])), outputs: {} }) as unknown as Metafile;
    // pdfkit reads its fonts through __dirname; commander names __dirname in comments only;
    // fdir's createRequire(import.meta.url) is reviewed.
    const found = packagesLookingBesideThemselves(inputs(['node_modules/pdfkit/js/pdfkit.js', 'node_modules/commander/lib/command.js', 'node_modules/fdir/dist/index.mjs', 'src/cli/main.ts']));
    expect([...found.keys()]).toEqual(['pdfkit']);
    expect(found.get('pdfkit')).toMatch(/node_modules\/pdfkit\/js\/pdfkit\.js uses (__dirname|__filename)/);
  });

  it('renders the same PDF as the sources (pdfkit and its fonts stay in node_modules)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-build-pdf-'));
    try {
      const compiled = await runCompiled(['render', 'balance-above-contingency', '--example', '--out', path.join(dir, 'compiled.pdf')]);
      expect(compiled.code).toBe(0);
      expect(compiled.stderr).toMatch(/^Wrote .*compiled\.pdf \(pdf, \d+ pages?; 0 errors/);
      const source = await run(['render', 'balance-above-contingency', '--example', '--out', path.join(dir, 'source.pdf')]);
      expect(source.code).toBe(0);
      const pdf = fs.readFileSync(path.join(dir, 'compiled.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.equals(fs.readFileSync(path.join(dir, 'source.pdf')))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs a batch on its prebuilt worker threads, from a CSV file and from a spreadsheet (exceljs bundled into the spreadsheet worker)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-build-batch-'));
    try {
      const rows = [CHECKUP_HEADINGS, checkupRow(1), checkupRow(2)];
      fs.writeFileSync(path.join(dir, 'rows.csv'), stringify(rows));
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Rows').addRows(rows);
      fs.writeFileSync(path.join(dir, 'rows.xlsx'), Buffer.from(await workbook.xlsx.writeBuffer()));
      for (const input of ['rows.csv', 'rows.xlsx']) {
        const out = path.join(dir, `out-${input}`);
        const result = await runCompiled(['batch', 'financial-checkup', path.join(dir, input), '--out', out, '--threads', '1']);
        expect([input, result.code, result.stderr]).toEqual([input, 0, expect.stringContaining('Letters: 2 of 2 (100%)')]);
        expect(result.stdout).toContain('Produced 2, held back 0, invalid 0 (of 2 rows).');
        expect(fs.readdirSync(out).sort()).toEqual(['DP-000001.pdf', 'DP-000002.pdf', 'manifest.csv']);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

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

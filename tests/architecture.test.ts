/**
 * The direction of dependencies between the folders of src/ (docs/architecture.md). Stages
 * depend only on what comes before them; the use cases (app/) reach them through pipeline/, and
 * the adapters (http/, web/, cli/) reach everything through app/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/index.js';

/** Which folders each folder of src/ may import. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  lexicon: ['core'],
  lint: ['core', 'lexicon'],
  templates: ['core'],
  render: ['core', 'templates'],
  pipeline: ['core', 'lexicon', 'lint', 'templates', 'render'],
  store: ['core'],
  ingest: ['core'],
  batch: ['core', 'pipeline', 'store'],
  report: ['core'],
  app: ['core', 'pipeline', 'store', 'batch', 'ingest', 'report'],
  // The adapters: each parses input, calls a use case in app/ and writes its result.
  http: ['core', 'app'],
  web: ['core', 'app'],
  cli: ['core', 'app'],
};

/**
 * Files allowed one more folder than their folder is, each with the reason. Keep this short:
 * an entry here is a place where an adapter does more than adapt.
 */
const EXCEPTIONS: Record<string, string[]> = {
  // The composition root: `plainly serve` starts the HTTP service with the web pages mounted
  // in it, so it is the one place that knows both (http/ and web/ do not know each other).
  'src/cli/commands/serve.ts': ['http', 'web'],
};

const SRC = path.join(PROJECT_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Relative module specifiers a file imports (static, re-export and dynamic). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

function folderOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

describe('architecture', () => {
  it('finds imports in every form', () => {
    expect(importsOf(`import a from './a.js';\nexport * from "../b/index.js";\nconst c = await import('../c.js');\nimport './d.js';`)).toEqual([
      './a.js',
      '../b/index.js',
      '../c.js',
      './d.js',
    ]);
  });

  it('every folder of src/ is in the table', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((folder) => !(folder in ALLOWED))).toEqual([]);
  });

  it('imports only go the allowed way', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = folderOf(file);
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!target.startsWith(SRC + path.sep)) continue;
        const to = folderOf(target);
        const relative = path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
        if (to !== from && !ALLOWED[from]?.includes(to) && !EXCEPTIONS[relative]?.includes(to)) violations.push(`${path.relative(PROJECT_ROOT, file)} imports ${to}/ (${specifier})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('every exception is still needed', () => {
    const unneeded: string[] = [];
    for (const [file, folders] of Object.entries(EXCEPTIONS)) {
      const targets = importsOf(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')).map((specifier) => folderOf(path.resolve(path.dirname(path.join(PROJECT_ROOT, file)), specifier)));
      for (const folder of folders) if (!targets.includes(folder)) unneeded.push(`${file} no longer imports ${folder}/`);
    }
    expect(unneeded).toEqual([]);
  });
});

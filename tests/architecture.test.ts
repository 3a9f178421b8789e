/**
 * The direction of dependencies between the folders of src/ (docs/architecture.md). Stages
 * depend only on what comes before them; outer layers reach the stages through pipeline/.
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
  // Being narrowed to [core, app] (issue 17 item 1).
  http: ['core', 'app', 'pipeline', 'store', 'batch'],
  web: ['core', 'app', 'pipeline', 'store', 'batch', 'http'],
  cli: ['core', 'app', 'pipeline', 'batch', 'http', 'web'],
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
        if (to !== from && !ALLOWED[from]?.includes(to)) violations.push(`${path.relative(PROJECT_ROOT, file)} imports ${to}/ (${specifier})`);
      }
    }
    expect(violations).toEqual([]);
  });
});

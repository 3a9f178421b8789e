#!/usr/bin/env node
// The compiled build (`npm run build`, and npm's `prepare`, so `npm ci` runs it): the
// TypeScript in src/ becomes plain JavaScript in dist/, which `plainly`, `npm start` and the
// worker threads run. tsx stays for development and the tests (vitest runs src/ directly).
//
// esbuild, not tsc: it bundles, so a command loads a few files instead of hundreds of small
// modules, and it takes about a second where tsc takes tens (tsc still checks the types:
// `npm run typecheck`). How:
// - One bundle with code splitting: the CLI (dist/plainly.js) and the worker threads' task
//   modules are entry points; every `import()` becomes its own chunk, so a command still
//   loads only what it needs (`plainly --help` loads no linter, PDF writer or web server).
// - Packages stay in node_modules (`packages: 'external'`): some read their own data files
//   next to their code (pdfkit's fonts), and better-sqlite3 is native.
// - Every output file is directly in dist/, and `import.meta.url` in each source file becomes
//   that source file's own URL, worked out from the output file (`new URL('../src/…',
//   import.meta.url)`), so paths computed from it (the project root, views, createRequire)
//   are the same as when the source runs, wherever the clone is moved.
// - dist/build.json lists the sources the build read, with their sizes and modification
//   times: bin/plainly.mjs compares them (a stat per file, a few milliseconds) and runs the
//   sources through tsx instead when any changed, so a developer never runs stale code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_STAMP_VERSION } from '../bin/build-stamp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Entry points: output name -> source. The worker modules are the ones the code hands to
 * `bundleTaskModule` (src/batch/worker-bundle.ts), which finds them here through build.json;
 * a task module missing from this list still works (it is bundled when first used).
 */
export const ENTRIES = {
  plainly: 'src/cli/main.ts',
  'worker-letter': 'src/batch/letter-worker.ts',
  'worker-xlsx': 'src/batch/xlsx-worker.ts',
  'worker-lint': 'src/pipeline/lint-task.ts',
};

/** Gives every source file its own `import.meta.url`, as if it had not been bundled. */
const ownImportMetaUrl = (OUT) => ({
  name: 'plainly-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      // Every output file is directly in dist/, so this relative URL is right from any of them.
      const relative = path.relative(OUT, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
    });
  },
});

/**
 * Our own modules are marked free of side effects, so a module none of whose exports a
 * command uses is not loaded, nor what it imports: `plainly lint` gets lintText through
 * pipeline/, whose other exports (rendering) import pdfkit, fontkit and Handlebars, and
 * without this would load them to lint a text file. Code that is used still runs in full,
 * module-level statements included. This holds because no module in src/ is imported for its
 * side effects alone (`import './x.js'`): tests/build.test.ts checks that.
 */
const ownModulesWithoutSideEffects = {
  name: 'plainly-no-side-effects',
  setup(builder) {
    const src = path.join(ROOT, 'src') + path.sep;
    builder.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.plainly || !args.importer.startsWith(src)) return undefined;
      const result = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { plainly: true } });
      if (result.errors.length > 0 || result.external || !result.path.startsWith(src)) return undefined;
      return { ...result, sideEffects: false };
    });
  },
};

/**
 * Builds dist/ (or `outDir`, a folder inside the project: packages must resolve from it) and
 * returns what build.json records.
 */
export async function buildDist({ quiet = false, outDir = path.join(ROOT, 'dist') } = {}) {
  const OUT = path.resolve(outDir);
  const started = Date.now();
  const entries = Object.entries(ENTRIES).filter(([, source]) => fs.existsSync(path.join(ROOT, source)));
  // A fresh folder each time: chunks are named by hash, and old ones would pile up.
  const staging = `${OUT}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map(([out, source]) => ({ in: source, out })),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: OUT,
    write: false,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    // Lets the code know it runs compiled (worker-bundle.ts then uses the prebuilt workers).
    define: { __PLAINLY_BUILD__: JSON.stringify(path.relative(ROOT, OUT).split(path.sep).join('/')) },
    metafile: true,
    logLevel: 'warning',
    plugins: [ownModulesWithoutSideEffects, ownImportMetaUrl(OUT)],
  });
  fs.mkdirSync(staging, { recursive: true });
  for (const file of result.outputFiles) fs.writeFileSync(path.join(staging, path.relative(OUT, file.path)), file.contents);

  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules/')) continue;
    const stat = fs.statSync(path.join(ROOT, input));
    inputs[input] = [stat.size, stat.mtimeMs];
  }
  const stamp = { version: BUILD_STAMP_VERSION, builtAt: new Date().toISOString(), workers: Object.fromEntries(entries.filter(([out]) => out.startsWith('worker-')).map(([out, source]) => [source, `${out}.js`])), inputs };
  fs.writeFileSync(path.join(staging, 'build.json'), JSON.stringify(stamp, null, 1) + '\n');
  // Swap in the new folder whole, so a process starting now sees the old build or the new one.
  const old = `${OUT}.${process.pid}.old`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(staging, OUT);
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) {
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    console.log(`plainly: built ${path.relative(ROOT, OUT)}/ (${result.outputFiles.length} files, ${(bytes / 1024).toFixed(0)} KB, ${Object.keys(inputs).length} sources) in ${Date.now() - started} ms`);
  }
  return stamp;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildDist();
  } catch (error) {
    console.error(`plainly: the build failed: ${error.message}`);
    process.exitCode = 1;
  }
}

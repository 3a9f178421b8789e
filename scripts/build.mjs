#!/usr/bin/env node
// The compiled build (`npm run build`, and npm's `prepare`, so `npm ci` runs it): the
// TypeScript in src/ becomes plain JavaScript in dist/, which `plainly`, `npm start` and the
// worker threads run. tsx stays for development and the tests (vitest runs src/ directly).
//
// esbuild, not tsc: it bundles, so a command loads a few files instead of hundreds of small
// modules, and it takes seconds where tsc takes tens (tsc still checks the types:
// `npm run typecheck`). How:
// - One bundle with code splitting: the CLI (dist/plainly.js) and the worker threads' task
//   modules are entry points; every `import()` becomes its own chunk, so a command still
//   loads only what it needs (`plainly --help` loads no linter, PDF writer or web server).
// - Packages are bundled too, except the few in EXTERNAL (native modules, and packages that
//   read files beside their own code or start threads from them): loading one file is much
//   faster than Node resolving and loading the hundreds of small modules a command needs from
//   node_modules (`plainly lint` loaded about 450 modules, and spent most of its start on it).
//   A package bundled into dist/ that would look for files beside its code (`__dirname`,
//   `__filename`, `import.meta.url`, `require.resolve`) fails the build unless it is in
//   REVIEWED, so a new dependency cannot break the build silently. CommonJS packages get a
//   `require` of their own (REQUIRE_SHIM), resolving from dist/, that is from this project.
// - Every output file is directly in dist/, and `import.meta.url` in each source file becomes
//   that source file's own URL, worked out from the output file (`new URL('../src/…',
//   import.meta.url)`), so paths computed from it (the project root, views, createRequire)
//   are the same as when the source runs, wherever the clone is moved.
// - dist/build.json lists the sources the build read, with their sizes and modification
//   times: bin/plainly.mjs compares them (a stat per file, a few milliseconds) and runs the
//   sources through tsx instead when any changed, so a developer never runs stale code.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transformSync } from 'esbuild';
import { BUILD_STAMP_VERSION, fileStamp, INSTALLED_PACKAGES } from '../bin/build-stamp.mjs';

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
  'worker-bootstrap': 'src/app/bootstrap-child.ts',
  'worker-check': 'src/batch/check-worker.ts',
};

/**
 * Packages left in node_modules, loaded by Node at run time, and why each must be: everything
 * else a command imports is bundled into dist/.
 */
export const EXTERNAL = {
  'better-sqlite3': 'native module',
  esbuild: 'native binary (used at run time to bundle a worker task module that was not prebuilt)',
  tsx: 'development runner, never part of the compiled build',
  pdfkit: 'reads its standard fonts (AFM files) from beside its code',
  fontkit: "pdfkit's font reader: one copy, shared with pdfkit",
  'pdfjs-dist': 'starts its worker from a file beside its code',
  pino: 'starts its transports in worker threads from files beside its code',
  'pino-http': 'uses pino: one copy, shared with it',
  piscina: 'starts its worker threads from a file beside its code',
  pg: 'loads the optional native pg-native at run time',
  'pg-boss': 'uses pg: one copy, shared with it',
  nunjucks: "finds its templates and its optional chokidar with require.resolve at run time",
  compromise: 'loaded with createRequire, on first use only (src/lexicon/nlp.ts)',
  yaml: 'loaded with createRequire on first use (src/core/yaml-lib.ts), so plainly lint of a text file never loads it; the modules that import it directly share that copy',
};

/**
 * Bundled packages that mention `import.meta.url` and the like, checked by hand: why each is
 * still right when bundled. Keyed by package name; the build fails on any other.
 */
export const REVIEWED = {
  fdir: 'createRequire(import.meta.url) for its optional picomatch: from dist/ that resolves in this project\'s node_modules, the same package',
};

/** Gives CommonJS code bundled into an ES module the `require` that esbuild's shim calls. */
const REQUIRE_SHIM = "import { createRequire as __plainlyCreateRequire } from 'node:module'; const require = __plainlyCreateRequire(import.meta.url);";

/** What in a package's code means it looks for files beside itself (comments removed first). */
const LOOKS_BESIDE_ITSELF = /\b(__dirname|__filename|import\.meta\.url|import\.meta\.resolve|require\.resolve)\b/;

/** Names of the bundled packages whose code looks for files beside itself and is not REVIEWED. */
export function packagesLookingBesideThemselves(metafile) {
  const found = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    // Modules a plugin of this build made (`plainly-…:` inputs) are not files in a package.
    if (!name || REVIEWED[name] || !/\.[cm]?js$/.test(input) || input.startsWith('plainly-')) continue;
    const code = fs.readFileSync(path.join(ROOT, input), 'utf8');
    if (!LOOKS_BESIDE_ITSELF.test(code)) continue; // most files: no need to parse
    // Comments often name __dirname in examples: only code counts.
    let bare = code; // if it cannot be parsed here, the comments count too: safe, not silent
    try {
      bare = transformSync(code, { loader: 'js', minifyWhitespace: true, legalComments: 'none', logLevel: 'silent' }).code;
    } catch {}
    const match = LOOKS_BESIDE_ITSELF.exec(bare);
    if (match && !found.has(name)) found.set(name, `${input} uses ${match[1]}`);
  }
  return found;
}

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
 * src/lexicon/snapshot.ts's lexiconCodeHash() (the same files, the same hash), worked out here
 * so that the compiled build has it without reading them at every start.
 */
export function lexiconCodeHash() {
  const hash = createHash('sha256');
  for (const folder of ['src/lexicon', 'src/core']) {
    for (const name of fs.readdirSync(path.join(ROOT, folder)).sort()) {
      if (!/\.[cm]?[jt]s$/.test(name)) continue;
      for (const part of [`${folder}/${name}`, fs.readFileSync(path.join(ROOT, folder, name), 'utf8')]) {
        hash.update(`${part.length}:`); // as snapshotKey() does
        hash.update(part);
      }
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * zod's namespace (`import { z } from 'zod'`) re-exports every one of its ~50 locales, so a
 * bundle holds them all: about half of zod's code, loaded by every command that validates
 * anything (`plainly lint` too). Plainly's messages are English, and English stays zod's
 * default (classic/schemas.js imports locales/en.js itself); `z.locales` keeps `en` only.
 * tests/cli/build.test.ts checks that nothing in src/ asks for another locale.
 */
const zodEnglishOnly = {
  name: 'plainly-zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'plainly-zod-english' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'plainly-zod-english' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: path.dirname(args.path), loader: 'js' }));
  },
};

/**
 * Builds dist/ (or `outDir`, a folder inside the project: packages must resolve from it) and
 * returns what build.json records, with esbuild's metafile (what each output file holds).
 */
export async function buildDist({ quiet = false, outDir = path.join(ROOT, 'dist') } = {}) {
  const OUT = path.resolve(outDir);
  const started = Date.now();
  const entries = Object.entries(ENTRIES).filter(([, source]) => fs.existsSync(path.join(ROOT, source)));
  // A fresh folder each time: chunks are named by hash, and old ones would pile up.
  const staging = `${OUT}.${process.pid}.tmp`;
  const codeHash = lexiconCodeHash();
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map(([out, source]) => ({ in: source, out })),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(EXTERNAL).flatMap((name) => [name, `${name}/*`]),
    banner: { js: REQUIRE_SHIM },
    outdir: OUT,
    write: false,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    // Lets the code know it runs compiled (worker-bundle.ts then uses the prebuilt workers).
    define: { __PLAINLY_BUILD__: JSON.stringify(path.relative(ROOT, OUT).split(path.sep).join('/')), __PLAINLY_LEXICON_CODE_HASH__: JSON.stringify(codeHash) },
    metafile: true,
    logLevel: 'warning',
    plugins: [ownModulesWithoutSideEffects, ownImportMetaUrl(OUT), zodEnglishOnly],
  });
  const unreviewed = packagesLookingBesideThemselves(result.metafile);
  if (unreviewed.size > 0) {
    throw new Error(`these packages look for files beside their own code, which is dist/ once bundled: ${[...unreviewed].map(([name, why]) => `${name} (${why})`).join('; ')}. Add each to EXTERNAL in scripts/build.mjs (or, when bundling is right, to REVIEWED with the reason)`);
  }
  fs.mkdirSync(staging, { recursive: true });
  for (const file of result.outputFiles) fs.writeFileSync(path.join(staging, path.relative(OUT, file.path)), file.contents);

  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules/')) continue;
    const stat = fs.statSync(path.join(ROOT, input));
    inputs[input] = [stat.size, stat.mtimeMs];
  }
  const stamp = { version: BUILD_STAMP_VERSION, builtAt: new Date().toISOString(), workers: Object.fromEntries(entries.filter(([out]) => out.startsWith('worker-')).map(([out, source]) => [source, `${out}.js`])), packages: fileStamp(ROOT, INSTALLED_PACKAGES), lexiconCodeHash: codeHash, inputs };
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
  return { ...stamp, metafile: result.metafile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildDist();
  } catch (error) {
    console.error(`plainly: the build failed: ${error.message}`);
    process.exitCode = 1;
  }
}

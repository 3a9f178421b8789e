/**
 * Worker threads without tsx. On Node 20 a worker thread can only load TypeScript through a
 * loader registered in that thread, and each registration starts its own module-hooks thread
 * and keeps every transformed module's source with an inline source map: about 45 MB and a
 * sixth more CPU per rendering thread (measured with `npm run bench:batch`, docs/batch.md).
 * So the task module is bundled once with esbuild (the compiler tsx itself runs) into one
 * plain JavaScript file, which workers import directly.
 *
 * - Packages stay outside the bundle (`packages: 'external'`) and are loaded from
 *   node_modules as usual, so the bundle is written under `node_modules/.cache/plainly` where
 *   they resolve. Some packages read their own data files next to their code (pdfkit's
 *   fonts), which a bundle would break.
 * - `import.meta.url` is replaced in each source file by that file's own URL, so paths worked
 *   out from it (the project root, `createRequire`) are the same as unbundled.
 * - The file is named by the hash of its content: processes running at once share it, and
 *   a changed source gives a new file rather than a half-overwritten one.
 *
 * When bundling is not possible (a read-only install), the caller falls back to tsx. The
 * compiled build (scripts/build.mjs, dist/) has the task modules built already and uses those.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../core/index.js';

/** Where bundles are written: inside node_modules, so their package imports resolve. */
export const WORKER_BUNDLE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'plainly', 'workers');

/** Gives every TypeScript file its own `import.meta.url`, as if it had not been bundled. */
const ownImportMetaUrl: Plugin = {
  name: 'plainly-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
    });
  },
};

const bundles = new Map<string, Promise<URL>>();

// Set to "dist" by the compiled build (scripts/build.mjs); undefined when the sources run.
declare const __PLAINLY_BUILD__: string | undefined;

let prebuiltWorkers: Record<string, string> | null | undefined;

/**
 * The compiled build's own copy of a task module (dist/worker-*.js, listed in
 * dist/build.json), when this code is that build: the workers then run what `npm ci` built,
 * and nothing is bundled at run time. Null when running the sources (tsx, vitest), where the
 * build may be older than the code, or for a module the build does not list.
 */
export function prebuiltTaskModule(module: URL): URL | null {
  if (typeof __PLAINLY_BUILD__ === 'undefined') return null;
  const dist = path.join(PROJECT_ROOT, __PLAINLY_BUILD__);
  if (prebuiltWorkers === undefined) {
    try {
      prebuiltWorkers = (JSON.parse(readFileSync(path.join(dist, 'build.json'), 'utf8')) as { workers?: Record<string, string> }).workers ?? null;
    } catch {
      prebuiltWorkers = null;
    }
  }
  const source = path.relative(PROJECT_ROOT, fileURLToPath(module)).split(path.sep).join('/');
  const file = prebuiltWorkers?.[source];
  return file ? pathToFileURL(path.join(dist, file)) : null;
}

/**
 * A plain JavaScript module doing what the TypeScript `module` does, bundled once per process.
 * A module that is already JavaScript is returned as it is.
 * @throws Error when esbuild cannot bundle it or the bundle cannot be written.
 */
export function bundleTaskModule(module: URL): Promise<URL> {
  if (!/\.[cm]?ts$/.test(module.pathname)) return Promise.resolve(module);
  const prebuilt = prebuiltTaskModule(module);
  if (prebuilt) return Promise.resolve(prebuilt);
  let bundle = bundles.get(module.href);
  if (!bundle) {
    bundle = writeBundle(fileURLToPath(module));
    bundles.set(module.href, bundle);
    bundle.catch(() => bundles.delete(module.href)); // try again next time
  }
  return bundle;
}

async function writeBundle(entry: string): Promise<URL> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [ownImportMetaUrl],
  });
  const code = result.outputFiles[0].contents;
  const name = `${path.basename(entry).replace(/\.[cm]?ts$/, '')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const file = path.join(WORKER_BUNDLE_DIR, name);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(WORKER_BUNDLE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, code);
    await rename(partial, file);
  }
  return pathToFileURL(file);
}

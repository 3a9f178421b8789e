/**
 * compromise (English morphology and tagging), loaded on first use. Loading it costs about a
 * third of a second of CPU, more than the rest of `plainly lint` together, and most runs never
 * need it: compiling a lexicon does (inflections), but a compiled lexicon is usually read from
 * its snapshot (snapshot.ts), and the verb check reads a snapshot of compromise's data
 * (lint/verbs.ts). Loaded through `require` because an ES module cannot be imported
 * synchronously, and these callers are synchronous; compromise ships a CommonJS build of the
 * same version for exactly this.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type nlpDefault from 'compromise';

/** compromise's default export: `nlp(text)`, `nlp.world()`. */
export type Compromise = typeof nlpDefault;

let loaded: Compromise | undefined;

/** compromise, loaded the first time it is asked for. */
export function compromise(): Compromise {
  loaded ??= createRequire(import.meta.url)('compromise') as Compromise;
  return loaded;
}

let version: string | undefined;

/**
 * The installed compromise's version (part of the key of anything derived from its data),
 * read from its package.json without loading it (the package does not export that file).
 */
export function compromiseVersion(): string {
  if (version === undefined) {
    const entry = createRequire(import.meta.url).resolve('compromise');
    const marker = `${path.sep}node_modules${path.sep}compromise${path.sep}`;
    const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
    version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return version;
}

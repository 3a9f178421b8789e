/**
 * The yaml package, loaded on first use rather than imported: most runs of `plainly lint`
 * read no YAML at all (the lexicon comes from its snapshot, a text file has no front matter),
 * and loading yaml is a tenth of such a run's start. The callers are synchronous, so it is
 * required (yaml ships CommonJS for Node) rather than imported with `import()`. The compiled
 * build keeps yaml in node_modules (scripts/build.mjs, EXTERNAL), so this and the modules that
 * import yaml directly share one copy.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

/** The yaml package (`parse`, `parseDocument`, `Document`, `visit`, `isMap`, …). */
export function yamlLib(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}

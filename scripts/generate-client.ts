/**
 * `npm run client:generate`: writes clients/typescript/schema.d.ts (the types openapi-fetch
 * takes) from the app's OpenAPI document, built in this process from the route declarations,
 * as /api/openapi.json serves it: no server, no store. `--check` writes nothing and exits 1
 * when the committed file is not what the document gives now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateSchemaTypes } from 'plainly-client-generator';
import { PROJECT_ROOT } from '../src/core/index.js';
import { buildOpenApi } from '../src/http/openapi.js';
import { allRoutes } from '../src/http/routes/index.js';

/** Where the generated types are committed. */
export const CLIENT_SCHEMA_FILE = path.join(PROJECT_ROOT, 'clients/typescript/schema.d.ts');

/** The OpenAPI document of this checkout (its version from package.json, not the environment). */
export function apiDocument(): unknown {
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return buildOpenApi(allRoutes(), version);
}

/** The text schema.d.ts should hold for the current route declarations. */
export async function clientSchemaSource(): Promise<string> {
  return generateSchemaTypes(apiDocument());
}

async function main(argv: string[]): Promise<number> {
  const source = await clientSchemaSource();
  const relative = path.relative(process.cwd(), CLIENT_SCHEMA_FILE);
  if (argv.includes('--check')) {
    const current = fs.existsSync(CLIENT_SCHEMA_FILE) ? fs.readFileSync(CLIENT_SCHEMA_FILE, 'utf8') : undefined;
    if (current === source) {
      console.log(`${relative} is up to date.`);
      return 0;
    }
    console.error(`${relative} is ${current === undefined ? 'missing' : 'out of date'}: run npm run client:generate and commit it.`);
    return 1;
  }
  fs.mkdirSync(path.dirname(CLIENT_SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(CLIENT_SCHEMA_FILE, source);
  console.log(`wrote ${relative} (${source.length} characters)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * Turns an OpenAPI 3.1 document into TypeScript types with openapi-typescript (the `paths`,
 * `components` and `operations` interfaces that openapi-fetch takes). openapi-typescript is
 * resolved from this package's own node_modules, next to the TypeScript 5 it prints with.
 */
import openapiTS, { astToString } from 'openapi-typescript';

/** What every generated file starts with. */
export const GENERATED_HEADER =
  '/**\n' +
  " * Types for Plainly's HTTP API, generated from its OpenAPI document (/api/openapi.json) by\n" +
  ' * `npm run client:generate` with openapi-typescript. Do not edit: change the route\n' +
  ' * declarations in src/http/routes and generate again. Use with openapi-fetch (see index.ts).\n' +
  ' */\n\n';

/**
 * The TypeScript source for a document.
 * @param {object} document the OpenAPI document (a plain object, as /api/openapi.json serves it)
 * @returns {Promise<string>}
 */
export async function generateSchemaTypes(document) {
  // A deep copy: openapi-typescript annotates the object it is given. defaultNonNullable off:
  // a field with a default is optional in a request (the service fills it in), so `required`
  // in the document, not the presence of a default, says what a caller must send.
  const ast = await openapiTS(structuredClone(document), { defaultNonNullable: false });
  return GENERATED_HEADER + astToString(ast);
}

/**
 * A typed client for Plainly's HTTP API: openapi-fetch over the types in schema.d.ts, which
 * `npm run client:generate` writes from the app's OpenAPI document. Every path, parameter,
 * body and JSON response is typed; a call to a path or with a body the API does not have does
 * not compile.
 *
 * ```ts
 * const plainly = createPlainlyClient({ baseUrl: 'https://plainly.example.gov.uk', token });
 * const { data, error } = await plainly.POST('/api/lint', { body: { text } });
 * ```
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** The schemas of request and response bodies, by name (`Schemas['LintResult']`). */
export type Schemas = components['schemas'];

/** A client for every operation in the API. */
export type PlainlyClient = Client<paths>;

/** Where the service is and how to call it. */
export interface PlainlyClientOptions {
  /** The service's address, e.g. `https://plainly.example.gov.uk` (no `/api`: the paths have it). */
  baseUrl: string;
  /** An API token (`plainly_<id>_<secret>`), sent as `Authorization: Bearer`. */
  token: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every request (an `X-Request-Id`, say). */
  headers?: Record<string, string>;
}

/** A client that sends the token with every request. */
export function createPlainlyClient(options: PlainlyClientOptions): PlainlyClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { ...options.headers, Authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * Every API route, one file per area. To add an area, write `routes/<area>.ts` exporting a
 * list of `defineRoute(...)` and add it to `ROUTE_GROUPS` below — nothing else: mounting,
 * validation, the access check and the OpenAPI document all follow from the declaration.
 */
import { adminRoutes } from './admin.js';
import { batchRoutes } from './batches.js';
import { lexiconRoutes } from './lexicon.js';
import { documentRoutes } from './documents.js';
import { lintRoutes } from './lint.js';
import { templateRoutes } from './templates.js';
import type { AnyRoute } from './registry.js';

/** Route lists by area, in the order the API docs show them. */
export const ROUTE_GROUPS: readonly (readonly AnyRoute[])[] = [lintRoutes, templateRoutes, documentRoutes, batchRoutes, lexiconRoutes, adminRoutes];

/** Every API route. */
export function allRoutes(): AnyRoute[] {
  return ROUTE_GROUPS.flat();
}

export { defineRoute, mountRoutes, zodProblems, type AnyRoute, type RouteSpec, type HandlerContext, type ResponseSpec } from './registry.js';

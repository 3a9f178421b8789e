/**
 * The context routes get: built in app/context.ts (the use-case context plus auth and limits),
 * named here as the routes have always named it.
 */
export type { BodyLimits, ServiceContext as AppContext } from '../app/context.js';

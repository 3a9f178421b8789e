/**
 * Routers mounted after the API (the web pages, passed in by `plainly serve`, so the service
 * does not depend on the pages). A mounted router gets the same `AppContext` (store, pipeline, `auth` with sessions and roles) the
 * API uses, so pages and API check people the same way.
 */
import type { Router } from 'express';
import type { ServiceContext } from './context.js';

/** A router mounted at `path` (the web pages use `/`). */
export interface WebMount {
  path: string;
  create: (context: ServiceContext) => Router | Promise<Router>;
}


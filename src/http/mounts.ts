/**
 * Routers mounted after the API (the web pages). The web area adds ONE entry here; its
 * router gets the same `AppContext` (store, pipeline, `auth` with sessions and roles) the
 * API uses, so pages and API check people the same way.
 */
import type { Router } from 'express';
import { WEB_MOUNT } from '../web/index.js';
import type { AppContext } from './context.js';

/** A router mounted at `path` (the web pages use `/`). */
export interface WebMount {
  path: string;
  create: (context: AppContext) => Router | Promise<Router>;
}

/** Mounted in order after `/api`, `/healthz` and `/readyz`. */
export const WEB_MOUNTS: WebMount[] = [WEB_MOUNT];

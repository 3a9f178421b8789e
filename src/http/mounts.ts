/** Moved to app/mounts.ts (the web pages may not import http/). */
export type { WebMount } from '../app/mounts.js';

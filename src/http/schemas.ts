/** Moved to app/schemas.ts (the web pages share them and may not import http/). */
export * from '../app/schemas.js';

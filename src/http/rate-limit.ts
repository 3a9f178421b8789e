/** Moved to app/rate-limit.ts (the web pages share it and may not import http/); kept so http/ code reads as before. */
export * from '../app/rate-limit.js';

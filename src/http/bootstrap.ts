/** Moved to app/bootstrap.ts (the first start is not HTTP's; the web pages use randomPassword). */
export * from '../app/bootstrap.js';

/** Moved to app/lint-pool.ts (the pipeline service, in app/, runs it). */
export * from '../app/lint-pool.js';

/** Shared types, the error catalogue and configuration. Imports nothing else from src. */
export * from './types.js';
export * from './errors.js';
export * from './config.js';
export * from './positions.js';
export * from './markdown.js';
export * from './yaml-aliases.js';
export * from './yaml-lib.js';
export * from './hash.js';
export * from './front-matter.js';
export * from './lint-limits.js';
export * from './escape-html.js';

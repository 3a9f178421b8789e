/**
 * Batch letters from a spreadsheet: read CSV or XLSX, map headings to a template's fields,
 * convert and check every row before anything renders, summarise problems for people, and
 * (in the runner) render, package and record each letter.
 */
export * from './cells.js';
export * from './convert.js';
export * from './csv-reader.js';
export * from './encoding.js';
export * from './excel-safe.js';
export * from './fields.js';
export * from './headers.js';
export * from './limits.js';
export * from './names.js';
export * from './problems.js';
export * from './rows.js';
export * from './source.js';
export * from './spreadsheet.js';
export * from './validate.js';
export * from './letters.js';
export * from './manifest.js';
export * from './output.js';
export * from './pool.js';
export * from './render-rows.js';
export * from './runner.js';
export * from './engine.js';
export * from './file-sink.js';
export * from './held-back.js';
export * from './references.js';
export * from './sources.js';
export * from './print.js';
export * from './xlsx-guard.js';

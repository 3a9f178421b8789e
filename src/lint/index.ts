/**
 * The lint API: the engine (engine.ts) with its Markdown parser (markdown.ts), so
 * `lintText(…, { format: 'markdown' | 'template' })` works for every importer. Only
 * `plainly lint` loads the engine alone (pipeline/lint-stage.ts), and the parser when a file
 * needs it.
 */
import { lintText as lintWith, type LintOptions, type LintResult } from './engine.js';
import { parseProse } from './markdown.js';

export { parseProse } from './markdown.js';
export * from './engine.js';

/**
 * Lints text: plain prose, Markdown or a template (`options.format`, default `text`). See
 * engine.ts `lintText`; this one has the Markdown parser.
 */
export function lintText(text: string, options: LintOptions): LintResult {
  return lintWith(text, options, parseProse);
}

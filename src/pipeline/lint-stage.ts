/**
 * The lint stage alone: what `plainly lint` needs, without the rest of the pipeline. Importing
 * `pipeline/index.ts` for these would also load the template engine and the PDF writer
 * (Handlebars, pdfkit, fontkit), most of the start-up time of a command that checks one text
 * file; the compiled build splits code by what each command can reach, so this module keeps
 * them out of reach. For the same reason the lint engine comes without its Markdown parser:
 * `loadMarkdownParser()` loads it when a Markdown file or a template is to be checked, and
 * `lintText` takes it as its third argument.
 */
import type { ProseParser } from '../lint/engine.js';

export { type CheckedLexicon, type CompiledLexicon, loadCheckedLexicon, loadCheckedLexiconCached } from '../lexicon/index.js';
export { type LintOptions, type LintResult, type ProseParser, type ReadabilitySummary, lintText, lintTree } from '../lint/engine.js';

/** The lint engine's Markdown parser (markdown.ts `parseProse`), loaded on first call. */
export async function loadMarkdownParser(): Promise<ProseParser> {
  return (await import('../lint/markdown.js')).parseProse;
}

/**
 * The lint stage alone: what `plainly lint` needs, without the rest of the pipeline. Importing
 * `pipeline/index.ts` for these would also load the template engine and the PDF writer
 * (Handlebars, pdfkit, fontkit), most of the start-up time of a command that checks one text
 * file; the compiled build splits code by what each command can reach, so this module keeps
 * them out of reach.
 */
export { type CheckedLexicon, type CompiledLexicon, loadCheckedLexicon, loadCheckedLexiconCached } from '../lexicon/index.js';
export { type LintOptions, type LintResult, type ReadabilitySummary, lintText, lintTree } from '../lint/index.js';

/**
 * Linting with a lexicon folder (`plainly lint`): the folder's lexicon, checked against its
 * own examples, and a linter over it. From its snapshot when this folder was compiled and
 * checked before (lexicon/snapshot.ts): over a second less per run. Only the lint stage is
 * reached (pipeline/lint-stage.ts), never the template engine or the PDF writer, so a command
 * that checks one text file loads neither.
 */
import { type LintOptions, type LintResult, lintText, loadCheckedLexiconCached, loadMarkdownParser } from '../pipeline/lint-stage.js';

export type { LintResult } from '../pipeline/lint-stage.js';

/** Lints texts with one folder's lexicon. */
export interface FolderLinter {
  /**
   * Lints one text (its own options; the lexicon is the folder's). Markdown and templates load
   * the Markdown parser first, the first time (plain text never does).
   */
  lint(text: string, options: Omit<LintOptions, 'lexicon'>): Promise<LintResult>;
}

/**
 * A linter over the lexicon in `lexiconDir`.
 * @throws AppError LEXICON_INVALID, or LEXICON_EXAMPLES_FAILED listing every failing example.
 */
export function folderLinter(lexiconDir: string): FolderLinter {
  const { compiled } = loadCheckedLexiconCached(lexiconDir);
  return {
    lint: async (text, options) => {
      const parse = (options.format ?? 'text') === 'text' ? undefined : await loadMarkdownParser();
      return lintText(text, { ...options, lexicon: compiled }, parse);
    },
  };
}

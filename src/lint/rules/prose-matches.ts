/** Shared by the rules that look for a pattern in prose (dates, money): one loop over every run. */
import type { LintContext } from '../types.js';

/**
 * Calls `onMatch` for every match of `pattern` (a global regular expression) inside each prose
 * run of each block, with the offset of the match in the text. Runs are searched one by one, so
 * a match never spans something that is not prose (a URL, a placeholder).
 */
export function forEachProseMatch(context: LintContext, pattern: RegExp, onMatch: (match: RegExpExecArray, start: number) => void): void {
  for (const block of context.blocks) {
    for (const run of block.runs) {
      const slice = context.text.slice(run.start, run.end);
      pattern.lastIndex = 0;
      for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) onMatch(match, run.start + match.index);
    }
  }
}

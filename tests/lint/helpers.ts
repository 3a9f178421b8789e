import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLexicon, loadLexiconDir } from '../../src/lexicon/index.js';
import { lintText, type LintOptions } from '../../src/lint/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** The small test lexicon, compiled once. */
export const lexicon = compileLexicon(loadLexiconDir(path.join(FIXTURES, 'lexicon-basic')));

/** Lints with the test lexicon. */
export function lint(text: string, options: Partial<LintOptions> = {}) {
  return lintText(text, { profile: 'standard', lexicon, ...options });
}

/** Findings of one rule id: [actual, expected]. */
export function found(text: string, ruleId: string, options: Partial<LintOptions> = {}): Array<[string, string[]]> {
  return lint(text, options)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => [f.actual, f.expected]);
}

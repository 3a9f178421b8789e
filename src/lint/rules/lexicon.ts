/**
 * The council lexicon: words and phrases the co-production group asked us not to use, with
 * what to say instead. Findings are `lexicon/<entry id>`.
 */
import { findLexiconMatches } from '../../lexicon/index.js';
import type { Rule } from '../types.js';

/** Appended when the suggested words cannot simply replace the matched form. */
export const REWORD_NOTE = 'The suggested wording does not fit this sentence as it is, so reword the sentence';

export const lexiconRule: Rule = {
  id: 'lexicon/*',
  englishOnly: false,
  run(context) {
    // Every use, block by block; `once` entries are narrowed to their first use across the
    // whole document by the engine (index.ts), so a block's findings depend only on the block.
    const { matches, explained } = findLexiconMatches(context.lexicon, context.tokens, context.text, { kind: context.kind, profile: context.profile });
    for (const explanation of explained) context.explain(explanation);
    for (const match of matches) {
      const { entry } = match;
      let reason = entry.reason;
      if (match.reword) {
        const ideas = entry.replace.map((r) => `“${r}”`).join(' or ');
        reason = `${reason.replace(/\s*$/, '')}${/[.!?]$/.test(reason) ? '' : '.'} ${REWORD_NOTE}, for example around ${ideas}.`;
      }
      context.report({
        ruleId: `lexicon/${entry.id}`,
        source: 'lexicon',
        severity: entry.severity,
        reason,
        start: match.start,
        end: match.end,
        expected: match.reword ? [] : match.expected,
        ...(entry.once ? { once: match.entryIndex } : {}),
      });
    }
  },
};

/**
 * The council lexicon: words and phrases the co-production group asked us not to use, with
 * what to say instead. Findings are `lexicon/<entry id>`.
 *
 * Mentions are not uses (mentions.ts): words inside a name are not flagged, and words in
 * quotation marks or after "called", "known as", "means", "the word" are only a suggestion
 * that says why.
 */
import { findLexiconMatches } from '../../lexicon/index.js';
import { inCapitalisedName, listedNames, mentionOf, sentenceOf } from '../mentions.js';
import type { Rule } from '../types.js';

/** Appended when the suggested words cannot simply replace the matched form. */
export const REWORD_NOTE = 'The suggested wording does not fit this sentence as it is, so reword the sentence';

/** Put in front of the entry's reason when the words are mentioned rather than used. */
export function mentionNote(why: string): string {
  return `These words are ${why}, so they look like a mention of the words rather than a use of them, and this is only a suggestion. If the letter explains what the words mean, that is fine. If not:`;
}

export const lexiconRule: Rule = {
  id: 'lexicon/*',
  englishOnly: false,
  run(context) {
    // Every use, block by block; `once` entries are narrowed to their first use across the
    // whole document by the engine (index.ts), so a block's findings depend only on the block.
    const { matches, explained } = findLexiconMatches(context.lexicon, context.tokens, context.text, { kind: context.kind, profile: context.profile });
    for (const explanation of explained) context.explain(explanation);
    if (matches.length === 0) return;
    const names = listedNames(context.lexicon, context.tokens, context.text);
    for (const match of matches) {
      const { entry } = match;
      // A name the writer cannot change ("Fraud Prevention Team") is not a use of its words.
      if (names.some(([first, last]) => first <= match.first && last >= match.last)) continue;
      const sentence = sentenceOf(context.sentences, match.first);
      if (sentence && inCapitalisedName(context.text, context.tokens, match.first, match.last, sentence)) continue;
      const mention = sentence ? mentionOf(context.text, context.tokens, match.first, match.last, sentence) : undefined;
      let reason = entry.reason;
      if (match.reword) {
        const ideas = entry.replace.map((r) => `“${r}”`).join(' or ');
        reason = `${reason.replace(/\s*$/, '')}${/[.!?]$/.test(reason) ? '' : '.'} ${REWORD_NOTE}, for example around ${ideas}.`;
      }
      if (mention) reason = `${mentionNote(mention)} ${reason}`;
      context.report({
        ruleId: `lexicon/${entry.id}`,
        source: 'lexicon',
        severity: mention ? 'suggestion' : entry.severity,
        reason,
        start: match.start,
        end: match.end,
        expected: match.reword ? [] : match.expected,
        ...(entry.once ? { once: match.entryIndex } : {}),
      });
    }
  },
};

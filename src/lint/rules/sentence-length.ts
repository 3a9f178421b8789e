/** Long sentences are hard to follow: over 25 words (standard) or 15 words (Easy Read). */
import type { Profile } from '../../core/index.js';
import type { Rule } from '../types.js';

/** Most words a sentence may have, per profile. */
export const MAX_SENTENCE_WORDS: Record<Profile, number> = { standard: 25, 'easy-read': 15 };

export const sentenceLengthRule: Rule = {
  id: 'structure/sentence-length',
  englishOnly: false,
  run(context) {
    const limit = MAX_SENTENCE_WORDS[context.profile];
    for (const sentence of context.sentences) {
      if (sentence.words <= limit) continue;
      context.report({
        ruleId: 'structure/sentence-length',
        source: 'structure',
        severity: 'warning',
        reason: `This sentence has ${sentence.words} words. Sentences of ${limit} words or fewer are easier to follow: split it, one idea in each.`,
        start: sentence.start,
        end: sentence.end,
        expected: [],
      });
    }
  },
};

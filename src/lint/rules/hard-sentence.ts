/**
 * Sentences that most readability formulas put above the profile's target reading age
 * (see ../readability.ts for the vote and docs/lint.md for the ages).
 */
import { isHardSentence, TARGET_AGE } from '../readability.js';
import type { Rule } from '../types.js';

export const hardSentenceRule: Rule = {
  id: 'readability/hard-sentence',
  englishOnly: true,
  run(context) {
    const target = TARGET_AGE[context.profile];
    context.sentences.forEach((sentence, index) => {
      if (!isHardSentence(context.sentenceCounts[index], target)) return;
      context.report({
        ruleId: 'readability/hard-sentence',
        source: 'readability',
        severity: 'suggestion',
        reason: `This sentence may be hard to read for some people (most readability measures put it above a reading age of ${target}). Try shorter words and a shorter sentence.`,
        start: sentence.start,
        end: sentence.end,
        expected: [],
      });
    });
  },
};

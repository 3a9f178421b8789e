/**
 * Sentences that most readability formulas put above the profile's target reading age
 * (see ../readability.ts for the vote and docs/lint.md for the ages and thresholds).
 *
 * Only sentences that are really sentences are judged: they end with . ! ? … (or a colon that
 * leads into a list), have at least MIN_WORDS[profile] words, and have a verb. Headings, list entries,
 * table cells, signatures and address lines are not sentences, and the formulas, made for
 * running prose, say nothing useful about them.
 */
import { isHardSentence, TARGET_AGE } from '../readability.js';
import type { Rule } from '../types.js';
import { hasVerb } from '../verbs.js';

export const hardSentenceRule: Rule = {
  id: 'readability/hard-sentence',
  englishOnly: true,
  run(context) {
    const target = TARGET_AGE[context.profile];
    context.sentences.forEach((sentence, index) => {
      if (!sentence.terminated) return;
      if (!isHardSentence(context.sentenceCounts[index], context.profile)) return;
      // The verb check is the costliest step, so it runs last, on the few sentences the formulas flag.
      if (!hasVerb(context.tokens, sentence.firstToken, sentence.endToken)) return;
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

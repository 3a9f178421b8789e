/** Easy Read has no semicolons: one idea per sentence. */
import type { Rule } from '../types.js';

export const easyReadSemicolonsRule: Rule = {
  id: 'council/easy-read-semicolon',
  englishOnly: false,
  run(context) {
    if (context.profile !== 'easy-read') return;
    for (const block of context.blocks) {
      for (const run of block.runs) {
        for (let at = context.text.indexOf(';', run.start); at >= 0 && at < run.end; at = context.text.indexOf(';', at + 1)) {
          context.report({
            ruleId: 'council/easy-read-semicolon',
            source: 'council',
            severity: 'warning',
            reason: 'In Easy Read, use a full stop and start a new sentence instead of a semicolon: one idea in each sentence.',
            start: at,
            end: at + 1,
            expected: ['.'],
          });
        }
      }
    }
  },
};

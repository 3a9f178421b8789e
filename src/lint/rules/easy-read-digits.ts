/**
 * Easy Read writes numbers as digits ("3 weeks", not "three weeks"): digits are quicker to
 * spot and easier to read for people with a learning disability.
 */
import type { Rule } from '../types.js';

/** Number words and their digits. */
export const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80', ninety: '90',
  hundred: '100', thousand: '1,000', first: '1st', second: '2nd', third: '3rd', fourth: '4th', fifth: '5th',
};

// "one" is also a pronoun: "no one", "the one", "one another", "someone" (a different word).
const ONE_BEFORE = new Set(['no', 'the', 'this', 'that', 'which', 'each', 'any', 'every', 'little', 'other', 'loved', 'right', 'only']);
const ONE_AFTER = new Set(['another', 'of']);
// "second" is also a unit of time ("a second"), "first" in "at first", "first of all": leave those.
const SKIP_BEFORE: Record<string, Set<string>> = { second: new Set(['a', 'per', 'one']), first: new Set(['at']) };

export const easyReadDigitsRule: Rule = {
  id: 'council/easy-read-digits',
  englishOnly: true,
  run(context) {
    if (context.profile !== 'easy-read') return;
    const { tokens } = context;
    for (const block of context.blocks) {
      for (let i = block.firstToken; i < block.endToken; i++) {
        const word = tokens[i].norm;
        const digit = NUMBER_WORDS[word];
        if (!digit) continue;
        const before = i > block.firstToken ? tokens[i - 1].norm : '';
        const after = i + 1 < block.endToken ? tokens[i + 1].norm : '';
        if (word === 'one' && (ONE_BEFORE.has(before) || ONE_AFTER.has(after))) continue;
        if (SKIP_BEFORE[word]?.has(before)) continue;
        context.report({
          ruleId: 'council/easy-read-digits',
          source: 'council',
          severity: 'warning',
          reason: 'In Easy Read, write numbers as digits: they are quicker to find and easier to read.',
          start: tokens[i].start,
          end: tokens[i].end,
          expected: [digit],
        });
      }
    }
  },
};

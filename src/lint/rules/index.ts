/** The rules of the lint engine, one module each, in the order they run. */
import type { Rule } from '../types.js';
import { conditionalThreatRule } from './conditional-threat.js';
import { easyReadDigitsRule } from './easy-read-digits.js';
import { easyReadSemicolonsRule } from './easy-read-semicolons.js';
import { equalityRule } from '../equality.js';
import { hardSentenceRule } from './hard-sentence.js';
import { lexiconRule } from './lexicon.js';
import { moneyRule } from './money.js';
import { numericDateRule } from './numeric-date.js';
import { paragraphLengthRule } from './paragraph-length.js';
import { sentenceLengthRule } from './sentence-length.js';
import { shoutingRule } from './shouting.js';

/** Every rule, in the order they run (the order of findings is by position, not by rule). */
export const RULES: readonly Rule[] = [
  lexiconRule,
  conditionalThreatRule,
  equalityRule,
  numericDateRule,
  shoutingRule,
  moneyRule,
  easyReadDigitsRule,
  easyReadSemicolonsRule,
  sentenceLengthRule,
  paragraphLengthRule,
  hardSentenceRule,
];

/** Rule ids that only make sense in English (skipped, and listed in `notApplied`, for other languages). */
export const ENGLISH_ONLY = [...RULES.filter((rule) => rule.englishOnly).map((rule) => rule.id), 'readability/reading-age', 'readability/summary'];


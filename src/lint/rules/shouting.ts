/**
 * Words in capitals (NOT, PREPAYMENT) read as shouting and are harder to read, especially
 * for people with dyslexia or a learning disability. Known acronyms are fine.
 */
import { daleChall } from 'dale-chall';
import type { Token } from '../../lexicon/index.js';
import { listedNames } from '../mentions.js';
import type { Rule } from '../types.js';

/** Acronyms and initialisms a council letter uses (upper case is how they are written). */
export const KNOWN_ACRONYMS = new Set([
  'NHS', 'DWP', 'PA', 'PAS', 'UK', 'CQC', 'HMRC', 'GP', 'GPS', 'ILF', 'CHC', 'OT', 'OTS', 'DBS', 'ID', 'PIN', 'NI', 'VAT', 'BACS', 'CHAPS',
  'PDF', 'DP', 'DPS', 'CIC', 'SAR', 'DOLS', 'LPS', 'MCA', 'CCG', 'ICB', 'ICS', 'FAQ', 'FAQS', 'TV', 'MP', 'IT', 'EU', 'PAYE', 'NEST',
  'ISF', 'SDS', 'PIP', 'ESA', 'DLA', 'UC', 'JSA', 'AA', 'CAB', 'BSL', 'SMS', 'URL', 'PO', 'HM', 'LGO', 'LGSCO', 'SEND', 'EHCP', 'CAMHS',
  'ADASS', 'SCIE', 'NICE', 'TLAP', 'ILF', 'AM', 'PM', 'OK', 'GDPR', 'ICO', 'IBAN', 'BIC', 'SWIFT', 'USA', 'NDTI', 'RNIB', 'RNID', 'MENCAP',
]);

const COMMON_WORDS = new Set(daleChall);
const ROMAN = /^[ivxlcdm]+$/;

/** True when a word is written in capitals and is not a known acronym. */
export function isShouting(raw: string): boolean {
  if (raw.length < 2 || raw !== raw.toUpperCase() || raw === raw.toLowerCase()) return false;
  if (/\d/.test(raw)) return false; // references like DP000123
  const word = raw.replace(/['’]S$/, '').replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '');
  if (KNOWN_ACRONYMS.has(word)) return false;
  const lower = word.toLowerCase();
  if (ROMAN.test(lower) && lower.length <= 4 && !COMMON_WORDS.has(lower)) return false;
  // Short unknown capitals are probably acronyms (ILF, CHC); ordinary words (NOT, YOU, MUST) are shouting.
  return word.length >= 4 || COMMON_WORDS.has(lower);
}

export const shoutingRule: Rule = {
  id: 'council/shouting',
  englishOnly: false,
  run(context) {
    const { text, tokens } = context;
    // Names from the lexicon's names.yml written in capitals ("PAYPOINT") are names, not shouting.
    const names = listedNames(context.lexicon, tokens, text);
    const inName = (i: number): boolean => names.some(([first, last]) => first <= i && last >= i);
    for (const block of context.blocks) {
      let runStart = -1;
      const flush = (endToken: number): void => {
        if (runStart < 0) return;
        const first: Token = tokens[runStart];
        const last: Token = tokens[endToken - 1];
        const actual = text.slice(first.start, last.end);
        const lower = actual.toLowerCase();
        context.report({
          ruleId: 'council/shouting',
          source: 'council',
          severity: 'warning',
          reason: 'Words in capital letters read as shouting and are harder to read, especially for people with dyslexia. Use ordinary letters; if something matters, say why or put it in bold.',
          start: first.start,
          end: last.end,
          expected: [lower],
        });
        runStart = -1;
      };
      for (let i = block.firstToken; i < block.endToken; i++) {
        const token = tokens[i];
        if (isShouting(text.slice(token.start, token.end)) && !(names.length > 0 && inName(i))) {
          if (runStart < 0) runStart = i;
        } else {
          flush(i);
        }
      }
      flush(block.endToken);
    }
  },
};

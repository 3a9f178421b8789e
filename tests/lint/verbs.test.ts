import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lexicon/index.js';
import { hasVerb } from '../../src/lint/verbs.js';

const verb = (text: string) => {
  const tokens = tokenize(text);
  return hasVerb(tokens, 0, tokens.length);
};

describe('hasVerb', () => {
  it('finds verbs, including noun-or-verb words after a subject, "to" or "please", and instructions', () => {
    for (const text of ['We look at how everyone uses their direct payment.', 'The assessment is a conversation.', 'We help you.', 'Please pay this.', 'You need to check it.', 'Tell us if anything changes.', 'It’s yours.', 'We don’t know.', 'The money was reconciled.']) {
      expect([text, verb(text)]).toEqual([text, true]);
    }
  });

  it('finds none in labels, list entries and signature lines', () => {
    for (const text of ['Direct Payments Team', 'Northmoor Borough Council', 'your physical and mental health', 'Bills or receipts for anything over £100', 'Payslips or timesheets for your personal assistant', 'Yours sincerely', 'With best wishes', 'Sam’s plan', 'Mark Bennett']) {
      expect([text, verb(text)]).toEqual([text, false]);
    }
  });
});

describe('the verb check’s data (a snapshot of compromise’s, not compromise itself)', () => {
  it('answers as reading compromise’s own model did, for every word it knows and words it does not', async () => {
    const { isVerb } = await import('../../src/lint/verbs.js');
    const nlp = (await import('compromise')).default;
    // The check as it was written against compromise's model (the oracle).
    const model = (nlp.world() as unknown as { model: { one: { lexicon: Record<string, string | string[]> }; two: { switches: Record<string, string>; suffixPatterns: Array<Record<string, string> | null> } } }).model;
    const VERB_TAGS = new Set(['Verb', 'Infinitive', 'PresentTense', 'PastTense', 'Participle', 'Copula', 'Modal', 'Auxiliary', 'PhrasalVerb', 'Imperative']);
    const VERB_BEFORE = new Set(['we', 'to', 'please']);
    const tagsOf = (word: string): string[] => {
      if (Object.hasOwn(model.one.lexicon, word)) {
        const tag = model.one.lexicon[word];
        return Array.isArray(tag) ? tag : [tag];
      }
      const patterns = model.two.suffixPatterns;
      for (let length = Math.min(word.length - 1, patterns.length - 1); length > 0; length--) {
        const table = patterns[length];
        if (table && Object.hasOwn(table, word.slice(-length))) return [table[word.slice(-length)]];
      }
      return [];
    };
    const oracle = (word: string, before: string, atStart: boolean): boolean => {
      const tags = tagsOf(word);
      const ambiguous = Object.hasOwn(model.two.switches, word) && model.two.switches[word].includes('Verb');
      if (!ambiguous && tags.some((tag) => VERB_TAGS.has(tag))) return true;
      if (ambiguous) return VERB_BEFORE.has(before) || (atStart && tags.some((tag) => tag === 'Singular' || tag === 'Infinitive' || tag === 'Noun'));
      return tags.length === 0 && word.length > 4 && word.endsWith('ed');
    };
    const words = [...Object.keys(model.one.lexicon).filter((word) => !word.includes("'")), 'reimbursed', 'blorfed', 'frobnicating', 'wuzzle', 'constructor', 'quizzically'];
    const differ: string[] = [];
    for (const word of words) {
      for (const [before, atStart] of [['', false], ['we', false], ['', true], ['the', false]] as const) {
        if (isVerb(word, before, atStart) !== oracle(word, before, atStart)) differ.push(`${word} after "${before}"${atStart ? ' at start' : ''}`);
      }
    }
    expect(words.length).toBeGreaterThan(10_000);
    expect(differ).toEqual([]);
  });
});

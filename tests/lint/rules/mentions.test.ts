/**
 * Mentions are not uses (docs/lint.md): words inside a name are not flagged; words in quotation
 * marks or after "called", "known as", "means", "the word" are a suggestion that says why.
 * Checked with the shipped lexicon, whose names.yml lists organisation names and acronyms.
 */
import { describe, expect, it } from 'vitest';
import { compileLexicon, loadLexiconDir } from '../../../src/lexicon/index.js';
import { lintText } from '../../../src/lint/index.js';

const shipped = compileLexicon(loadLexiconDir('lexicon'));

function findings(text: string): Array<[string, string, string]> {
  return lintText(text, { profile: 'standard', lexicon: shipped, memo: false })
    .findings.filter((f) => f.source === 'lexicon' || f.ruleId === 'council/shouting')
    .map((f) => [f.ruleId, f.severity, f.actual]);
}

describe('mentions are not uses', () => {
  it('a use is flagged at its level', () => {
    expect(findings('We will audit your account.')).toEqual([['lexicon/audit', 'error', 'audit']]);
    expect(findings('The money was misspent.')).toEqual([['lexicon/misspent', 'error', 'misspent']]);
  });

  it('a word in quotation marks or after "called", "known as", "means", "the word" is a suggestion that says why', () => {
    for (const text of [
      'We used to call this an “audit”. Now we call it a financial checkup.',
      "We used to call this an 'audit'.",
      'A financial checkup is what used to be called an audit.',
      'This check, once known as an audit, is now a conversation.',
      'People told us the word audit made them feel suspected.',
    ]) {
      const found = findings(text).filter(([id]) => id === 'lexicon/audit');
      expect(found, text).toEqual([['lexicon/audit', 'suggestion', 'audit']]);
    }
    const [finding] = lintText('The word "misspent" upset people.', { profile: 'standard', lexicon: shipped }).findings.filter((f) => f.ruleId === 'lexicon/misspent');
    expect(finding.severity).toBe('suggestion');
    expect(finding.reason).toMatch(/^These words are in quotation marks, so they look like a mention of the words rather than a use of them/);
    expect(finding.reason).toMatch(/Makes people feel suspected of cheating/);
  });

  it('recognises more ways of naming a word: called X a Y, call X an, what … call, known as the annual, a quote that opens the sentence (issue 12)', () => {
    const cases: Array<[string, string, string]> = [
      ['Older forms called the spending record a monitoring return.', 'lexicon/financial-return', 'after “called”'],
      ["'Non-compliance' is a word we have taken out of our letters.", 'lexicon/non-compliance', 'in quotation marks'],
      ['“Non-compliance” is a word we have taken out of our letters.', 'lexicon/non-compliance', 'in quotation marks'],
      ['A financial checkup is what some places still call an audit.', 'lexicon/audit', 'after “call”'],
      ['Our checkup used to be known as the annual audit.', 'lexicon/audit', 'after “known as”'],
      ['We used to call this check an audit. Now it is a financial checkup.', 'lexicon/audit', 'after “call”'],
    ];
    for (const [text, id, why] of cases) {
      const found = lintText(text, { profile: 'standard', lexicon: shipped, memo: false }).findings.filter((f) => f.ruleId === id);
      expect(found.map((f) => f.severity), text).toEqual(['suggestion']);
      expect(found[0].reason, text).toContain(`are ${why}`);
    }
  });

  it('a naming word that does not name the word leaves a use a use', () => {
    expect(findings('We will call the annual audit meeting next week.')).toEqual([['lexicon/audit', 'error', 'audit']]);
    expect(findings('This means the council will audit your account.')).toEqual([['lexicon/audit', 'error', 'audit']]);
    expect(findings('We called your PA and an audit was arranged.')).toEqual([['lexicon/audit', 'error', 'audit']]);
    expect(findings('Please call an auditor.').map(([, severity]) => severity)).toEqual(['error']);
  });

  it('a word inside a name is not flagged', () => {
    expect(findings('Please call the Fraud Prevention Team on 01234 567890.')).toEqual([]);
    expect(findings('Our Audit Team will visit you.')).toEqual([]);
    expect(findings('You can ask the Department for Work and Pensions.')).toEqual([]);
    // Acronyms and names from names.yml: not shouting either.
    expect(findings('Pay at any PAYPOINT shop.')).toEqual([]);
  });

  it('a heading in Title Case, or a capital that only starts a sentence, is not a name', () => {
    expect(findings('Suspension Of Your Direct Payment').map(([id, severity]) => `${id} ${severity}`)).toEqual(['lexicon/suspend error']);
    expect(findings('Audit visits happen every year.').map(([id]) => id)).toContain('lexicon/audit');
    expect(findings('Direct Payment Audit').map(([id]) => id)).toContain('lexicon/audit');
  });

  it('quotation marks elsewhere in the sentence do not make a use a mention', () => {
    expect(findings('Your “support plan” says we will audit your account.')).toEqual([['lexicon/audit', 'error', 'audit']]);
    expect(findings("Sam's account will be audited.")).toEqual([['lexicon/audit', 'error', 'audited']]);
  });
});

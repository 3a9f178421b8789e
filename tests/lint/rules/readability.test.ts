import { describe, expect, it } from 'vitest';
import { COUNCIL_TERMS, loadCheckedLexicon, tokenize } from '../../../src/lexicon/index.js';
import { lintText } from '../../../src/lint/index.js';
import { baseForms, countWords, familiarTokens, sentenceAges, syllables } from '../../../src/lint/readability.js';
import { lint, found } from '../helpers.js';

const rule = 'readability/hard-sentence';
const HARD = 'Notwithstanding the aforementioned considerations, reimbursement eligibility necessitates comprehensive documentation substantiating expenditure appropriateness.';

describe('readability/hard-sentence', () => {
  it('flags a sentence most formulas put above the target age', () => {
    expect(found(HARD, rule)).toHaveLength(1);
  });

  it('leaves short everyday sentences alone', () => {
    expect(found('We pay your money into your bank every four weeks. You can spend it on the help you need.', rule)).toEqual([]);
    // Reported by the template writers: plain Easy Read sentences.
    expect(found('We look at how everyone uses their direct payment.', rule, { profile: 'easy-read' })).toEqual([]);
    expect(found('For a year she went swimming with her helper.', rule)).toEqual([]);
  });

  it('judges a list item that is a real sentence', () => {
    expect(found(`- ${HARD}\n`, rule, { format: 'markdown' })).toHaveLength(1);
  });

  it('does not judge headings, list entries, cells or lines that are not sentences', () => {
    const words = 'comprehensive documentation substantiating expenditure appropriateness regarding reimbursement eligibility';
    expect(found(`# Comprehensive documentation substantiating expenditure appropriateness regarding reimbursement eligibility\n\n- ${words}\n\n| ${words} |\n|---|\n| ${words} |\n`, rule, { format: 'markdown' })).toEqual([]);
    // Ends with a full stop but has no verb: a label, not a sentence.
    expect(found('Comprehensive documentation substantiating expenditure appropriateness regarding reimbursement eligibility.', rule)).toEqual([]);
    // A signature: a team name and a council name on two lines.
    expect(found('With best wishes\n\nIndependent Direct Payments Administration Team  \nNorthmoor Metropolitan Borough Council Administration\n', rule, { format: 'markdown' })).toEqual([]);
  });

  it('does not judge sentences under 8 words, or 5 in Easy Read (names and placeholders left out)', () => {
    expect(found('Reimbursement requires comprehensive documentation substantiating expenditure.', rule)).toEqual([]);
    expect(found('Reimbursement requires comprehensive documentation substantiating expenditure appropriateness, regrettably.', rule)).toHaveLength(1);
    expect(found('Reimbursement requires comprehensive documentation.', rule, { profile: 'easy-read' })).toEqual([]);
    expect(found('Reimbursement requires comprehensive documentation, regrettably.', rule, { profile: 'easy-read' })).toHaveLength(1);
    expect(found('Reimbursement requires comprehensive documentation, regrettably.', rule)).toEqual([]);
  });

  it('names do not make a sentence hard: the rendered letter reads like its template', () => {
    const rendered = 'We send your money to Jodie Clarke from Northmoor Borough Council each month.';
    const template = 'We send your money to {{recipient.name}} from {{council.name}} each month.';
    expect(found(rendered, rule, { profile: 'easy-read' })).toEqual([]);
    expect(found(template, rule, { profile: 'easy-read', format: 'template' })).toEqual([]);
    // The same sentence with long everyday words in place of the names is hard for Easy Read.
    expect(found('We send your money to your representative from the administration each month.', rule, { profile: 'easy-read' })).toHaveLength(1);
  });
});

describe('word counts for the formulas', () => {
  const counts = (text: string) => {
    const tokens = tokenize(text);
    return countWords(text, tokens, 0, tokens.length);
  };

  it('a regular form of a listed word is familiar, as the Dale-Chall and Spache rules say', () => {
    expect(baseForms('papers')).toContain('paper');
    expect(baseForms('arranged')).toContain('arrange');
    expect(baseForms('stopping')).toContain('stop');
    expect(baseForms('easier')).toContain('easy');
    expect(baseForms("council's")).toContain('council');
    expect(counts('We looked at the papers.').difficultWord).toBe(0);
    expect(counts('We reimbursed the papers.').difficultWord).toBe(1);
  });

  it('counts each unfamiliar word once, and never a repeated familiar word', () => {
    expect(counts('You and you and you.').difficultWord).toBe(0);
    expect(counts('Reimbursement, reimbursement and reimbursement.').difficultWord).toBe(1);
  });

  it('leaves names out, like placeholders, but counts the first word of a sentence', () => {
    expect(counts('Please ask Jodie Clarke at Northmoor Borough Council.')).toMatchObject({ word: 3, name: 5 });
    expect(counts('Northmoor Borough Council will pay you.')).toMatchObject({ word: 3, name: 3 });
    expect(counts('Reimbursement is fine.')).toMatchObject({ word: 3, name: 0, difficultWord: 1 });
    expect(counts('I think so.')).toMatchObject({ word: 3, name: 0 });
  });

  it('gives six ages (SMOG left out)', () => {
    expect(sentenceAges(counts(HARD))).toHaveLength(6);
  });
});

describe('readability summary and readability/reading-age', () => {
  it('summarises words, sentences and formulas', () => {
    const { readability } = lint('We pay you. You spend it on help.');
    expect(readability).toMatchObject({ words: 8, sentences: 2, averageSentenceLength: 4, targetAge: 13 });
    expect(readability.fleschReadingEase).toBeGreaterThan(90);
    expect(lint('We pay you.', { profile: 'easy-read' }).readability.targetAge).toBe(10);
  });

  it('counts names as words in the summary but leaves them out of the formulas', () => {
    const plain = lint('We pay. You spend it on help.').readability;
    const named = lint('We pay Jodie Clarke. You spend it on help.').readability;
    expect(named.words).toBe(plain.words + 2);
    expect(named.fleschReadingEase).toBe(plain.fleschReadingEase);
  });

  it('adds a document finding when a long text reads above the target age', () => {
    const hard = Array.from({ length: 8 }, () => 'Reimbursement eligibility necessitates comprehensive documentation substantiating expenditure appropriateness.').join(' ');
    expect(lint(hard).findings.some((f) => f.ruleId === 'readability/reading-age')).toBe(true);
    const easy = Array.from({ length: 12 }, () => 'We pay you and you buy the help you need.').join(' ');
    expect(lint(easy).findings.some((f) => f.ruleId === 'readability/reading-age')).toBe(false);
  });

  it('skips English-only rules for Welsh and says so', () => {
    const result = lint('Rydym yn talu eich arian bob pedair wythnos; diolch.', { lang: 'cy', profile: 'easy-read' });
    expect(result.notApplied).toEqual(expect.arrayContaining(['equality/*', 'readability/hard-sentence', 'council/easy-read-digits', 'readability/summary']));
    expect(result.findings.map((f) => f.ruleId)).toEqual(['council/easy-read-semicolon']);
    expect(lint('We pay you.').notApplied).toEqual([]);
  });
});

describe('familiar words: the lexicon’s own wording and the council’s terms', () => {
  const shipped = loadCheckedLexicon('lexicon').compiled;
  const hard = (text: string, profile: 'standard' | 'easy-read' = 'standard') =>
    lintText(text, { profile, lexicon: shipped, kind: 'agreement' }).findings.filter((f) => f.ruleId === rule).map((f) => f.actual);
  const counts = (text: string, familiar = true) => {
    const tokens = tokenize(text);
    return countWords(text, tokens, 0, tokens.length, familiar ? familiarTokens(shipped, tokens, text) : undefined);
  };

  it('a council term counts as familiar, not as two hard words', () => {
    expect(COUNCIL_TERMS).toContain('personal assistant');
    const sentence = 'If you use a personal assistant, you become their employer.';
    expect(counts(sentence, false)).toMatchObject({ difficultWord: 3, complexPolysillabicWord: 3 });
    expect(counts(sentence)).toMatchObject({ difficultWord: 1, complexPolysillabicWord: 1 });
    expect(hard(sentence)).toEqual([]);
    expect(hard('This includes any wages and holiday pay you owe a personal assistant.')).toEqual([]);
    // Plurals too.
    expect(counts('You can employ personal assistants.')).toMatchObject({ difficultWord: 1 });
    // The same sentence with unfamiliar words of the same length in its place is still hard.
    expect(hard('If you use a professional administrator, you become their employer.')).toHaveLength(1);
  });

  it('the lexicon’s suggested wording is familiar: using it never makes a sentence hard', () => {
    const sentence = 'Your financial assessment (a check of your income and savings) found that you can pay £36.20 a week towards your support.';
    expect(hard(sentence)).toEqual([]);
    expect(counts(sentence).difficultWord).toBeLessThan(counts(sentence, false).difficultWord);
  });

  it('only the whole phrase is familiar: its words elsewhere are judged as usual', () => {
    expect(counts('Your personal details.')).toMatchObject({ difficultWord: 2 });
    expect(counts('An assistant will call.')).toMatchObject({ difficultWord: 1 });
  });

  it('letters and syllables still count: a long sentence of familiar terms can still be hard', () => {
    expect(hard('Your personal assistant, your direct payment, your support plan and your personal budget are explained in the financial assessment (a check of your income and savings) documentation.')).toHaveLength(1);
  });
});

describe('syllables', () => {
  it('counts "-ing" after a vowel as its own syllable (the syllable package miscounts it)', () => {
    expect(['seeing', 'agreeing', 'going', 'doing', 'being', 'undergoing'].map(syllables)).toEqual([2, 3, 2, 2, 2, 4]);
    expect(['keeping', 'giving', 'saying', 'thing', 'bring', 'support'].map(syllables)).toEqual([2, 2, 2, 1, 1, 2]);
  });

  it('a 20-word everyday sentence is no longer hard because of "seeing"', () => {
    expect(found('Your support plan says what you want to achieve, like keeping active, seeing friends or giving your carer a break.', rule)).toEqual([]);
  });
});

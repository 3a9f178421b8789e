import { describe, expect, it } from 'vitest';
import { lint, found } from '../helpers.js';

describe('readability/hard-sentence', () => {
  const rule = 'readability/hard-sentence';
  it('flags a sentence most formulas put above the target age', () => {
    const hard = 'Notwithstanding the aforementioned considerations, reimbursement eligibility necessitates comprehensive documentation substantiating expenditure appropriateness.';
    expect(found(hard, rule)).toHaveLength(1);
  });
  it('leaves short everyday sentences alone', () => {
    expect(found('We pay your money into your bank every four weeks. You can spend it on the help you need.', rule)).toEqual([]);
  });
});

describe('readability summary and readability/reading-age', () => {
  it('summarises words, sentences and formulas', () => {
    const { readability } = lint('We pay you. You spend it on help.');
    expect(readability).toMatchObject({ words: 8, sentences: 2, averageSentenceLength: 4, targetAge: 13 });
    expect(readability.fleschReadingEase).toBeGreaterThan(90);
    expect(lint('We pay you.', { profile: 'easy-read' }).readability.targetAge).toBe(10);
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

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

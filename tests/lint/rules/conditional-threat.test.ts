/**
 * council/conditional-threat: a condition and a sanction in one sentence, or a consequence
 * ("could lead to your funding being taken away"). Ok and not-ok sentences, as people wrote them.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../helpers.js';

const rule = 'council/conditional-threat';

function threats(text: string): Array<[string, string]> {
  return lint(text, { memo: false })
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => [f.severity, f.actual]);
}

describe(rule, () => {
  it('flags a condition and a sanction in one sentence, in either order', () => {
    expect(threats('If you do not send your statements by 1 March, your direct payment will be stopped.')).toEqual([
      ['warning', 'If you do not send your statements by 1 March, your direct payment will be stopped'],
    ]);
    expect(threats('Your payments will be suspended unless you send the statements.')).toEqual([['warning', 'suspended unless you']]);
    expect(threats('Failure to return the form may result in your direct payment being withdrawn.')).toHaveLength(1);
    expect(threats('If you fail to keep records, we will pass the matter on to our finance team.')).toHaveLength(1);
    expect(threats('Should you not reply, a referral will be made.')).toHaveLength(1);
    expect(threats('If the account is not up to date by the end of the month, your support may be ended.')).toHaveLength(1);
    expect(threats("If we don't hear from you, we will take further action.")).toHaveLength(1);
  });

  it('is an error when the sanction is legal action or taking money back', () => {
    expect(threats('If we do not hear from you, we may take legal action.')).toEqual([['error', 'If we do not hear from you, we may take legal action']]);
    expect(threats('If you do not reply, we will recover the money from your account.')).toEqual([['error', 'If you do not reply, we will recover the money']]);
    expect(threats('Unless you pay, the debt will go to a debt collection agency.')).toEqual([['error', 'Unless you pay, the debt will go to a debt collection']]);
  });

  it('flags a consequence without an explicit condition', () => {
    expect(threats('This could lead to your funding being taken away.')).toEqual([['warning', 'lead to your funding being taken away']]);
    expect(threats('Late statements may result in your payments being stopped.')).toHaveLength(1);
  });

  it('leaves alone conditions without a sanction, sanctions without a condition, and promises', () => {
    for (const ok of [
      'If you do not have a bank account, we can help you open one.',
      'If you do not understand this letter, please call us.',
      'Please send your statements by the end of March.',
      'If we have not heard from you by 1 March, we will phone you to talk about what would help.',
      'You can stop your direct payment at any time.',
      'If you do not use all the money, we will not stop your direct payment.',
      'If you do not want a direct payment any more, tell us and we will talk about other ways to get support.',
      'If you are not sure, ask the Court of Protection for advice.',
      'We hope you recover quickly. If you do not feel well, rest.',
    ]) {
      expect(threats(ok), ok).toEqual([]);
    }
  });

  it('widens the conditions: unless with any subject, if … not, if this continues (issue 12)', () => {
    expect(threats('Unless we receive your statements, your payments will stop.')).toEqual([
      ['warning', 'Unless we receive your statements, your payments will stop'],
    ]);
    expect(threats('If things do not improve, your direct payment may end.')).toEqual([['warning', 'If things do not improve, your direct payment may end']]);
    expect(threats('If this continues, your support may be provided by the council instead.')).toHaveLength(1);
    expect(threats('If it happens again, we will suspend your direct payment.')).toHaveLength(1);
    expect(threats('Unless the statements arrive, we may take legal action.')).toEqual([['error', 'Unless the statements arrive, we may take legal action']]);
  });

  it('moving someone off a direct payment is a sanction (council-arranged care, as commissioned care)', () => {
    expect(threats('Continued non-payment could lead to your support being changed to council-arranged care.')).toEqual([
      ['warning', 'lead to your support being changed to council-arranged care'],
    ]);
    expect(threats('If this happens again, we may change your support to council-arranged support.')).toHaveLength(1);
    expect(threats('If you do not keep records, you may be moved to commissioned care.')).toHaveLength(1);
  });

  it('a wide condition needs a sanction aimed at the support or money, and offers are not conditions', () => {
    for (const ok of [
      'If you do not need help, you can ignore this letter.',
      'Unless you tell us otherwise, we will visit at 10am.',
      'Unless you tell us otherwise, we will refer you to the carers centre.',
      'If things do not improve, we will talk with you about what would help.',
      'If this continues, please call us so we can help.',
      'Unless we hear from you, your direct payment will continue as now.',
      'Unless you ask us to, we will not stop your direct payment.',
      'If your payment stops, do not worry: call us.',
      'If you choose to, you can move to council-arranged care at any time.',
    ]) {
      expect(threats(ok), ok).toEqual([]);
    }
  });

  it('does not run across sentences', () => {
    expect(threats('If you do not send the form, please call us. Your payments were stopped last year by mistake.')).toEqual([]);
  });
});

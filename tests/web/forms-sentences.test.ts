/**
 * Error messages as GOV.UK sentences (issue 15): each kind of problem the template's data
 * checks find (the real messages, made by src/templates' own field schemas) is said as a
 * sentence that tells the person what to do ("Enter the date to reply by"), never "Please
 * reply by is not a real date". An empty optional field is never a problem.
 */
import { describe, expect, it } from 'vitest';
import { fieldSchema, issuesToProblems } from '../../src/templates/data-schema.js';
import { requiredWhenProblems, type FieldSpec } from '../../src/templates/index.js';
import { fieldProblemSentence, labelInSentence } from '../../src/web/forms.js';

/** The message the templates' own schema gives for `value` in a field like `spec` (undefined when none). */
function messageFor(spec: FieldSpec, value: unknown): string | undefined {
  const result = fieldSchema(spec).safeParse(value);
  if (result.success) return undefined;
  const [problem] = issuesToProblems(result.error.issues);
  return problem.message;
}

/** The sentence a person sees for `value` in a field like `spec`. */
function said(spec: FieldSpec, value: unknown): string | undefined {
  const message = messageFor(spec, value);
  return message === undefined ? undefined : fieldProblemSentence(spec.label ?? '', message, spec.type);
}

describe('field labels inside a sentence', () => {
  it('reads labels as noun phrases', () => {
    expect(labelInSentence('Please reply by')).toBe('the date to reply by');
    expect(labelInSentence('Please ask us to look at it again by')).toBe('the date to ask us to look at it again by');
    expect(labelInSentence('Date of the letter')).toBe('the date of the letter');
    expect(labelInSentence('Our reference')).toBe('our reference');
    expect(labelInSentence('When the change starts')).toBe('when the change starts');
    expect(labelInSentence('NHS number')).toBe('the NHS number');
    expect(labelInSentence('Paid on a prepaid card', 'boolean')).toBe('“Paid on a prepaid card”');
  });
});

describe('every kind of data problem as a GOV.UK sentence', () => {
  const replyBy: FieldSpec = { type: 'date', label: 'Please reply by' } as FieldSpec;

  it('a required field left empty: "Enter …"', () => {
    expect(said(replyBy, '')).toBe('Enter the date to reply by');
    expect(said({ type: 'string', label: 'Our reference' } as FieldSpec, '  ')).toBe('Enter our reference');
    expect(said({ type: 'boolean', label: 'Paid on a prepaid card' } as FieldSpec, '')).toBe('Say yes or no for “Paid on a prepaid card”');
    // The spreadsheet check says a left-empty cell "is empty".
    expect(fieldProblemSentence('Please reply by', 'is empty', 'date')).toBe('Enter the date to reply by');
  });

  it('an empty optional field is never a problem', () => {
    for (const type of ['string', 'text', 'date', 'money', 'integer', 'number', 'boolean', 'email', 'phone', 'postcode', 'address'] as const) {
      const spec = { type, label: 'Something', optional: true } as FieldSpec;
      expect(messageFor(spec, ''), type).toBeUndefined();
      expect(messageFor(spec, undefined), type).toBeUndefined();
    }
  });

  it('dates', () => {
    expect(said(replyBy, '2027-02-30')).toBe('The date to reply by must be a real date');
    expect(said(replyBy, '31.01.27')).toBe('The date to reply by must be a date written like 2021-01-31 (year, month, day)');
    expect(said({ type: 'date', label: 'Date of the letter', min: '2020-01-01' } as FieldSpec, '2019-12-31')).toBe('The date of the letter must be on or after 2020-01-01');
  });

  it('money and numbers', () => {
    const payment = { type: 'money', label: 'Each payment', min: 100, max: 100000 } as FieldSpec;
    expect(said(payment, 'twelve pounds')).toBe('Each payment must be an amount of money, like £1,234.56');
    expect(said(payment, '£0.50')).toBe('Each payment must be £1 or more');
    expect(said(payment, '£5,000')).toBe('Each payment must be £1,000 or less');
    expect(said({ type: 'money', label: 'Each payment' } as FieldSpec, '-£5')).toBe('Each payment must be £0 or more');
    expect(said({ type: 'integer', label: 'Hours a week', max: 168 } as FieldSpec, 2.5)).toBe('The hours a week must be a whole number, like 3');
    expect(said({ type: 'integer', label: 'Hours a week', max: 168 } as FieldSpec, 200)).toBe('The hours a week must be 168 or less');
    expect(said({ type: 'number', label: 'Rate per hour', decimals: 2 } as FieldSpec, 1.234)).toBe('The rate per hour must have 2 decimal places or fewer');
  });

  it('text length', () => {
    expect(said({ type: 'string', label: 'Name', max: 5 } as FieldSpec, 'Amina Patel')).toBe('The name must be 5 characters or fewer (it has 11)');
    expect(said({ type: 'string', label: 'Name', min: 3 } as FieldSpec, 'Al')).toBe('The name must be 3 characters or more');
  });

  it('email, phone, postcode, yes or no, a choice', () => {
    expect(said({ type: 'email', label: 'Email' } as FieldSpec, 'not an email')).toBe('Enter the email as an email address, like name@example.com');
    expect(said({ type: 'phone', label: 'Phone number' } as FieldSpec, '123')).toBe('Enter the phone number as a UK phone number, like 01632 960 001');
    expect(said({ type: 'postcode', label: 'Postcode' } as FieldSpec, 'NOT A POSTCODE')).toBe('Enter the postcode as a real UK postcode, like SW1A 2AA');
    expect(said({ type: 'boolean', label: 'Paid on a prepaid card' } as FieldSpec, 'perhaps')).toBe('“Paid on a prepaid card” must be yes or no');
    expect(said({ type: 'enum', label: 'How often we pay', values: ['weekly', 'monthly'] } as FieldSpec, 'daily')).toBe('How often we pay must be one of: weekly, monthly');
  });

  it('addresses', () => {
    const address = { type: 'address', label: 'Postal address' } as FieldSpec;
    expect(said(address, ['1 High Street', 'Town', 'NOT A POSTCODE'])).toBe('The last line of the postal address must be a UK postcode');
    expect(said(address, ['1 High Street', '=HYPERLINK()', 'Town', 'SW1A 2AA'])).toMatch(/^Line 2 of the postal address must not start with =/);
  });

  it('a field needed only sometimes', () => {
    const fields = {
      changing: { type: 'boolean', label: 'The amount is changing' },
      newAmount: { type: 'money', label: 'Direct payment a week after the change', requiredWhen: { changing: true } },
    } as unknown as Record<string, FieldSpec>;
    const [problem] = requiredWhenProblems(fields, { changing: true });
    expect(fieldProblemSentence(fields.newAmount.label!, problem.message, 'money')).toBe('Enter the direct payment a week after the change: it is needed when the amount is changing is yes');
    expect(requiredWhenProblems(fields, { changing: false })).toEqual([]);
  });

  it('keeps a message it does not know, after the field', () => {
    expect(fieldProblemSentence('Our reference', 'is used on more than one row')).toBe('Our reference is used on more than one row');
  });
});

describe('the words-to-avoid form', () => {
  it('takes a suggestion with every optional box left empty', async () => {
    const { emptyForm, entryFromForm } = await import('../../src/web/lexicon-view.js');
    const values = { ...emptyForm(), terms: 'service user', severity: 'warning', reason: 'People are more than a service.', flag: 'Each service user gets a letter.', pass: 'Each person gets a letter.' };
    const result = entryFromForm(values);
    expect(result.ok ? [] : result.errors.summary).toEqual([]);
    // …and says what to do, in a sentence, when something needed is missing.
    const missing = entryFromForm({ ...values, reason: '' });
    expect(missing.ok ? [] : missing.errors.summary.map((s) => s.text)).toEqual(['Enter why we should avoid it']);
  });
});

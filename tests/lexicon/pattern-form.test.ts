/**
 * The web form's pattern box (src/web/lexicon-view.ts): a pattern entry is built from the form,
 * shown back in it, and a bad pattern is an error by the pattern box.
 */
import { describe, expect, it } from 'vitest';
import { contentView, emptyForm, entryFromForm, formFromEntry } from '../../src/web/lexicon-view.js';

const form = {
  ...emptyForm(),
  pattern: '[recover, reclaim] … {money}',
  severity: 'error',
  reason: 'Sounds like a seizure.',
  flag: 'We will recover the money.',
  pass: 'We hope you recover.',
};

describe('the web form and patterns', () => {
  it('builds a pattern entry, with an id from its words, and shows it back', () => {
    const built = entryFromForm(form);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.entry).toMatchObject({ id: 'recover-reclaim-money', terms: [], pattern: '[recover, reclaim] … {money}' });
    expect(formFromEntry(built.entry).pattern).toBe('[recover, reclaim] … {money}');
    expect(contentView(built.entry)?.pattern).toBe('[recover, reclaim] … {money}');
  });

  it('shows a bad pattern by the pattern box', () => {
    const built = entryFromForm({ ...form, pattern: '[recover, reclaim … {money}' });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.fields.pattern).toMatch(/^The pattern: the \[ here is not closed with \]/);
    expect(built.errors.summary).toEqual([{ text: built.errors.fields.pattern, href: '#pattern' }]);
  });

  it('asks for words or a pattern when both are empty', () => {
    const built = entryFromForm({ ...form, pattern: '' });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors.fields.terms).toBe('Enter the word or phrase to avoid, or a pattern');
  });
});

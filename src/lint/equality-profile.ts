/**
 * The reviewed UK profile for retext-equality's rules. Every rule that fires on the shipped
 * lexicon's examples or the shipped templates has a decision here with a one-line reason
 * (docs/lint.md lists them; tests/lint/equality.test.ts fails when a rule fires on the
 * shipped texts without a decision). Rules that never fire on them keep the default.
 *
 * keep  -> warning: the wording can hurt; the writer should change it.
 * lower -> suggestion: often fine in a council letter; worth a second look.
 * ignore -> not checked: wrong for UK usage or for this service.
 */

/** A decision about one retext-equality rule id. */
export interface EqualityDecision {
  action: 'keep' | 'lower' | 'ignore';
  /** One line: why. */
  why: string;
  /** Phrases of this rule that are not checked (lower case), when the rest of the rule is kept. */
  ignorePhrases?: string[];
  /** For `or` rules: allow the pair written together ("he or she"). */
  binary?: boolean;
}

/** Rules nobody has reviewed yet: shown as warnings, because they name real risks. */
export const EQUALITY_DEFAULT: EqualityDecision = { action: 'keep', why: 'Not reviewed: retext-equality default kept.' };

/** Reviewed decisions, by retext-equality rule id. */
export const EQUALITY_PROFILE: Record<string, EqualityDecision> = {
  invalid: {
    action: 'lower',
    why: '"Disabled people" is the UK social-model term we use on purpose; "invalid" is kept only as a suggestion because letters mostly mean "not valid".',
    ignorePhrases: ['disabled'],
  },
  easy: { action: 'ignore', why: '"Easy Read" is the name of the accessible format and "easy" is plain English we want.' },
  simple: { action: 'ignore', why: 'Plain, simple wording is the point of these letters; "simple" is not aimed at a person here.' },
  just: { action: 'lower', why: '"Just" can belittle a task ("just fill in the form") but often means "fair"; a second look is enough.' },
  'he-she': { action: 'lower', why: 'Letters should say "they" for someone whose pronouns we do not know; "he or she" is allowed.', binary: true },
  'her-him': { action: 'lower', why: 'As he-she: prefer "their"/"them" for people we have not asked; "his or her" is allowed.', binary: true },
  'learning-disabled': { action: 'keep', why: 'UK self-advocates ask for "people with a learning disability", not "learning disabled".' },
  special: { action: 'keep', why: '"Special needs" and "challenged" are euphemisms disabled people reject; say what support is needed.' },
  'wheelchair-bound': { action: 'keep', why: 'A wheelchair gives freedom; "wheelchair user" is the respectful term.' },
  'daughter-son': { action: 'lower', why: 'Rules about paying a close relative name real relatives; "son or daughter" together is fine, "child" is often better.', binary: true },
  'dad-mom': { action: 'lower', why: 'Easy Read stories and capacity examples name a real mum or dad; "mum or dad" together is fine.', binary: true },
  'brother-sister': { action: 'lower', why: 'Family members named in the close-relative rules are real people; "brother or sister" together is fine.', binary: true },
  'ombudsman-ombudswoman': { action: 'ignore', why: 'The Local Government and Social Care Ombudsman is the official name of the body people can complain to; we cannot rename it.' },
  nuts: { action: 'keep', why: 'Slurs and labels about mental health have no place in a letter; "mental health" as a phrase is exempt.', ignorePhrases: ['mental'] },
};

/**
 * A term inside its own entry's suggested wording or declared explanation is fine, and words
 * people need to learn (`once: true`) are checked at their first use only.
 */
import { describe, expect, it } from 'vitest';
import { compileLexicon, type LexiconEntry, LexiconEntrySchema, loadCheckedLexicon, matchLexicon, parseLexiconYaml, lexiconToYaml, tokenize } from '../../src/lexicon/index.js';
import { lintText } from '../../src/lint/index.js';

const shipped = loadCheckedLexicon('lexicon').compiled;

/** The shipped lexicon's findings of one entry: the matched words. */
function shippedHits(text: string, id: string, format: 'text' | 'markdown' = 'text'): string[] {
  return lintText(text, { profile: 'standard', kind: 'agreement', lexicon: shipped, format })
    .findings.filter((f) => f.ruleId === `lexicon/${id}`)
    .map((f) => f.actual);
}

function entry(fields: Partial<LexiconEntry>): LexiconEntry {
  return LexiconEntrySchema.parse({ id: 'x', terms: ['x'], replace: [], severity: 'suggestion', reason: 'r', examples: { flag: ['x'], pass: ['y'] }, ...fields });
}

function hits(entries: LexiconEntry[], text: string): Array<[string, string]> {
  return matchLexicon(compileLexicon(entries), tokenize(text), text).map((m) => [m.entry.id, text.slice(m.start, m.end)]);
}

describe('a term inside its own entry’s suggested wording is not flagged', () => {
  it('financial assessment written as the entry suggests (shipped lexicon)', () => {
    expect(shippedHits('Your financial assessment (a check of your income and savings) worked out that you pay £24 a week.', 'financial-assessment')).toEqual([]);
    // The same words without the explanation are still flagged.
    expect(shippedHits('Your financial assessment worked out that you pay £24 a week.', 'financial-assessment')).toEqual(['financial assessment']);
  });

  it('covers the forms the term matches inside the wording (plural, UK/US spelling)', () => {
    const e = entry({ id: 'fa', terms: ['financial assessment'], replace: ['financial assessment (a check of your income and savings)'] });
    expect(hits([e], 'Financial assessments (a check of your income and savings) happen yearly.')).toEqual([]);
    expect(hits([e], 'Financial assessments happen yearly.')).toEqual([['fa', 'Financial assessments']]);
    const z = entry({ id: 'org', terms: ['organisation'], replace: ['organisation (the group that runs it)'] });
    expect(hits([z], 'The organization (the group that runs it) pays.')).toEqual([]);
  });

  it('a replacement that does not contain the term excuses nothing', () => {
    const e = entry({ id: 'audit', terms: ['audit'], replace: ['financial checkup'], severity: 'error' });
    expect(hits([e], 'The audit is a financial checkup.')).toEqual([['audit', 'audit']]);
  });

  it('only the entry’s own wording counts, not another entry’s', () => {
    const a = entry({ id: 'a', terms: ['contingency'], replace: ['contingency (money kept for unexpected costs)'] });
    const b = entry({ id: 'b', terms: ['contingency'], replace: ['safety net'] });
    expect(hits([a, b], 'Your contingency (money kept for unexpected costs).')).toEqual([['b', 'contingency']]);
  });
});

describe('explained: wording the entry declares as an explanation', () => {
  it('contingency right after “We call this your contingency” (shipped lexicon)', () => {
    const text = 'Your personal assistant might be ill. You can keep up to £2,048 in the account to cover costs like these. We call this your contingency.';
    expect(shippedHits(text, 'contingency')).toEqual([]);
    expect(shippedHits('You can keep a contingency of £2,048.', 'contingency')).toEqual(['contingency']);
  });

  it('acts like unless when the entry is not once', () => {
    const e = entry({ id: 'c', terms: ['contingency'], explained: ['we call this your contingency'] });
    expect(hits([e], 'We call this your contingency. Your contingency is £5.')).toEqual([['c', 'contingency']]);
  });
});

describe('once: explain on first use', () => {
  const fa = entry({ id: 'fa', terms: ['financial assessment'], replace: ['financial assessment (a check of your income and savings)'], once: true });

  it('reports only the first unexplained use in a text', () => {
    const text = 'A financial assessment is next. After the financial assessment we write. Financial assessments are free.';
    expect(hits([fa], text)).toEqual([['fa', 'financial assessment']]);
    expect(matchLexicon(compileLexicon([fa]), tokenize(text), text)[0].start).toBe(2);
  });

  it('reports nothing when the first use is explained', () => {
    expect(hits([fa], 'Your financial assessment (a check of your income and savings) is next. After the financial assessment we write.')).toEqual([]);
  });

  it('reports the first use when the explanation only comes later', () => {
    const text = 'After the financial assessment we write. A financial assessment (a check of your income and savings) is free.';
    expect(hits([fa], text).map(([, actual]) => actual)).toEqual(['financial assessment']);
    expect(matchLexicon(compileLexicon([fa]), tokenize(text), text)[0].start).toBe(10);
  });

  it('counts a bracket straight after the term as an explanation', () => {
    const needs = entry({ id: 'en', terms: ['eligible need'], replace: ['agreed need'], once: true });
    expect(hits([needs], 'Your eligible needs (the needs we agreed with you) are in your plan. We meet your eligible needs.')).toEqual([]);
    expect(hits([needs], 'Your eligible needs are in your plan (page 2).')).toEqual([['en', 'eligible needs']]);
  });

  it('a phrase the term is fine in for another reason (unless) is not an explanation', () => {
    const c = entry({ id: 'c', terms: ['contingency'], unless: ['contingency plan'], once: true });
    expect(hits([c], 'Agree a contingency plan. Your contingency is £500. Your contingency stays.')).toEqual([['c', 'contingency']]);
  });

  it('entries without once still report every use', () => {
    const audit = entry({ id: 'audit', terms: ['audit'], severity: 'error' });
    expect(hits([audit], 'An audit. Another audit.')).toHaveLength(2);
  });

  it('is per document: lintText on Markdown reports the first use only (shipped lexicon)', () => {
    const md = '# Your agreement\n\nYou have eligible needs.\n\n- We meet your eligible needs.\n- Your eligible needs are in your plan.\n';
    expect(shippedHits(md, 'eligible-needs', 'markdown')).toEqual(['eligible needs']);
  });
});

describe('the once and explained fields', () => {
  it('are optional, and once: false / explained: [] are the same as leaving them out', () => {
    const parsed = LexiconEntrySchema.parse({ id: 'x', terms: ['x'], replace: [], severity: 'suggestion', reason: 'r', once: false, explained: [], examples: { flag: ['x'], pass: ['y'] } });
    expect(parsed).not.toHaveProperty('once');
    expect(parsed).not.toHaveProperty('explained');
  });

  it('round-trip through YAML in the documented order', () => {
    const e = entry({ id: 'c', terms: ['contingency'], unless: ['contingency plan'], explained: ['we call this your contingency'], once: true });
    const yaml = lexiconToYaml([e]);
    expect(yaml).toMatch(/unless: \[contingency plan\]\n\s+explained: \[we call this your contingency\]\n\s+once: true\n/);
    expect(parseLexiconYaml(yaml, 'c.yml')).toEqual([e]);
  });

  it('a non-boolean once is an error naming the field', () => {
    expect(() => parseLexiconYaml('- id: x\n  terms: [x]\n  replace: []\n  severity: warning\n  reason: r\n  once: sometimes\n  examples: {flag: [x], pass: [y]}\n', 'o.yml')).toThrow(/o\.yml:6:9: entry "x", once: must be true or false/);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLexicon, type LexiconEntry, loadCheckedLexicon, loadLexiconDir, matchLexicon, testLexicon, tokenize } from '../../src/lexicon/index.js';
import { FIXTURES } from './helpers.js';

const entries = loadLexiconDir(path.join(FIXTURES, 'lexicon-basic'));
const compiled = compileLexicon(entries);

function find(text: string, scope = {}) {
  return matchLexicon(compiled, tokenize(text), text, scope).map((m) => ({ id: m.entry.id, actual: text.slice(m.start, m.end), expected: m.expected, reword: m.reword }));
}

describe('lexicon matching', () => {
  it('finds inflections generated from base forms, including irregular ones', () => {
    expect(find('The money was misspent.')).toEqual([{ id: 'misspent', actual: 'misspent', expected: ['spent on things not in your support plan'], reword: false }]);
    expect(find('She misspends it.')[0].expected).toEqual(['spends on things not in your support plan']);
    expect(find('Misspending it.')[0].expected).toEqual(['Spending on things not in your support plan']);
    expect(find('We audited, audits and auditing.').map((m) => m.actual)).toEqual(['audited', 'audits', 'auditing']);
  });

  it('puts the replacement in the matched form, or says to reword when it cannot follow', () => {
    const [audits, audited] = find('Your audits. We audited it.');
    expect(audits).toMatchObject({ actual: 'audits', expected: ['financial checkups'], reword: false });
    expect(audited).toMatchObject({ actual: 'audited', expected: [], reword: true });
    expect(find('You complied with it.')[0]).toMatchObject({ actual: 'complied with', expected: ['followed'] });
  });

  it('is case-insensitive and keeps a capital at the start', () => {
    expect(find('AUDIT NOW')[0]).toMatchObject({ actual: 'AUDIT', expected: ['Financial checkup'] });
  });

  it('matches across zero-width characters, line breaks, non-breaking spaces, curly apostrophes and hyphens', () => {
    expect(find('It was mis\u200Bspent.')[0].actual).toBe('mis\u200Bspent');
    expect(find('unauthorised\nexpenditure')[0].id).toBe('unauthorised-expenditure');
    expect(find('unauthorised\u00A0expenditure')[0].id).toBe('unauthorised-expenditure');
    expect(find('It was mis-spent.')[0].actual).toBe('mis-spent');
    expect(find('The service user\u2019s plan.')[0]).toMatchObject({ id: 'service-user', actual: 'service user\u2019s', expected: ['person who draws on care and support\u2019s'] });
  });

  it('covers UK and US spellings both ways', () => {
    expect(find('unauthorized expenditure')[0].id).toBe('unauthorised-expenditure');
    expect(find('UNAUTHORISED EXPENDITURES')[0].id).toBe('unauthorised-expenditure');
  });

  it('reports the longer phrase once instead of also its parts of lower severity', () => {
    expect(find('This is unauthorised expenditure.').map((m) => m.id)).toEqual(['unauthorised-expenditure']);
    expect(find('Your expenditure.').map((m) => m.id)).toEqual(['expenditure']);
  });

  it('honours unless phrases', () => {
    expect(find('Keep receipts in case we ask.')).toEqual([]);
    expect(find('Your case is open, in case you wondered.').map((m) => m.actual)).toEqual(['case']);
  });

  it('does not match words that only contain a term', () => {
    expect(find('The auditorium and the showcase.')).toEqual([]);
  });

  it('exact entries match only as written', () => {
    expect(find('£5 per annum.', { profile: 'easy-read' }).map((m) => m.id)).toEqual(['per-annum']);
    const exact: LexiconEntry = { id: 'x', terms: ['audit'], replace: [], severity: 'warning', reason: 'r', exact: true, examples: { flag: ['audit'], pass: ['audits'] } };
    const c = compileLexicon([exact]);
    expect(matchLexicon(c, tokenize('audits audited audit'), 'audits audited audit').map((m) => m.start)).toEqual([15]);
  });

  it('scopes entries by kind and profile', () => {
    expect(find('An audit.', { kind: 'letter' })).toHaveLength(1);
    expect(find('An audit.', { kind: 'agreement' })).toHaveLength(0);
    expect(find('£5 per annum.', { profile: 'standard' })).toHaveLength(0);
  });

  it('runs every entry example as a test', () => {
    expect(testLexicon(entries, compiled)).toEqual([]);
    const broken: LexiconEntry = { ...entries[0], examples: { flag: ['Nothing here.'], pass: ['It was misspent.'] } };
    const failures = testLexicon([broken]);
    expect(failures.map((f) => f.expectation)).toEqual(['flag', 'pass']);
    expect(failures[1].message).toContain('"misspent"');
  });
});

describe('inflection of phrases', () => {
  it('does not conjugate a past or -ing form that describes the next noun', () => {
    const entry: LexiconEntry = { id: 'cc', terms: ['commissioned care', 'monitor your account'], replace: [], severity: 'warning', reason: 'r', examples: { flag: ['x'], pass: ['y'] } };
    const c = compileLexicon([entry]);
    const text = 'Commissioning care is planned. Commissioned cares. We monitored your account.';
    expect(matchLexicon(c, tokenize(text), text).map((m) => text.slice(m.start, m.end))).toEqual(['Commissioned cares', 'monitored your account']);
  });
});

describe('matching cost does not grow with the lexicon', () => {
  it('walks a trie whose node count grows but whose lookups per word stay bounded', () => {
    // Generated entries share no words with the text, so the text's matches are the same
    // and the work per word is one failed map lookup however many entries there are.
    const many: LexiconEntry[] = Array.from({ length: 2000 }, (_, i) => ({ id: `g${i}`, terms: [`zq${i.toString(36)}x`], replace: [], severity: 'suggestion', reason: 'r', exact: true, examples: { flag: ['x'], pass: ['y'] } }));
    const big = compileLexicon([...entries, ...many]);
    const text = 'We will audit the unauthorised expenditure.';
    const small = matchLexicon(compiled, tokenize(text), text).map((m) => m.entry.id);
    expect(matchLexicon(big, tokenize(text), text).map((m) => m.entry.id)).toEqual(small);
    expect(big.nodes).toBeGreaterThan(compiled.nodes + 1999);
  });
});

describe('unless phrases cover every form the term matches inside them', () => {
  const monitor: LexiconEntry = { id: 'monitor', terms: ['monitor'], replace: ['check in on'], severity: 'warning', reason: 'r', unless: ['monitor your account online', 'monitor your account'], examples: { flag: ['x'], pass: ['y'] } };
  const c = compileLexicon([monitor]);
  const actual = (text: string) => matchLexicon(c, tokenize(text), text).map((m) => text.slice(m.start, m.end));

  it('inflects the term inside the phrase (verb forms, plural)', () => {
    expect(actual('You can monitor your account online.')).toEqual([]);
    expect(actual('We monitored your account online.')).toEqual([]);
    expect(actual('She is monitoring your account.')).toEqual([]);
    expect(actual('We monitored your spending.')).toEqual(['monitored']);
  });

  it('also takes the plural of a noun that ends the phrase', () => {
    expect(actual('We monitored your accounts.')).toEqual([]);
    expect(actual('We monitored your accountants.')).toEqual(['monitored']);
  });

  it('a phrase term: the term’s own forms, not other words', () => {
    const fail: LexiconEntry = { id: 'failure-to', terms: ['failure to', 'fail to'], replace: [], severity: 'warning', reason: 'r', unless: ['we fail to'], examples: { flag: ['x'], pass: ['y'] } };
    const f = compileLexicon([fail]);
    const text = 'If we failed to pay you, tell us. If you failed to send it, call us.';
    expect(matchLexicon(f, tokenize(text), text).map((m) => text.slice(m.start, m.end))).toEqual(['failed to']);
    expect(matchLexicon(f, tokenize(text), text)[0].start).toBe(text.indexOf('you failed') + 4);
  });

  it('shipped lexicon: reclaiming VAT is not a threat, reclaiming money is', () => {
    const shipped = loadCheckedLexicon('lexicon').compiled;
    const ids = (text: string) => matchLexicon(shipped, tokenize(text), text).map((m) => `${m.entry.id}:${text.slice(m.start, m.end)}`);
    expect(ids('Your PA reclaimed the VAT on the equipment.')).toEqual([]);
    expect(ids('We are reclaiming tax for you.')).toEqual([]);
    expect(ids('We reclaimed the money.')).toEqual(['reclaim:reclaimed']);
  });
});

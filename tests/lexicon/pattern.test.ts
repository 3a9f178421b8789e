/**
 * Pattern entries (docs/lexicon.md, "Patterns"): the syntax, what it finds, bad input named at
 * file:line:col, YAML/CSV round trips, and the CLI's exit codes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileLexicon,
  type LexiconEntry,
  LexiconEntrySchema,
  type LexiconSupport,
  lexiconFromCsv,
  lexiconToCsv,
  lexiconToYaml,
  loadLexiconDir,
  loadLexiconSupport,
  matchLexicon,
  MAX_SET_WORDS,
  parseLexiconYaml,
  parsePattern,
  testLexicon,
  tokenize,
  withLexiconSupport,
} from '../../src/lexicon/index.js';
import { run } from '../cli/lint-helpers.js';
import { appErrorOf, shown } from './helpers.js';

const SUPPORT: LexiconSupport = {
  sets: new Map([
    ['money', ['money', 'payment', 'funds', 'overpayment', 'direct payment']],
    ['spending', ['spending', 'account']],
  ]),
  derived: new Map([
    ['recover', ['recovery']],
    ['monitor', ['monitoring']],
    ['withdraw', ['withdrawal']],
  ]),
  names: [],
};

function entry(pattern: string, extra: Partial<LexiconEntry> = {}): LexiconEntry {
  return withLexiconSupport(SUPPORT, () =>
    LexiconEntrySchema.parse({ id: 'p', pattern, replace: [], severity: 'error', reason: 'A test pattern.', examples: { flag: ['x'], pass: ['y'] }, ...extra }),
  );
}

/** The matched spans of one pattern in a text. */
function spans(pattern: string, text: string, extra: Partial<LexiconEntry> = {}): string[] {
  const compiled = compileLexicon([entry(pattern, extra)], SUPPORT);
  return matchLexicon(compiled, tokenize(text), text).map((m) => text.slice(m.start, m.end));
}

function problem(pattern: string): string {
  const parsed = parsePattern(pattern, new Set(SUPPORT.sets.keys()));
  if (parsed.ok) throw new Error(`"${pattern}" was accepted`);
  return `${parsed.problem.at}: ${parsed.problem.message}`;
}

describe('pattern syntax', () => {
  it('reads words, sets, optional parts, named sets and gaps', () => {
    const parsed = parsePattern('[recover, claw back] …3 (the, your) {money} treated as', new Set(['money']));
    expect(parsed).toEqual({
      ok: true,
      items: [
        { kind: 'words', choices: [{ phrase: 'recover' }, { phrase: 'claw back' }], optional: false, at: 0 },
        { kind: 'gap', max: 3, at: 21 },
        { kind: 'words', choices: [{ phrase: 'the' }, { phrase: 'your' }], optional: true, at: 24 },
        { kind: 'words', choices: [{ set: 'money' }], optional: false, at: 36 },
        { kind: 'words', choices: [{ phrase: 'treated as' }], optional: false, at: 44 },
      ],
    });
    // Three dots are the same as the ellipsis character; a gap without a number is up to 4 words.
    expect(parsePattern('a ... b', new Set())).toMatchObject({ ok: true, items: [{}, { kind: 'gap', max: 4 }, {}] });
  });

  it('names each kind of bad input, with the character it starts at', () => {
    expect(problem('{mony} …2 back')).toBe('1: there is no word set called {mony}; the word sets are {money}, {spending}');
    expect(problem('[recover, reclaim {money}]')).toMatch(/^18: a word set like/);
    expect(problem('[recover, reclaim')).toBe('0: the [ here is not closed with ]');
    expect(problem('recover ] money')).toBe('8: there is a ] here with no [ before it');
    expect(problem('(recover money')).toBe('0: the ( here is not closed with )');
    expect(problem('recover []')).toBe('9: the [ ] here is empty; put at least one word in it');
    expect(problem('recover [a,,b]')).toMatch(/^11: there is an empty choice here/);
    expect(problem('recover …11 money')).toMatch(/^8: a gap can skip at most 10 words, not 11/);
    expect(problem('recover ...12 money')).toMatch(/^8: a gap can skip at most 10 words/);
    expect(problem('(recover) (money)')).toMatch(/^0: every part of this pattern is optional, so it could match no words at all/);
    expect(problem('… money')).toMatch(/cannot start with a gap/);
    expect(problem('money …')).toMatch(/cannot end with a gap/);
    expect(problem('a … …2 b')).toMatch(/two gaps in a row/);
    expect(problem('a … (b) …2 c')).toMatch(/two gaps in a row \(or with only optional parts between them\)/);
    expect(parsePattern('a … b …2 c', new Set()).ok).toBe(true);
    expect(problem('recover, money')).toMatch(/^7: a comma only goes inside/);
    expect(problem('[a (b)]')).toMatch(/cannot go inside/);
    expect(problem('[a, !!]')).toMatch(/"!!" has no letters or digits/);
    expect(problem('   ')).toMatch(/the pattern is empty/);
    const big = `[${Array.from({ length: MAX_SET_WORDS + 1 }, (_, i) => `w${i}`).join(', ')}]`;
    expect(problem(big)).toMatch(/has 501 choices; a set can have at most 500/);
  });

  it('an entry has terms or a pattern, not both, and not neither', () => {
    const base = { id: 'p', replace: [], severity: 'error', reason: 'r', examples: { flag: ['x'], pass: ['y'] } };
    const both = LexiconEntrySchema.safeParse({ ...base, terms: ['a'], pattern: 'a … b' });
    expect(both.success).toBe(false);
    expect(JSON.stringify(both.error?.issues)).toMatch(/terms or a pattern, not both/);
    const neither = LexiconEntrySchema.safeParse(base);
    expect(neither.error?.issues[0]).toMatchObject({ path: ['terms'], message: 'needs at least one term (or a pattern)' });
    expect(LexiconEntrySchema.safeParse({ ...base, terms: [], pattern: 'a … b' }).success).toBe(true);
  });
});

describe('what a pattern finds', () => {
  it('finds the shape with other words in the gap, in every form, and quotes the whole span', () => {
    const pattern = '[recover, reclaim, claw back] … {money}';
    expect(spans(pattern, 'We will recover the money.')).toEqual(['recover the money']);
    expect(spans(pattern, 'We will reclaim any unspent funds from you.')).toEqual(['reclaim any unspent funds']);
    expect(spans(pattern, 'We clawed back the overpayment.')).toEqual(['clawed back the overpayment']);
    expect(spans(pattern, 'The council is recovering all of the unused payments.')).toEqual(['recovering all of the unused payments']);
    // Derived words (word-sets.yml "derived"): recover -> recovery.
    expect(spans(pattern, 'Recovery of the overpayment will start in May.')).toEqual(['Recovery of the overpayment']);
    // A phrase in a set: "direct payment" (and its plural).
    expect(spans(pattern, 'We will recover your direct payments.')).toEqual(['recover your direct payments']);
  });

  it('leaves the words alone when they are not in the shape', () => {
    const pattern = '[recover, reclaim] … {money}';
    expect(spans(pattern, 'We hope you recover quickly.')).toEqual([]);
    // Not across the end of a sentence.
    expect(spans(pattern, 'We hope you recover. Money is tight for everyone.')).toEqual([]);
    // The gap is up to 4 words by default; …6 allows 6.
    expect(spans(pattern, 'We will recover one two three four five money.')).toEqual([]);
    expect(spans('recover …6 {money}', 'We will recover one two three four five money.')).toEqual(['recover one two three four five money']);
    expect(spans('recover …2 {money}', 'recover a b money')).toEqual(['recover a b money']);
    expect(spans('recover …2 {money}', 'recover a b c money')).toEqual([]);
  });

  it('optional parts may be there or not; the longest span is reported', () => {
    const pattern = '[treat, class] as (being) [unauthorised, improper]';
    expect(spans(pattern, 'It will be treated as unauthorised.')).toEqual(['treated as unauthorised']);
    expect(spans(pattern, 'Cash is classed as being improper.')).toEqual(['classed as being improper']);
    expect(spans(pattern, 'Cash is classed as being a gift.')).toEqual([]);
    // UK and US spellings.
    expect(spans(pattern, 'It will be treated as unauthorized.')).toEqual(['treated as unauthorized']);
    expect(spans('{money} (will be) stopped', 'Your payments will be stopped.')).toEqual(['payments will be stopped']);
    expect(spans('(please) send {money}', 'Please send the money.')).toEqual([]);
    expect(spans('(please) send (the) {money}', 'Please send the money.')).toEqual(['Please send the money']);
  });

  it('unless: a phrase that touches the match excuses it; kinds and profiles scope it', () => {
    const text = 'You may be able to reclaim VAT on the payment.';
    expect(spans('reclaim … {money}', text)).toEqual(['reclaim VAT on the payment']);
    expect(spans('reclaim … {money}', text, { unless: ['reclaim VAT'] })).toEqual([]);
    const letterOnly = compileLexicon([entry('reclaim … {money}', { kinds: ['letter'], profiles: ['standard'] })], SUPPORT);
    const t = 'We will reclaim the money.';
    expect(matchLexicon(letterOnly, tokenize(t), t, { kind: 'letter' })).toHaveLength(1);
    expect(matchLexicon(letterOnly, tokenize(t), t, { kind: 'guide' })).toHaveLength(0);
    expect(matchLexicon(letterOnly, tokenize(t), t, { profile: 'easy-read' })).toHaveLength(0);
  });

  it('runs the examples as the entry’s own tests', () => {
    const good = entry('reclaim … {money}', { examples: { flag: ['We will reclaim the money.'], pass: ['You can reclaim VAT.'] } });
    expect(testLexicon([good], compileLexicon([good], SUPPORT))).toEqual([]);
    const bad = entry('reclaim … {money}', { examples: { flag: ['We will take the money.'], pass: ['We will reclaim the funds.'] } });
    expect(testLexicon([bad], compileLexicon([bad], SUPPORT)).map((f) => f.expectation)).toEqual(['flag', 'pass']);
  });

  it('a listed phrase wins over a pattern of the same level that finds the same words', () => {
    const phrase = { id: 'reclaim', terms: ['reclaim'], replace: ['ask you to return'], severity: 'error', reason: 'r', examples: { flag: ['x'], pass: ['y'] } } as LexiconEntry;
    const compiled = compileLexicon([phrase, entry('reclaim … {money}')], SUPPORT);
    const t = 'We reclaimed the money.';
    expect(matchLexicon(compiled, tokenize(t), t).map((m) => `${m.entry.id}:${t.slice(m.start, m.end)}`)).toEqual(['reclaim:reclaimed']);
    const warning = compileLexicon([{ ...phrase, severity: 'warning' }, entry('reclaim … {money}')], SUPPORT);
    expect(matchLexicon(warning, tokenize(t), t).map((m) => `${m.entry.id}:${t.slice(m.start, m.end)}`)).toEqual(['p:reclaimed the money']);
  });
});

function lexiconDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-patterns-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const WORD_SETS = 'sets:\n  money: [money, payment, funds]\nderived:\n  recover: [recovery]\n';
const yamlEntry = (pattern: string) =>
  `- id: take-back\n  pattern: "${pattern}"\n  replace: []\n  severity: error\n  reason: Sounds like a seizure.\n  examples:\n    flag: ["We will recover the money."]\n    pass: ["We hope you recover."]\n`;

describe('a lexicon folder with patterns', () => {
  it('loads patterns against the folder’s own word sets, and uses them', () => {
    const dir = lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('[recover, reclaim] … {money}') });
    const entries = loadLexiconDir(dir);
    expect(entries.map((e) => e.id)).toEqual(['take-back']);
    expect(testLexicon(entries, compileLexicon(entries))).toEqual([]);
    const t = 'Recovery of funds will start.';
    expect(matchLexicon(compileLexicon(entries), tokenize(t), t).map((m) => t.slice(m.start, m.end))).toEqual(['Recovery of funds']);
  });

  it('names file:line:col of the bad character in a pattern', () => {
    const dir = lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('[recover, reclaim] … {mony}') });
    const error = appErrorOf(() => loadLexiconDir(dir));
    expect(error.code).toBe('LEXICON_INVALID');
    // Line 2, `  pattern: "` is 12 characters, then "[recover, reclaim] … {" is 22: the name starts at column 35.
    expect(shown(error)).toMatch(/a\.yml:2:35: entry "take-back", pattern: there is no word set called \{mony\}; the word sets are \{money\} \(at character 23 of the pattern\)/);
    const gap = appErrorOf(() => loadLexiconDir(lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('recover …12 {money}') })));
    expect(shown(gap)).toMatch(/a\.yml:2:21: .*a gap can skip at most 10 words, not 12/);
  });

  it('a folder without word-sets.yml has no word sets', () => {
    const error = appErrorOf(() => loadLexiconDir(lexiconDir({ 'a.yml': yamlEntry('recover … {money}') })));
    expect(shown(error)).toMatch(/there is no word set called \{money\}; there are no word sets/);
  });

  it('names file:line:col of a bad word set', () => {
    const words = Array.from({ length: MAX_SET_WORDS + 1 }, (_, i) => `word${i}`).join(', ');
    const big = appErrorOf(() => loadLexiconSupport(lexiconDir({ 'word-sets.yml': `sets:\n  money: [money]\n  huge: [${words}]\n` })));
    expect(shown(big)).toMatch(/word-sets\.yml:3:3: word set "huge" has 501 words; a set can have at most 500/);
    const empty = appErrorOf(() => loadLexiconSupport(lexiconDir({ 'word-sets.yml': 'sets:\n  money: []\n' })));
    expect(shown(empty)).toMatch(/word-sets\.yml:2:10: word set "money" is empty/);
    const badName = appErrorOf(() => loadLexiconSupport(lexiconDir({ 'word-sets.yml': 'sets:\n  Money: [money]\n' })));
    expect(shown(badName)).toMatch(/word-sets\.yml:2:3: "Money" is not a word set name/);
    const names = appErrorOf(() => loadLexiconSupport(lexiconDir({ 'names.yml': 'names: Action Fraud\n' })));
    expect(shown(names)).toMatch(/names\.yml:1:8: names must be a list/);
  });

  it('YAML and CSV round-trip a pattern entry exactly', () => {
    const dir = lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('[recover, reclaim] …3 (the) {money}') });
    const entries = loadLexiconDir(dir);
    const yaml = lexiconToYaml(entries);
    expect(yaml).toContain('pattern: "[recover, reclaim] …3 (the) {money}"');
    expect(yaml).not.toContain('terms:');
    const again = withLexiconSupport(loadLexiconSupport(dir), () => parseLexiconYaml(yaml, 'again.yml'));
    expect(again).toEqual(entries);
    const csv = lexiconToCsv(entries);
    expect(csv.split('\n')[0]).toMatch(/,pattern$/);
    expect(withLexiconSupport(loadLexiconSupport(dir), () => lexiconFromCsv(csv, 'a.csv'))).toEqual(entries);
    // A CSV row with a bad pattern names the row and the column.
    const bad = csv.replace('{money}', '{mony}');
    expect(shown(appErrorOf(() => withLexiconSupport(loadLexiconSupport(dir), () => lexiconFromCsv(bad, 'a.csv'))))).toMatch(/a\.csv: row 2, column "pattern": entry "take-back", pattern: there is no word set called \{mony\}/);
  });

  it('plainly lint --lexicon and plainly lexicon test exit 2 on a bad pattern, naming file:line:col', async () => {
    const dir = lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('[recover, reclaim … {money}') });
    const text = path.join(dir, 'letter.txt');
    fs.writeFileSync(text, 'We will recover the money.\n');
    const lint = await run(['lint', '--lexicon', dir, text]);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/a\.yml:2:13: entry "take-back", pattern: the \[ here is not closed with \]/);
    expect(lint.stderr).not.toMatch(/\n\s+at /);
    const test = await run(['lexicon', 'test', '--lexicon', dir]);
    expect(test.code).toBe(2);
    expect(test.stderr).toMatch(/a\.yml:2:13/);
    // A good pattern: its examples pass, and lint finds it.
    const good = lexiconDir({ 'word-sets.yml': WORD_SETS, 'a.yml': yamlEntry('[recover, reclaim] … {money}') });
    expect((await run(['lexicon', 'test', '--lexicon', good])).code).toBe(0);
    const found = await run(['lint', '--lexicon', good, '--format', 'json', text]);
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).files[0].findings.map((f: { ruleId: string; actual: string }) => `${f.ruleId}:${f.actual}`)).toContain('lexicon/take-back:recover the money');
  });
});

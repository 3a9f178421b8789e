import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { AUTOMATON_CODEC, cachedOnDisk, compileLexicon, compileLexiconCached, LexiconEntrySchema, entrySource, loadCheckedLexicon, loadCheckedLexiconCached, tablesOf, testLexicon, tokenize, V8_CODEC, walkPatterns } from '../../src/lexicon/index.js';
import { buildThreatAutomaton } from '../../src/lint/rules/conditional-threat.js';
import { lintText } from '../../src/lint/index.js';
import { appErrorOf, FIXTURES } from './helpers.js';

let temp: string;
let snapshots: string;
beforeEach(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-snapshot-'));
  snapshots = path.join(temp, 'snapshots');
});
afterEach(() => fs.rmSync(temp, { recursive: true, force: true }));

const files = () => (fs.existsSync(snapshots) ? fs.readdirSync(snapshots).sort() : []);
const LETTER = fs.readFileSync(path.join(PROJECT_ROOT, 'bench', 'fixtures', 'cli-letter.txt'), 'utf8');
const GUIDE = fs.readFileSync(path.join(PROJECT_ROOT, 'bench', 'fixtures', 'guide-1000.md'), 'utf8');

describe('lexicon snapshots', () => {
  it('the shipped lexicon read back from its snapshot lints exactly as the one compiled from the files', () => {
    const dir = path.join(PROJECT_ROOT, 'lexicon');
    const fresh = loadCheckedLexicon(dir);
    const first = loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    expect(files()).toHaveLength(1);
    const second = loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    // Read from the file, not kept in memory (not.toBe would deep-compare the two on the way).
    expect(second === first).toBe(false);
    expect(second.compiled.entries === second.entries).toBe(true);
    expect(second.entries.map((entry) => entry.id)).toEqual(fresh.entries.map((entry) => entry.id));
    // Every entry's own examples, through the snapshot's matcher and patterns.
    expect(testLexicon(second.entries, second.compiled)).toEqual([]);
    for (const [text, format] of [[LETTER, 'text'], [GUIDE, 'markdown']] as const) {
      for (const profile of ['standard', 'easy-read'] as const) {
        const options = { format, profile, memo: false } as const;
        expect(lintText(text, { ...options, lexicon: second.compiled })).toEqual(lintText(text, { ...options, lexicon: fresh.compiled }));
      }
    }
    // Where each entry was read from, as when read from the files.
    expect(second.entries.map((entry) => entrySource(entry))).toEqual(fresh.entries.map((entry) => entrySource(entry)));
  });

  it('a changed lexicon file gives a new snapshot with the change, never the old one', () => {
    const dir = path.join(temp, 'lexicon');
    fs.cpSync(path.join(FIXTURES, 'lexicon-basic'), dir, { recursive: true });
    const before = loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    expect(lintText('We will audit your account.', { format: 'text', profile: 'standard', lexicon: before.compiled, memo: false }).findings.map((f) => f.ruleId)).toContain('lexicon/audit');
    const words = path.join(dir, 'words.yml');
    fs.writeFileSync(words, fs.readFileSync(words, 'utf8').replace('terms: [audit]', 'terms: [inspect]').replace('We will audit your account.", "Your audits are due.', 'We will inspect your account.", "He inspects the account.'));
    const after = loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    expect(files()).toHaveLength(2);
    const ruleIds = (text: string) => lintText(text, { format: 'text', profile: 'standard', lexicon: after.compiled, memo: false }).findings.map((f) => f.ruleId);
    expect(ruleIds('We will audit your account.')).not.toContain('lexicon/audit');
    expect(ruleIds('We will inspect your account.')).toContain('lexicon/audit');
  });

  it('a damaged snapshot is made again', () => {
    const dir = path.join(FIXTURES, 'lexicon-basic');
    loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    const [file] = files();
    fs.writeFileSync(path.join(snapshots, file), 'not a snapshot');
    const again = loadCheckedLexiconCached(dir, { snapshotDir: snapshots });
    expect(testLexicon(again.entries, again.compiled)).toEqual([]);
    expect(fs.readFileSync(path.join(snapshots, file)).length).toBeGreaterThan(1000);
  });

  it('a lexicon whose examples fail still fails, and no snapshot is kept of it', () => {
    const error = appErrorOf(() => loadCheckedLexiconCached(path.join(FIXTURES, 'lexicon-failing-examples'), { snapshotDir: snapshots }));
    expect(error.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect(files()).toEqual([]);
    expect(appErrorOf(() => loadCheckedLexiconCached(path.join(temp, 'missing'), { snapshotDir: snapshots })).code).toBe('LEXICON_INVALID');
  });

  it('cachedOnDisk computes once per key, and still answers when the folder cannot be written', () => {
    let calls = 0;
    const compute = () => ({ calls: ++calls, map: new Map([['a', [1, 2]]]) });
    expect(cachedOnDisk('t', 'k1', compute, V8_CODEC as never, snapshots)).toEqual({ calls: 1, map: new Map([['a', [1, 2]]]) });
    expect(cachedOnDisk('t', 'k1', compute, V8_CODEC as never, snapshots)).toEqual({ calls: 1, map: new Map([['a', [1, 2]]]) });
    expect(cachedOnDisk('t', 'k2', compute, V8_CODEC as never, snapshots)).toMatchObject({ calls: 2 });
    const blocked = path.join(temp, 'a-file');
    fs.writeFileSync(blocked, '');
    expect(cachedOnDisk('t', 'k1', compute, V8_CODEC as never, path.join(blocked, 'below'))).toMatchObject({ calls: 3 });
  });
});

describe('compiled lexicon snapshots (the approved entries from the store, in the service\'s threads)', () => {
  const stored = () => loadCheckedLexicon(path.join(PROJECT_ROOT, 'lexicon')).entries.map((entry) => LexiconEntrySchema.parse(JSON.parse(JSON.stringify(entry))));

  it('entries compiled from their snapshot lint exactly as entries compiled afresh, and the snapshot is read, not remade', () => {
    const entries = stored();
    const fresh = compileLexicon(entries);
    compileLexiconCached(entries, undefined, { snapshotDir: snapshots });
    expect(files()).toHaveLength(1);
    const written = fs.statSync(path.join(snapshots, files()[0])).mtimeMs;
    const second = compileLexiconCached(stored(), undefined, { snapshotDir: snapshots });
    expect(files()).toHaveLength(1);
    expect(fs.statSync(path.join(snapshots, files()[0])).mtimeMs).toBe(written);
    expect(testLexicon(second.entries as typeof entries, second)).toEqual([]);
    for (const [text, format] of [[LETTER, 'text'], [GUIDE, 'markdown']] as const) {
      for (const profile of ['standard', 'easy-read'] as const) {
        const options = { format, profile, memo: false } as const;
        expect(lintText(text, { ...options, lexicon: second })).toEqual(lintText(text, { ...options, lexicon: fresh }));
      }
    }
  });

  it('a changed entry gives another snapshot with the change', () => {
    const entries = stored();
    const all = compileLexiconCached(entries, undefined, { snapshotDir: snapshots });
    expect(lintText('We will audit your account.', { format: 'text', profile: 'standard', lexicon: all, memo: false }).findings.map((f) => f.ruleId)).toContain('lexicon/audit');
    const audit = entries.findIndex((entry) => entry.id === 'audit');
    expect(audit).toBeGreaterThanOrEqual(0);
    const changed = entries.filter((_, index) => index !== audit);
    const without = compileLexiconCached(changed, undefined, { snapshotDir: snapshots });
    expect(files()).toHaveLength(2);
    const ruleIds = lintText('We will audit your account.', { format: 'text', profile: 'standard', lexicon: without, memo: false }).findings.map((f) => f.ruleId);
    expect(ruleIds).not.toContain('lexicon/audit');
  });
});

describe('pattern automaton snapshots', () => {
  it('the conditional-threat automaton read back from its encoding finds the same matches, walk after walk', () => {
    const built = buildThreatAutomaton();
    const sentences = [
      'Failure to provide evidence of these payments will result in the suspension of your direct payment.',
      'If you do not send the statements, we may stop your payments.',
      'Unless you reply by Friday, your direct payment could be moved to council-arranged care.',
      'If you would like help, tell us otherwise and we will call you.',
      LETTER,
    ];
    const walk = (automaton: ReturnType<typeof buildThreatAutomaton>) =>
      sentences.map((text) => {
        const hits: number[][] = [];
        walkPatterns(automaton, tokenize(text), text, (hit, first, last) => hits.push([hit, first, last]));
        return hits;
      });
    const expected = walk(built); // also fills the walk's scratch sets, which are not encoded
    expect(expected.flat().length).toBeGreaterThan(3);
    const decoded = AUTOMATON_CODEC.decode(Buffer.from(AUTOMATON_CODEC.encode(built)));
    expect(decoded.scratch).toBeUndefined();
    expect(walk(decoded)).toEqual(expected);
    expect(walk(decoded)).toEqual(expected);
  });

  it('an automaton is written with its walk tables, so a reader does not work them out again', () => {
    const built = buildThreatAutomaton();
    expect(built.tables).toBeUndefined(); // never walked
    const decoded = AUTOMATON_CODEC.decode(Buffer.from(AUTOMATON_CODEC.encode(built)));
    expect(decoded.tables).toBeDefined();
    expect(decoded.tables).toEqual(tablesOf(buildThreatAutomaton()));
    const compiled = compileLexiconCached(loadCheckedLexicon(path.join(FIXTURES, 'lexicon-basic')).entries, undefined, { snapshotDir: snapshots });
    expect(compileLexiconCached(compiled.entries as never, undefined, { snapshotDir: snapshots }).patterns.tables).toBeDefined();
  });
});

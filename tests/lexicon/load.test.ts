import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckedLexicon, loadLexiconDir, parseLexiconYaml } from '../../src/lexicon/index.js';
import { appErrorOf, FIXTURES, shown } from './helpers.js';

const fixture = (name: string) => path.join(FIXTURES, name);

describe('loadLexiconDir', () => {
  it('loads every .yml file in name order', () => {
    const entries = loadLexiconDir(fixture('lexicon-basic'));
    expect(entries.map((e) => e.id)).toEqual(['misspent', 'unauthorised-expenditure', 'expenditure', 'audit', 'case', 'comply', 'service-user', 'per-annum']);
  });

  it('names both places of an id used in two files', () => {
    const error = appErrorOf(() => loadLexiconDir(fixture('lexicon-dup')));
    expect(error.code).toBe('LEXICON_INVALID');
    const text = shown(error);
    expect(text).toMatch(/b\.yml:7:3/);
    expect(text).toMatch(/a\.yml:1:3/);
    expect(text).toContain('"audit"');
  });

  it('rejects an unknown severity with file:line:col', () => {
    const error = appErrorOf(() => loadLexiconDir(fixture('lexicon-bad-severity')));
    expect(error.code).toBe('LEXICON_INVALID');
    expect(shown(error)).toMatch(/a\.yml:4:13: entry "audit", severity: must be one of error, warning, suggestion/);
  });

  it('rejects an empty term with file:line:col', () => {
    const error = appErrorOf(() => loadLexiconDir(fixture('lexicon-empty-term')));
    expect(shown(error)).toMatch(/a\.yml:2:\d+: entry "audit", terms\[1\]: must not be empty/);
    // One problem, one message: not also "must contain at least one letter".
    expect(shown(error)).not.toMatch(/letter or digit/);
  });

  it('rejects a punctuation-only term with file:line:col', () => {
    const error = appErrorOf(() => loadLexiconDir(fixture('lexicon-punct-term')));
    expect(shown(error)).toMatch(/a\.yml:8:\d+: entry "dashes", terms\[0\]: must contain at least one letter or digit/);
  });

  it('reports broken YAML with its position', () => {
    const error = appErrorOf(() => loadLexiconDir(fixture('lexicon-bad-yaml')));
    expect(error.code).toBe('LEXICON_INVALID');
    expect(shown(error)).toMatch(/a\.yml:\d+:\d+: this is not valid YAML/);
  });

  it('refuses a missing folder, a folder without .yml, binary and non-UTF-8 files', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-lex-'));
    expect(appErrorOf(() => loadLexiconDir(path.join(tmp, 'nope'))).message).toMatch(/does not exist/);
    expect(appErrorOf(() => loadLexiconDir(tmp)).message).toMatch(/has no \.yml files/);
    fs.writeFileSync(path.join(tmp, 'a.yml'), Buffer.from([0x2d, 0x20, 0x00, 0x01, 0x02]));
    expect(appErrorOf(() => loadLexiconDir(tmp)).message).toMatch(/a\.yml: this is a binary file/);
    fs.writeFileSync(path.join(tmp, 'a.yml'), Buffer.from([0x2d, 0x20, 0x69, 0x64, 0x3a, 0x20, 0xc3, 0x28]));
    expect(appErrorOf(() => loadLexiconDir(tmp)).message).toMatch(/a\.yml: the file is not valid UTF-8/);
    fs.writeFileSync(path.join(tmp, 'a.yml'), '# nothing here\n');
    expect(shown(appErrorOf(() => loadLexiconDir(tmp)))).toMatch(/a\.yml:1:1: the file has no entries/);
    fs.rmSync(tmp, { recursive: true });
  });
});

describe('loadCheckedLexicon', () => {
  it('returns entries and a compiled trie when every example passes', () => {
    const { entries, compiled } = loadCheckedLexicon(fixture('lexicon-basic'));
    expect(compiled.entries).toBe(entries);
    expect(compiled.nodes).toBeGreaterThan(entries.length);
  });

  it('refuses a lexicon whose own examples fail, naming the file and the entry', () => {
    const error = appErrorOf(() => loadCheckedLexicon(fixture('lexicon-failing-examples')));
    expect(error.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect(error.message).toMatch(/a\.yml:1:3/);
    expect(error.message).toContain('entry "audit"');
  });
});

describe('parseLexiconYaml', () => {
  it('reports unknown fields (typos) and a missing reason at the entry', () => {
    const text = '- id: audit\n  terms: [audit]\n  replace: []\n  severty: error\n  examples: {flag: [a audit], pass: [b]}\n';
    const message = shown(appErrorOf(() => parseLexiconYaml(text, 'x.yml')));
    expect(message).toMatch(/x\.yml:1:3: entry "audit", entry: unknown field "severty"/);
    expect(message).toMatch(/x\.yml:1:3: entry "audit", severity:/);
    expect(message).toMatch(/reason/);
  });

  it('reports a duplicate id inside one file with both lines', () => {
    const entry = (id: string) => `- id: ${id}\n  terms: [a word]\n  replace: []\n  severity: warning\n  reason: r\n  examples: {flag: [a word], pass: [b]}\n`;
    const message = shown(appErrorOf(() => parseLexiconYaml(entry('x') + entry('x'), 'dup.yml')));
    expect(message).toMatch(/dup\.yml:7:3: entry "x": the id is used twice \(first at dup\.yml:1:3\)/);
  });

  it('rejects a file that is not a list', () => {
    expect(shown(appErrorOf(() => parseLexiconYaml('id: audit\n', 'm.yml')))).toMatch(/m\.yml:1:1: a lexicon file must be a list/);
  });

  it('rejects bad ids, kinds and profiles', () => {
    const text = '- id: Bad Id\n  terms: [x]\n  replace: []\n  severity: warning\n  reason: r\n  kinds: [memo]\n  profiles: [large-print]\n  examples: {flag: [x], pass: [y]}\n';
    const message = shown(appErrorOf(() => parseLexiconYaml(text, 'b.yml')));
    expect(message).toMatch(/b\.yml:1:7: entry "Bad Id", id: must be lower-case/);
    expect(message).toMatch(/b\.yml:6:11: .*kinds\[0\]: must be one of letter/);
    expect(message).toMatch(/b\.yml:7:14: .*profiles\[0\]: must be one of standard, easy-read/);
  });
});

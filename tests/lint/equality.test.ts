import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import retextEnglish from 'retext-english';
import retextEquality from 'retext-equality';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/index.js';
import { loadLexiconDir } from '../../src/lexicon/index.js';
import { EQUALITY_PROFILE } from '../../src/lint/index.js';
import { buildEqualityData, equalityDataCached } from '../../src/lint/equality.js';
import { plainTrie } from '../lexicon/helpers.js';
import { found, lint } from './helpers.js';

const equality = (text: string) => lint(text).findings.filter((f) => f.source === 'equality').map((f) => [f.ruleId, f.actual]);

describe('equality: the reviewed UK profile', () => {
  it('does not flag the words disabled people and carers use about themselves', () => {
    expect(equality('Disabled people can ask for Easy Read letters. Your carer can help. Support for people with a learning disability. Mental health support. It is easy and simple.')).toEqual([]);
  });

  it('still flags wording that hurts', () => {
    expect(equality('They are wheelchair bound and learning disabled.')).toEqual([
      ['equality/wheelchair-bound', 'wheelchair bound'],
      ['equality/learning-disabled', 'learning disabled'],
    ]);
  });

  it('allows "he or she" but suggests "they" for a lone pronoun', () => {
    expect(equality('He or she will call.')).toEqual([]);
    const [finding] = lint('Your worker said he will call.').findings.filter((f) => f.source === 'equality');
    expect(finding).toMatchObject({ ruleId: 'equality/he-she', severity: 'suggestion', actual: 'he', expected: ['they', 'it'] });
  });

  it('severities follow the decisions: keep is a warning, lower a suggestion', () => {
    expect(found('The chairman said.', 'equality/chairman-chairwoman')).toHaveLength(1);
    expect(lint('The chairman said.').findings[0].severity).toBe('warning');
    expect(lint('We just need a receipt.').findings.find((f) => f.ruleId === 'equality/just')?.severity).toBe('suggestion');
  });
});

describe('equality: the trie snapshot', () => {
  it('is the trie and pattern details built from the patterns, written once and then read back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-equality-'));
    try {
      const built = buildEqualityData();
      expect(built.trie.next?.size).toBeGreaterThan(100); // not an empty trie compared with another
      expect(built.patterns.filter((info) => info !== null).length).toBeGreaterThan(100);
      const plain = { trie: plainTrie(built.trie), patterns: built.patterns };
      const first = equalityDataCached({ snapshotDir: dir });
      expect({ trie: plainTrie(first.trie), patterns: first.patterns }).toEqual(plain);
      const [file] = fs.readdirSync(dir);
      expect(file).toMatch(/^equality-[0-9a-f]{32}\.snapshot$/);
      const written = fs.statSync(path.join(dir, file)).mtimeMs;
      const again = equalityDataCached({ snapshotDir: dir });
      expect(again === first).toBe(false);
      expect(again.trie.next?.constructor).not.toBe(Map); // read back from the file: branches decoded when looked up
      expect({ trie: plainTrie(again.trie), patterns: again.patterns }).toEqual(plain);
      expect([fs.readdirSync(dir), fs.statSync(path.join(dir, file)).mtimeMs]).toEqual([[file], written]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('equality: our trie finds what retext-equality finds', () => {
  const processor = unified().use(retextEnglish).use(retextEquality).freeze();
  const upstream = (text: string) => {
    const file = new VFile(text);
    processor.runSync(processor.parse(file), file);
    return file.messages.map((m) => m.ruleId as string);
  };
  // Sentences touching each kind of pattern: single words, phrases, hyphenated and apostrophe forms.
  const corpus = [
    'The chairman and the fireman met a policeman.',
    'He is able-bodied and wheelchair bound.',
    'The addict and the junkies were there.',
    'She is suffering from aids.',
    'The mentally ill man was there.',
    'Our staff are a great bunch of guys.',
    'The cripple and the retard.',
    'That is so lame and crazy.',
    "She'll call him about the fireman.",
  ];
  it.each(corpus)('%s', (sentence) => {
    const ours = lint(sentence).findings.filter((f) => f.source === 'equality').map((f) => f.ruleId.replace('equality/', ''));
    const theirs = upstream(sentence).filter((id) => (EQUALITY_PROFILE[id]?.action ?? 'keep') !== 'ignore');
    expect(new Set(ours)).toEqual(new Set(theirs));
  });
});

describe('equality: every rule that fires on the shipped texts has a reviewed decision', () => {
  const config = loadConfig();
  const texts: string[] = [];
  if (fs.existsSync(config.lexiconDir)) {
    for (const entry of loadLexiconDir(config.lexiconDir)) texts.push(...entry.examples.flag, ...entry.examples.pass);
  }
  const walk = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.md') ? [path.join(dir, d.name)] : [])) : []);
  const templates = walk(config.templatesDir);
  it('lexicon examples and templates', () => {
    const fired = new Set<string>();
    const processor = unified().use(retextEnglish).use(retextEquality).freeze();
    for (const text of [...texts, ...templates.map((file) => fs.readFileSync(file, 'utf8'))]) {
      const file = new VFile(text);
      processor.runSync(processor.parse(file), file);
      for (const message of file.messages) fired.add(message.ruleId as string);
    }
    const unreviewed = [...fired].filter((id) => !EQUALITY_PROFILE[id]);
    expect(unreviewed).toEqual([]);
    // The review is not padded: most decisions are about rules that really fire here.
    expect(fired.size).toBeGreaterThan(0);
  });
});

/**
 * Packed tries (src/lexicon/packed-trie.ts): a snapshot keeps each first word's branch on its
 * own and decodes it when a walk first looks it up. Read back, the trie must be the same trie
 * to every reader: the walk, and anything that reads its root's Map another way.
 */
import path from 'node:path';
import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { compileLexicon, insertKeys, loadLexiconDir, newNode, packTrie, type RawHit, tokenize, type TrieNode, unpackTrie, walkTrie } from '../../src/lexicon/index.js';
import { plainTrie } from './helpers.js';

/** What a snapshot does: pack, write, read back, unpack. */
const roundTrip = (root: TrieNode) => unpackTrie(v8.deserialize(v8.serialize(packTrie(root))));

function trieOf(phrases: string[][]): TrieNode {
  const root = newNode();
  phrases.forEach((keys, entry) => insertKeys(root, keys, { entry, unless: false, expected: [], reword: false }));
  return root;
}

function hitsOf(root: TrieNode, text: string): Array<[number, number, number]> {
  const found: RawHit[] = [];
  walkTrie(root, tokenize(text), text, (raw) => found.push(raw));
  return found.map((raw) => [raw.hit.entry, raw.first, raw.last]);
}

describe('packed tries', () => {
  it('find the same phrases as the trie they were packed from, and decode only the branches looked up', () => {
    const root = trieOf([['care', 'money'], ['care'], ['audit'], ['direct', 'payment'], ['direct', '*', 'account']]);
    const packed = roundTrip(root);
    const text = 'Your care money and your direct payment bank account: no audit.';
    expect(hitsOf(packed, text)).toEqual(hitsOf(root, text));
    expect(hitsOf(packed, text).length).toBeGreaterThan(3);
    const fresh = roundTrip(root);
    hitsOf(fresh, 'Only care here.');
    // Map.prototype.size would count only what is decoded: 1 ("care"); the packed Map says 3.
    expect(Map.prototype.get.call(fresh.next, 'audit')).toBeUndefined();
    expect(fresh.next!.size).toBe(3);
  });

  it('read as a Map every other way, they hold every branch', () => {
    const root = trieOf([['care'], ['audit'], ['direct', 'payment']]);
    const packed = roundTrip(root);
    expect(packed.next!.has('audit')).toBe(true);
    expect(packed.next!.has('missing')).toBe(false);
    expect(packed.next!.get('missing')).toBeUndefined();
    expect([...packed.next!.keys()].sort()).toEqual(['audit', 'care', 'direct']);
    expect(plainTrie(packed)).toEqual(plainTrie(root));
    const other = roundTrip(root);
    const seen: string[] = [];
    other.next!.forEach((_child, word) => seen.push(word));
    expect(seen.sort()).toEqual(['audit', 'care', 'direct']);
    const changed = roundTrip(root);
    expect(changed.next!.delete('care')).toBe(true);
    expect(changed.next!.delete('care')).toBe(false);
    changed.next!.set('audit', newNode());
    expect(changed.next!.get('audit')).toEqual(newNode());
    expect(changed.next!.size).toBe(2);
    changed.next!.clear();
    expect(changed.next!.size).toBe(0);
    expect(changed.next!.get('direct')).toBeUndefined();
  });

  it('keep a trie with no branches, and a wildcard at the root, as they were', () => {
    expect(roundTrip(newNode())).toEqual(newNode());
    const wild = trieOf([['*', 'payment']]);
    expect(plainTrie(roundTrip(wild))).toEqual(plainTrie(wild));
    expect(hitsOf(roundTrip(wild), 'direct payment')).toEqual(hitsOf(wild, 'direct payment'));
  });

  it('packing a trie that was itself read back gives the same trie', () => {
    const root = trieOf([['care', 'money'], ['audit']]);
    const once = roundTrip(root);
    once.next!.get('care'); // one branch decoded, one not
    expect(plainTrie(roundTrip(once))).toEqual(plainTrie(root));
  });

  it('the shipped lexicon: the packed trie finds what the built one finds', () => {
    const compiled = compileLexicon(loadLexiconDir(path.join(PROJECT_ROOT, 'lexicon')));
    const packed = roundTrip(compiled.root);
    const text = 'We will audit your account. If you misspent the care money we will suspend your direct payment. Failure to reply may lead to commissioned services.';
    expect(hitsOf(packed, text)).toEqual(hitsOf(compiled.root, text));
    expect(hitsOf(packed, text).length).toBeGreaterThan(2);
  });

  it('any phrases, any text: the same hits (property)', () => {
    const word = fc.constantFrom('care', 'money', 'audit', 'direct', 'payment', 'the', 'your', '*');
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), fc.array(word.filter((w) => w !== '*'), { maxLength: 20 }), (phrases, words) => {
        const root = trieOf(phrases.filter((keys) => keys[keys.length - 1] !== '*'));
        const text = words.join(' ');
        expect(hitsOf(roundTrip(root), text)).toEqual(hitsOf(root, text));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A token trie in a snapshot, decoded a branch at a time.
 *
 * The lexicon's trie has about 6,400 nodes and 3,600 hits under some 1,150 first words.
 * Decoding all of it (V8's deserialiser makes every node, Map and hit) was the largest part of
 * reading the lexicon snapshot: about 15 ms of a `plainly lint` run that must start in a
 * quarter of a second, plus the garbage collections those objects cause. A letter looks up a
 * few hundred words, and most of them start no phrase at all. So the snapshot keeps each
 * first word's branch as its own serialised bytes, and the root's children decode when a walk
 * first asks for them. A long-lived thread ends up with the branches its letters use, which
 * is also less memory than the whole trie.
 *
 * Only the first level is lazy: a branch is small (a few nodes) and decodes whole.
 */
import v8 from 'node:v8';
import type { TrieNode } from './trie.js';

/** A trie as a snapshot keeps it (plain data: V8's serialiser writes it as it is). */
export interface PackedTrie {
  readonly packed: 'plainly trie 1';
  /** False when the root had no children at all (`next` undefined), as an empty lexicon's. */
  readonly branches: boolean;
  /** What the root itself holds (a phrase of no words has none; kept for completeness). */
  readonly hits: TrieNode['hits'];
  /** The root's wildcard branch, whole (a pattern starting with `*`: rare). */
  readonly wild: TrieNode['wild'];
  /** Each first word's branch: its index in `ends`. */
  readonly words: Map<string, number>;
  /** Where each branch's bytes end in `bytes` (each starts where the one before ends). */
  readonly ends: Uint32Array;
  readonly bytes: Uint8Array;
}

/**
 * The root's children, decoded on first `get`. Every other way of reading the Map (size,
 * iteration, has) works too; those that need every child decode them all first, so this is a
 * Map to any reader, only a cheaper one to the trie walk, which only calls `get`.
 */
class LazyChildren extends Map<string, TrieNode> {
  #pending: Map<string, number> | undefined;
  readonly #ends: Uint32Array;
  readonly #bytes: Uint8Array;

  constructor(pending: Map<string, number>, ends: Uint32Array, bytes: Uint8Array) {
    super();
    this.#pending = pending;
    this.#ends = ends;
    this.#bytes = bytes;
  }

  #decode(key: string): TrieNode | undefined {
    const index = this.#pending?.get(key);
    if (index === undefined) return undefined;
    this.#pending!.delete(key);
    const node = v8.deserialize(this.#bytes.subarray(index === 0 ? 0 : this.#ends[index - 1], this.#ends[index])) as TrieNode;
    super.set(key, node);
    return node;
  }

  /** Decodes every branch not yet decoded (for readers that go through all of them). */
  #decodeAll(): void {
    if (!this.#pending) return;
    for (const key of [...this.#pending.keys()]) this.#decode(key);
    this.#pending = undefined;
  }

  override get(key: string): TrieNode | undefined {
    return super.get(key) ?? this.#decode(key);
  }

  override has(key: string): boolean {
    return super.has(key) || (this.#pending?.has(key) ?? false);
  }

  override get size(): number {
    return super.size + (this.#pending?.size ?? 0);
  }

  override set(key: string, value: TrieNode): this {
    this.#pending?.delete(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const pending = this.#pending?.delete(key) ?? false;
    return super.delete(key) || pending;
  }

  override clear(): void {
    this.#pending = undefined;
    super.clear();
  }

  override forEach(callback: (value: TrieNode, key: string, map: Map<string, TrieNode>) => void, thisArg?: unknown): void {
    this.#decodeAll();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[string, TrieNode]> {
    this.#decodeAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.#decodeAll();
    return super.keys();
  }

  override values(): MapIterator<TrieNode> {
    this.#decodeAll();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, TrieNode]> {
    return this.entries();
  }
}

/** A trie's first-level branches, each serialised on its own (for a snapshot). */
export function packTrie(root: TrieNode): PackedTrie {
  const words = new Map<string, number>();
  const chunks: Buffer[] = [];
  const ends: number[] = [];
  let length = 0;
  // Reading a trie that was itself unpacked decodes its branches first (entries()).
  for (const [word, child] of root.next?.entries() ?? []) {
    const bytes = v8.serialize(child);
    words.set(word, chunks.length);
    chunks.push(bytes);
    length += bytes.length;
    ends.push(length);
  }
  return { packed: 'plainly trie 1', branches: root.next !== undefined, hits: root.hits, wild: root.wild, words, ends: Uint32Array.from(ends), bytes: Buffer.concat(chunks, length) };
}

/** The trie `packTrie` packed, its branches decoded as they are first looked up. */
export function unpackTrie(packed: PackedTrie): TrieNode {
  return {
    next: packed.branches ? new LazyChildren(packed.words, packed.ends, packed.bytes) : undefined,
    wild: packed.wild,
    hits: packed.hits,
  };
}

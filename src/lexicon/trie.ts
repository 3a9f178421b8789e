/**
 * A token trie: every surface form of every term (and every `unless` phrase) is a path of
 * folded words. Matching walks the trie once from each word of the text, so its cost depends
 * on the text and on the longest phrase, never on how many entries the lexicon has.
 */
import { type DocumentKind, type Profile, SEVERITY_RANK } from '../core/index.js';
import { type Form, shapeReplacement, termVariants } from './inflect.js';
import type { LexiconEntry } from './schema.js';
import { phraseSpellings } from './spelling.js';
import { phraseKeys, type Token } from './tokens.js';

/** What reaching a trie node means. */
export interface TrieHit {
  /** Index into the compiled entries (or the caller's own pattern list). */
  entry: number;
  /** True for an `unless` phrase: it excuses the entry's terms inside it. */
  unless: boolean;
  /** Replacements already in the matched form (lower-case first letter). */
  expected: string[];
  /** True when the entry has replacements but none can follow the matched form. */
  reword: boolean;
  /** When set, the matched text must be exactly this (case-sensitive patterns such as "ADD"). */
  caseSensitive?: string;
  /** Free slot for callers (equality patterns keep their category here). */
  tag?: string;
}

/** One node of the trie. `*` in a pattern is a wildcard for any one word. */
export interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  wild: TrieNode | undefined;
  hits: TrieHit[] | undefined;
}

/** A lexicon compiled for matching. Compile once, reuse for every lint. */
export interface CompiledLexicon {
  readonly entries: readonly LexiconEntry[];
  readonly root: TrieNode;
  /** Entry index by id. */
  readonly byId: ReadonlyMap<string, number>;
  /** Number of trie nodes (for benchmarks and diagnostics). */
  readonly nodes: number;
}

/** A creator of empty nodes that counts them. */
export function newNode(): TrieNode {
  return { next: undefined, wild: undefined, hits: undefined };
}

/** Inserts one key path; returns the number of nodes created. */
export function insertKeys(root: TrieNode, keys: readonly string[], hit: TrieHit): number {
  let node = root;
  let created = 0;
  for (const key of keys) {
    if (key === '*') {
      if (!node.wild) {
        node.wild = newNode();
        created++;
      }
      node = node.wild;
      continue;
    }
    if (!node.next) node.next = new Map();
    let child = node.next.get(key);
    if (!child) {
      child = newNode();
      node.next.set(key, child);
      created++;
    }
    node = child;
  }
  const hits = (node.hits ??= []);
  // The same surface can come from two terms of one entry; keep one hit per entry and kind.
  if (!hits.some((h) => h.entry === hit.entry && h.unless === hit.unless && h.caseSensitive === hit.caseSensitive)) hits.push(hit);
  return created;
}

function expectedFor(entry: LexiconEntry, forms: readonly Form[]): { expected: string[]; reword: boolean } {
  const expected: string[] = [];
  for (const replacement of entry.replace) {
    const shaped = shapeReplacement(replacement, forms);
    if (shaped !== undefined && !expected.includes(shaped)) expected.push(shaped);
  }
  return { expected, reword: entry.replace.length > 0 && expected.length === 0 };
}

/** Compiles entries into one trie (inflections, UK/US spellings and `unless` phrases included). */
export function compileLexicon(entries: LexiconEntry[]): CompiledLexicon {
  const root = newNode();
  let nodes = 1;
  const byId = new Map<string, number>();
  entries.forEach((entry, index) => {
    byId.set(entry.id, index);
    for (const term of entry.terms) {
      const variants = entry.exact ? [{ text: term, forms: ['written'] as Form[] }] : termVariants(term);
      for (const variant of variants) {
        const { expected, reword } = expectedFor(entry, variant.forms);
        const spellings = entry.exact ? [variant.text] : phraseSpellings(variant.text);
        for (const spelling of spellings) {
          for (const keys of phraseKeys(spelling)) {
            nodes += insertKeys(root, keys, { entry: index, unless: false, expected, reword });
          }
        }
      }
    }
    for (const phrase of entry.unless ?? []) {
      for (const keys of phraseKeys(phrase)) nodes += insertKeys(root, keys, { entry: index, unless: true, expected: [], reword: false });
    }
  });
  return { entries, root, byId, nodes };
}

/** A raw trie hit over tokens `first..last` (inclusive). */
export interface RawHit {
  hit: TrieHit;
  first: number;
  last: number;
  /** The last token matched by its bare form (possessive stripped). */
  possessive: boolean;
}

/**
 * Walks the trie from every token: one pass over the text. A phrase may continue across
 * spaces and line breaks but not across a barrier (code, a placeholder, a URL). A possessive
 * ("user's") also matches its bare word, and hyphenated words match joined ("mis-spent").
 */
export function walkTrie(root: TrieNode, tokens: readonly Token[], text: string, onHit: (raw: RawHit) => void): void {
  const count = tokens.length;
  const step = (node: TrieNode, first: number, index: number): void => {
    if (index >= count) return;
    const token = tokens[index];
    if (index > first && token.barrier) return;
    const next = node.next;
    if (next) {
      follow(next.get(token.norm), first, index, index + 1, false);
      if (token.bare !== undefined) follow(next.get(token.bare), first, index, index + 1, true);
      if (token.joinNext) {
        let joined = token.norm;
        let last = index;
        while (tokens[last].joinNext && last + 1 < count && !tokens[last + 1].barrier) {
          last++;
          joined += tokens[last].norm;
          follow(next.get(joined), first, last, last + 1, false);
        }
      }
    }
    if (node.wild) follow(node.wild, first, index, index + 1, false);
  };
  const follow = (child: TrieNode | undefined, first: number, last: number, nextIndex: number, possessive: boolean): void => {
    if (!child) return;
    if (child.hits) {
      for (const hit of child.hits) {
        if (hit.caseSensitive !== undefined && text.slice(tokens[first].start, tokens[last].end) !== hit.caseSensitive) continue;
        onHit({ hit, first, last, possessive });
      }
    }
    // A possessive ends a phrase: "user's plan" is not "user plan".
    if (!possessive && (child.next || child.wild)) step(child, first, nextIndex);
  };
  for (let i = 0; i < count; i++) step(root, i, i);
}

/** A lexicon entry found in the text. */
export interface LexiconMatch {
  entry: LexiconEntry;
  entryIndex: number;
  /** Token span, inclusive. */
  first: number;
  last: number;
  /** Offsets into the text. */
  start: number;
  end: number;
  /** Replacements in the matched form and case. */
  expected: string[];
  /** True when the replacements do not fit the matched form: the sentence needs rewording. */
  reword: boolean;
  /** True when the last word matched as a possessive ("service user's"). */
  possessive: boolean;
}

/** Which entries apply (kind and profile scope). */
export interface MatchScope {
  kind?: DocumentKind;
  profile?: Profile;
  /** Only this entry (self-tests). */
  only?: number;
}

function inScope(entry: LexiconEntry, index: number, scope: MatchScope): boolean {
  if (scope.only !== undefined) return index === scope.only;
  if (scope.kind && entry.kinds && !entry.kinds.includes(scope.kind)) return false;
  if (scope.profile && entry.profiles && !entry.profiles.includes(scope.profile)) return false;
  return true;
}

/** Capitalises suggestions when the matched words start a sentence or a heading. */
export function matchCase(actual: string, suggestions: readonly string[]): string[] {
  const first = actual.charAt(0);
  if (first === first.toLowerCase()) return [...suggestions];
  return suggestions.map((s) => s.charAt(0).toUpperCase() + s.slice(1));
}

/**
 * Finds lexicon entries in tokenised text. Resolves overlaps: an `unless` phrase excuses the
 * entry's terms inside it; from one start, the longest form wins; a match inside a longer
 * match of another entry is dropped unless it is more severe ("unauthorised expenditure"
 * reports once, not also as "expenditure").
 */
export function matchLexicon(compiled: CompiledLexicon, tokens: readonly Token[], text: string, scope: MatchScope = {}): LexiconMatch[] {
  const terms: RawHit[] = [];
  let unless: RawHit[] | undefined;
  walkTrie(compiled.root, tokens, text, (raw) => {
    if (!inScope(compiled.entries[raw.hit.entry], raw.hit.entry, scope)) return;
    if (raw.hit.unless) (unless ??= []).push(raw);
    else terms.push(raw);
  });
  if (terms.length === 0) return [];
  let kept = unless
    ? terms.filter((t) => !unless!.some((u) => u.hit.entry === t.hit.entry && u.first <= t.first && u.last >= t.last))
    : terms;
  // Longest first, then earliest, so containment can be decided greedily.
  kept = [...kept].sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
  const chosen: RawHit[] = [];
  for (const candidate of kept) {
    const rank = SEVERITY_RANK[compiled.entries[candidate.hit.entry].severity];
    const covered = chosen.some((c) => {
      if (c.first > candidate.first || c.last < candidate.last) {
        // Overlapping but not containing: only the same entry twice is a duplicate.
        return c.hit.entry === candidate.hit.entry && c.first <= candidate.last && candidate.first <= c.last;
      }
      return c.hit.entry === candidate.hit.entry || SEVERITY_RANK[compiled.entries[c.hit.entry].severity] >= rank;
    });
    if (!covered) chosen.push(candidate);
  }
  chosen.sort((a, b) => a.first - b.first || a.hit.entry - b.hit.entry);
  return chosen.map(({ hit, first, last, possessive }) => {
    const start = tokens[first].start;
    const end = tokens[last].end;
    const actual = text.slice(start, end);
    // Mirror the apostrophe the writer used: "service user’s" -> "person’s".
    const suffix = possessive ? actual.slice(actual.length - 2) : '';
    return {
      entry: compiled.entries[hit.entry],
      entryIndex: hit.entry,
      first,
      last,
      start,
      end,
      expected: matchCase(actual, hit.expected).map((e) => e + suffix),
      reword: hit.reword,
      possessive,
    };
  });
}

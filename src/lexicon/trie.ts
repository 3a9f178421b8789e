/**
 * A token trie: every surface form of every term (and every phrase that excuses a term: `unless`,
 * `explained` and the entry's own `replace` wording) is a path of folded words. Matching walks the trie once from each word of the text, so its cost depends
 * on the text and on the longest phrase, never on how many entries the lexicon has.
 */
import { type DocumentKind, type Profile, SEVERITY_RANK } from '../core/index.js';
import { type Form, shapeReplacement, termVariants, trailingPlural } from './inflect.js';
import { COUNCIL_TERMS } from './known-terms.js';
import type { LexiconEntry } from './schema.js';
import { phraseSpellings } from './spelling.js';
import { phraseKeys, type Token } from './tokens.js';
import { addPattern, newPatternAutomaton, type PatternAutomaton, walkPatterns } from './automaton.js';
import { parsePattern } from './pattern.js';
import { activeLexiconSupport, type LexiconSupport, supportOfEntries } from './support.js';

/** What reaching a trie node means. */
export interface TrieHit {
  /** Index into the compiled entries (or the caller's own pattern list). */
  entry: number;
  /** True for a phrase that excuses the entry's terms inside it (`unless`, `explained`, `replace`). */
  unless: boolean;
  /** True when the excusing phrase explains the term (`explained`, `replace`): it counts as its first use for `once`. */
  explains?: boolean;
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
  /**
   * Phrases whose words the readability formulas treat as familiar (known-terms.ts): every
   * entry's `replace` and `explained` wording, the terms of `once` entries (words people need
   * to learn, which the lexicon makes writers explain) and the council's own terms.
   */
  readonly familiar: TrieNode;
  /** Pattern entries, compiled into one word automaton (automaton.ts). */
  readonly patterns: PatternAutomaton;
  /** What a pattern match reports, by entry index (pattern entries only). */
  readonly patternHits: ReadonlyMap<number, TrieHit>;
  /** Names of organisations, teams and schemes (names.yml): words inside one are mentions, not uses. */
  readonly names: TrieNode;
  /** The word sets, derived words and names this lexicon was compiled with. */
  readonly support: LexiconSupport;
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
  if (!hits.some((h) => h.entry === hit.entry && h.unless === hit.unless && h.explains === hit.explains && h.caseSensitive === hit.caseSensitive)) hits.push(hit);
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

/** Where `part` first occurs in `keys` (as a run of whole keys), or -1. */
function indexOfKeys(keys: readonly string[], part: readonly string[]): number {
  if (part.length === 0) return -1;
  outer: for (let at = 0; at + part.length <= keys.length; at++) {
    for (let i = 0; i < part.length; i++) if (keys[at + i] !== part[i]) continue outer;
    return at;
  }
  return -1;
}

/**
 * The key paths of a phrase that excuses a term (an `unless`, `explained` or `replace` phrase),
 * with the term inside it in every form the entry matches: "reclaim VAT" also gives "reclaimed
 * VAT" and "reclaiming VAT", because "reclaimed" is what the term finds; and, when the phrase
 * ends in a singular noun outside the term, its plural too ("monitor your account" gives
 * "monitored your accounts"). Other words stay as written. `containing`: only paths that hold a
 * form of a term (a `replace` phrase without the term can never excuse it, so it is left out).
 */
export function excusingKeys(phrase: string, terms: readonly (readonly (readonly string[])[])[], containing = false): string[][] {
  const out = new Map<string, string[]>();
  // Tagging the phrase costs a compromise parse, so only for phrases that hold the term.
  let plural: [string, string] | undefined | null = null;
  const add = (keys: string[], termEnd: number): void => {
    out.set(keys.join(' '), keys);
    if (termEnd >= keys.length) return;
    if (plural === null) plural = trailingPlural(phrase);
    // The phrase's own last word, when it is not part of the term: its plural as well.
    if (plural && keys[keys.length - 1] === plural[0]) {
      const plurals = [...keys.slice(0, -1), plural[1]];
      out.set(plurals.join(' '), plurals);
    }
  };
  for (const keys of phraseKeys(phrase)) {
    let found = false;
    // `terms`: for each term, the key paths of all its forms. A form found in the phrase is
    // swapped for each form of the same term.
    for (const surfaces of terms) {
      for (const surface of surfaces) {
        const at = indexOfKeys(keys, surface);
        if (at < 0) continue;
        found = true;
        const before = keys.slice(0, at);
        const after = keys.slice(at + surface.length);
        for (const other of surfaces) add([...before, ...other, ...after], at + other.length);
        break;
      }
    }
    if (!found && !containing) add(keys, keys.length);
  }
  return [...out.values()];
}

/** Adds a phrase to the familiar-words trie: as written (every hyphenation) and with its last noun in the plural. */
function addFamiliar(root: TrieNode, phrase: string, seen: Set<string>): void {
  if (seen.has(phrase)) return;
  seen.add(phrase);
  const plural = trailingPlural(phrase);
  const phrases = plural ? [phrase, `${phrase.slice(0, phrase.length - plural[0].length)}${plural[1]}`] : [phrase];
  for (const written of phrases) for (const keys of phraseKeys(written)) insertKeys(root, keys, { entry: -1, unless: false, expected: [], reword: false });
}

/** The key paths of an `unless` or `explained` phrase of a pattern entry: the phrase in every form a term would have. */
function patternExcusingKeys(phrase: string): string[][] {
  const out = new Map<string, string[]>();
  for (const variant of termVariants(phrase)) for (const spelling of phraseSpellings(variant.text)) for (const keys of phraseKeys(spelling)) out.set(keys.join(' '), keys);
  return [...out.values()];
}

/** A name from names.yml as trie keys; a name written in capitals (an acronym, "PAYPOINT") is found only in capitals. */
function addName(root: TrieNode, name: string): void {
  const caseSensitive = /\p{L}/u.test(name) && name === name.toUpperCase() ? name : undefined;
  for (const keys of phraseKeys(name)) insertKeys(root, keys, { entry: -1, unless: false, expected: [], reword: false, caseSensitive });
}

/**
 * Compiles entries into one trie (inflections, UK/US spellings and excusing phrases included),
 * and pattern entries into one automaton. `support`: the word sets, derived words and names to
 * use (default: those of the folder the entries were loaded from, else the configured folder's).
 */
export function compileLexicon(entries: LexiconEntry[], support: LexiconSupport = supportOfEntries(entries) ?? activeLexiconSupport()): CompiledLexicon {
  const root = newNode();
  const patterns = newPatternAutomaton();
  const patternHits = new Map<number, TrieHit>();
  const familiar = newNode();
  const familiarSeen = new Set<string>();
  let nodes = 1;
  const byId = new Map<string, number>();
  entries.forEach((entry, index) => {
    byId.set(entry.id, index);
    if (entry.pattern !== undefined) {
      const parsed = parsePattern(entry.pattern, new Set(support.sets.keys()));
      // The schema checked the pattern against the word sets it was read with; one that does not
      // fit these finds nothing (it is reported where the entry is read, not during a lint).
      if (parsed.ok) addPattern(patterns, parsed.items, index, support, !!entry.exact);
      patternHits.set(index, { entry: index, unless: false, expected: [...entry.replace], reword: false });
      for (const phrase of entry.unless ?? []) for (const keys of patternExcusingKeys(phrase)) nodes += insertKeys(root, keys, { entry: index, unless: true, expected: [], reword: false });
      for (const phrase of entry.explained ?? []) {
        for (const keys of patternExcusingKeys(phrase)) nodes += insertKeys(root, keys, { entry: index, unless: true, explains: true, expected: [], reword: false });
        addFamiliar(familiar, phrase, familiarSeen);
      }
      for (const phrase of entry.replace) addFamiliar(familiar, phrase, familiarSeen);
      return;
    }
    // For each term, every key path it can match (all forms, spellings and hyphenations).
    const surfaces: string[][][] = [];
    for (const term of entry.terms) {
      const forms: string[][] = [];
      surfaces.push(forms);
      const variants = entry.exact ? [{ text: term, forms: ['written'] as Form[] }] : termVariants(term);
      for (const variant of variants) {
        const { expected, reword } = expectedFor(entry, variant.forms);
        const spellings = entry.exact ? [variant.text] : phraseSpellings(variant.text);
        for (const spelling of spellings) {
          for (const keys of phraseKeys(spelling)) {
            forms.push(keys);
            nodes += insertKeys(root, keys, { entry: index, unless: false, expected, reword });
          }
        }
      }
    }
    for (const phrase of entry.unless ?? []) {
      for (const keys of excusingKeys(phrase, surfaces)) nodes += insertKeys(root, keys, { entry: index, unless: true, expected: [], reword: false });
    }
    // The entry's own suggested wording and declared explanations: a term inside them is fine.
    for (const phrase of entry.explained ?? []) {
      for (const keys of excusingKeys(phrase, surfaces)) nodes += insertKeys(root, keys, { entry: index, unless: true, explains: true, expected: [], reword: false });
      addFamiliar(familiar, phrase, familiarSeen);
    }
    for (const phrase of entry.replace) {
      for (const keys of excusingKeys(phrase, surfaces, true)) nodes += insertKeys(root, keys, { entry: index, unless: true, explains: true, expected: [], reword: false });
      addFamiliar(familiar, phrase, familiarSeen);
    }
    // A word people need to learn is explained on first use (the `once` rule), so afterwards it is familiar.
    if (entry.once) for (const forms of surfaces) for (const keys of forms) insertKeys(familiar, keys, { entry: -1, unless: false, expected: [], reword: false });
  });
  for (const term of COUNCIL_TERMS) addFamiliar(familiar, term, familiarSeen);
  const names = newNode();
  for (const name of support.names) addName(names, name);
  return { entries, root, byId, nodes: nodes + patterns.nodes - 1, familiar, patterns, patternHits, names, support };
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

/**
 * Chooses among overlapping matches, longest first (`candidates` sorted so): a candidate inside
 * a chosen match of the same entry or of at least its level (`rankOf`) is dropped, and so is one
 * that overlaps a chosen match of the same entry. Chosen matches are indexed by their first word,
 * so each candidate looks only at the matches that can overlap it.
 */
function chooseMatches(candidates: readonly RawHit[], rankOf: (raw: RawHit) => number): RawHit[] {
  const out: RawHit[] = [];
  const byFirst = new Map<number, RawHit[]>();
  let longest = 0;
  for (const candidate of candidates) {
    const rank = rankOf(candidate);
    let covered = false;
    for (let at = candidate.first - longest; at <= candidate.last && !covered; at++) {
      const list = byFirst.get(at);
      if (!list) continue;
      for (const c of list) {
        if (c.last < candidate.first) continue;
        if (c.first > candidate.first || c.last < candidate.last) {
          // Overlapping but not containing: only the same entry twice is a duplicate.
          covered = c.hit.entry === candidate.hit.entry;
        } else {
          covered = c.hit.entry === candidate.hit.entry || rankOf(c) >= rank;
        }
        if (covered) break;
      }
    }
    if (covered) continue;
    out.push(candidate);
    const list = byFirst.get(candidate.first);
    if (list) list.push(candidate);
    else byFirst.set(candidate.first, [candidate]);
    longest = Math.max(longest, candidate.last - candidate.first);
  }
  return out;
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

/** True when a bracket follows the match straight away: "eligible needs (the needs we agreed)". */
function bracketFollows(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\u00A0' || text[i] === '*' || text[i] === '_')) i++;
  return text[i] === '(';
}

/** Where a `once` entry's term is explained: the offset of the explained term's first word. */
export interface Explanation {
  entry: number;
  offset: number;
}

/** Every use of every entry in a stretch of text, before the `once` rule (see `keepFirstUses`). */
export interface LexiconMatches {
  matches: LexiconMatch[];
  /** Uses of `once` entries' terms inside an `explained` or `replace` phrase. */
  explained: Explanation[];
}

/**
 * Finds lexicon entries in tokenised text, every use of each. Resolves overlaps: an `unless`
 * phrase, an `explained` phrase or one of the entry's own `replace` phrases excuses the entry's
 * terms inside it; from one start, the longest form wins; a match inside a longer match of
 * another entry is dropped unless it is more severe ("unauthorised expenditure" reports once,
 * not also as "expenditure"). Phrases never run across a barrier, so the result for each block
 * of prose depends only on that block; `keepFirstUses` then applies `once` across a document.
 */
export function findLexiconMatches(compiled: CompiledLexicon, tokens: readonly Token[], text: string, scope: MatchScope = {}): LexiconMatches {
  const terms: RawHit[] = [];
  let unless: RawHit[] | undefined;
  walkTrie(compiled.root, tokens, text, (raw) => {
    if (!inScope(compiled.entries[raw.hit.entry], raw.hit.entry, scope)) return;
    if (raw.hit.unless) (unless ??= []).push(raw);
    else terms.push(raw);
  });
  // Pattern hits come in order of their last word. Two matches of one entry that overlap can
  // never both be reported, so only the longer is kept (the earlier when they are as long).
  const lastOf = new Map<number, RawHit>();
  walkPatterns(compiled.patterns, tokens, text, (entry, first, last) => {
    const previous = lastOf.get(entry);
    if (previous && first <= previous.last) {
      if (first === previous.first || last - first > previous.last - previous.first) {
        previous.first = first;
        previous.last = last;
      }
      return;
    }
    if (!inScope(compiled.entries[entry], entry, scope)) return;
    const raw = { hit: compiled.patternHits.get(entry)!, first, last, possessive: false };
    lastOf.set(entry, raw);
    terms.push(raw);
  });
  const explained: Explanation[] = [];
  if (terms.length === 0) return { matches: [], explained };
  let kept: RawHit[] = [];
  for (const t of terms) {
    let excused = false;
    let explains = false;
    for (const u of unless ?? []) {
      if (u.hit.entry !== t.hit.entry) continue;
      // A term is excused inside the phrase; a pattern's match wherever the phrase touches it.
      if (compiled.entries[t.hit.entry].pattern !== undefined ? u.first > t.last || u.last < t.first : u.first > t.first || u.last < t.last) continue;
      excused = true;
      if ((explains = !!u.hit.explains)) break;
    }
    if (!excused) kept.push(t);
    else if (explains && compiled.entries[t.hit.entry].once) explained.push({ entry: t.hit.entry, offset: tokens[t.first].start });
  }
  const rankOf = (raw: RawHit): number => SEVERITY_RANK[compiled.entries[raw.hit.entry].severity];
  const isPattern = (raw: RawHit): boolean => compiled.entries[raw.hit.entry].pattern !== undefined;
  // Longest first, then earliest, so containment can be decided greedily.
  kept = kept.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
  // Listed phrases first. A pattern is the catch-all: where it finds words a listed phrase of
  // the same or a higher level also finds, the phrase (with its own reason) is reported; a
  // pattern of a higher level wins over the phrases inside it.
  const chosenTerms = chooseMatches(kept.filter((raw) => !isPattern(raw)), rankOf);
  let chosen = chosenTerms;
  if (kept.some(isPattern)) {
    const termRank = new Int8Array(tokens.length).fill(-1);
    for (const t of chosenTerms) for (let i = t.first; i <= t.last; i++) termRank[i] = Math.max(termRank[i], rankOf(t));
    const chosenPatterns = chooseMatches(kept.filter(isPattern), rankOf).filter((p) => {
      const rank = rankOf(p);
      for (let i = p.first; i <= p.last; i++) if (termRank[i] >= rank) return false;
      return true;
    });
    const patternRank = new Int8Array(tokens.length).fill(-1);
    for (const p of chosenPatterns) for (let i = p.first; i <= p.last; i++) patternRank[i] = Math.max(patternRank[i], rankOf(p));
    const outranked = (t: RawHit): boolean => {
      for (let i = t.first; i <= t.last; i++) if (patternRank[i] <= rankOf(t)) return false;
      return true;
    };
    chosen = [...chosenTerms.filter((t) => !outranked(t)), ...chosenPatterns];
  }
  chosen.sort((a, b) => a.first - b.first || a.hit.entry - b.hit.entry);
  const matches = chosen.map(({ hit, first, last, possessive }) => {
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
  return { matches, explained };
}

/**
 * Applies `once` across a whole document: explain on first use. The first use of a `once`
 * entry is kept unless it is explained there or earlier (inside an `explained` or `replace`
 * phrase, or followed straight away by a bracket); later uses never are. Other matches are kept.
 * `matches` must be in document order; `text` is what their offsets index into.
 */
export function keepFirstUses<T extends { entryIndex: number; start: number; end: number }>(compiled: CompiledLexicon, matches: readonly T[], explained: readonly Explanation[], text: string): T[] {
  if (!matches.some((m) => compiled.entries[m.entryIndex].once)) return [...matches];
  const explainedAt = new Map<number, number>();
  const note = (entry: number, at: number): void => {
    const earlier = explainedAt.get(entry);
    if (earlier === undefined || at < earlier) explainedAt.set(entry, at);
  };
  for (const e of explained) note(e.entry, e.offset);
  for (const m of matches) if (compiled.entries[m.entryIndex].once && bracketFollows(text, m.end)) note(m.entryIndex, m.start);
  const seen = new Set<number>();
  return matches.filter((m) => {
    if (!compiled.entries[m.entryIndex].once) return true;
    if (seen.has(m.entryIndex)) return false;
    seen.add(m.entryIndex);
    const at = explainedAt.get(m.entryIndex);
    return at === undefined || at > m.start;
  });
}

/**
 * Finds lexicon entries in tokenised text (one document): `findLexiconMatches`, then
 * `keepFirstUses`. An entry with `once` reports only its first use in the text, and not even
 * that when the first use is explained.
 */
export function matchLexicon(compiled: CompiledLexicon, tokens: readonly Token[], text: string, scope: MatchScope = {}): LexiconMatch[] {
  const { matches, explained } = findLexiconMatches(compiled, tokens, text, scope);
  return keepFirstUses(compiled, matches, explained, text);
}

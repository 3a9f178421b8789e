/**
 * Pattern entries compiled into one word automaton, matched in one pass over the words.
 *
 * Each part of a pattern becomes a step between two nodes: a set's choices (every form of every
 * word or phrase, UK/US spellings, hyphenations, derived words) are edges keyed by folded words;
 * an optional part adds a way round it; a gap of up to N words is a chain of N "any word" edges,
 * each with a way out. Patterns that begin with the same parts share their nodes, so the first
 * part of every pattern is one map lookup from the root: a text word that starts no pattern
 * costs one lookup, however many patterns there are.
 *
 * Matching keeps a set of partial matches (node -> earliest start), advanced word by word: no
 * backtracking, no regular expressions. A node is held once, so the work per word is bounded
 * by the nodes that are live, which gaps (at most 10 words) and the end of a sentence bound.
 */
import { pluralOf, termVariants, verbForms } from './inflect.js';
import { type PatternChoice, type PatternItem } from './pattern.js';
import { phraseSpellings } from './spelling.js';
import type { LexiconSupport } from './support.js';
import { phraseKeys, type Token } from './tokens.js';

/** One node of the pattern automaton. */
export interface PatternNode {
  /** Edges that take one word. */
  words: Map<string, PatternNode[]> | undefined;
  /** Edges that take any one word (gaps). */
  any: PatternNode[] | undefined;
  /** Edges that take no word (optional parts, the end of a gap). */
  eps: PatternNode[] | undefined;
  /** Patterns that end here (the caller's indexes). */
  hits: number[] | undefined;
  /** Compile time only: the node a part leads to from here, by the part's canonical text. */
  children: Map<string, PatternNode> | undefined;
  /** This node and every node its `eps` edges reach (computed when first needed). */
  closure: PatternNode[] | undefined;
}

/** Patterns compiled for matching. */
export interface PatternAutomaton {
  readonly root: PatternNode;
  /** Number of nodes (for benchmarks and diagnostics). */
  nodes: number;
  /** Number of patterns added. */
  count: number;
}

function newPatternNode(): PatternNode {
  return { words: undefined, any: undefined, eps: undefined, hits: undefined, children: undefined, closure: undefined };
}

export function newPatternAutomaton(): PatternAutomaton {
  return { root: newPatternNode(), nodes: 1, count: 0 };
}

function addEdge(map: Map<string, PatternNode[]>, word: string, target: PatternNode): void {
  const targets = map.get(word);
  if (!targets) map.set(word, [target]);
  else if (!targets.includes(target)) targets.push(target);
}

// Key paths of a word or phrase, per support (its derived words) and exactness. Word sets of up
// to 500 words are inflected once, not once per pattern that uses them.
const pathCache = new WeakMap<LexiconSupport, Map<string, string[][]>>();

/**
 * Every key path a word or phrase can match: as written, its inflections (as a term's), UK/US
 * spellings, hyphenations, and for a single word the derived words the support's table lists
 * (recover -> recovery, recoveries). `exact`: only as written.
 */
export function choicePaths(phrase: string, support: LexiconSupport, exact: boolean): string[][] {
  let cache = pathCache.get(support);
  if (!cache) pathCache.set(support, (cache = new Map()));
  const key = `${exact ? '=' : '~'}${phrase}`;
  const known = cache.get(key);
  if (known) return known;
  const texts = new Set<string>();
  if (exact) {
    texts.add(phrase);
  } else {
    for (const variant of termVariants(phrase)) texts.add(variant.text);
    const words = phrase.toLowerCase().split(' ');
    if (words.length > 1) {
      // In a pattern a phrase's part of speech is not known ("claw back" reads as a noun to the
      // tagger): its first word conjugated and its last word pluralised as well. A form that
      // is not a word is harmless: no text contains it.
      const verb = verbForms(words[0]);
      if (verb) for (const form of [verb.third, verb.past, verb.participle, verb.gerund]) texts.add([form, ...words.slice(1)].join(' '));
      const plural = pluralOf(words[words.length - 1]);
      if (plural) texts.add([...words.slice(0, -1), plural].join(' '));
    }
    if (words.length === 1) {
      for (const derived of support.derived.get(words[0]) ?? []) {
        texts.add(derived);
        const plural = derived.includes(' ') ? undefined : pluralOf(derived);
        if (plural) texts.add(plural);
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const text of texts) {
    for (const spelling of exact ? [text] : phraseSpellings(text)) {
      for (const keys of phraseKeys(spelling)) out.set(keys.join(' '), keys);
    }
  }
  const paths = [...out.values()];
  cache.set(key, paths);
  return paths;
}

function pathsOfChoice(choice: PatternChoice, support: LexiconSupport, exact: boolean): string[][] {
  if ('phrase' in choice) return choicePaths(choice.phrase, support, exact);
  const words = support.sets.get(choice.set);
  // The entry schema refuses unknown sets; a set missing here finds nothing rather than failing a lint.
  if (!words) return [];
  return words.flatMap((word) => choicePaths(word, support, exact));
}

function itemKey(item: PatternItem, exact: boolean): string {
  if (item.kind === 'gap') return `…${item.max}`;
  const choices = item.choices.map((c) => ('phrase' in c ? `p:${c.phrase.toLowerCase()}` : `s:${c.set}`)).sort();
  return `${item.optional ? '(' : '['}${exact ? '=' : ''}${choices.join('|')}`;
}

/** Adds the step for one part from `from`; returns the node after it. */
function addItem(automaton: PatternAutomaton, from: PatternNode, item: PatternItem, support: LexiconSupport, exact: boolean): PatternNode {
  const key = itemKey(item, exact);
  const known = from.children?.get(key);
  if (known) return known;
  const end = newPatternNode();
  automaton.nodes++;
  (from.children ??= new Map()).set(key, end);
  if (item.kind === 'gap') {
    // Up to `max` words: a chain of any-word edges, each node with a way out to `end`.
    (from.eps ??= []).push(end);
    let previous = from;
    for (let k = 0; k < item.max; k++) {
      const skip = newPatternNode();
      automaton.nodes++;
      (previous.any ??= []).push(skip);
      skip.eps = [end];
      previous = skip;
    }
    return end;
  }
  // The choices' paths, sharing their first words within this part.
  const middle = new Map<string, PatternNode>();
  const seen = new Set<string>();
  for (const choice of item.choices) {
    for (const keys of pathsOfChoice(choice, support, exact)) {
      const joined = keys.join(' ');
      if (seen.has(joined)) continue;
      seen.add(joined);
      let node = from;
      let prefix = '';
      for (let k = 0; k < keys.length; k++) {
        const words = (node.words ??= new Map());
        if (k === keys.length - 1) {
          addEdge(words, keys[k], end);
          break;
        }
        prefix += `${keys[k]} `;
        let next = middle.get(prefix);
        if (!next) {
          next = newPatternNode();
          automaton.nodes++;
          middle.set(prefix, next);
          addEdge(words, keys[k], next);
        }
        node = next;
      }
    }
  }
  if (item.optional) (from.eps ??= []).push(end);
  return end;
}

/** Adds one parsed pattern; a match reports `hit`. */
export function addPattern(automaton: PatternAutomaton, items: readonly PatternItem[], hit: number, support: LexiconSupport, exact = false): void {
  let node = automaton.root;
  for (const item of items) node = addItem(automaton, node, item, support, exact);
  const hits = (node.hits ??= []);
  if (!hits.includes(hit)) hits.push(hit);
  automaton.count++;
}

function closureOf(node: PatternNode): PatternNode[] {
  if (node.closure) return node.closure;
  const out: PatternNode[] = [];
  const stack = [node];
  const seen = new Set<PatternNode>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    out.push(n);
    if (n.eps) for (const e of n.eps) stack.push(e);
  }
  node.closure = out;
  return out;
}

/** True when the text between two words ends a sentence or a clause (. ! ? ;). */
function breakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? ;
    if (c === 46 || c === 33 || c === 63 || c === 59) return true;
  }
  return false;
}

/**
 * Finds every pattern in tokenised text, in one pass: `onHit(hit, first, last)` for each way a
 * pattern ends at a word, with the earliest start. A match never runs across a barrier (code, a
 * placeholder, another block) or the end of a sentence.
 */
export function walkPatterns(automaton: PatternAutomaton, tokens: readonly Token[], text: string, onHit: (hit: number, first: number, last: number) => void): void {
  if (automaton.count === 0) return;
  const starts = closureOf(automaton.root);
  let active: Map<PatternNode, number> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (active && (token.barrier || breakBetween(text, tokens[i - 1].end, token.start))) active = undefined;
    let next: Map<PatternNode, number> | undefined;
    const reach = (targets: PatternNode[] | undefined, start: number): void => {
      if (!targets) return;
      next ??= new Map();
      for (const target of targets) {
        const known = next.get(target);
        if (known === undefined || start < known) next.set(target, start);
      }
    };
    const advance = (node: PatternNode, start: number): void => {
      const words = node.words;
      if (words) {
        reach(words.get(token.norm), start);
        if (token.bare !== undefined) reach(words.get(token.bare), start);
      }
      if (node.any) reach(node.any, start);
    };
    if (active) for (const [node, start] of active) advance(node, start);
    for (const node of starts) advance(node, i);
    if (!next) {
      active = undefined;
      continue;
    }
    const expanded = new Map<PatternNode, number>();
    for (const [node, start] of next as Map<PatternNode, number>) {
      for (const reached of closureOf(node)) {
        const known = expanded.get(reached);
        if (known === undefined || start < known) expanded.set(reached, start);
      }
    }
    for (const [node, start] of expanded) if (node.hits) for (const hit of node.hits) onHit(hit, start, i);
    active = expanded;
  }
}

/**
 * Pattern entries compiled into one word automaton, matched in one pass over the words.
 *
 * Each part of a pattern becomes a step between two nodes: a set's choices (every form of every
 * word or phrase, UK/US spellings, hyphenations, derived words) are edges keyed by folded words;
 * an optional part adds a way round it; a gap of up to N words is one node that counts the words
 * it skips, with a way out. Patterns that begin with the same parts share their nodes, so the first
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
  /** Edges that take one word, by the word's number in the automaton's `vocabulary`. */
  words: Map<number, PatternNode[]> | undefined;
  /**
   * A gap node (0: not a gap): skips up to this many words, each a step that stays here; its `eps` edge leads
   * on. One node per gap (not one per word), so a gap of 10 is one live state, not 10.
   */
  gapMax: number;
  /** Edges that take no word (optional parts, the end of a gap). */
  eps: PatternNode[] | undefined;
  /** Patterns that end here (the caller's indexes). */
  hits: number[] | undefined;
  /** Compile time only: the node a part leads to from here, by the part's canonical text. */
  children: Map<string, PatternNode> | undefined;
  /** This node and every node its `eps` edges reach (computed when first needed). */
  closure: PatternNode[] | undefined;
  /** Index in the automaton's `byId`. */
  id: number;
}

/** Patterns compiled for matching. */
export interface PatternAutomaton {
  readonly root: PatternNode;
  /** Number of nodes (for benchmarks and diagnostics). */
  nodes: number;
  /** Number of patterns added. */
  count: number;
  /** Every node, by id. */
  readonly byId: PatternNode[];
  /**
   * Every word any pattern uses, numbered. A text word is looked up here once; edges are keyed
   * by the number (a small-integer key is cheaper than a string key, which matters when many
   * partial matches are live).
   */
  readonly vocabulary: Map<string, number>;
  /** The walk's state sets, kept between walks (a walk is synchronous, so one at a time). */
  scratch: [StateSet, StateSet, StateSet, StateSet, WaitSet] | undefined;
  /** What the walk reads about each node, by id, in flat arrays (built when first needed). */
  tables: WalkTables | undefined;
}

/**
 * What the walk reads, in a few flat typed arrays (no per-node objects, so a walk touches little
 * memory however many patterns there are). Per node, by id: its gap size, and (as offsets into
 * one shared array each) the nodes its `eps` edges reach that take a word, the gap nodes among
 * them, and those that end a pattern. Nodes that only lead on (the ends of optional parts) are
 * never live themselves, which keeps the live set small. Every word edge of every node is in one
 * open-addressing hash keyed by (node, word number).
 */
export interface WalkTables {
  gapMax: Int32Array;
  /** `liveOf[liveAt[id] .. liveAt[id + 1])`: nodes of `id`'s closure that take a word (gap nodes are not among them). */
  liveAt: Int32Array;
  liveOf: Int32Array;
  /** Gap nodes of each node's closure. */
  gapsAt: Int32Array;
  gapsOf: Int32Array;
  /** Nodes of each node's closure that end a pattern. */
  endsAt: Int32Array;
  endsOf: Int32Array;
  /** Word edges: slot -> node (-1: empty), word, and the range of its targets in `edgeTargets`. */
  edgeMask: number;
  edgeNode: Int32Array;
  edgeWord: Int32Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeTargets: Int32Array;
  /** By word number: the nodes the word leads to from the root's closure (`startsOf[startsAt[w] .. startsAt[w + 1])`). */
  startsAt: Int32Array;
  startsOf: Int32Array;
  /**
   * By word number: the nodes that wait after a gap and take that word: a partial match in a gap
   * costs nothing until one of the words it waits for comes (or the gap runs out).
   */
  waitersAt: Int32Array;
  waitersOf: Int32Array;
}

function newPatternNode(automaton: PatternAutomaton): PatternNode {
  const node: PatternNode = { words: undefined, gapMax: 0, eps: undefined, hits: undefined, children: undefined, closure: undefined, id: automaton.byId.length };
  automaton.byId.push(node);
  automaton.nodes = automaton.byId.length;
  automaton.scratch = undefined;
  automaton.tables = undefined;
  return node;
}

export function newPatternAutomaton(): PatternAutomaton {
  const automaton: PatternAutomaton = { root: undefined as unknown as PatternNode, nodes: 0, count: 0, byId: [], vocabulary: new Map(), scratch: undefined, tables: undefined };
  (automaton as { root: PatternNode }).root = newPatternNode(automaton);
  return automaton;
}

function wordNumber(automaton: PatternAutomaton, word: string): number {
  let n = automaton.vocabulary.get(word);
  if (n === undefined) automaton.vocabulary.set(word, (n = automaton.vocabulary.size));
  return n;
}

function addEdge(map: Map<number, PatternNode[]>, word: number, target: PatternNode): void {
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
  const end = newPatternNode(automaton);
  (from.children ??= new Map()).set(key, end);
  if (item.kind === 'gap') {
    // Up to `max` words: a gap node (entered with 0 words skipped) with a way out to `end`.
    const gap = newPatternNode(automaton);
    gap.gapMax = item.max;
    gap.eps = [end];
    (from.eps ??= []).push(gap);
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
          addEdge(words, wordNumber(automaton, keys[k]), end);
          break;
        }
        prefix += `${keys[k]} `;
        let next = middle.get(prefix);
        if (!next) {
          next = newPatternNode(automaton);
          middle.set(prefix, next);
          addEdge(words, wordNumber(automaton, keys[k]), next);
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

// A live state is a node and a number: the words skipped in a gap (high bits) and the index of
// the word the match started at (low bits). Smaller is better: more of the gap left, then an
// earlier start (the longer match).
const SKIP = 2 ** 24;
const START_MASK = SKIP - 1;

/** A set of live states: node ids with their values, and a stamp per node so it is emptied in O(1). */
class StateSet {
  readonly ids: Int32Array;
  size = 0;
  readonly values: Int32Array;
  private readonly stamps: Int32Array;
  private stamp = 1;
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
  }
  clear(): void {
    this.size = 0;
    this.stamp++;
  }
  /** Keeps the smaller value for a node. */
  offer(id: number, value: number): void {
    if (this.stamps[id] !== this.stamp) {
      this.stamps[id] = this.stamp;
      this.values[id] = value;
      this.ids[this.size++] = id;
    } else if (value < this.values[id]) {
      this.values[id] = value;
    }
  }
}

/** Flattens `lists` (by index) into offsets and one array. */
function flatten(lists: ArrayLike<number>[]): { at: Int32Array; of: Int32Array } {
  const at = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) at[i + 1] = at[i] + lists[i].length;
  const of = new Int32Array(at[lists.length]);
  for (let i = 0; i < lists.length; i++) of.set(lists[i], at[i]);
  return { at, of };
}

function edgeSlot(node: number, word: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 1, 0x85ebca77)) & mask;
}

/**
 * The automaton's walk tables, worked out on its first walk and kept on it. A snapshot writes
 * them with the automaton (snapshot.ts calls this before writing), so a process that reads
 * one does not work them out again: about 5 ms of a short `plainly lint` for the
 * conditional-threat rule's automaton.
 */
export function tablesOf(automaton: PatternAutomaton): WalkTables {
  if (automaton.tables) return automaton.tables;
  const { byId } = automaton;
  const gapMax = new Int32Array(byId.length);
  const live: number[][] = new Array(byId.length);
  const gaps: number[][] = new Array(byId.length);
  const ends: number[][] = new Array(byId.length);
  const waiting = new Map<number, Set<number>>();
  let edges = 0;
  for (const node of byId) {
    gapMax[node.id] = node.gapMax;
    if (node.words) edges += node.words.size;
    const closure = closureOf(node);
    live[node.id] = closure.filter((n) => n.words !== undefined).map((n) => n.id);
    gaps[node.id] = closure.filter((n) => n.gapMax > 0).map((n) => n.id);
    ends[node.id] = closure.filter((n) => n.hits).map((n) => n.id);
    if (node.gapMax > 0) {
      for (const after of closure) {
        if (!after.words) continue;
        for (const word of after.words.keys()) {
          let set = waiting.get(word);
          if (!set) waiting.set(word, (set = new Set()));
          set.add(after.id);
        }
      }
    }
  }
  // The edge hash, at most half full.
  let size = 16;
  while (size < edges * 2) size *= 2;
  const edgeMask = size - 1;
  const edgeNode = new Int32Array(size).fill(-1);
  const edgeWord = new Int32Array(size);
  const edgeFrom = new Int32Array(size);
  const edgeTo = new Int32Array(size);
  const targets: number[] = [];
  for (const node of byId) {
    if (!node.words) continue;
    for (const [word, to] of node.words) {
      let slot = edgeSlot(node.id, word, edgeMask);
      while (edgeNode[slot] !== -1) slot = (slot + 1) & edgeMask;
      edgeNode[slot] = node.id;
      edgeWord[slot] = word;
      edgeFrom[slot] = targets.length;
      for (const target of to) targets.push(target.id);
      edgeTo[slot] = targets.length;
    }
  }
  const words = automaton.vocabulary.size;
  // The merged first-word edges of every pattern (optional first parts included): one range a word.
  const starts = new Map<number, PatternNode[]>();
  for (const node of closureOf(automaton.root)) {
    if (!node.words) continue;
    for (const [word, to] of node.words) for (const target of to) addEdge(starts, word, target);
  }
  const startLists: number[][] = Array.from({ length: words }, (_, w) => (starts.get(w) ?? []).map((n) => n.id));
  const waiterLists: number[][] = Array.from({ length: words }, (_, w) => [...(waiting.get(w) ?? [])]);
  const l = flatten(live);
  const g = flatten(gaps);
  const e = flatten(ends);
  const st = flatten(startLists);
  const wt = flatten(waiterLists);
  return (automaton.tables = {
    gapMax,
    liveAt: l.at,
    liveOf: l.of,
    gapsAt: g.at,
    gapsOf: g.of,
    endsAt: e.at,
    endsOf: e.of,
    edgeMask,
    edgeNode,
    edgeWord,
    edgeFrom,
    edgeTo,
    edgeTargets: Int32Array.from(targets),
    startsAt: st.at,
    startsOf: st.of,
    waitersAt: wt.at,
    waitersOf: wt.of,
  });
}

/** Offers to `next` the nodes the edge of `node` on `word` leads to (if it has one), with `start`. */
function step(t: WalkTables, next: StateSet, node: number, word: number, start: number): void {
  const { edgeNode, edgeMask } = t;
  let slot = edgeSlot(node, word, edgeMask);
  for (;;) {
    const at = edgeNode[slot];
    if (at === -1) return;
    if (at === node && t.edgeWord[slot] === word) break;
    slot = (slot + 1) & edgeMask;
  }
  const to = t.edgeTo[slot];
  const targets = t.edgeTargets;
  for (let k = t.edgeFrom[slot]; k < to; k++) next.offer(targets[k], start);
}

/**
 * Finds every pattern in tokenised text, in one pass: `onHit(hit, first, last)` for each way a
 * pattern ends at a word. A match never runs across a barrier (code, a placeholder, another
 * block) or the end of a sentence. Texts are at most a few hundred thousand words (2 MB), well
 * under the 16 million a start index can hold.
 *
 * A partial match that reaches a gap of up to N words waits: the nodes after the gap are noted
 * with the last word they may take, and are looked at only when a word they take comes (through
 * `waiters`, or through the list of waiting nodes when that is shorter).
 */
export function walkPatterns(automaton: PatternAutomaton, tokens: readonly Token[], text: string, onHit: (hit: number, first: number, last: number) => void): void {
  if (automaton.count === 0) return;
  const { byId, vocabulary } = automaton;
  const t = tablesOf(automaton);
  const { gapMax, liveAt, liveOf, gapsAt, gapsOf, endsAt, endsOf, startsAt, startsOf, waitersAt, waitersOf } = t;
  // Allocating sets of arrays as long as the automaton on every walk would cost more than a
  // short letter's walk; they are emptied by a stamp, not by clearing.
  const scratch = (automaton.scratch ??= [new StateSet(byId.length), new StateSet(byId.length), new StateSet(byId.length), new StateSet(byId.length), new WaitSet(byId.length)]);
  let [active, expanded] = scratch;
  const next = scratch[2];
  const ended = scratch[3];
  const wait = scratch[4];
  active.clear();
  wait.clear();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if ((active.size > 0 || wait.size > 0) && (token.barrier || breakBetween(text, tokens[i - 1].end, token.start))) {
      active.clear();
      wait.clear();
    }
    next.clear();
    const norm = vocabulary.get(token.norm) ?? -1;
    const bare = token.bare === undefined ? -1 : (vocabulary.get(token.bare) ?? -1);
    if (norm >= 0 || bare >= 0) {
      for (let a = 0; a < active.size; a++) {
        const id = active.ids[a];
        const start = active.values[id];
        if (norm >= 0) step(t, next, id, norm, start);
        if (bare >= 0) step(t, next, id, bare, start);
      }
      if (wait.size > 0) {
        const normFrom = norm >= 0 ? waitersAt[norm] : 0;
        const normTo = norm >= 0 ? waitersAt[norm + 1] : 0;
        const bareFrom = bare >= 0 ? waitersAt[bare] : 0;
        const bareTo = bare >= 0 ? waitersAt[bare + 1] : 0;
        if (normTo - normFrom + (bareTo - bareFrom) < wait.size) {
          for (let k = normFrom; k < normTo; k++) {
            const id = waitersOf[k];
            if (!wait.waitsAt(id, i)) continue;
            const start = wait.start[id];
            if (norm >= 0) step(t, next, id, norm, start);
            if (bare >= 0) step(t, next, id, bare, start);
          }
          for (let k = bareFrom; k < bareTo; k++) {
            const id = waitersOf[k];
            if (!wait.waitsAt(id, i)) continue;
            const start = wait.start[id];
            if (norm >= 0) step(t, next, id, norm, start);
            if (bare >= 0) step(t, next, id, bare, start);
          }
        } else {
          // Every waiting node; those whose gap has run out are forgotten.
          let kept = 0;
          for (let a = 0; a < wait.size; a++) {
            const id = wait.ids[a];
            if (wait.until[id] < i) {
              wait.forget(id);
              continue;
            }
            wait.ids[kept++] = id;
            const start = wait.start[id];
            if (norm >= 0) step(t, next, id, norm, start);
            if (bare >= 0) step(t, next, id, bare, start);
          }
          wait.size = kept;
        }
      }
      if (norm >= 0) for (let k = startsAt[norm], end = startsAt[norm + 1]; k < end; k++) next.offer(startsOf[k], i);
      if (bare >= 0) for (let k = startsAt[bare], end = startsAt[bare + 1]; k < end; k++) next.offer(startsOf[k], i);
    }
    expanded.clear();
    if (next.size > 0) {
      ended.clear();
      for (let a = 0; a < next.size; a++) {
        const id = next.ids[a];
        const start = next.values[id];
        for (let k = liveAt[id], end = liveAt[id + 1]; k < end; k++) expanded.offer(liveOf[k], start);
        for (let k = gapsAt[id], end = gapsAt[id + 1]; k < end; k++) {
          // After this word, the nodes after the gap may take any of the next gap + 1 words.
          const gap = gapsOf[k];
          const until = i + 1 + gapMax[gap];
          for (let m = liveAt[gap], last = liveAt[gap + 1]; m < last; m++) wait.note(liveOf[m], until, start);
        }
        for (let k = endsAt[id], end = endsAt[id + 1]; k < end; k++) ended.offer(endsOf[k], start);
      }
      for (let a = 0; a < ended.size; a++) {
        const id = ended.ids[a];
        for (const hit of byId[id].hits!) onHit(hit, ended.values[id], i);
      }
    }
    const swap = active;
    active = expanded;
    expanded = swap;
  }
}

/** Nodes waiting after a gap: the last word index each may take, and the start of its match. */
class WaitSet {
  readonly ids: Int32Array;
  size = 0;
  readonly until: Int32Array;
  readonly start: Int32Array;
  private readonly stamps: Int32Array;
  private stamp = 1;
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.until = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
  }
  clear(): void {
    this.size = 0;
    this.stamp++;
  }
  /** Keeps the later deadline (then the earlier start): that one can still complete. */
  note(id: number, until: number, start: number): void {
    if (this.stamps[id] !== this.stamp) {
      this.stamps[id] = this.stamp;
      this.until[id] = until;
      this.start[id] = start;
      this.ids[this.size++] = id;
    } else if (until > this.until[id] || (until === this.until[id] && start < this.start[id])) {
      this.until[id] = until;
      this.start[id] = start;
    }
  }
  waitsAt(id: number, index: number): boolean {
    return this.stamps[id] === this.stamp && this.until[id] >= index;
  }
  /** Drops a node (its gap has run out); the caller compacts `ids`. */
  forget(id: number): void {
    this.stamps[id] = 0;
  }
}

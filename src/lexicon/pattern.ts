/**
 * Pattern entries: a lexicon entry may describe a *shape* of words instead of listing phrases.
 * The syntax is made to be read by the co-production group (docs/lexicon.md):
 *
 *     recover … {money}                       "recover", up to 4 words, then a money word
 *     [recover, reclaim, claw back] …3 {money} one of three, up to 3 words, a money word
 *     treated as unauthorised                 plain words are a phrase, found in every form
 *     (the) {money} will be [stopped, ended]  ( ) is optional
 *
 * - plain words in a row are one phrase, found in all its forms, as a term is;
 * - `[a, b, c]` is one of the choices (each a word or phrase, or a `{set}`);
 * - `(a, b)` is the same but may be left out;
 * - `{name}` is a named word set from `word-sets.yml` in the lexicon folder;
 * - `…` or `...` is a gap of up to 4 words; `…3` or `...3` up to 3 (at most 10).
 *
 * This module only reads the syntax and says, with the character position, what is wrong.
 * Compiling into the matcher is in automaton.ts; a pattern never becomes a regular expression.
 */

/** The most words a gap may skip. */
export const MAX_GAP = 10;
/** A gap written without a number (`…`) skips up to this many words. */
export const DEFAULT_GAP = 4;
/** The most choices one set may have (a `[ ]` list or a named word set). */
export const MAX_SET_WORDS = 500;
/** The most parts one pattern may have (sets, phrases and gaps). */
export const MAX_PATTERN_ITEMS = 20;

/** One choice inside a part: a word or phrase, or a named word set. */
export type PatternChoice = { phrase: string } | { set: string };

/** One part of a pattern. `at`: its 0-based character index in the pattern, for messages. */
export type PatternItem =
  | { kind: 'words'; choices: PatternChoice[]; optional: boolean; at: number }
  | { kind: 'gap'; max: number; at: number };

/** A problem in a pattern, with the 0-based character index it starts at. */
export interface PatternProblem {
  at: number;
  message: string;
}

/** A pattern read into parts, or the first problem found. */
export type PatternParse = { ok: true; items: PatternItem[] } | { ok: false; problem: PatternProblem };

const SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HAS_WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

class PatternError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

function describeKnown(known: ReadonlySet<string>): string {
  if (known.size === 0) return 'there are no word sets (they go in word-sets.yml in the lexicon folder)';
  return `the word sets are ${[...known].sort().map((name) => `{${name}}`).join(', ')}`;
}

/**
 * Reads a pattern. `knownSets`: the names of the word sets that exist (when given, an unknown
 * name is a problem). Never throws.
 */
export function parsePattern(pattern: string, knownSets?: ReadonlySet<string>): PatternParse {
  try {
    return { ok: true, items: readPattern(pattern, knownSets) };
  } catch (error) {
    if (error instanceof PatternError) return { ok: false, problem: { at: error.at, message: error.message } };
    throw error;
  }
}

function readPattern(source: string, knownSets: ReadonlySet<string> | undefined): PatternItem[] {
  const items: PatternItem[] = [];
  let i = 0;
  const n = source.length;
  /** Plain words in a row, collected into one phrase. */
  let phrase: { words: string[]; at: number } | undefined;
  const flushPhrase = (): void => {
    if (!phrase) return;
    items.push({ kind: 'words', choices: [{ phrase: phrase.words.join(' ') }], optional: false, at: phrase.at });
    phrase = undefined;
  };
  const readSetName = (open: number): string => {
    const close = source.indexOf('}', open + 1);
    const stop = [source.indexOf('{', open + 1), source.indexOf('[', open + 1), source.indexOf('(', open + 1)].filter((x) => x >= 0);
    if (close < 0 || stop.some((x) => x < close)) throw new PatternError(open, 'the { here is not closed with }');
    const name = source.slice(open + 1, close).trim();
    if (name === '') throw new PatternError(open, 'the { } here has no word set name in it, like {money}');
    if (!SET_NAME.test(name)) throw new PatternError(open + 1, `"${name}" is not a word set name: use lower-case letters, digits and hyphens, like {money}`);
    if (knownSets && !knownSets.has(name)) throw new PatternError(open + 1, `there is no word set called {${name}}; ${describeKnown(knownSets)}`);
    return name;
  };
  const gapAt = (at: number): { length: number } | undefined => {
    if (source[at] === '…') return { length: 1 };
    if (source.startsWith('...', at)) return { length: 3 };
    return undefined;
  };
  const readGap = (at: number, length: number): { max: number; end: number } => {
    let end = at + length;
    let digits = '';
    while (end < n && source[end] >= '0' && source[end] <= '9') digits += source[end++];
    if (end < n && !SPACE.test(source[end]) && !'[({'.includes(source[end])) {
      throw new PatternError(at, `a gap (… or ...) is followed by a space, or by the most words it may skip, like …3`);
    }
    if (digits === '') return { max: DEFAULT_GAP, end };
    const max = Number(digits);
    if (max < 1) throw new PatternError(at, 'a gap must allow at least 1 word (…1); to have no gap, leave it out');
    if (max > MAX_GAP) throw new PatternError(at, `a gap can skip at most ${MAX_GAP} words, not ${max}; a longer gap would find words that have nothing to do with each other`);
    return { max, end };
  };

  while (i < n) {
    const c = source[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    const gap = gapAt(i);
    if (gap) {
      flushPhrase();
      const { max, end } = readGap(i, gap.length);
      items.push({ kind: 'gap', max, at: i });
      i = end;
      continue;
    }
    if (c === '[' || c === '(') {
      flushPhrase();
      const close = c === '[' ? ']' : ')';
      const at = i;
      if (source.indexOf(close, i) < 0) throw new PatternError(at, `the ${c} here is not closed with ${close}`);
      const choices: PatternChoice[] = [];
      let current = '';
      let currentAt = i + 1;
      let ref: string | undefined;
      let closed = false;
      const endChoice = (end: number): void => {
        const text = current.trim();
        if (ref !== undefined) {
          if (text !== '') throw new PatternError(currentAt, `a word set like {${ref}} is a choice on its own; put a comma between it and "${text}"`);
          choices.push({ set: ref });
        } else if (text === '') {
          throw new PatternError(end, choices.length === 0 && source[end] === close ? `the ${c} ${close} here is empty; put at least one word in it` : 'there is an empty choice here (two commas in a row, or a comma at the start or end)');
        } else if (!HAS_WORD.test(text)) {
          throw new PatternError(currentAt, `"${text}" has no letters or digits, so it can never be found`);
        } else {
          choices.push({ phrase: text.replace(/\s+/gu, ' ') });
        }
        current = '';
        ref = undefined;
      };
      i++;
      while (i < n) {
        const d = source[i];
        if (d === close) {
          endChoice(i);
          closed = true;
          i++;
          break;
        }
        if (d === ',') {
          endChoice(i);
          i++;
          currentAt = i;
          continue;
        }
        if (d === '[' || d === '(') throw new PatternError(i, `a ${d} cannot go inside ${c} ${close}; close the ${c} at character ${at + 1} first`);
        if (d === ']' || d === ')') throw new PatternError(i, `this ${d} does not close the ${c} at character ${at + 1}; it needs ${close}`);
        if (gapAt(i)) throw new PatternError(i, `a gap (… or ...) cannot go inside ${c} ${close}`);
        if (d === '{') {
          if (current.trim() !== '') throw new PatternError(i, `a word set like {…} is a choice on its own; put a comma before it`);
          const end = source.indexOf('}', i);
          ref = readSetName(i);
          i = end + 1;
          continue;
        }
        if (d === '}') throw new PatternError(i, 'there is a } here with no { before it');
        if (ref !== undefined && !SPACE.test(d)) throw new PatternError(i, `a word set like {${ref}} is a choice on its own; put a comma after it`);
        if (current === '' && SPACE.test(d)) {
          i++;
          currentAt = i;
          continue;
        }
        current += d;
        i++;
      }
      if (!closed) throw new PatternError(at, `the ${c} here is not closed with ${close}`);
      if (choices.length > MAX_SET_WORDS) throw new PatternError(at, `the ${c} ${close} here has ${choices.length} choices; a set can have at most ${MAX_SET_WORDS}`);
      items.push({ kind: 'words', choices, optional: c === '(', at });
      continue;
    }
    if (c === '{') {
      flushPhrase();
      const end = source.indexOf('}', i);
      const name = readSetName(i);
      items.push({ kind: 'words', choices: [{ set: name }], optional: false, at: i });
      i = end + 1;
      continue;
    }
    if (c === ']' || c === ')') throw new PatternError(i, `there is a ${c} here with no ${c === ']' ? '[' : '('} before it`);
    if (c === '}') throw new PatternError(i, 'there is a } here with no { before it');
    if (c === ',') throw new PatternError(i, 'a comma only goes inside [ ] or ( ), between choices, like [recover, reclaim]');
    // A plain word: up to a space or a character with a meaning.
    const start = i;
    let word = '';
    while (i < n && !SPACE.test(source[i]) && !'[](){},…'.includes(source[i]) && !source.startsWith('...', i)) word += source[i++];
    if (!HAS_WORD.test(word)) throw new PatternError(start, `"${word}" has no letters or digits, so it can never be found`);
    if (phrase) phrase.words.push(word);
    else phrase = { words: [word], at: start };
  }
  flushPhrase();

  if (items.length === 0) throw new PatternError(0, 'the pattern is empty');
  if (items.length > MAX_PATTERN_ITEMS) throw new PatternError(items[MAX_PATTERN_ITEMS].at, `the pattern has ${items.length} parts; at most ${MAX_PATTERN_ITEMS}`);
  const first = items[0];
  const last = items[items.length - 1];
  if (first.kind === 'gap') throw new PatternError(first.at, 'a pattern cannot start with a gap (… or ...): start with the words to find');
  if (last.kind === 'gap') throw new PatternError(last.at, 'a pattern cannot end with a gap (… or ...): end with the words to find');
  // Two gaps with only optional parts between them are two gaps in a row when those parts are left out.
  let previousGap = false;
  for (const item of items) {
    if (item.kind === 'gap') {
      if (previousGap) throw new PatternError(item.at, 'two gaps in a row (or with only optional parts between them); write one gap with the number of words, like …6');
      previousGap = true;
    } else if (!item.optional) {
      previousGap = false;
    }
  }
  if (!items.some((item) => item.kind === 'words' && !item.optional)) {
    throw new PatternError(0, 'every part of this pattern is optional, so it could match no words at all; make at least one part required (take away its ( ))');
  }
  // Only optional parts before a gap at the start (or after one at the end) would let the match
  // begin (or end) with words that have nothing to do with it.
  const firstRequired = items.findIndex((item) => item.kind === 'words' && !item.optional);
  const lastRequired = items.length - 1 - [...items].reverse().findIndex((item) => item.kind === 'words' && !item.optional);
  const leading = items.slice(0, firstRequired).find((item) => item.kind === 'gap');
  if (leading) throw new PatternError(leading.at, 'a pattern cannot start with a gap (… or ...), even after optional parts: the first part that must be there comes before any gap');
  const trailing = items.slice(lastRequired + 1).find((item) => item.kind === 'gap');
  if (trailing) throw new PatternError(trailing.at, 'a pattern cannot end with a gap (… or ...), even before optional parts: the last part that must be there comes after every gap');
  return items;
}

/** The named word sets a pattern uses (for checks), in order of first use. */
export function patternSetNames(items: readonly PatternItem[]): string[] {
  const names: string[] = [];
  for (const item of items) {
    if (item.kind !== 'words') continue;
    for (const choice of item.choices) if ('set' in choice && !names.includes(choice.set)) names.push(choice.set);
  }
  return names;
}

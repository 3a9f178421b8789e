/**
 * Readability from our own word counts, with the formula packages retext-readability uses.
 *
 * Why not retext-readability itself: it needs retext-english's parse of the whole text (the
 * slowest part of the stock pipeline, see bench/lint.bench.ts), it looks every word up in the
 * Dale-Chall and Spache lists with Array.includes (thousands of comparisons per word), and
 * its SMOG vote is broken (it takes the square root of a grade that is already a grade, so
 * SMOG always votes "easy"). Here the counts come from the shared tokenizer, the word lists
 * are Sets, and SMOG is left out: six formulas vote, and a sentence is hard to read when at
 * least four of them put it above the profile's target age.
 */
import { automatedReadability } from 'automated-readability';
import { colemanLiau } from 'coleman-liau';
import { daleChall } from 'dale-chall';
import { daleChallFormula, daleChallGradeLevel } from 'dale-chall-formula';
import { flesch } from 'flesch';
import { gunningFog } from 'gunning-fog';
import { spache } from 'spache';
import { spacheFormula } from 'spache-formula';
import { syllable } from 'syllable';
import type { Profile } from '../core/index.js';
import { type CompiledLexicon, type Token, walkTrie } from '../lexicon/index.js';
import { PLACEHOLDER_NORM, type ReadabilitySummary } from './types.js';

/**
 * Target reading age per profile (docs/lint.md explains the choice and the measurement). The
 * formulas give US grade + 5, and on single sentences they run high for everyday long words.
 * Measured on the shipped templates rendered with their example data, counting the sentences
 * hard-sentence judges and flags (familiar words and the "-ing" syllable fix included): at 13, 6 of 235
 * judged standard sentences are flagged (at 12, 25; at 14, 4); Easy Read at 10 flags none of 52.
 */
export const TARGET_AGE: Record<Profile, number> = { standard: 13, 'easy-read': 10 };

/**
 * Sentences with fewer words than this (names and placeholders left out) are not scored: one
 * long word swings a short sentence by several years ("The assessment is a conversation."
 * scores 16 to 23 on four formulas). Easy Read sentences are short by design, so its minimum
 * is lower. docs/lint.md has the measurement.
 */
export const MIN_WORDS: Record<Profile, number> = { standard: 8, 'easy-read': 5 };
/** How many of the six formulas must agree that a sentence is above the target age. */
export const VOTES_NEEDED = 4;

const EASY_WORDS = new Set(daleChall);
const FAMILIAR_WORDS = new Set(spache);
const HAS_LETTER = /\p{L}/u;

// Syllable counting is the costliest step per word, and letters reuse the same words, so
// counts are cached (bounded, so a long-running service does not grow without limit).
const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_LIMIT = 50_000;

// The syllable package miscounts "-ing" straight after a vowel: "seeing" 3, "agreeing" 4,
// "going" and "doing" 1. There "ing" is always a syllable of its own, so the stem is counted
// and one added ("see" + 1, "agree" + 1, "go" + 1). One wrong syllable in a 20-word sentence
// was enough to tip two formulas over the target age.
const VOWEL_ING = /^(.*[a-z].*[aeiou])ing$/;

/** Syllables in one word (cached). */
export function syllables(word: string): number {
  let count = syllableCache.get(word);
  if (count === undefined) {
    const vowelIng = VOWEL_ING.exec(word);
    count = vowelIng ? Math.max(1, syllable(vowelIng[1])) + 1 : Math.max(1, syllable(word));
    if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
    syllableCache.set(word, count);
  }
  return count;
}

const CONSONANT_TWICE = /([b-df-hj-np-tv-z])\1$/;

/**
 * The words a word may be a regular form of: "statements" -> "statement", "arranged" ->
 * "arrange", "stopping" -> "stop", "easier" -> "easy", "kindly" -> "kind", "council's" ->
 * "council". The Dale-Chall and Spache lists give base forms, and both formulas' own rules
 * count regular endings of a listed word as familiar.
 */
export function baseForms(word: string): string[] {
  const out: string[] = [];
  const add = (stem: string, endings: string[] = ['']): void => {
    if (stem.length < 2) return;
    for (const ending of endings) out.push(stem + ending);
    if (CONSONANT_TWICE.test(stem)) out.push(stem.slice(0, -1));
  };
  let w = word;
  if (w.endsWith("'s")) out.push((w = w.slice(0, -2)));
  else if (w.endsWith("'")) out.push((w = w.slice(0, -1)));
  for (const [suffix, endings] of [
    ['ies', ['y']],
    ['ied', ['y']],
    ['ier', ['y']],
    ['iest', ['y']],
    ['ily', ['y']],
    ['es', ['', 'e']],
    ['s', ['']],
    ['ed', ['', 'e']],
    ['ing', ['', 'e']],
    ['er', ['', 'e']],
    ['est', ['', 'e']],
    ['ly', ['', 'le']],
  ] as const) {
    if (w.endsWith(suffix)) add(w.slice(0, -suffix.length), [...endings]);
  }
  return out;
}

// Familiarity per word, cached like syllables: bit 1 on the Dale-Chall list, bit 2 on Spache's.
const familiarCache = new Map<string, number>();

function familiarity(word: string): number {
  let bits = familiarCache.get(word);
  if (bits === undefined) {
    bits = (EASY_WORDS.has(word) ? 1 : 0) | (FAMILIAR_WORDS.has(word) ? 2 : 0);
    if (bits !== 3) {
      for (const base of baseForms(word)) bits |= (EASY_WORDS.has(base) ? 1 : 0) | (FAMILIAR_WORDS.has(base) ? 2 : 0);
    }
    if (familiarCache.size >= SYLLABLE_CACHE_LIMIT) familiarCache.clear();
    familiarCache.set(word, bits);
  }
  return bits;
}

/** Word counts of a stretch of tokens. */
export interface Counts {
  /** Words the formulas judge (names and placeholders left out). */
  word: number;
  /** Names left out of `word`. */
  name: number;
  sentence: number;
  syllable: number;
  letter: number;
  character: number;
  polysillabicWord: number;
  complexPolysillabicWord: number;
  difficultWord: number;
  unfamiliarWord: number;
}

/**
 * True when the capitalised first word of a sentence starts a name of several words
 * ("Independent Living Hub is…"): the next word is capitalised too, and the first is not an
 * everyday word ("Dear Sam", "Direct Payments Team" start with one).
 */
function startsName(text: string, tokens: readonly Token[], i: number, to: number): boolean {
  if (i + 1 >= to) return false;
  const next = text[tokens[i + 1].start];
  return next !== next.toLowerCase() && tokens[i + 1].norm !== 'i' && !(familiarity(tokens[i].norm) & 1);
}

/**
 * Counts the words (with a letter) of tokens [from, to), one sentence. Difficult (Dale-Chall)
 * and unfamiliar (Spache) words follow those formulas' own rules rather than
 * retext-readability's shortcut: a word is familiar when it or the word it is a regular form
 * of is on the list, and each unfamiliar word counts once however often it is repeated. (retext-readability
 * subtracts the number of different familiar words from the number of words, so a repeated
 * "you" counts as a hard word, and "statements" is hard although "statement" is listed.)
 */
export function countWords(text: string, tokens: readonly Token[], from: number, to: number, familiar?: Uint8Array): Counts {
  const counts: Counts = { word: 0, name: 0, sentence: 1, syllable: 0, letter: 0, character: 0, polysillabicWord: 0, complexPolysillabicWord: 0, difficultWord: 0, unfamiliarWord: 0 };
  let difficult: Set<string> | undefined;
  let unfamiliar: Set<string> | undefined;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    const norm = token.norm;
    if (norm === PLACEHOLDER_NORM || !HAS_LETTER.test(norm)) continue;
    const first = text[token.start];
    const capitalised = first !== first.toLowerCase();
    // A name (a capitalised word that does not start the sentence, or starts it followed by
    // another: "Northmoor Borough Council", "British Sign Language") is left out, as a
    // {{placeholder}} is: the writer cannot change it, and the rendered letter should read no
    // harder than its template.
    if (capitalised && norm !== 'i' && (i > from || startsName(text, tokens, i, to))) {
      counts.name++;
      continue;
    }
    counts.word++;
    const s = syllables(norm);
    counts.syllable += s;
    counts.letter += norm.length;
    // A word of the lexicon's own wording or a council term (known-terms.ts) is familiar.
    const known = familiar !== undefined && familiar[i] === 1;
    if (s >= 3) {
      counts.polysillabicWord++;
      // Proper nouns (capitalised) and familiar jargon are not "complex" for Gunning fog.
      if (!capitalised && !known) counts.complexPolysillabicWord++;
    }
    const bits = known ? 3 : familiarity(norm);
    if (!(bits & 1)) (difficult ??= new Set()).add(norm);
    if (!(bits & 2)) (unfamiliar ??= new Set()).add(norm);
  }
  counts.character = counts.letter;
  counts.difficultWord = difficult?.size ?? 0;
  counts.unfamiliarWord = unfamiliar?.size ?? 0;
  return counts;
}

const gradeToAge = (grade: number): number => Math.round(grade + 5);
const fleschToAge = (score: number): number => 20 - Math.floor(score / 10);

/** The six formulas' reading ages for one sentence's counts. */
export function sentenceAges(counts: Counts): number[] {
  // Two of the formula packages type their input as a plain record of numbers.
  const record: Record<string, number> = { ...counts };
  return [
    gradeToAge(automatedReadability(record)),
    gradeToAge(colemanLiau(counts)),
    gradeToAge(daleChallGradeLevel(daleChallFormula(counts))[1]),
    fleschToAge(flesch(record)),
    gradeToAge(gunningFog(counts)),
    gradeToAge(spacheFormula(counts)),
  ];
}

/** True when enough formulas put the sentence above the target age. */
export function isHardSentence(counts: Counts, profile: Profile): boolean {
  if (counts.word < MIN_WORDS[profile]) return false;
  const targetAge = TARGET_AGE[profile];
  let votes = 0;
  for (const age of sentenceAges(counts)) if (age > targetAge) votes++;
  return votes >= VOTES_NEEDED;
}

/**
 * Marks the tokens that are part of a familiar phrase (the lexicon's own wording, the words
 * people need to learn, the council's terms: see known-terms.ts): 1 for such a token.
 */
export function familiarTokens(lexicon: CompiledLexicon, tokens: readonly Token[], text: string): Uint8Array {
  const marks = new Uint8Array(tokens.length);
  walkTrie(lexicon.familiar, tokens, text, (raw) => marks.fill(1, raw.first, raw.last + 1));
  return marks;
}

/** Running totals of sentence counts, from which the document summary is computed. */
export interface ReadabilityTotals {
  /** Sentences with at least one judged word. */
  sentences: number;
  /** Words the formulas judge. */
  judged: number;
  names: number;
  syllables: number;
}

/** Empty totals. */
export function noTotals(): ReadabilityTotals {
  return { sentences: 0, judged: 0, names: 0, syllables: 0 };
}

/** Adds one sentence's counts (a sentence with no judged word is not scored). */
export function addToTotals(totals: ReadabilityTotals, counts: Counts): void {
  if (counts.word === 0) return;
  totals.sentences++;
  totals.judged += counts.word;
  totals.names += counts.name;
  totals.syllables += counts.syllable;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Whole-document readability: Flesch reading ease and Flesch-Kincaid grade from total counts.
 * `words` and `averageSentenceLength` count every word (placeholders aside); the formulas, as
 * for single sentences, leave names out.
 */
export function summaryOf(totals: ReadabilityTotals, profile: Profile): ReadabilitySummary {
  const { sentences: scored, judged, names, syllables: syllableTotal } = totals;
  const targetAge = TARGET_AGE[profile];
  if (judged === 0) {
    return { words: 0, sentences: 0, averageSentenceLength: 0, fleschReadingEase: 0, grade: 0, targetAge, readingAge: 0 };
  }
  const perSentence = judged / scored;
  const perWord = syllableTotal / judged;
  const ease = 206.835 - 1.015 * perSentence - 84.6 * perWord;
  const grade = 0.39 * perSentence + 11.8 * perWord - 15.59;
  return {
    words: judged + names,
    sentences: scored,
    averageSentenceLength: round1((judged + names) / scored),
    fleschReadingEase: round1(ease),
    grade: round1(grade),
    targetAge,
    readingAge: Math.max(5, Math.round(grade + 5)),
  };
}

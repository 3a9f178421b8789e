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
import type { Token } from '../lexicon/index.js';
import { PLACEHOLDER_NORM, type ReadabilitySummary, type Sentence } from './types.js';

/**
 * Target reading age per profile (docs/lint.md explains the choice). The formulas give US
 * grade + 5, and on single sentences they run high for everyday long words ("The assessment
 * is a conversation." scores 17). Measured on the shipped templates: at 11, 84 of 290 standard
 * sentences were flagged, including "A family member, friend or advocate can contact us for
 * you."; at 13, 28 (about one in ten, each worth a second look). Easy Read at 10 flags 2 of 57.
 */
export const TARGET_AGE: Record<Profile, number> = { standard: 13, 'easy-read': 10 };

/** Sentences shorter than this are not scored: one long word skews a short sentence. */
export const MIN_WORDS = 5;
/** How many of the six formulas must agree that a sentence is above the target age. */
export const VOTES_NEEDED = 4;

const EASY_WORDS = new Set(daleChall);
const FAMILIAR_WORDS = new Set(spache);
const HAS_LETTER = /\p{L}/u;

// Syllable counting is the costliest step per word, and letters reuse the same words, so
// counts are cached (bounded, so a long-running service does not grow without limit).
const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_LIMIT = 50_000;

/** Syllables in one word (cached). */
export function syllables(word: string): number {
  let count = syllableCache.get(word);
  if (count === undefined) {
    count = Math.max(1, syllable(word));
    if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
    syllableCache.set(word, count);
  }
  return count;
}

/** Word counts of a stretch of tokens. */
export interface Counts {
  word: number;
  sentence: number;
  syllable: number;
  letter: number;
  character: number;
  polysillabicWord: number;
  complexPolysillabicWord: number;
  difficultWord: number;
  unfamiliarWord: number;
}

/** Counts the words (with a letter) of tokens [from, to). */
export function countWords(text: string, tokens: readonly Token[], from: number, to: number): Counts {
  const counts: Counts = { word: 0, sentence: 1, syllable: 0, letter: 0, character: 0, polysillabicWord: 0, complexPolysillabicWord: 0, difficultWord: 0, unfamiliarWord: 0 };
  const easy = new Set<string>();
  const familiar = new Set<string>();
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    const norm = token.norm;
    if (norm === PLACEHOLDER_NORM || !HAS_LETTER.test(norm)) continue;
    counts.word++;
    const s = syllables(norm);
    counts.syllable += s;
    counts.letter += norm.length;
    if (s >= 3) {
      counts.polysillabicWord++;
      // Proper nouns (capitalised) are not "complex" for Gunning fog.
      const first = text[token.start];
      if (first === first.toLowerCase()) counts.complexPolysillabicWord++;
    }
    if (EASY_WORDS.has(norm)) easy.add(norm);
    if (FAMILIAR_WORDS.has(norm)) familiar.add(norm);
  }
  counts.character = counts.letter;
  // As retext-readability: unique easy/familiar words are subtracted from the word count.
  counts.difficultWord = counts.word - easy.size;
  counts.unfamiliarWord = counts.word - familiar.size;
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
export function isHardSentence(counts: Counts, targetAge: number): boolean {
  if (counts.word < MIN_WORDS) return false;
  let votes = 0;
  for (const age of sentenceAges(counts)) if (age > targetAge) votes++;
  return votes >= VOTES_NEEDED;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Whole-document readability: Flesch reading ease and Flesch-Kincaid grade from total counts. */
export function summarise(text: string, tokens: readonly Token[], sentences: readonly Sentence[], profile: Profile, precomputed?: readonly Counts[]): ReadabilitySummary {
  let words = 0;
  let syllableTotal = 0;
  let scored = 0;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i];
    const counts = precomputed?.[i] ?? countWords(text, tokens, sentence.firstToken, sentence.endToken);
    if (counts.word === 0) continue;
    scored++;
    words += counts.word;
    syllableTotal += counts.syllable;
  }
  const targetAge = TARGET_AGE[profile];
  if (words === 0) {
    return { words: 0, sentences: 0, averageSentenceLength: 0, fleschReadingEase: 0, grade: 0, targetAge, readingAge: 0 };
  }
  const perSentence = words / scored;
  const perWord = syllableTotal / words;
  const ease = 206.835 - 1.015 * perSentence - 84.6 * perWord;
  const grade = 0.39 * perSentence + 11.8 * perWord - 15.59;
  return {
    words,
    sentences: scored,
    averageSentenceLength: round1(perSentence),
    fleschReadingEase: round1(ease),
    grade: round1(grade),
    targetAge,
    readingAge: Math.max(5, Math.round(grade + 5)),
  };
}

/**
 * Does a stretch of words have a verb? The readability rule only judges sentences that are
 * really sentences, and a line with no verb ("Direct Payments Team", "Bills or receipts for
 * anything over £100") is a label, a list entry or a signature.
 *
 * Running compromise's tagger costs milliseconds a sentence, so this reads its data directly:
 * the lexicon (word -> tag), its guesses from word endings for words it does not know, and
 * its list of words that can be a noun or a verb, which are decided from the word before
 * ("we help", "please pay", "to check"). It only runs on sentences the readability formulas
 * have already voted hard.
 */
import nlp from 'compromise';
import type { Token } from '../lexicon/index.js';

interface Model {
  one: { lexicon: Record<string, string | string[]> };
  two: { switches: Record<string, string>; suffixPatterns: Array<Record<string, string> | null> };
}
const model = (nlp.world() as unknown as { model: Model }).model;

const VERB_TAGS = new Set(['Verb', 'Infinitive', 'PresentTense', 'PastTense', 'Participle', 'Copula', 'Modal', 'Auxiliary', 'PhrasalVerb', 'Imperative']);

/** Words before which a noun-or-verb word ("help", "pay", "check") is a verb. */
const VERB_BEFORE = new Set([
  'i', 'we', 'you', 'they', 'he', 'she', 'it', 'who', 'that', 'which', 'to', 'please', 'not', 'also', 'always', 'never', 'often', 'just', 'then',
  'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'do', 'does', 'did', "don't", "doesn't", "didn't", "can't", "won't",
]);

/** Pronouns whose 's is "is" or "has" ("it's", "there's"), not a possessive. */
const S_IS = new Set(['it', 'that', 'there', 'here', 'what', 'who', 'he', 'she', 'let', 'where', 'how']);

/** compromise's guess for a word it does not know, from its ending (its own suffix table). */
function guessFromEnding(word: string): string | undefined {
  const patterns = model.two.suffixPatterns;
  for (let length = Math.min(word.length - 1, patterns.length - 1); length > 0; length--) {
    const tag = patterns[length]?.[word.slice(-length)];
    if (tag) return tag;
  }
  return undefined;
}

function tagsOf(word: string): string[] {
  const tag = model.one.lexicon[word];
  if (tag !== undefined) return Array.isArray(tag) ? tag : [tag];
  const guess = guessFromEnding(word);
  return guess ? [guess] : [];
}

/** True when `word` (folded) is a verb here, given the word before it ('' at the start). */
export function isVerb(word: string, before: string, atStart: boolean): boolean {
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    // Contractions: "don't", "we'll", "you're", "it's"; not possessives ("Sam's").
    if (/n't$|'(?:re|ll|ve|m|d)$/.test(word)) return true;
    return word.endsWith("'s") && S_IS.has(word.slice(0, apostrophe));
  }
  const tags = tagsOf(word);
  const ambiguous = model.two.switches[word]?.includes('Verb') ?? false;
  if (!ambiguous && tags.some((tag) => VERB_TAGS.has(tag))) return true;
  if (ambiguous) {
    if (VERB_BEFORE.has(before)) return true;
    // A sentence that starts with a bare noun-or-verb word is an instruction: "Tell us", "Call us".
    return atStart && tags.some((tag) => tag === 'Singular' || tag === 'Infinitive' || tag === 'Noun');
  }
  // A word compromise cannot place that ends in -ed is a past tense ("reimbursed").
  return tags.length === 0 && word.length > 4 && word.endsWith('ed');
}

/** True when tokens [from, to) include a verb. */
export function hasVerb(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (isVerb(tokens[i].norm, i > from ? tokens[i - 1].norm : '', i === from)) return true;
  }
  return false;
}

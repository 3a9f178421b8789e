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
import { cachedOnDisk, compromise, compromiseVersion, snapshotKey, type SnapshotCodec, type Token } from '../lexicon/index.js';

interface Model {
  one: { lexicon: Record<string, string | string[]> };
  two: { switches: Record<string, string>; suffixPatterns: Array<Record<string, string> | null> };
}

const VERB_TAGS = new Set(['Verb', 'Infinitive', 'PresentTense', 'PastTense', 'Participle', 'Copula', 'Modal', 'Auxiliary', 'PhrasalVerb', 'Imperative']);

/** Words before which a noun-or-verb word ("help", "pay", "check") is a verb. */
const VERB_BEFORE = new Set([
  'i', 'we', 'you', 'they', 'he', 'she', 'it', 'who', 'that', 'which', 'to', 'please', 'not', 'also', 'always', 'never', 'often', 'just', 'then',
  'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'do', 'does', 'did', "don't", "doesn't", "didn't", "can't", "won't",
]);

/** Pronouns whose 's is "is" or "has" ("it's", "there's"), not a possessive. */
const S_IS = new Set(['it', 'that', 'there', 'here', 'what', 'who', 'he', 'she', 'let', 'where', 'how']);

// What the check needs to know of a word, as bits (compromise's tags, reduced).
const VERB = 1; // one of its tags is a verb tag
const NOUN_OR_BARE = 2; // one of its tags is Singular, Infinitive or Noun
const TAGGED = 4; // it has any tag

function codeOfTags(tags: readonly string[]): number {
  let code = tags.length > 0 ? TAGGED : 0;
  if (tags.some((tag) => VERB_TAGS.has(tag))) code |= VERB;
  if (tags.some((tag) => tag === 'Singular' || tag === 'Infinitive' || tag === 'Noun')) code |= NOUN_OR_BARE;
  return code;
}

/** compromise's data, reduced to what this check reads. */
interface VerbData {
  /**
   * Every word compromise's lexicon knows, with its code: `\nword\tC` for each word, C being
   * '0' + its code. Searched with indexOf for the few words a run asks about: building a Map
   * of all ~25,000 words took longer than a short `plainly lint` spends on everything else in
   * this check.
   */
  lexicon: string;
  /** Words that can be a noun or a verb (compromise's switches that include Verb). */
  switches: Set<string>;
  /** compromise's guesses from word endings: by suffix length, suffix -> tag. */
  suffixPatterns: Array<Record<string, string> | null>;
}

interface VerbDataFile {
  lexicon: string;
  switches: string;
  suffixPatterns: Array<Record<string, string> | null>;
}

/** Reduces compromise's model to the verb check's data. */
export function verbDataFromModel(model: Model): VerbDataFile {
  // A word with a line break or a tab could not be found (nor can a token hold one); a NUL
  // separates the snapshot's parts (VERB_DATA_CODEC).
  const words = Object.keys(model.one.lexicon).filter((word) => !/[\n\t\u0000]/.test(word));
  const tags = (word: string) => {
    const tag = model.one.lexicon[word];
    return Array.isArray(tag) ? tag : [tag];
  };
  return {
    lexicon: words.map((word) => `\n${word}\t${String.fromCharCode(48 + codeOfTags(tags(word)))}`).join('') + '\n',
    switches: Object.keys(model.two.switches)
      .filter((word) => !/[\n\u0000]/.test(word) && model.two.switches[word].includes('Verb'))
      .join('\n'),
    suffixPatterns: model.two.suffixPatterns,
  };
}

// Plain text, not JSON: the words are one long string with a line break and a tab per word,
// which JSON would escape and JSON.parse unescape again (about 6 ms of a `plainly lint` start,
// measured); as text it is read in a fraction of a millisecond. The switches (one per line)
// come first, then the suffix patterns as JSON (small), then the words, separated by NULs,
// which no word holds. (compromise itself takes a third of a second to load.)
const SEPARATOR = '\u0000';
const VERB_DATA_CODEC: SnapshotCodec<VerbDataFile> = {
  encode: (value) => `${value.switches}${SEPARATOR}${JSON.stringify(value.suffixPatterns)}${SEPARATOR}${value.lexicon}`,
  decode: (bytes) => {
    const text = bytes.toString('utf8');
    const first = text.indexOf(SEPARATOR);
    const second = text.indexOf(SEPARATOR, first + 1);
    if (first < 0 || second < 0) throw new Error('not a verb data snapshot'); // made again (cachedOnDisk)
    return { switches: text.slice(0, first), suffixPatterns: JSON.parse(text.slice(first + 1, second)) as VerbDataFile['suffixPatterns'], lexicon: text.slice(second + 1) };
  },
};

let verbData: VerbData | undefined;

/**
 * The verb check's data: from its snapshot for this compromise version (lexicon/snapshot.ts),
 * made from compromise's model the first time.
 */
function data(): VerbData {
  if (!verbData) {
    const file = cachedOnDisk('verbs', snapshotKey(['plainly verb data 3', compromiseVersion()]), () => verbDataFromModel((compromise().world() as unknown as { model: Model }).model), VERB_DATA_CODEC);
    verbData = { lexicon: file.lexicon, switches: new Set(file.switches.split('\n')), suffixPatterns: file.suffixPatterns };
  }
  return verbData;
}

/** Words already looked up (a service's lint thread asks about the same words again); bounded. */
const lookedUp = new Map<string, number | undefined>();
const LOOKED_UP_LIMIT = 50_000;

/** The code compromise's lexicon gives a word, or undefined when it does not know it. */
function knownCode(word: string): number | undefined {
  if (lookedUp.has(word)) return lookedUp.get(word);
  const { lexicon } = data();
  const at = word.includes('\n') || word.includes('\t') ? -1 : lexicon.indexOf(`\n${word}\t`);
  const code = at < 0 ? undefined : lexicon.charCodeAt(at + word.length + 2) - 48;
  if (lookedUp.size >= LOOKED_UP_LIMIT) lookedUp.clear();
  lookedUp.set(word, code);
  return code;
}

/** compromise's guess for a word it does not know, from its ending (its own suffix table). */
function guessFromEnding(word: string): string | undefined {
  const patterns = data().suffixPatterns;
  for (let length = Math.min(word.length - 1, patterns.length - 1); length > 0; length--) {
    const table = patterns[length];
    const suffix = word.slice(-length);
    if (table && Object.hasOwn(table, suffix)) return table[suffix];
  }
  return undefined;
}

/** The code of a word: compromise's tags for it, or its guess from the ending. */
function codeOf(word: string): number {
  const known = knownCode(word);
  if (known !== undefined) return known;
  const guess = guessFromEnding(word);
  return guess ? codeOfTags([guess]) : 0;
}

/** True when `word` (folded) is a verb here, given the word before it ('' at the start). */
export function isVerb(word: string, before: string, atStart: boolean): boolean {
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    // Contractions: "don't", "we'll", "you're", "it's"; not possessives ("Sam's").
    if (/n't$|'(?:re|ll|ve|m|d)$/.test(word)) return true;
    return word.endsWith("'s") && S_IS.has(word.slice(0, apostrophe));
  }
  const code = codeOf(word);
  const ambiguous = data().switches.has(word);
  if (!ambiguous && code & VERB) return true;
  if (ambiguous) {
    if (VERB_BEFORE.has(before)) return true;
    // A sentence that starts with a bare noun-or-verb word is an instruction: "Tell us", "Call us".
    return atStart && (code & NOUN_OR_BARE) !== 0;
  }
  // A word compromise cannot place that ends in -ed is a past tense ("reimbursed").
  return (code & TAGGED) === 0 && word.length > 4 && word.endsWith('ed');
}

/** True when tokens [from, to) include a verb. */
export function hasVerb(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (isVerb(tokens[i].norm, i > from ? tokens[i - 1].norm : '', i === from)) return true;
  }
  return false;
}

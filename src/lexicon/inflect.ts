/**
 * Inflections of lexicon terms and of their replacements, with compromise (a maintained
 * English morphology library) plus a table of irregular forms it does not know.
 *
 * This runs when a lexicon is compiled, never while linting: the matcher only looks words up.
 */
import { compromise } from './nlp.js';

/** Grammatical form of a matched word, relative to the term as written. */
export type Form = 'written' | 'infinitive' | 'third' | 'past' | 'participle' | 'gerund' | 'plural';

/** One surface form of a term and the forms it can stand for ("audits": plural or third person). */
export interface Variant {
  text: string;
  forms: Form[];
}

interface VerbForms {
  infinitive: string;
  third: string;
  past: string;
  participle: string;
  gerund: string;
}

// compromise's transform methods conjugate and pluralise a word without tagging a sentence.
// They are typed loosely in compromise itself, so this is the one place that describes them.
interface Transform {
  verb: {
    conjugate: (word: string, model: unknown) => Record<string, string | undefined>;
    toInfinitive: (word: string, model: unknown, tense: string) => string;
  };
  noun: { toPlural: (word: string, model: unknown) => string };
}
interface World {
  methods: { two: { transform: Transform } };
  model: unknown;
}
// Loaded when the first term is inflected, not when this module is imported (nlp.ts).
let world: World | undefined;
const nlpWorld = (): World => (world ??= compromise().world() as unknown as World);
const transform = (): Transform => nlpWorld().methods.two.transform;
const model = (): unknown => nlpWorld().model;

/**
 * Irregular verbs compromise conjugates as regular (it knows "spend" but not "misspend").
 * Prefixed forms of verbs compromise does know are derived below, so this table stays short.
 */
const IRREGULAR: Record<string, Partial<VerbForms>> = {
  misspend: { past: 'misspent', participle: 'misspent' },
  overspend: { past: 'overspent', participle: 'overspent' },
  underspend: { past: 'underspent', participle: 'underspent' },
  withhold: { past: 'withheld', participle: 'withheld' },
  overpay: { past: 'overpaid', participle: 'overpaid' },
  underpay: { past: 'underpaid', participle: 'underpaid' },
  repay: { past: 'repaid', participle: 'repaid' },
  prepay: { past: 'prepaid', participle: 'prepaid' },
  mislead: { past: 'misled', participle: 'misled' },
  misunderstand: { past: 'misunderstood', participle: 'misunderstood' },
  undertake: { past: 'undertook', participle: 'undertaken' },
  withdraw: { past: 'withdrew', participle: 'withdrawn' },
  overrule: { past: 'overruled', participle: 'overruled' },
};

const PREFIXES = ['mis', 'over', 'under', 'out', 'with', 'fore', 're', 'up', 'pre'];

const tagCache = new Map<string, string[][]>();

/** compromise's tags for each word of a phrase, read in context. */
export function tagsOf(phrase: string): string[][] {
  let tags = tagCache.get(phrase);
  if (!tags) {
    const json = compromise()(phrase).json() as Array<{ terms: Array<{ tags: string[] }> }>;
    tags = json.flatMap((sentence) => sentence.terms.map((term) => term.tags));
    tagCache.set(phrase, tags);
  }
  return tags;
}

const isPlainWord = (word: string): boolean => /^[a-z][a-z']*$/.test(word);

/** Conjugations of a verb given in its infinitive. */
export function verbForms(infinitive: string): VerbForms | undefined {
  if (!isPlainWord(infinitive)) return undefined;
  const c = transform().verb.conjugate(infinitive, model());
  if (!c.PastTense || !c.Gerund || !c.PresentTense) return undefined;
  const forms: VerbForms = {
    infinitive,
    third: c.PresentTense,
    past: c.PastTense,
    participle: c.Participle ?? c.PastTense,
    gerund: c.Gerund,
  };
  const irregular = IRREGULAR[infinitive];
  if (irregular) return { ...forms, ...irregular };
  // mis+spend, over+pay, with+hold...: if compromise knows the stem as irregular, use its forms.
  if (forms.past.endsWith('ed')) {
    for (const prefix of PREFIXES) {
      const stem = infinitive.slice(prefix.length);
      if (!infinitive.startsWith(prefix) || stem.length < 2) continue;
      const s = transform().verb.conjugate(stem, model());
      if (s.PastTense && !s.PastTense.endsWith('ed')) {
        return { ...forms, past: prefix + s.PastTense, participle: prefix + (s.Participle ?? s.PastTense) };
      }
    }
  }
  return forms;
}

/** The infinitive of a verb form ("misspent" -> "misspend"), or the word itself. */
function toInfinitive(word: string, tags: string[]): string {
  const tense = tags.includes('PastTense') ? 'PastTense' : tags.includes('Gerund') ? 'Gerund' : tags.includes('PresentTense') ? 'PresentTense' : undefined;
  if (!tense || tags.includes('Infinitive')) return word;
  for (const [inf, irregular] of Object.entries(IRREGULAR)) {
    if (irregular.past === word || irregular.participle === word) return inf;
  }
  const inf = transform().verb.toInfinitive(word, model(), tense);
  return inf && isPlainWord(inf) ? inf : word;
}

/** The plural of a noun. */
export function pluralOf(word: string): string | undefined {
  if (!isPlainWord(word)) return undefined;
  const plural = transform().noun.toPlural(word, model());
  return plural && plural !== word ? plural : undefined;
}

/**
 * The last word of a phrase and its plural, when that word is a singular noun ("monitor your
 * account" -> ["account", "accounts"]); undefined otherwise.
 */
export function trailingPlural(phrase: string): [string, string] | undefined {
  const words = phrase.split(' ');
  const tags = tagsOf(phrase);
  if (tags.length !== words.length) return undefined;
  const last = tags[tags.length - 1];
  if (!has(last, 'Noun') || has(last, 'Plural', 'Pronoun', 'ProperNoun', 'Acronym')) return undefined;
  const word = words[words.length - 1].toLowerCase();
  const plural = pluralOf(word);
  return plural ? [word, plural] : undefined;
}

const VERB_FORMS: Array<Exclude<Form, 'written' | 'plural'>> = ['infinitive', 'third', 'past', 'participle', 'gerund'];

function addVariant(map: Map<string, Set<Form>>, text: string, form: Form): void {
  let forms = map.get(text);
  if (!forms) map.set(text, (forms = new Set()));
  forms.add(form);
}

function replaceWord(words: string[], index: number, word: string): string {
  return words.map((w, i) => (i === index ? word : w)).join(' ');
}

/** Adds the verb forms of `words[index]` (given in any tense) to `map`. */
function addVerbVariants(map: Map<string, Set<Form>>, words: string[], index: number, tags: string[]): void {
  const forms = verbForms(toInfinitive(words[index].toLowerCase(), tags));
  if (!forms) return;
  for (const form of VERB_FORMS) addVariant(map, replaceWord(words, index, forms[form]), form);
}

function addPluralVariant(map: Map<string, Set<Form>>, words: string[], index: number): void {
  const plural = pluralOf(words[index].toLowerCase());
  if (plural) addVariant(map, replaceWord(words, index, plural), 'plural');
}

const has = (tags: string[] | undefined, ...wanted: string[]): boolean => !!tags && wanted.some((tag) => tags.includes(tag));

/**
 * Every surface form of a term: the term as written, plus verb conjugations and noun plurals
 * of its head word. Single words get both (an isolated word's part of speech is a guess:
 * "audit" is a noun and a verb); in phrases, a leading verb is conjugated ("comply with" ->
 * "complied with") and a trailing noun pluralised ("service user" -> "service users").
 */
export function termVariants(term: string): Variant[] {
  const words = term.split(' ');
  const map = new Map<string, Set<Form>>();
  addVariant(map, term, 'written');
  const tags = tagsOf(term);
  if (tags.length !== words.length) {
    // compromise split the phrase differently (contractions, numbers): only the written form.
    return [...map].map(([text, forms]) => ({ text, forms: [...forms] }));
  }
  if (words.length === 1) {
    const onlyModifier = has(tags[0], 'Adjective', 'Adverb', 'Preposition', 'Determiner', 'Pronoun', 'Conjunction') && !has(tags[0], 'Noun', 'Verb');
    if (!onlyModifier) {
      addVerbVariants(map, words, 0, tags[0]);
      if (!has(tags[0], 'PastTense', 'Gerund')) addPluralVariant(map, words, 0);
    }
  } else {
    // "commissioned care", "monitoring visit", "assessed need": a past or -ing form right
    // before a noun describes it; conjugating it ("commissioning care") would flag other meanings.
    const describesNoun = has(tags[0], 'PastTense', 'Gerund', 'Participle') && has(tags[1], 'Noun', 'Adjective') && !has(tags[1], 'Pronoun', 'Determiner');
    if (has(tags[0], 'Verb') && !has(tags[0], 'Auxiliary', 'Modal', 'Copula') && !describesNoun) addVerbVariants(map, words, 0, tags[0]);
    const last = words.length - 1;
    if (has(tags[last], 'Noun') && !has(tags[last], 'Pronoun', 'Plural')) addPluralVariant(map, words, last);
    if (has(tags[0], 'Noun') && !has(tags[0], 'Pronoun', 'Plural') && has(tags[1], 'Preposition', 'Conjunction')) addPluralVariant(map, words, 0);
  }
  // The written form wins for its own surface: "spent" written stays "written", not "past".
  return [...map].map(([text, forms]) => ({ text, forms: forms.has('written') ? ['written'] : [...forms] }));
}

/**
 * A replacement put into the form of the matched word, or undefined when it cannot follow
 * that form (a noun phrase offered for a matched verb: the sentence needs rewording).
 */
export function shapeReplacement(replacement: string, forms: readonly Form[]): string | undefined {
  if (forms.includes('written')) return replacement;
  const words = replacement.split(' ');
  const tags = tagsOf(replacement);
  if (tags.length !== words.length) return undefined;
  for (const form of forms) {
    if (form === 'plural') {
      const shaped = pluralisePhrase(words, tags);
      if (shaped) return shaped;
    } else if (form !== 'written' && has(tags[0], 'Verb') && !has(tags[0], 'Noun')) {
      const verb = verbForms(toInfinitive(words[0].toLowerCase(), tags[0]));
      if (verb) return replaceWord(words, 0, verb[form]);
    }
  }
  return undefined;
}

/**
 * Plural of a noun phrase that starts the replacement ("financial checkup" -> "financial
 * checkups"). Gives up (undefined) when a clause follows the noun ("person who draws on care"),
 * because the verb after it would have to change too.
 */
function pluralisePhrase(words: string[], tags: string[][]): string | undefined {
  let index = 0;
  while (index < words.length && has(tags[index], 'Determiner', 'Adjective') && !has(tags[index], 'Noun')) index++;
  let head = -1;
  while (index < words.length && has(tags[index], 'Noun') && !has(tags[index], 'Pronoun')) head = index++;
  if (head < 0) return undefined;
  if (has(tags[head], 'Plural')) return undefined;
  if (index < words.length && !has(tags[index], 'Preposition')) return undefined;
  const plural = pluralOf(words[head].toLowerCase());
  return plural ? replaceWord(words, head, plural) : undefined;
}

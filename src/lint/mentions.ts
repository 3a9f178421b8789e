/**
 * Mentions are not uses. A letter may need to name a word to explain it ("what we used to call
 * an “audit”"), or hold a name the writer cannot change ("Fraud Prevention Team", "PAYPOINT").
 *
 * - Inside a name (listed in the lexicon folder's names.yml, or a run of two or more words
 *   with capitals inside a sentence, like "Fraud Prevention Team"): not flagged.
 * - In quotes, or straight after words that introduce a word ("called", "known as", "means",
 *   "the word"): a suggestion that says why, instead of its usual level.
 *
 * The cue words and the small words a name may hold are data, below.
 */
import { type CompiledLexicon, type Token, walkTrie } from '../lexicon/index.js';
import type { Sentence } from './types.js';

/** Words that introduce a word being talked about. The matched words must follow straight after (an article may come between). */
export const MENTION_CUES: readonly string[] = [
  'called',
  'known as',
  'means',
  'meaning',
  'the word',
  'the words',
  'the term',
  'the phrase',
  'named',
  'call it',
  'calls it',
  'call this',
  'calls this',
  'referred to as',
  'described as',
];

/** Articles that may stand between a cue and the word: "known as an audit". */
const ARTICLES = new Set(['a', 'an', 'the']);

/** Small words that may sit inside a name in lower case: "Court of Protection", "Department for Work and Pensions". */
const NAME_JOINERS = new Set(['of', 'for', 'and', 'the', 'on', 'in', '&']);

/**
 * Words that, written with a capital inside a run, show the run is a heading in Title Case
 * ("Suspension Of Your Direct Payment"), not a name.
 */
const TITLE_CASE_WORDS = new Set(['of', 'for', 'and', 'the', 'to', 'your', 'you', 'we', 'our', 'a', 'an', 'in', 'on', 'if', 'will', 'may', 'be', 'is', 'are', 'this', 'that', 'with', 'by', 'from', 'must', 'not', 'please', 'can', 'has', 'have', 'it', 'us', 'my']);

const CUE_KEYS = MENTION_CUES.map((cue) => cue.split(' '));

/**
 * Cues that name a thing, which may come a few words before the word they introduce: "called the
 * spending record a monitoring return", "call this check an audit", "known as the annual audit".
 */
export const NAMING_CUES: readonly string[] = ['call', 'calls', 'called', 'calling', 'named', 'termed', 'known as', 'referred to as', 'described as'];
/** "call" straight before a word is a mention only after "what" ("what some places still call an audit") or "used to". */
const BARE_CALL = ['call', 'calls'];
/** Words a named thing starts with: "call this check an audit". */
const OBJECT_STARTS = new Set(['this', 'that', 'these', 'those', 'it', 'the', 'our', 'your', 'their', 'its', 'them']);
/** How many words may stand between a naming cue and the word (an article among them). */
const MAX_BETWEEN = 4;
/** Words that end the stretch after a naming cue: a new clause or verb, not part of a name for a thing. */
const NOT_BETWEEN = new Set(['and', 'or', 'but', 'will', 'would', 'may', 'might', 'can', 'could', 'must', 'should', 'shall', 'is', 'are', 'was', 'were', 'be', 'been', 'to', 'we', 'you', 'they', 'he', 'she', 'i', 'not', 'if', 'when', 'which', 'who', 'because', 'so', 'then', 'for', 'from', 'by', 'with', 'of']);
const NAMING_KEYS = NAMING_CUES.map((cue) => cue.split(' '));
/** Naming cues that may have describing words between their article and the word ("known as the annual audit"); not "call" ("we will call the annual audit meeting"). */
const NAMED_AS_KEYS = NAMING_KEYS.filter((keys) => !BARE_CALL.includes(keys[0]));
const BARE_CALL_KEYS = BARE_CALL.map((cue) => [cue]);

function capitalised(text: string, token: Token): boolean {
  const first = text[token.start];
  return first !== first.toLowerCase();
}

/** Spans [first, last] of the names from names.yml found in the tokens. */
export function listedNames(lexicon: CompiledLexicon, tokens: readonly Token[], text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!lexicon.names.next) return spans;
  walkTrie(lexicon.names, tokens, text, (raw) => spans.push([raw.first, raw.last]));
  return spans;
}

/**
 * True when tokens first..last lie inside a name written with capitals: a run of two or more
 * capitalised words (small joiners like "of" allowed between them) in one sentence, that is
 * not the whole sentence or heading (a heading in Title Case is not a name) and holds no
 * capitalised everyday word ("Of", "Your").
 */
export function inCapitalisedName(text: string, tokens: readonly Token[], first: number, last: number, sentence: Sentence): boolean {
  for (let i = first; i <= last; i++) if (!capitalised(text, tokens[i]) && !NAME_JOINERS.has(tokens[i].norm)) return false;
  if (!capitalised(text, tokens[first]) || !capitalised(text, tokens[last])) return false;
  let start = first;
  while (start - 1 >= sentence.firstToken && !tokens[start].barrier) {
    const before = tokens[start - 1];
    if (capitalised(text, before)) start--;
    else if (NAME_JOINERS.has(before.norm) && start - 2 >= sentence.firstToken && capitalised(text, tokens[start - 2]) && !tokens[start - 1].barrier) start -= 2;
    else break;
  }
  let end = last;
  while (end + 1 < sentence.endToken && !tokens[end + 1].barrier) {
    const after = tokens[end + 1];
    if (capitalised(text, after)) end++;
    else if (NAME_JOINERS.has(after.norm) && end + 2 < sentence.endToken && capitalised(text, tokens[end + 2]) && !tokens[end + 2].barrier) end += 2;
    else break;
  }
  // The sentence's own capital: "The Fraud Team" is the name "Fraud Team".
  if (start === sentence.firstToken && TITLE_CASE_WORDS.has(tokens[start].norm)) start++;
  if (start === sentence.firstToken && end === sentence.endToken - 1) return false;
  let words = 0;
  for (let i = start; i <= end; i++) {
    if (!capitalised(text, tokens[i])) continue;
    if (TITLE_CASE_WORDS.has(tokens[i].norm)) return false;
    words++;
  }
  return words >= 2;
}

const OPENERS: Record<string, string> = { '\u201C': '\u201D', '\u2018': '\u2019', '"': '"', "'": "'" };

const QUOTE_MARKS = new Set(['\u201C', '\u201D', '\u2018', '\u2019', '"', "'"]);

/** How far (characters) from a term a quotation mark around it is looked for. */
const QUOTE_REACH = 200;

/** True when offsets start..end are inside quotation marks within the sentence. */
function quoted(text: string, sentence: Sentence, start: number, end: number): boolean {
  // Looked for within QUOTE_REACH characters either side: a word quoted to be talked about sits
  // in a short quotation, and an unbounded look in a long run-on sentence would make every
  // match cost the whole sentence (200 KB of one sentence took 22 s).
  // The sentence's own span leaves out a quotation mark that opens or closes it ("'Non-compliance'
  // is a word we have taken out."), so quotation marks right outside it are looked at too.
  let first = sentence.start;
  while (first > 0 && first > sentence.start - 3 && QUOTE_MARKS.has(text[first - 1])) first--;
  let last = sentence.end;
  while (last < text.length && last < sentence.end + 3 && QUOTE_MARKS.has(text[last])) last++;
  const from = Math.max(first, start - QUOTE_REACH);
  const to = Math.min(last, end + QUOTE_REACH);
  // The nearest opening mark before the words with no closing mark between, and its closing mark after.
  for (let i = start - 1; i >= from; i--) {
    const c = text[i];
    const close = OPENERS[c];
    if (c === '\u201D') return false;
    if (c === '\u2019' && !/\p{L}/u.test(text[i + 1] ?? '')) return false;
    if (!close) continue;
    // A straight or curly single quote is an opening mark only before a letter and after a space or the start.
    if ((c === "'" || c === '"') && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) return false;
    for (let j = end; j < to; j++) {
      const d = text[j];
      if (d === close && !/\p{L}/u.test(text[j + 1] ?? '')) return true;
      if (d === c && c !== close) return false;
    }
    return false;
  }
  return false;
}

/** The cue words ending at token `at` ("called", "known as"), if any. */
function cueEndingAt(tokens: readonly Token[], at: number, sentence: Sentence, keysList: readonly string[][]): string | undefined {
  for (const keys of keysList) {
    const from = at - keys.length + 1;
    if (from < sentence.firstToken) continue;
    let all = true;
    for (let k = 0; k < keys.length && all; k++) all = tokens[from + k].norm === keys[k];
    if (all) return keys.join(' ');
  }
  return undefined;
}

/** Only spaces between tokens a..b (no comma, full stop or bracket): one run of words. */
function joined(text: string, tokens: readonly Token[], a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (tokens[i + 1].barrier || !/^\s*$/.test(text.slice(tokens[i].end, tokens[i + 1].start))) return false;
  return true;
}

/** The cue words right before token `first` ("called", "known as"), if any. */
function cueBefore(text: string, tokens: readonly Token[], first: number, sentence: Sentence): string | undefined {
  let at = first - 1;
  const article = at >= sentence.firstToken && ARTICLES.has(tokens[at].norm);
  if (article) at--;
  const plain = cueEndingAt(tokens, at, sentence, CUE_KEYS);
  if (plain) return plain;
  // "what some places still call an audit", "we used to call an audit".
  const call = cueEndingAt(tokens, at, sentence, BARE_CALL_KEYS);
  if (call && joined(text, tokens, at, first)) {
    for (let i = Math.max(sentence.firstToken, at - 5); i < at; i++) if (tokens[i].norm === 'what') return call;
    if (at - 2 >= sentence.firstToken && tokens[at - 2].norm === 'used' && tokens[at - 1].norm === 'to') return call;
  }
  // A naming cue, then a thing and an article, or an article and a describing word or two:
  // "called the spending record a monitoring return", "call this check an audit",
  // "known as the annual audit".
  for (let extra = 1; extra <= MAX_BETWEEN; extra++) {
    const end = first - 1 - extra; // the last token before the words in between
    if (end < sentence.firstToken) break;
    const between = tokens.slice(end + 1, first);
    if (between.some((t) => NOT_BETWEEN.has(t.norm))) break;
    if (!joined(text, tokens, end, first)) break;
    // cue + article + describing words + term ("known as the annual audit")
    if (ARTICLES.has(tokens[end].norm) && extra <= 2) {
      const cue = cueEndingAt(tokens, end - 1, sentence, NAMED_AS_KEYS);
      if (cue) return cue;
    }
    // cue + thing + article + term ("called the spending record a monitoring return")
    if (article && extra >= 2 && OBJECT_STARTS.has(tokens[end + 1].norm)) {
      const cue = cueEndingAt(tokens, end, sentence, NAMING_KEYS);
      if (cue) return cue;
    }
  }
  return undefined;
}

/** Why a match is a mention, or undefined when it is a use. */
export function mentionOf(text: string, tokens: readonly Token[], first: number, last: number, sentence: Sentence): string | undefined {
  if (quoted(text, sentence, tokens[first].start, tokens[last].end)) return 'in quotation marks';
  const cue = cueBefore(text, tokens, first, sentence);
  return cue ? `after “${cue}”` : undefined;
}

/** The sentence that holds token `index` (sentences in order, as the engine makes them). */
export function sentenceOf(sentences: readonly Sentence[], index: number): Sentence | undefined {
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = sentences[mid];
    if (index < s.firstToken) high = mid - 1;
    else if (index >= s.endToken) low = mid + 1;
    else return s;
  }
  return undefined;
}

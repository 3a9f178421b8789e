/**
 * The one word tokenizer. The lexicon compiles its terms with it and the linter reads text
 * with it, so a term and the words of a letter are always cut and folded the same way.
 *
 * Folding rules (why: people paste letters from Word, PDFs and e-mails):
 * - case-insensitive (lower-cased keys);
 * - curly and straight apostrophes are the same;
 * - zero-width characters and soft hyphens inside a word are dropped ("mis\u200Bspent" is "misspent");
 * - any run of spaces, non-breaking spaces and line breaks separates words, so a phrase still
 *   matches across a line break ("unauthorised\nexpenditure");
 * - a hyphen between two words joins them loosely: "mis-spent" is both [mis, spent] and [misspent].
 */

/** One word in the text. Offsets are 0-based JavaScript string indexes into the linted text. */
export interface Token {
  start: number;
  end: number;
  /** Folded form used as the trie key. */
  norm: string;
  /** The folded form without a possessive ('s or trailing s'), or undefined when there is none. */
  bare: string | undefined;
  /** True when a hyphen (and nothing else) joins this word to the next one. */
  joinNext: boolean;
  /** True when a phrase must not run from the previous token into this one (code, a placeholder, a URL between them). */
  barrier: boolean;
}

/** Characters that vanish inside a word: zero-width space/joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const APOSTROPHES = /[\u2018\u2019\u02BC\u2032`]/g;
const NEEDS_FOLD = /[\u00AD\u200B-\u200D\u2060\uFEFF\u2018\u2019\u02BC\u2032`]/;

/**
 * A word: initialisms with dots (e.g., a.d.d.), or letters/digits with inner apostrophes,
 * invisible characters, and separators between digits (1,234.56 and 31.01.21 stay one word).
 */
const WORD =
  /(?:\p{L}\.){2,}(?!\p{L})|[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}\u00AD\u200B-\u200D\u2060\uFEFF]|['\u2018\u2019\u02BC](?=[\p{L}\p{N}])|[.,:/](?<=\p{N}[.,:/])(?=\p{N}))*/gu;

const HYPHENS = new Set(['-', '\u2010', '\u2011']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Folds one word to its key: lower case, straight apostrophes, no invisible characters. */
export function foldWord(raw: string): string {
  const lower = raw.toLowerCase();
  return NEEDS_FOLD.test(lower) ? lower.replace(INVISIBLE, '').replace(APOSTROPHES, "'") : lower;
}

function bareOf(norm: string): string | undefined {
  if (norm.length > 2 && norm.endsWith("'s")) return norm.slice(0, -2);
  return undefined;
}

/**
 * Appends the words of `text.slice(from, to)` to `out`. The first word gets `barrier` when
 * `barrierFirst` is true (the run follows something that is not prose).
 */
export function tokenizeRange(text: string, from: number, to: number, out: Token[], barrierFirst = false): void {
  // Search the run's own slice, so a run with no words never scans the rest of the document.
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  WORD.lastIndex = 0;
  let first = true;
  for (let match = WORD.exec(slice); match; match = WORD.exec(slice)) {
    const raw = match[0];
    const start = from + match.index;
    const end = start + raw.length;
    const norm = foldWord(raw);
    if (norm.length === 0) continue;
    const joinNext = end + 1 < to && HYPHENS.has(text[end]) && LETTER_OR_DIGIT.test(text[end + 1]);
    out.push({ start, end, norm, bare: bareOf(norm), joinNext, barrier: first && barrierFirst });
    first = false;
  }
}

/** The words of a whole string. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  tokenizeRange(text, 0, text.length, out);
  return out;
}

/**
 * The trie keys of a term or phrase as written in the lexicon. Returns each way the phrase can
 * be keyed: hyphenated words give both the split and the joined form.
 */
export function phraseKeys(phrase: string): string[][] {
  const tokens = tokenize(phrase);
  let results: string[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.joinNext && i + 1 < tokens.length) {
      // Collect the whole hyphenated run: [mis, spend] and [misspend].
      let j = i;
      const parts = [token.norm];
      while (tokens[j].joinNext && j + 1 < tokens.length) {
        j++;
        parts.push(tokens[j].norm);
      }
      const joined = parts.join('');
      results = results.flatMap((keys) => [[...keys, ...parts], [...keys, joined]]);
      i = j;
    } else {
      results = results.map((keys) => [...keys, token.norm]);
    }
  }
  return results.filter((keys) => keys.length > 0);
}

/**
 * Words the readability formulas should treat as familiar: the wording the lexicon asks
 * writers to use, and the council's own names for the parts of a direct payment.
 *
 * Why: the formulas judge a word by its length and by whether it is on a 1940s word list for
 * children, so "personal assistant" counts as two hard words and the lexicon's own suggestion
 * "financial assessment (a check of your income and savings)" reads as hard. A suggestion the
 * writer cannot act on (there is no plainer name for a personal assistant, and the wording is
 * the one the co-production group agreed) teaches people to ignore the check. Where one of
 * these phrases appears, its words count as familiar (Dale-Chall, Spache) and not as complex
 * (Gunning fog, whose own rules leave out familiar jargon); their letters and syllables still
 * count, so a long sentence full of them can still be hard.
 */

/**
 * The council's names for the parts of a direct payment: the reader meets them in every letter,
 * agreement and guide about it, the law and every council use them, and there is no plainer name
 * (docs/lint.md, "Familiar words"). Only add a term that meets all three.
 */
export const COUNCIL_TERMS: readonly string[] = ['direct payment', 'personal budget', 'support plan', 'personal assistant', 'care and support'];

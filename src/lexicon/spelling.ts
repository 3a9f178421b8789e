/**
 * UK and US spellings of one word, so "unauthorised" also catches "unauthorized" and the
 * other way round. Rules cover the regular patterns (-ise/-ize, -yse/-yze, -our/-or,
 * -tre/-ter, doubled l before -ed/-ing); a short table covers the words that follow no rule.
 *
 * A rule may produce a non-word (behaviour -> behavior is right; doctor -> doctour is not a
 * word). That is harmless: a key no text contains never matches. The rules are written so
 * they never turn one real word into a different real word (fill/filled never becomes filed).
 */

/** Word pairs no rule covers (UK first). Both directions are used. */
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['defence', 'defense'],
  ['offence', 'offense'],
  ['offences', 'offenses'],
  ['pretence', 'pretense'],
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['judgement', 'judgment'],
  ['judgements', 'judgments'],
  ['ageing', 'aging'],
  ['enrol', 'enroll'],
  ['enrolment', 'enrollment'],
  ['fulfil', 'fulfill'],
  ['fulfilment', 'fulfillment'],
  ['instalment', 'installment'],
  ['instalments', 'installments'],
  ['cheque', 'check'],
  ['cheques', 'checks'],
  ['grey', 'gray'],
  ['paediatric', 'pediatric'],
  ['manoeuvre', 'maneuver'],
  ['practise', 'practice'],
  ['practised', 'practiced'],
  ['practising', 'practicing'],
  ['cancelled', 'canceled'],
  ['cancelling', 'canceling'],
];

const TABLE_MAP = new Map<string, string[]>();
for (const [uk, us] of TABLE) {
  // "check" must not come back as "cheque": only the UK -> US direction of that pair is safe.
  if (uk === 'cheque' || uk === 'cheques' || uk === 'practise') {
    TABLE_MAP.set(uk, [...(TABLE_MAP.get(uk) ?? []), us]);
    continue;
  }
  TABLE_MAP.set(uk, [...(TABLE_MAP.get(uk) ?? []), us]);
  TABLE_MAP.set(us, [...(TABLE_MAP.get(us) ?? []), uk]);
}

/** -our words that are not the colour/color pattern. */
const OUR_EXCEPTIONS = new Set(['four', 'your', 'hour', 'pour', 'sour', 'tour', 'dour', 'flour', 'detour', 'contour', 'devour', 'amour', 'ours', 'yours', 'hours', 'tours', 'fours']);

/** Rules as [pattern, replacement]; each is tried on the word and applied where it matches. */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // organise/organize, organisation/organization, organiser/organizer
  [/^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers|able)$/, '$1iz$2'],
  [/^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers|able)$/, '$1is$2'],
  // analyse/analyze, paralyse/paralyze
  [/^([a-z]{3,})ys(e|es|ed|ing)$/, '$1yz$2'],
  [/^([a-z]{3,})yz(e|es|ed|ing)$/, '$1ys$2'],
  // behaviour/behavior, colour/color, favourite/favorite
  [/^([a-z]{2,})our(s|ed|ing|able|ite|ites|ful|hood|less)?$/, '$1or$2'],
  [/^([a-z]{2,})or(s|ed|ing|able|ite|ites|ful)?$/, '$1our$2'],
  // centre/center, metre/meter
  [/^([a-z]{2,})tre(s|d)?$/, '$1ter$2'],
  // travelled/traveled, labelling/labeling (long stems only, so filled never becomes filed)
  [/^([a-z]{3,}[aeiou])ll(ed|ing|er|ers)$/, '$1l$2'],
];

/** Spelling variants of one lower-case word, not including the word itself. */
export function spellingVariants(word: string): string[] {
  const out = new Set<string>(TABLE_MAP.get(word) ?? []);
  for (const [pattern, replacement] of RULES) {
    if (!pattern.test(word)) continue;
    if (pattern.source.includes('our') && OUR_EXCEPTIONS.has(word)) continue;
    out.add(word.replace(pattern, replacement));
  }
  out.delete(word);
  return [...out];
}

/**
 * Every spelling of a phrase: each word's variants combined (capped, so a long phrase cannot
 * explode; phrases in a lexicon are a few words).
 */
export function phraseSpellings(phrase: string, limit = 16): string[] {
  const words = phrase.split(' ');
  let results = [''];
  for (const word of words) {
    const options = [word, ...spellingVariants(word.toLowerCase())];
    const next: string[] = [];
    for (const prefix of results) {
      for (const option of options) {
        if (next.length >= limit) break;
        next.push(prefix ? `${prefix} ${option}` : option);
      }
    }
    results = next;
  }
  return results;
}

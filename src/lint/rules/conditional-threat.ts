/**
 * Conditional threats: "If you do not send your statements by 1 March, your direct payment will
 * be stopped." A condition and a sanction in one sentence read as a threat, even when no single
 * word is on the lexicon. So does a consequence without an explicit condition: "This could lead
 * to your funding being taken away."
 *
 * The rule is data (the conditions and sanctions below, written in the lexicon's pattern
 * syntax, docs/lexicon.md) and one small function. A warning; an error when the sanction is
 * legal action or taking money back. Words inside a name ("Court of Protection") do not count.
 *
 * Part of speech: "stop" and "end" are sanctions only as verbs ("will stop", "ended"), not as
 * nouns ("by the end of March"). That one question is answered from compromise's lexicon data
 * (verbs.ts), which costs a map lookup; running compromise's tagger on each sentence with a
 * condition would cost far more (bench/lint.bench.ts measures both) and answer nothing else
 * the rule needs.
 */
import { addPattern, type LexiconSupport, newPatternAutomaton, parsePattern, type Token, walkPatterns } from '../../lexicon/index.js';
import { inCapitalisedName, listedNames, sentenceOf } from '../mentions.js';
import type { Rule, Sentence } from '../types.js';
import { isVerb } from '../verbs.js';

/** Word sets the patterns below use (the same format as the lexicon's word-sets.yml). */
const SUPPORT: LexiconSupport = {
  sets: new Map([
    ['money', ['money', 'payment', 'direct payment', 'funds', 'overpayment', 'surplus', 'balance', 'amount', 'cost', 'debt', 'budget', 'personal budget', 'contribution']],
    ['support', ['direct payment', 'payment', 'support', 'funding', 'services', 'care', 'personal budget', 'package', 'account', 'card']],
    ['negation', ['do not', "don't", 'does not', "doesn't", 'did not', "didn't", 'have not', "haven't", 'has not', "hasn't", 'cannot', "can't", 'are not', "aren't", 'is not', "isn't", 'fail to', 'not']],
  ]),
  derived: new Map([
    ['recover', ['recovery']],
    ['withdraw', ['withdrawal']],
    ['suspend', ['suspension']],
    ['terminate', ['termination']],
    ['refer', ['referral']],
    ['cease', ['cessation']],
  ]),
  names: [],
};

/** A condition or a consequence that leads into what will happen. */
export const CONDITIONS: readonly string[] = [
  'if (you, we) {negation}',
  'if …4 not …8 by',
  '[failure, failing, fail] to',
  'unless you',
  'should you (not, fail to)',
  'should [this, these, it, they] not',
  'otherwise',
  '[lead, result] [to, in]',
  'risk (of) (your) {support} being',
];

/** What the letter says will happen. `severe`: legal action or taking money back (an error). `verb`: counts only as a verb. */
export const SANCTIONS: ReadonlyArray<{ pattern: string; severe?: boolean; verb?: boolean }> = [
  { pattern: '[suspend, withdraw, terminate, cease, halt, cancel]' },
  { pattern: '[stop, end]', verb: true },
  { pattern: 'take away' },
  { pattern: '[taken, took, take] {support} away' },
  { pattern: 'take back' },
  { pattern: '[referral, refer, pass the matter on, pass this on, pass it on, passed on to]' },
  { pattern: 'further action' },
  { pattern: '[move, moved] to commissioned [care, services, support]' },
  { pattern: '[recover, reclaim, claw back, recoup] …3 {money}', severe: true },
  { pattern: '[legal action, legal proceedings, court action, court, debt collection, debt recovery, debt collector, debt collectors, bailiff, bailiffs, prosecute, prosecution]', severe: true },
];

/** Words before a sanction that say it will not happen: "we will not stop your payments". */
const NEGATIONS = new Set(['not', 'never', "won't", "wouldn't", "don't", 'cannot', "can't", 'no', "shouldn't", "mustn't"]);

const REASON =
  'This reads as a threat: it says what will happen to the person’s support if something is not done. People told us letters like this frightened them for weeks. Say plainly what will happen and why, that you will talk with them first, and what help there is, for example “If we have not heard from you by 1 March, we will phone you to talk about what would help.”';
const SEVERE_REASON =
  'This threatens legal action or taking money back if something is not done. A standard letter never does this: if it might really happen, a worker talks to the person first. Say plainly what will happen and why, that you will talk with them first, and what help there is, for example “If we have not heard from you by 1 March, we will phone you to talk about what would help.”';

const automaton = newPatternAutomaton();
for (const [index, pattern] of [...CONDITIONS, ...SANCTIONS.map((s) => s.pattern)].entries()) {
  const parsed = parsePattern(pattern, new Set(SUPPORT.sets.keys()));
  if (!parsed.ok) throw new Error(`conditional-threat: pattern "${pattern}": ${parsed.problem.message}`);
  addPattern(automaton, parsed.items, index, SUPPORT);
}

interface Hit {
  first: number;
  last: number;
}

function negated(tokens: readonly Token[], first: number, sentence: Sentence): boolean {
  for (let i = Math.max(sentence.firstToken, first - 2); i < first; i++) if (NEGATIONS.has(tokens[i].norm)) return true;
  return false;
}

export const conditionalThreatRule: Rule = {
  id: 'council/conditional-threat',
  englishOnly: true,
  run(context) {
    const { tokens, text, sentences } = context;
    const bySentence = new Map<Sentence, { conditions: Hit[]; sanctions: Array<Hit & { severe: boolean }> }>();
    walkPatterns(automaton, tokens, text, (index, first, last) => {
      const sentence = sentenceOf(sentences, first);
      if (!sentence) return;
      let found = bySentence.get(sentence);
      if (!found) bySentence.set(sentence, (found = { conditions: [], sanctions: [] }));
      if (index < CONDITIONS.length) {
        found.conditions.push({ first, last });
        return;
      }
      const sanction = SANCTIONS[index - CONDITIONS.length];
      if (sanction.verb && !isVerb(tokens[last].norm, first > sentence.firstToken ? tokens[first - 1].norm : '', first === sentence.firstToken)) return;
      found.sanctions.push({ first, last, severe: !!sanction.severe });
    });
    if (bySentence.size === 0) return;
    const names = listedNames(context.lexicon, tokens, text);
    for (const [sentence, { conditions, sanctions }] of bySentence) {
      if (conditions.length === 0) continue;
      const real = sanctions.filter(
        (s) =>
          !negated(tokens, s.first, sentence) &&
          !conditions.some((c) => c.first <= s.last && s.first <= c.last) &&
          !names.some(([a, b]) => a <= s.first && b >= s.last) &&
          !inCapitalisedName(text, tokens, s.first, s.last, sentence),
      );
      if (real.length === 0) continue;
      const severe = real.some((s) => s.severe);
      const firstToken = Math.min(conditions[0].first, ...real.map((s) => s.first));
      const lastToken = Math.max(...conditions.map((c) => c.last), ...real.map((s) => s.last));
      context.report({
        ruleId: 'council/conditional-threat',
        source: 'council',
        severity: severe ? 'error' : 'warning',
        reason: severe ? SEVERE_REASON : REASON,
        start: tokens[firstToken].start,
        end: tokens[lastToken].end,
        expected: [],
      });
    }
  },
};

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
import v8 from 'node:v8';
import { addPattern, AUTOMATON_CODEC, cachedOnDisk, compromiseVersion, lexiconCodeHash, type LexiconSupport, newPatternAutomaton, parsePattern, type PatternAutomaton, snapshotKey, type Token, walkPatterns } from '../../lexicon/index.js';
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

/**
 * A condition or a consequence that leads into what will happen. `wide`: a condition that is as
 * often neutral as not ("Unless you tell us otherwise, we will visit at 10am.", "If you do not
 * need help, you can ignore this letter."): it makes a threat only with a sanction aimed at the
 * person's support or money (see `SANCTIONS`' `wide`).
 */
export const CONDITIONS: ReadonlyArray<{ pattern: string; wide?: boolean }> = [
  { pattern: 'if (you, we) {negation}' },
  { pattern: 'if …4 not …8 by' },
  { pattern: '[failure, failing, fail] to' },
  { pattern: 'should you (not, fail to)' },
  { pattern: 'should [this, these, it, they] not' },
  { pattern: 'otherwise' },
  { pattern: '[lead, result] [to, in]' },
  { pattern: 'risk (of) (your) {support} being' },
  // Any subject: "Unless we receive your statements", "Unless you send", "If things do not improve".
  { pattern: 'unless (you, we, they, it, this, the, your, our)', wide: true },
  { pattern: 'if …4 {negation}', wide: true },
  // Something going on: "If this continues", "If it happens again", "If the problems carry on".
  { pattern: 'if …3 [continue, carry on, persist, keep happening, happen again, occur again]', wide: true },
];

/** Words that look like a condition and are not: "Unless you tell us otherwise" is an offer. A condition inside one of these does not count. */
export const NOT_CONDITIONS: readonly string[] = ['[tell, let, say, ask, agree, arrange] (us, with us, you) otherwise', '(unless, except, if) (where) [stated, agreed, said, shown] otherwise'];

/**
 * What the letter says will happen. `severe`: legal action or taking money back (an error).
 * `verb`: counts only as a verb. `wide`: also a threat after a wide condition — `always`, or
 * `support` when a support or money word is next to it ("your payments will stop", "end your
 * direct payment"); left out, only after the other conditions ("Unless you tell us otherwise, we
 * will refer you to the carers' centre" is an offer).
 */
export const SANCTIONS: ReadonlyArray<{ pattern: string; severe?: boolean; verb?: boolean; wide?: 'always' | 'support' }> = [
  { pattern: '[suspend, withdraw, terminate, cease, halt, cancel]', wide: 'support' },
  { pattern: '[stop, end]', verb: true, wide: 'support' },
  { pattern: 'take away', wide: 'support' },
  { pattern: '[taken, took, take] {support} away', wide: 'always' },
  { pattern: 'take back', wide: 'support' },
  { pattern: '[referral, refer, pass the matter on, pass this on, pass it on, passed on to]' },
  { pattern: 'further action', wide: 'always' },
  // Moving someone off a direct payment: "moved to commissioned care", "changed to
  // council-arranged care", "provided by the council instead".
  { pattern: '[move, moved, change, changed, switch, switched, transfer, transferred, revert, reverted, put] (you, it, them, your support, your care, your services) [to, onto, over to] (a) [commissioned, council-arranged, council arranged] [care, services, service, support]', wide: 'always' },
  { pattern: '[provide, provided, arrange, arranged, organise, organised] by the council instead', wide: 'always' },
  { pattern: '[recover, reclaim, claw back, recoup] …3 {money}', severe: true, wide: 'always' },
  { pattern: '[legal action, legal proceedings, court action, court, debt collection, debt recovery, debt collector, debt collectors, bailiff, bailiffs, prosecute, prosecution]', severe: true, wide: 'always' },
];

/** The support and money words a sanction after a wide condition must be next to. */
const TARGETS = ['{support}', '{money}'];
/** How many words before a sanction, or after it, a support or money word may be: "your direct payment will be reviewed and may end", "stop your". */
const TARGET_BEFORE = 8;
const TARGET_AFTER = 3;

/** Words before a sanction that say it will not happen: "we will not stop your payments". */
const NEGATIONS = new Set(['not', 'never', "won't", "wouldn't", "don't", 'cannot', "can't", 'no', "shouldn't", "mustn't"]);

const REASON =
  'This reads as a threat: it says what will happen to the person’s support if something is not done. People told us letters like this frightened them for weeks. Say plainly what will happen and why, that you will talk with them first, and what help there is, for example “If we have not heard from you by 1 March, we will phone you to talk about what would help.”';
const SEVERE_REASON =
  'This threatens legal action or taking money back if something is not done. A standard letter never does this: if it might really happen, a worker talks to the person first. Say plainly what will happen and why, that you will talk with them first, and what help there is, for example “If we have not heard from you by 1 March, we will phone you to talk about what would help.”';

const PATTERNS = [...CONDITIONS.map((c) => c.pattern), ...SANCTIONS.map((s) => s.pattern), ...TARGETS, ...NOT_CONDITIONS];
const FIRST_TARGET = CONDITIONS.length + SANCTIONS.length;
const FIRST_NOT_CONDITION = FIRST_TARGET + TARGETS.length;

/** Compiles the rule's patterns into one automaton (inflecting every word: compromise). */
export function buildThreatAutomaton(): PatternAutomaton {
  const automaton = newPatternAutomaton();
  for (const [index, pattern] of PATTERNS.entries()) {
    const parsed = parsePattern(pattern, new Set(SUPPORT.sets.keys()));
    if (!parsed.ok) throw new Error(`conditional-threat: pattern "${pattern}": ${parsed.problem.message}`);
    addPattern(automaton, parsed.items, index, SUPPORT);
  }
  return automaton;
}

let automaton: PatternAutomaton | undefined;

/**
 * The rule's automaton, compiled on first use, from its snapshot on disk when these patterns
 * were compiled before by this code (lexicon/snapshot.ts): compiling them loads compromise and
 * costs most of a second, too much for every `plainly lint`.
 */
function threatAutomaton(): PatternAutomaton {
  automaton ??= cachedOnDisk(
    'threat-patterns',
    snapshotKey(['plainly threat patterns 2', process.versions.v8, compromiseVersion(), lexiconCodeHash(), JSON.stringify(PATTERNS), v8.serialize(SUPPORT)]),
    buildThreatAutomaton,
    AUTOMATON_CODEC,
  );
  return automaton;
}

interface Hit {
  first: number;
  last: number;
}

interface Condition extends Hit {
  wide: boolean;
}

interface Sanction extends Hit {
  severe: boolean;
  wide: 'always' | 'support' | undefined;
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
    const bySentence = new Map<Sentence, { conditions: Condition[]; sanctions: Sanction[]; targets: Hit[]; offers: Hit[] }>();
    walkPatterns(threatAutomaton(), tokens, text, (index, first, last) => {
      const sentence = sentenceOf(sentences, first);
      if (!sentence) return;
      let found = bySentence.get(sentence);
      if (!found) bySentence.set(sentence, (found = { conditions: [], sanctions: [], targets: [], offers: [] }));
      if (index < CONDITIONS.length) {
        found.conditions.push({ first, last, wide: !!CONDITIONS[index].wide });
        return;
      }
      if (index >= FIRST_NOT_CONDITION) {
        found.offers.push({ first, last });
        return;
      }
      if (index >= FIRST_TARGET) {
        found.targets.push({ first, last });
        return;
      }
      const sanction = SANCTIONS[index - CONDITIONS.length];
      if (sanction.verb && !isVerb(tokens[last].norm, first > sentence.firstToken ? tokens[first - 1].norm : '', first === sentence.firstToken)) return;
      found.sanctions.push({ first, last, severe: !!sanction.severe, wide: sanction.wide });
    });
    if (bySentence.size === 0) return;
    const names = listedNames(context.lexicon, tokens, text);
    for (const [sentence, { conditions: found, sanctions, targets, offers }] of bySentence) {
      const all = found.filter((c) => !offers.some((o) => o.first <= c.first && c.last <= o.last));
      if (all.length === 0) continue;
      const inCondition = (h: Hit): boolean => all.some((c) => c.first <= h.last && h.first <= c.last);
      // A support or money word next to the sanction, not inside a condition ("Unless we receive your payment").
      const aimed = (s: Sanction): boolean =>
        targets.some((t) => !inCondition(t) && t.last >= s.first - TARGET_BEFORE && t.first <= s.last + TARGET_AFTER);
      const strong = all.some((c) => !c.wide);
      // The conditions that count (and that the finding shows): the strong ones when there are any.
      const conditions = strong ? all.filter((c) => !c.wide) : all;
      const real = sanctions.filter(
        (s) =>
          (strong || s.wide === 'always' || (s.wide === 'support' && aimed(s))) &&
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

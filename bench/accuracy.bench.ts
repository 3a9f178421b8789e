/**
 * `npm run bench:accuracy`: how well Plainly's lint finds hurtful and confusing wording in
 * letters about direct payments, and how often it is wrong, on a labelled corpus
 * (bench/accuracy/corpus.yml; see bench/accuracy/README.md), next to alex, write-good and the
 * stock retext pipeline (retext-english + retext-equality + retext-simplify +
 * retext-readability, default options) on the same sentences.
 *
 * - Recall: a flagged phrase is caught when a mark overlaps it. For Plainly the mark must be a
 *   warning or an error, except in the plain-english category, where a suggestion counts too.
 *   Marks that judge a whole sentence (readability, sentence length) never count. The other
 *   tools have no severities, so every message of theirs counts (retext-readability's, which
 *   judge a sentence, do not).
 * - Clean rate: a clean sentence passes when it gets no warning or error (Plainly) or no message
 *   (the others; retext-readability's left out, as Plainly's readability suggestions are).
 *
 * Options: --all lists the other tools' misses and false alarms too; --lexicon DIR.
 */
import { alex, type Checker, type Mark, plainly, stockRetext, writeGoodChecker } from './accuracy/checkers.js';
import { CLEAN_CATEGORIES, type Corpus, corpusProblems, HOLDOUT_PATH, loadCorpus, phraseSpan, PROBLEM_CATEGORIES, type Problem } from './accuracy/corpus.js';

const args = process.argv.slice(2);
const showAll = args.includes('--all');
const lexiconAt = args.indexOf('--lexicon');
const RECALL_TARGET = 0.95;
const CLEAN_TARGET = 0.98;

const corpus = loadCorpus();
const holdout = loadCorpus(HOLDOUT_PATH);
const shape = [...corpusProblems(corpus), ...corpusProblems(holdout, { problems: 0, clean: 0 }, corpus.sources).map((s) => `holdout.yml: ${s}`)];
if (shape.length > 0) {
  console.error(`The corpus is not well formed:\n${shape.map((s) => `  - ${s}`).join('\n')}`);
  process.exit(2);
}

const ours = plainly(lexiconAt >= 0 ? args[lexiconAt + 1] : undefined);
const checkers: Checker[] = [ours, alex(), writeGoodChecker(), stockRetext()];

interface Miss {
  problem: Problem;
  phrase: string;
  near: Mark[];
}
interface FalseAlarm {
  text: string;
  category: string;
  marks: Mark[];
}
interface Score {
  checker: Checker;
  phrases: number;
  caught: number;
  sentencesCaught: number;
  byCategory: Map<string, { phrases: number; caught: number }>;
  cleanPassed: number;
  cleanByCategory: Map<string, { n: number; passed: number }>;
  misses: Miss[];
  falseAlarms: FalseAlarm[];
  ms: number;
}

const overlaps = (m: Mark, [s, e]: [number, number]) => m.start < e && m.end > s;

function score(checker: Checker, corpus: Corpus): Score {
  const started = performance.now();
  const result: Score = { checker, phrases: 0, caught: 0, sentencesCaught: 0, byCategory: new Map(), cleanPassed: 0, cleanByCategory: new Map(), misses: [], falseAlarms: [], ms: 0 };
  for (const problem of corpus.problems) {
    const marks = checker.check(problem.text);
    const anySeverity = problem.category === 'plain-english';
    const cat = result.byCategory.get(problem.category) ?? { phrases: 0, caught: 0 };
    let all = true;
    for (const phrase of problem.flag) {
      const span = phraseSpan(problem.text, phrase)!;
      const hit = marks.some((m) => !m.sentenceWide && (m.counts || (anySeverity && checker === ours)) && overlaps(m, span));
      result.phrases++;
      cat.phrases++;
      if (hit) {
        result.caught++;
        cat.caught++;
      } else {
        all = false;
        result.misses.push({ problem, phrase, near: marks.filter((m) => !m.sentenceWide) });
      }
    }
    if (all) result.sentencesCaught++;
    result.byCategory.set(problem.category, cat);
  }
  for (const entry of corpus.clean) {
    const marks = checker.check(entry.text).filter((m) => m.counts);
    const cat = result.cleanByCategory.get(entry.category) ?? { n: 0, passed: 0 };
    cat.n++;
    if (marks.length === 0) {
      result.cleanPassed++;
      cat.passed++;
    } else result.falseAlarms.push({ text: entry.text, category: entry.category, marks });
    result.cleanByCategory.set(entry.category, cat);
  }
  result.ms = performance.now() - started;
  return result;
}

const scores = checkers.map((c) => score(c, corpus));
const held = checkers.map((c) => score(c, holdout));
const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${(n / d).toFixed(3)}`);
const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);
const cell = (s: string) => padL(s, 15);
const header = (first: string, width = 26) => `${pad(first, width)}${scores.map((s) => cell(s.checker.name)).join('')}`;

const counts = new Map<string, number>();
for (const p of corpus.problems) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
const cleanCounts = new Map<string, number>();
for (const c of corpus.clean) cleanCounts.set(c.category, (cleanCounts.get(c.category) ?? 0) + 1);

console.log(`Accuracy corpus: ${corpus.problems.length} problem sentences (${scores[0].phrases} flagged phrases), ${corpus.clean.length} clean sentences, ${corpus.sources.length} source pages.`);
console.log(`Plainly: the lexicon in ${lexiconAt >= 0 ? args[lexiconAt + 1] : 'lexicon/'} (${ours.entries} entries), profile standard, no document kind (every entry applies).\n`);

console.log(header('overall'));
console.log(`${pad('recall (phrases)', 26)}${scores.map((s) => cell(pct(s.caught, s.phrases))).join('')}`);
console.log(`${pad('sentences fully caught', 26)}${scores.map((s) => cell(pct(s.sentencesCaught, corpus.problems.length))).join('')}`);
console.log(`${pad('clean rate', 26)}${scores.map((s) => cell(pct(s.cleanPassed, corpus.clean.length))).join('')}`);
console.log(`${pad('missed phrases', 26)}${scores.map((s) => cell(String(s.misses.length))).join('')}`);
console.log(`${pad('false alarms', 26)}${scores.map((s) => cell(String(s.falseAlarms.length))).join('')}`);
console.log(`${pad('time (ms, whole corpus)', 26)}${scores.map((s) => cell(s.ms.toFixed(0))).join('')}`);

console.log(`\n${header('recall by category')}`);
for (const category of PROBLEM_CATEGORIES) {
  const label = `${category} (${counts.get(category) ?? 0})`;
  console.log(`${pad(label, 26)}${scores.map((s) => cell(pct(s.byCategory.get(category)?.caught ?? 0, s.byCategory.get(category)?.phrases ?? 0))).join('')}`);
}
console.log(`\n${header('clean rate by category')}`);
for (const category of CLEAN_CATEGORIES) {
  const label = `${category} (${cleanCounts.get(category) ?? 0})`;
  console.log(`${pad(label, 26)}${scores.map((s) => cell(pct(s.cleanByCategory.get(category)?.passed ?? 0, s.cleanByCategory.get(category)?.n ?? 0))).join('')}`);
}

const [mine] = scores;
const recall = mine.caught / mine.phrases;
const clean = mine.cleanPassed / corpus.clean.length;
console.log(`\nTargets for Plainly: recall ≥ ${RECALL_TARGET} (${recall.toFixed(3)}: ${recall >= RECALL_TARGET ? 'met' : 'NOT met'}), clean rate ≥ ${CLEAN_TARGET} (${clean.toFixed(3)}: ${clean >= CLEAN_TARGET ? 'met' : 'NOT met'}).`);

const describe = (m: Mark) => `${m.rule} ${m.severity} “${m.actual}”`;
for (const s of showAll ? scores : [mine]) {
  console.log(`\n${s.checker.name}: missed phrases (${s.misses.length})`);
  for (const miss of s.misses) {
    const near = miss.near.length > 0 ? `  [found: ${miss.near.map(describe).join('; ')}]` : '';
    console.log(`  - [${miss.problem.category}] “${miss.phrase}” in: ${miss.problem.text}${near}`);
  }
  console.log(`\n${s.checker.name}: false alarms on clean sentences (${s.falseAlarms.length})`);
  for (const alarm of s.falseAlarms) console.log(`  - [${alarm.category}] ${alarm.text}  [${alarm.marks.map(describe).join('; ')}]`);
}

console.log(`\nHeld-out set (bench/accuracy/holdout.yml: ${holdout.problems.length} problem sentences, ${held[0].phrases} phrases, ${holdout.clean.length} clean; written after the lexicon was grown, not used to change it)`);
console.log(header('held out'));
console.log(`${pad('recall (phrases)', 26)}${held.map((s) => cell(pct(s.caught, s.phrases))).join('')}`);
console.log(`${pad('clean rate', 26)}${held.map((s) => cell(pct(s.cleanPassed, holdout.clean.length))).join('')}`);
for (const category of PROBLEM_CATEGORIES) {
  const n = holdout.problems.filter((p) => p.category === category).length;
  console.log(`${pad(`  ${category} (${n})`, 26)}${held.map((s) => cell(pct(s.byCategory.get(category)?.caught ?? 0, s.byCategory.get(category)?.phrases ?? 0))).join('')}`);
}
console.log(`\n${held[0].checker.name}, held out: missed phrases (${held[0].misses.length})`);
for (const miss of held[0].misses) console.log(`  - [${miss.problem.category}] “${miss.phrase}” in: ${miss.problem.text}`);
console.log(`\n${held[0].checker.name}, held out: false alarms (${held[0].falseAlarms.length})`);
for (const alarm of held[0].falseAlarms) console.log(`  - [${alarm.category}] ${alarm.text}  [${alarm.marks.map(describe).join('; ')}]`);
if (!showAll) console.log('\n(--all lists the other tools\' misses and false alarms too.)');

/**
 * `npm run bench:lint`: the lint engine's performance, from one run.
 *
 * 1. Words per second of Plainly's full lint vs the stock retext pipeline (retext-english +
 *    retext-readability + retext-equality + retext-simplify, default options), on a
 *    1,000-word guide and a 300-word letter, plus where the stock pipeline spends its time
 *    (the measurement behind the decision to compile retext-equality's patterns into our own
 *    trie and to compute readability from our own counts).
 * 2. Lint time with 10, 1,000 and 10,000 generated lexicon entries (target: at most 1.5x
 *    from 10 to 10,000), and the same again with 1,000 generated pattern entries added.
 * 3. p50 / p99 latency of linting the letter with the shipped lexicon.
 * 4. A batch: the same letter with 1,000 different names, linted cold (every block afresh) and
 *    warm (the per-block memo: only the block with the name is new).
 * 5. The conditional-threat rule alone, and what running compromise's part-of-speech tagger on
 *    every sentence would cost instead of the rule's one lookup in compromise's data.
 *
 * Sections 1-3 lint with the memo off (`memo: false`), so they measure the engine rather than
 * the memo. Timings in 1, 2 and 4 are CPU time of this process (so other work on a shared machine counts
 * less); the latencies in 3 are wall-clock. Run it twice before trusting a small difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import retextEnglish from 'retext-english';
import retextEquality from 'retext-equality';
import retextReadability from 'retext-readability';
import retextSimplify from 'retext-simplify';
import { type PluggableList, unified } from 'unified';
import { VFile } from 'vfile';
import { loadConfig, parseMarkdown, type Severity } from '../src/core/index.js';
import nlp from 'compromise';
import { compileLexicon, type CompiledLexicon, type LexiconEntry, loadLexiconDir, loadLexiconSupport, withLexiconSupport, LexiconEntrySchema } from '../src/lexicon/index.js';
import { clearLintMemo, lintText, lintTree, parseProse } from '../src/lint/index.js';
import { splitSentences, tokenizeBlocks } from '../src/lint/analyse.js';
import { blocksFromText } from '../src/lint/blocks.js';
import { conditionalThreatRule } from '../src/lint/rules/conditional-threat.js';
import type { LintContext } from '../src/lint/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (name: string) => fs.readFileSync(path.join(here, 'fixtures', name), 'utf8');
const DOCS = [
  { name: 'guide (1,000 words)', text: read('guide-1000.md') },
  { name: 'letter (300 words)', text: read('letter-300.md') },
];
const wordCount = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []).length;

/** CPU time of this process in milliseconds (user + system, all its threads). */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Runs `fn` in batches for at least `ms` milliseconds of CPU time (and `minBatches` batches);
 * returns the CPU time per run of each batch, sorted. CPU time, not wall-clock time, because
 * this machine is shared: time spent waiting for a core while others work is not ours.
 */
function sample(fn: () => void, ms = 1500, minBatches = 15): number[] {
  for (let i = 0; i < 5; i++) fn(); // warm-up: JIT and caches
  // Size batches so each takes about 20 ms, well above the clock's resolution.
  const probeStart = cpuMs();
  fn();
  const perRun = Math.max(cpuMs() - probeStart, 0.01);
  const batch = Math.max(1, Math.round(20 / perRun));
  const times: number[] = [];
  const until = cpuMs() + ms;
  while (cpuMs() < until || times.length < minBatches) {
    const start = cpuMs();
    for (let i = 0; i < batch; i++) fn();
    times.push((cpuMs() - start) / batch);
  }
  return times.sort((a, b) => a - b);
}
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (value: number, digits = 2) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-GB');

function retext(plugins: Array<'readability' | 'equality' | 'simplify'>) {
  // unified's types change with each plugin added, so the pipeline is built from a plugin list.
  const list = [retextEnglish, ...(plugins.includes('readability') ? [retextReadability] : []), ...(plugins.includes('equality') ? [retextEquality] : []), ...(plugins.includes('simplify') ? [retextSimplify] : [])];
  const frozen = unified().use(list as PluggableList).freeze();
  return (text: string) => {
    const file = new VFile(text);
    frozen.runSync(frozen.parse(file), file);
    return file.messages.length;
  };
}

// --- 1. Plainly vs stock retext ---------------------------------------------------------
const config = loadConfig();
const shippedEntries = loadLexiconDir(config.lexiconDir);
const shipped = compileLexicon(shippedEntries);
// memo: false everywhere except section 4: a benchmark lints the same text again and again, which
// the memo would answer from memory; sections 1-3 measure the engine itself.
const lint = (text: string, lexicon: CompiledLexicon, format: 'markdown' | 'text' = 'markdown') => lintText(text, { profile: 'standard', kind: 'guide', lexicon, format, memo: false });

console.log(`Plainly lint benchmark — Node ${process.version}, ${new Date().toISOString()}`);
console.log(`Shipped lexicon: ${shippedEntries.length} entries, ${shipped.nodes} trie nodes.\n`);
console.log('Times are CPU time of this process (process.cpuUsage), median of batches, except the latencies in 3.\n');
console.log('1. Words per second: Plainly full lint vs the stock retext pipeline');
const stock = retext(['readability', 'equality', 'simplify']);
const stages = {
  'retext-english parse only': retext([]),
  '+ retext-readability': retext(['readability']),
  '+ retext-equality': retext(['equality']),
  '+ retext-simplify': retext(['simplify']),
};
for (const doc of DOCS) {
  const words = wordCount(doc.text);
  const stockMs = median(sample(() => stock(doc.text)));
  const plainlyMs = median(sample(() => lint(doc.text, shipped)));
  const plainlyTextMs = median(sample(() => lint(doc.text, shipped, 'text')));
  const tree = parseMarkdown(doc.text);
  const treeMs = median(sample(() => lintTree(tree, doc.text, { profile: 'standard', kind: 'guide', lexicon: shipped, memo: false })));
  const parseMs = median(sample(() => parseMarkdown(doc.text), 600));
  const proseParseMs = median(sample(() => parseProse(doc.text), 600));
  console.log(`  ${doc.name}: ${words} words`);
  console.log(`    stock retext pipeline           ${fmt(stockMs)} ms  ${thousands((words / stockMs) * 1000)} words/s`);
  console.log(`    Plainly (Markdown, full lint)   ${fmt(plainlyMs)} ms  ${thousands((words / plainlyMs) * 1000)} words/s  -> ${fmt(stockMs / plainlyMs, 1)}x the stock pipeline`);
  console.log(`    Plainly (plain text, full lint) ${fmt(plainlyTextMs)} ms  ${thousands((words / plainlyTextMs) * 1000)} words/s  -> ${fmt(stockMs / plainlyTextMs, 1)}x`);
  console.log(`    Plainly lintTree (tree already parsed, as the renderer calls it) ${fmt(treeMs)} ms  -> ${fmt(stockMs / treeMs, 1)}x`);
  console.log(`    of which the Markdown parse: parseProse (remark + GFM without literal autolinks + directives) alone ${fmt(proseParseMs)} ms`);
  console.log(`      (core parseMarkdown, with literal autolinks, as the renderer parses: ${fmt(parseMs)} ms)`);
  console.log('    where the stock pipeline spends its time (each plugin alone, with the parse):');
  for (const [stage, run] of Object.entries(stages)) console.log(`      ${stage.padEnd(28)} ${fmt(median(sample(() => run(doc.text), 600)))} ms`);
}

// --- 2. Lexicon size ---------------------------------------------------------------------
/** Deterministic pseudo-random numbers, so every run lints against the same lexicons. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const guideWords = [...new Set((DOCS[0].text.toLowerCase().match(/[a-z]{4,}/g) ?? []))];
const SYLLABLES = ['ka', 'lo', 'mer', 'tis', 'van', 'dru', 'pel', 'sor', 'nim', 'qua', 'bex', 'tor'];
const SEVERITY_CYCLE: Severity[] = ['error', 'warning', 'suggestion'];

/**
 * `n` lexicon entries. Terms are one to three words; many multi-word terms start with a real
 * word from the guide, so the trie is walked past the first word as often as it would be with
 * a real lexicon, but made-up words elsewhere keep the number of findings about the same.
 */
function generateEntries(n: number): LexiconEntry[] {
  const random = mulberry32(n);
  const pseudo = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const length = 1 + Math.floor(random() * 3);
    const words = Array.from({ length }, (_, w) => (w === 0 && length > 1 && random() < 0.6 ? guideWords[Math.floor(random() * guideWords.length)] : pseudo()));
    return {
      id: `generated-${i}`,
      terms: [words.join(' ')],
      replace: ['plain words'],
      severity: SEVERITY_CYCLE[i % 3],
      reason: 'A generated entry for the benchmark.',
      examples: { flag: [words.join(' ')], pass: ['Nothing here.'] },
    };
  });
}

/**
 * `n` pattern entries over the shipped word sets, made as the term entries above are: the first
 * part is often a real word of the guide (one to three choices) or a `{money}`/`{sanction}` set,
 * so partial matches start on real words as often as they would with a real lexicon; the later
 * parts (two to four in all, some optional, gaps of 1 to 10 words between) are mostly made-up
 * words, which keeps the number of findings about the same. tests/lexicon/pattern-property.test.ts
 * covers the other extreme: patterns made only of the text's own words.
 */
const support = loadLexiconSupport(config.lexiconDir);
function generatePatterns(n: number): LexiconEntry[] {
  const random = mulberry32(n + 7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const pseudo = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
  return withLexiconSupport(support, () =>
    Array.from({ length: n }, (_, i) => {
      const parts: string[] = [];
      const count = 2 + Math.floor(random() * 3);
      let gapOpen = false;
      for (let p = 0; p < count; p++) {
        if (p > 0 && !gapOpen && random() < 0.3) {
          parts.push(`…${1 + Math.floor(random() * 10)}`);
          gapOpen = true;
        }
        const wordOf = () => (p === 0 ? (random() < 0.6 ? pick(guideWords) : pseudo()) : random() < 0.2 ? pick(guideWords) : pseudo());
        const r = random();
        if (r < 0.15) {
          parts.push(pick(['{money}', '{sanction}']));
          gapOpen = false;
        }
        else if (r < 0.6) {
          parts.push(wordOf());
          gapOpen = false;
        }
        else {
          const choices = Array.from({ length: 1 + Math.floor(random() * 3) }, wordOf).join(', ');
          const optional = p > 0 && p < count - 1 && random() < 0.3;
          parts.push(optional ? `(${choices})` : `[${choices}]`);
          if (!optional) gapOpen = false;
        }
      }
      return LexiconEntrySchema.parse({
        id: `pattern-${i}`,
        pattern: parts.join(' '),
        replace: [],
        severity: SEVERITY_CYCLE[i % 3],
        reason: 'A generated pattern for the benchmark.',
        examples: { flag: ['x'], pass: ['y'] },
      });
    }),
  );
}

console.log('\n2. Lint time by lexicon size (generated entries + the shipped lexicon; lintTree on a parsed tree, so the');
console.log('   Markdown parse, which does not depend on the lexicon, does not hide the matcher; CPU time, median)');
const trees = DOCS.map((doc) => parseMarkdown(doc.text));
const PATTERNS = 1_000;
const generatedPatterns = generatePatterns(PATTERNS);
const sizes = [10, 1_000, 10_000];
// `${size}` for entries alone, `${size}+p` with the 1,000 generated patterns added.
const variants = sizes.flatMap((size) => [`${size}`, `${size}+p`]);
const compiledBySize = new Map<string, CompiledLexicon>();
for (const variant of variants) {
  const size = Number.parseInt(variant, 10);
  const compileStart = performance.now();
  const compiled = compileLexicon([...generateEntries(size), ...(variant.endsWith('+p') ? generatedPatterns : []), ...shippedEntries], support);
  compiledBySize.set(variant, compiled);
  const label = variant.endsWith('+p') ? `${thousands(size)} + ${thousands(PATTERNS)} patterns` : `${thousands(size)} entries`;
  console.log(`  ${label.padStart(22)}: ${thousands(compiled.nodes)} trie and pattern nodes, compiled in ${thousands(performance.now() - compileStart)} ms`);
}
// Rounds interleave the sizes, so a burst of load from elsewhere on the machine hits every
// size alike instead of whichever size happened to be running.
const ROUNDS = 15;
const BATCH = 40;
const perSize = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const size of variants) {
    const compiled = compiledBySize.get(size)!;
    for (const [index, doc] of DOCS.entries()) {
      const run = () => lintTree(trees[index], doc.text, { profile: 'standard', kind: 'guide', lexicon: compiled, memo: false });
      if (round === 0) for (let i = 0; i < 10; i++) run();
      const start = cpuMs();
      for (let i = 0; i < BATCH; i++) run();
      const key = `${size}|${doc.name}`;
      perSize.set(key, [...(perSize.get(key) ?? []), (cpuMs() - start) / BATCH]);
    }
  }
}
const sizeMedian = (size: string, doc: string) => median([...perSize.get(`${size}|${doc}`)!].sort((a, b) => a - b));
for (const size of variants) {
  const label = size.endsWith('+p') ? `${thousands(Number.parseInt(size, 10))} + ${thousands(PATTERNS)} patterns` : `${thousands(Number.parseInt(size, 10))} entries`;
  console.log(`  ${label.padStart(22)}: ${DOCS.map((doc) => `${doc.name} ${fmt(sizeMedian(size, doc.name), 3)} ms`).join(', ')}`);
}
for (const size of ['10', '10000+p']) {
  const counts = DOCS.map((doc, index) => `${doc.name} ${lintTree(trees[index], doc.text, { profile: 'standard', kind: 'guide', lexicon: compiledBySize.get(size)!, memo: false }).findings.length}`);
  console.log(`  findings with ${size === '10' ? '10 entries' : '10,000 entries + 1,000 patterns'}: ${counts.join(', ')}`);
}
for (const doc of DOCS) console.log(`  ${doc.name}: 10,000 / 10 entries = ${fmt(sizeMedian('10000', doc.name) / sizeMedian('10', doc.name))}x (target <= 1.5x)`);
for (const doc of DOCS) console.log(`  ${doc.name}: 10,000 entries + ${thousands(PATTERNS)} patterns / 10 entries = ${fmt(sizeMedian('10000+p', doc.name) / sizeMedian('10', doc.name))}x (target <= 1.5x)`);

// --- 3. Letter latency ---------------------------------------------------------------------
console.log('\n3. Letter latency with the shipped lexicon (2,000 lints each, one after another; wall-clock, so it includes');
console.log('   waiting for a core while other processes run)');
const letter = DOCS[1].text;
const letterTree = trees[1];
const ways: Record<string, () => unknown> = {
  'lintText, plain text (POST /api/lint default)': () => lint(letter, shipped, 'text'),
  'lintTree, tree already parsed (renderer)': () => lintTree(letterTree, letter, { profile: 'standard', kind: 'letter', lexicon: shipped, memo: false }),
  'lintText, Markdown (includes parseProse)': () => lint(letter, shipped, 'markdown'),
};
for (const [name, run] of Object.entries(ways)) {
  for (let i = 0; i < 50; i++) run();
  const latencies: number[] = [];
  const cpuStart = cpuMs();
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    run();
    latencies.push(performance.now() - start);
  }
  const cpuPerLint = (cpuMs() - cpuStart) / 2000;
  latencies.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(50)} p50 ${fmt(median(latencies), 3)} ms, p99 ${fmt(percentile(latencies, 99), 3)} ms, max ${fmt(latencies[latencies.length - 1], 1)} ms; CPU ${fmt(cpuPerLint, 3)} ms a lint (one core: about ${thousands(1000 / cpuPerLint)} letters/s)`);
}

// --- 4. A batch: one letter, 1,000 names ---------------------------------------------------
console.log('\n4. A batch: the letter with 1,000 different names (lintTree on trees parsed beforehand, as the pipeline');
console.log('   calls it; CPU time for all 1,000; cold = memo off, warm = the per-block memo, filled by the first letter)');
const SURNAMES = ['Patel', 'Adeyemi', 'Nowak', 'O’Neill', 'Hughes', 'Khan', 'Evans', 'Zhang', 'MacLeod', 'Kowalczyk'];
const TITLES = ['Ms', 'Mr', 'Mx', 'Dr', 'Mrs'];
const named = Array.from({ length: 1000 }, (_, i) => {
  const name = `${TITLES[i % TITLES.length]} ${SURNAMES[i % SURNAMES.length]}-${String.fromCharCode(65 + (i % 26))}${i}`;
  const text = letter.replace('Dear Ms Patel,', `Dear ${name},`);
  return { text, tree: parseMarkdown(text) };
});
const batchOptions = { profile: 'standard' as const, kind: 'letter' as const, lexicon: shipped };
const lintAll = (memo: boolean) => {
  const start = cpuMs();
  for (const { text, tree } of named) lintTree(tree, text, { ...batchOptions, memo });
  return cpuMs() - start;
};
// Same results both ways (the tests check this on every shipped template; here, as a guard).
if (JSON.stringify(lintTree(named[7].tree, named[7].text, { ...batchOptions, memo: false })) !== JSON.stringify(lintTree(named[7].tree, named[7].text, batchOptions))) throw new Error('memoised and fresh results differ');
const rounds = 5;
const cold: number[] = [];
const warm: number[] = [];
for (let round = 0; round < rounds; round++) {
  cold.push(lintAll(false));
  clearLintMemo(shipped);
  warm.push(lintAll(true)); // the first letter fills the memo; the other 999 reuse every block but the greeting
}
cold.sort((a, b) => a - b);
warm.sort((a, b) => a - b);
console.log(`  cold (every block linted):  ${fmt(median(cold), 0)} ms for 1,000 letters, ${fmt(median(cold) / 1000, 3)} ms a letter`);
console.log(`  warm (per-block memo):      ${fmt(median(warm), 0)} ms for 1,000 letters, ${fmt(median(warm) / 1000, 3)} ms a letter  -> ${fmt(median(cold) / median(warm), 1)}x`);
console.log(`  (median of ${rounds} rounds; the memo is emptied before each warm round)`);

// --- 5. The conditional-threat rule and a part-of-speech tagger ------------------------------
console.log('\n5. council/conditional-threat on the guide (CPU time, median): the rule alone, and compromise\'s tagger');
console.log('   run on every sentence (what tagging each sentence, instead of one lookup in compromise\'s data, would add)');
{
  const text = DOCS[0].text;
  const { blocks } = blocksFromText(text);
  const tokens = tokenizeBlocks(text, blocks);
  const sentences = splitSentences(text, blocks, tokens);
  const context: LintContext = { text, blocks, tokens, sentences, sentenceCounts: [], profile: 'standard', kind: 'guide', lang: 'en', lexicon: shipped, report: () => {}, explain: () => {} };
  const ruleMs = median(sample(() => conditionalThreatRule.run(context), 600));
  const sentenceTexts = sentences.map((s) => text.slice(s.start, s.end));
  const tagMs = median(sample(() => { for (const sentence of sentenceTexts) nlp(sentence).json(); }, 1500, 5));
  const fullMs = median(sample(() => lint(text, shipped, 'text'), 600));
  console.log(`  the rule alone: ${fmt(ruleMs, 3)} ms (${fmt((ruleMs / fullMs) * 100, 1)}% of the guide's plain-text lint, ${fmt(fullMs)} ms)`);
  console.log(`  compromise tagging all ${sentences.length} sentences: ${fmt(tagMs)} ms (${fmt(tagMs / fullMs, 1)}x the whole lint)`);
}

/**
 * Property: any set of patterns the loader accepts lints a 100,000-word text with 1,000 pattern
 * entries in under a second (the lexicon matcher: findLexiconMatches, with the overlap rules).
 * Patterns are made of the text's own words (so partial matches start all the time), sets,
 * optional parts, named sets and gaps of up to 10 words.
 *
 * Runs are few and the budget is for one core of a shared machine: each run builds its own
 * lexicon and text. (Locally, 3 runs took 510 to 590 ms of CPU each; 2 in the suite.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLexicon, findLexiconMatches, type LexiconEntry, LexiconEntrySchema, type LexiconSupport, parsePattern, tokenize, withLexiconSupport } from '../../src/lexicon/index.js';

// Real letter and guide sentences (the benchmark's fixtures), and patterns made of their words,
// so patterns start and half-match all the time, as they would on real letters.
const here = path.dirname(fileURLToPath(import.meta.url));
const source = ['guide-1000.md', 'letter-300.md'].map((name) => fs.readFileSync(path.join(here, '../../bench/fixtures', name), 'utf8')).join('\n');
const SENTENCES = source
  .replace(/[#*_>|`[\]()-]/g, ' ')
  .split(/(?<=[.!?])\s+/)
  .map((s) => s.replace(/\s+/g, ' ').trim())
  .filter((s) => s.split(' ').length > 3);
const VOCABULARY = [...new Set(source.toLowerCase().match(/[a-z]+/g))];

const SUPPORT: LexiconSupport = {
  sets: new Map([
    ['money', ['money', 'payment', 'funds', 'balance', 'direct payment']],
    ['sanction', ['stopped', 'withdrawn', 'suspended', 'legal action', 'court', 'claw back']],
  ]),
  derived: new Map([['recover', ['recovery']]]),
  names: [],
};

const word = fc.constantFrom(...VOCABULARY);
const phrase = fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' '));
const choice = fc.oneof({ weight: 4, arbitrary: phrase }, { weight: 1, arbitrary: fc.constantFrom('{money}', '{sanction}') });
const set = fc.array(choice, { minLength: 1, maxLength: 4 }).map((c) => c.join(', '));
const part = fc.oneof(
  { weight: 3, arbitrary: phrase },
  { weight: 3, arbitrary: set.map((s) => `[${s}]`) },
  { weight: 2, arbitrary: set.map((s) => `(${s})`) },
  { weight: 1, arbitrary: fc.constantFrom('{money}', '{sanction}') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }).map((n) => `…${n}`) },
  { weight: 1, arbitrary: fc.constant('...') },
);
/** A pattern the loader accepts (others are thrown away: the property is about accepted ones). */
const pattern = fc
  .array(part, { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(' '))
  .filter((p) => parsePattern(p, new Set(SUPPORT.sets.keys())).ok);

/** About `words` words of real sentences in a random order. */
function text(seed: number, words: number): string {
  let state = seed || 1;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const out: string[] = [];
  for (let n = 0; n < words; ) {
    const sentence = SENTENCES[Math.floor(random() * SENTENCES.length)];
    out.push(sentence);
    n += sentence.split(' ').length;
  }
  return out.join(' ');
}

describe('pattern matching stays fast whatever the patterns', () => {
  it('1,000 accepted patterns lint a 100,000-word text in under a second', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1000, maxLength: 1000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (patterns, seed) => {
        const entries: LexiconEntry[] = withLexiconSupport(SUPPORT, () =>
          patterns.map((p, i) => LexiconEntrySchema.parse({ id: `p-${i}`, pattern: p, replace: [], severity: 'warning', reason: 'Generated.', examples: { flag: ['x'], pass: ['y'] } })),
        );
        const compiled = compileLexicon(entries, SUPPORT);
        const body = text(seed, 100_000);
        const tokens = tokenize(body);
        expect(tokens.length).toBeGreaterThanOrEqual(100_000);
        // Warm, as a running service is: one lint of a letter-sized text first (JIT, lazily built
        // tables). CPU time of this process, as bench/lint.bench.ts measures, so time spent waiting
        // for a core on a shared machine is not counted; the better of two runs.
        findLexiconMatches(compiled, tokens.slice(0, 2000), body);
        const cpu = () => {
          const usage = process.cpuUsage();
          return (usage.user + usage.system) / 1000;
        };
        let ms = Infinity;
        let matches: unknown[] = [];
        for (let round = 0; round < 2; round++) {
          const start = cpu();
          matches = findLexiconMatches(compiled, tokens, body).matches;
          ms = Math.min(ms, cpu() - start);
        }
        console.log(`1,000 patterns, ${tokens.length} words: ${ms.toFixed(0)} ms of CPU, ${matches.length} matches`);
        expect(matches.length).toBeGreaterThan(0);
        expect(ms).toBeLessThan(1000);
      }),
      { numRuns: 2, endOnFailure: true },
    );
  }, 120_000);
});

/**
 * The accuracy benchmark's corpus (bench/accuracy/corpus.yml) is well formed: enough sentences,
 * every flagged phrase is in its sentence, every entry names a recorded source page. The scores
 * are the benchmark's business (npm run bench:accuracy), not this test's.
 */
import { describe, expect, it } from 'vitest';
import { CLEAN_CATEGORIES, corpusProblems, HOLDOUT_PATH, loadCorpus, phraseSpan, PROBLEM_CATEGORIES } from '../../bench/accuracy/corpus.js';

const corpus = loadCorpus();

describe('accuracy corpus', () => {
  it('has at least 300 problem sentences and 150 clean sentences', () => {
    expect(corpus.problems.length).toBeGreaterThanOrEqual(300);
    expect(corpus.clean.length).toBeGreaterThanOrEqual(150);
  });

  it('records every source page with an address and a title, once', () => {
    const ids = corpus.sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const source of corpus.sources) {
      expect(source.url).toMatch(/^https?:\/\/\S+$/);
      expect(source.title.trim()).not.toBe('');
    }
  });

  it('names a recorded source for every sentence', () => {
    const ids = new Set(corpus.sources.map((s) => s.id));
    const unknown = [...corpus.problems, ...corpus.clean].filter((e) => !ids.has(e.source)).map((e) => `${e.source}: ${e.text}`);
    expect(unknown).toEqual([]);
  });

  it('has every flagged phrase in its own sentence', () => {
    const missing = corpus.problems.flatMap((p) => p.flag.filter((phrase) => !phraseSpan(p.text, phrase)).map((phrase) => `"${phrase}" in ${p.text}`));
    expect(missing).toEqual([]);
    expect(corpus.problems.every((p) => p.flag.length > 0)).toBe(true);
  });

  it('uses only the known categories, and every problem category has sentences', () => {
    expect(corpus.problems.filter((p) => !PROBLEM_CATEGORIES.includes(p.category))).toEqual([]);
    expect(corpus.clean.filter((c) => !CLEAN_CATEGORIES.includes(c.category))).toEqual([]);
    for (const category of PROBLEM_CATEGORIES) expect(corpus.problems.some((p) => p.category === category)).toBe(true);
  });

  it('has no sentence twice, and the shared shape check agrees', () => {
    expect(corpusProblems(corpus)).toEqual([]);
  });

  it('the held-out set has the same shape, names sources recorded in the corpus, and repeats no corpus sentence', () => {
    const holdout = loadCorpus(HOLDOUT_PATH);
    expect(holdout.problems.length).toBeGreaterThan(0);
    expect(corpusProblems(holdout, { problems: 0, clean: 0 }, corpus.sources)).toEqual([]);
    const main = new Set([...corpus.problems, ...corpus.clean].map((e) => e.text));
    expect([...holdout.problems, ...holdout.clean].filter((e) => main.has(e.text)).map((e) => e.text)).toEqual([]);
  });

  it('the shape check reports a phrase that is not in its sentence and an unrecorded source', () => {
    const broken = {
      sources: [{ id: 'a', url: 'https://example.org/a', title: 'A' }],
      problems: [{ text: 'We will audit you.', flag: ['misspent'], category: 'monitoring' as const, source: 'b' }],
      clean: [],
    };
    const problems = corpusProblems(broken, { problems: 1, clean: 0 });
    expect(problems.some((p) => p.includes('does not contain its flagged phrase "misspent"'))).toBe(true);
    expect(problems.some((p) => p.includes('names source b'))).toBe(true);
  });
});

/**
 * The accuracy corpus (bench/accuracy/corpus.yml): loading and shape checks, shared by the
 * benchmark and tests/lint/accuracy-corpus.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_PATH = path.join(here, 'corpus.yml');
/** Sentences written after the lexicon was grown from corpus.yml and never used to change it. */
export const HOLDOUT_PATH = path.join(here, 'holdout.yml');

/** Categories of problem sentences. `plain-english` findings count at any severity. */
export const PROBLEM_CATEGORIES = ['suspicion', 'threat', 'recovery', 'demand', 'monitoring', 'legal-finance', 'people', 'plain-english'] as const;
/** Categories of clean sentences. */
export const CLEAN_CATEGORIES = ['mention', 'name', 'neutral', 'rewrite', 'plain'] as const;

export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export type CleanCategory = (typeof CLEAN_CATEGORIES)[number];

export interface Source {
  id: string;
  url: string;
  title: string;
}
export interface Problem {
  text: string;
  flag: string[];
  category: ProblemCategory;
  source: string;
}
export interface Clean {
  text: string;
  category: CleanCategory;
  source: string;
}
export interface Corpus {
  sources: Source[];
  problems: Problem[];
  clean: Clean[];
}

export function loadCorpus(file = CORPUS_PATH): Corpus {
  const data = parse(fs.readFileSync(file, 'utf8')) as Corpus;
  data.sources ??= [];
  data.problems ??= [];
  data.clean ??= [];
  // YAML may read a phrase like `yes` or a number as something else; phrases are strings.
  for (const problem of data.problems ?? []) problem.flag = (problem.flag ?? []).map(String);
  return data;
}

/**
 * Where a phrase is in its sentence: the first case-insensitive occurrence, or -1. Apostrophes
 * are compared straight, so a phrase may be written with ' for a sentence that has ’.
 */
export function phraseSpan(text: string, phrase: string): [number, number] | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'");
  const at = fold(text).indexOf(fold(phrase));
  return at < 0 ? undefined : [at, at + phrase.length];
}

/**
 * Everything wrong with the corpus's shape, one message each (empty when it is fine).
 * `sharedSources`: sources recorded elsewhere that entries may name (the held-out set uses
 * corpus.yml's).
 */
export function corpusProblems(corpus: Corpus, minimum = { problems: 300, clean: 150 }, sharedSources: Source[] = []): string[] {
  const out: string[] = [];
  const ids = new Set<string>(sharedSources.map((s) => s.id));
  for (const source of corpus.sources ?? []) {
    if (!source.id || !/^https?:\/\/\S+$/.test(source.url ?? '') || !source.title?.trim()) out.push(`source ${JSON.stringify(source)} needs an id, an http(s) url and a title`);
    if (ids.has(source.id)) out.push(`source id ${source.id} is used twice`);
    ids.add(source.id);
  }
  const problems = corpus.problems ?? [];
  const clean = corpus.clean ?? [];
  if (problems.length < minimum.problems) out.push(`${problems.length} problem sentences; at least ${minimum.problems} wanted`);
  if (clean.length < minimum.clean) out.push(`${clean.length} clean sentences; at least ${minimum.clean} wanted`);
  const seen = new Set<string>();
  for (const entry of [...problems, ...clean]) {
    if (!entry.text?.trim()) out.push(`an entry has no text: ${JSON.stringify(entry)}`);
    if (seen.has(entry.text)) out.push(`sentence appears twice: ${entry.text}`);
    seen.add(entry.text);
    if (!ids.has(entry.source)) out.push(`"${entry.text}" names source ${entry.source}, which is not recorded`);
  }
  for (const problem of problems) {
    if (!PROBLEM_CATEGORIES.includes(problem.category)) out.push(`"${problem.text}" has an unknown category ${problem.category}`);
    if (problem.flag.length === 0) out.push(`"${problem.text}" flags no phrase`);
    for (const phrase of problem.flag) if (!phraseSpan(problem.text, phrase)) out.push(`"${problem.text}" does not contain its flagged phrase "${phrase}"`);
  }
  for (const entry of clean) if (!CLEAN_CATEGORIES.includes(entry.category)) out.push(`"${entry.text}" has an unknown category ${entry.category}`);
  return out;
}

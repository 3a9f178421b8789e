/**
 * The two data files that sit beside the lexicon's entries in its folder:
 *
 * - `word-sets.yml`: named word sets that pattern entries use (`{money}`), defined once and
 *   reused, and a small table of derived words (recover -> recovery) that sets and patterns
 *   also find;
 * - `names.yml`: names of organisations, teams and schemes ("Fraud Prevention Team",
 *   "PAYPOINT"). A word inside a name is a mention, not a use, so the lint does not flag it.
 *
 * Neither file holds entries, so the folder loader skips them as entry files.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { AppError, type FieldProblem, formatLocation, LineIndex, PROJECT_ROOT, yamlLib } from '../core/index.js';
import { MAX_SET_WORDS } from './pattern.js';

export const WORD_SETS_FILE = 'word-sets.yml';
export const NAMES_FILE = 'names.yml';
/** Files in a lexicon folder that are not lists of entries. */
export const SUPPORT_FILES: readonly string[] = [WORD_SETS_FILE, NAMES_FILE];

/** What a lexicon folder holds besides its entries. */
export interface LexiconSupport {
  /** Named word sets: name -> words and phrases (base forms, as written). */
  readonly sets: ReadonlyMap<string, readonly string[]>;
  /** Derived words: base word -> words made from it (recover -> recovery). */
  readonly derived: ReadonlyMap<string, readonly string[]>;
  /** Names of organisations, teams, schemes and products, as written. */
  readonly names: readonly string[];
}

export const EMPTY_SUPPORT: LexiconSupport = { sets: new Map(), derived: new Map(), names: [] };

const SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HAS_WORD = /[\p{L}\p{N}]/u;

function readText(file: string, shown: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return text.replace(/^\uFEFF/, '');
}

function problemAt(lines: LineIndex, shown: string, node: Node | null | undefined, message: string): FieldProblem {
  const position = lines.position(node?.range?.[0] ?? 0);
  return { path: formatLocation({ file: shown, line: position.line, column: position.column }), message };
}

function fail(shown: string, problems: FieldProblem[]): never {
  if (problems.length === 1) throw new AppError('LEXICON_INVALID', `${problems[0].path}: ${problems[0].message}`, { location: { file: shown }, errors: [] });
  throw new AppError('LEXICON_INVALID', `The lexicon file ${shown} has ${problems.length} problems:`, { location: { file: shown }, errors: problems });
}

/** Reads a list of words under `node`, adding a problem for each bad item. */
function wordList(node: unknown, lines: LineIndex, shown: string, what: string, problems: FieldProblem[], at: Node): string[] {
  if (!yamlLib().isSeq(node)) {
    problems.push(problemAt(lines, shown, (node as Node) ?? at, `${what} must be a list, like [money, payment]`));
    return [];
  }
  const out: string[] = [];
  for (const item of node.items) {
    const value = yamlLib().isScalar(item) ? item.value : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      problems.push(problemAt(lines, shown, item as Node, `${what}: each item must be a word or phrase`));
      continue;
    }
    const text = String(value).replace(/\s+/gu, ' ').trim();
    if (!HAS_WORD.test(text)) {
      problems.push(problemAt(lines, shown, item as Node, `${what}: "${text}" has no letters or digits, so it can never be found`));
      continue;
    }
    if (!out.includes(text)) out.push(text);
  }
  if (out.length === 0 && node.items.length === 0) problems.push(problemAt(lines, shown, node as Node, `${what} is empty; a set needs at least one word`));
  return out;
}

/**
 * Parses `word-sets.yml`: `sets:` (name: [words]) and optional `derived:` (word: [words]).
 * @throws AppError LEXICON_INVALID naming `file:line:col` for every problem.
 */
export function parseWordSets(text: string, shown: string): Pick<LexiconSupport, 'sets' | 'derived'> {
  const lines = new LineIndex(text);
  const doc = yamlLib().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) fail(shown, doc.errors.map((e) => ({ path: formatLocation({ file: shown, ...lines.position(e.pos[0]) }), message: `this is not valid YAML: ${e.message.split('\n')[0]}` })));
  const sets = new Map<string, string[]>();
  const derived = new Map<string, string[]>();
  const contents = doc.contents;
  const problems: FieldProblem[] = [];
  if (contents === null) return { sets, derived };
  if (!yamlLib().isMap(contents)) fail(shown, [problemAt(lines, shown, contents, 'word-sets.yml must have "sets:" (and may have "derived:"), each followed by named lists')]);
  for (const pair of contents.items) {
    const key = yamlLib().isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'sets' && key !== 'derived') {
      problems.push(problemAt(lines, shown, pair.key as Node, `unknown section "${key}"; word-sets.yml has "sets:" and "derived:"`));
      continue;
    }
    if (pair.value === null || pair.value === undefined) continue;
    if (!yamlLib().isMap(pair.value)) {
      problems.push(problemAt(lines, shown, pair.value as Node, `"${key}:" must be followed by named lists, like "money: [money, payment]"`));
      continue;
    }
    for (const entry of pair.value.items) {
      const name = yamlLib().isScalar(entry.key) ? String(entry.key.value) : '';
      if (key === 'sets') {
        if (!SET_NAME.test(name)) {
          problems.push(problemAt(lines, shown, entry.key as Node, `"${name}" is not a word set name: use lower-case letters, digits and hyphens, like money or legal-action`));
          continue;
        }
        const words = wordList(entry.value, lines, shown, `word set "${name}"`, problems, entry.key as Node);
        if (words.length > MAX_SET_WORDS) problems.push(problemAt(lines, shown, entry.key as Node, `word set "${name}" has ${words.length} words; a set can have at most ${MAX_SET_WORDS} (split it into two sets)`));
        sets.set(name, words);
      } else {
        const base = name.trim().toLowerCase();
        if (!/^[\p{L}]+$/u.test(base)) {
          problems.push(problemAt(lines, shown, entry.key as Node, `"${name}" must be one word (the word the others are made from, like recover)`));
          continue;
        }
        derived.set(base, wordList(entry.value, lines, shown, `derived words of "${name}"`, problems, entry.key as Node).map((w) => w.toLowerCase()));
      }
    }
  }
  if (problems.length > 0) fail(shown, problems);
  return { sets, derived };
}

/**
 * Parses `names.yml`: `names:` followed by a list of names as written.
 * @throws AppError LEXICON_INVALID naming `file:line:col`.
 */
export function parseNames(text: string, shown: string): string[] {
  const lines = new LineIndex(text);
  const doc = yamlLib().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) fail(shown, doc.errors.map((e) => ({ path: formatLocation({ file: shown, ...lines.position(e.pos[0]) }), message: `this is not valid YAML: ${e.message.split('\n')[0]}` })));
  const contents = doc.contents;
  if (contents === null) return [];
  const problems: FieldProblem[] = [];
  let names: string[] = [];
  if (!yamlLib().isMap(contents)) fail(shown, [problemAt(lines, shown, contents, 'names.yml must have "names:" followed by a list of names')]);
  for (const pair of contents.items) {
    const key = yamlLib().isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'names') {
      problems.push(problemAt(lines, shown, pair.key as Node, `unknown section "${key}"; names.yml has "names:"`));
      continue;
    }
    names = wordList(pair.value, lines, shown, 'names', problems, pair.key as Node);
  }
  if (problems.length > 0) fail(shown, problems);
  return names;
}

/**
 * Reads a lexicon folder's `word-sets.yml` and `names.yml` (either may be missing).
 * @throws AppError LEXICON_INVALID for a file that is there but wrong.
 */
export function loadLexiconSupport(dir: string): LexiconSupport {
  const shownOf = (name: string) => {
    const full = path.join(dir, name);
    return path.relative(process.cwd(), full) || full;
  };
  const setsText = readText(path.join(dir, WORD_SETS_FILE), shownOf(WORD_SETS_FILE));
  const namesText = readText(path.join(dir, NAMES_FILE), shownOf(NAMES_FILE));
  const { sets, derived } = setsText === undefined ? EMPTY_SUPPORT : parseWordSets(setsText, shownOf(WORD_SETS_FILE));
  const names = namesText === undefined ? [] : parseNames(namesText, shownOf(NAMES_FILE));
  return { sets, derived, names };
}

let fallback: LexiconSupport | undefined;
let active: LexiconSupport | undefined;

/**
 * The support used when none is given: the configured lexicon folder's (PLAINLY_LEXICON_DIR, or
 * the project's `lexicon/`), read once. What the service checks entries sent over HTTP against.
 */
export function defaultLexiconSupport(): LexiconSupport {
  if (!fallback) {
    const dir = process.env.PLAINLY_LEXICON_DIR || path.join(PROJECT_ROOT, 'lexicon');
    try {
      fallback = loadLexiconSupport(dir);
    } catch {
      fallback = EMPTY_SUPPORT;
    }
  }
  return fallback;
}

/** The support entries are being read against right now (see `withLexiconSupport`), or the default. */
export function activeLexiconSupport(): LexiconSupport {
  return active ?? defaultLexiconSupport();
}

/**
 * Runs `fn` (synchronous) with `support` as the word sets entries are checked against, so the
 * one entry schema can say "there is no word set called {mony}" for any folder.
 */
export function withLexiconSupport<T>(support: LexiconSupport, fn: () => T): T {
  const before = active;
  active = support;
  try {
    return fn();
  } finally {
    active = before;
  }
}

// Which support entries were loaded with (a folder's entries carry its word sets and names).
const supportOfEntry = new WeakMap<object, LexiconSupport>();

export function setEntrySupport(entry: object, support: LexiconSupport): void {
  supportOfEntry.set(entry, support);
}

/** The support of the first entry that was loaded from a folder, if any. */
export function supportOfEntries(entries: readonly object[]): LexiconSupport | undefined {
  for (const entry of entries) {
    const support = supportOfEntry.get(entry);
    if (support) return support;
  }
  return undefined;
}

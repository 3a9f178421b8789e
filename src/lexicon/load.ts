/**
 * Loading a lexicon folder from disk: every `*.yml` (and `*.yaml`) file, read strictly as
 * UTF-8, validated, with ids unique across files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type FieldProblem } from '../core/index.js';
import type { LexiconEntry } from './schema.js';
import { formatExampleFailure, testLexicon } from './selftest.js';
import { type CompiledLexicon, compileLexicon } from './trie.js';
import { entrySource, parseLexiconYaml, throwProblems } from './yaml.js';
import { formatLocation } from '../core/index.js';
import { loadLexiconSupport, setEntrySupport, SUPPORT_FILES, withLexiconSupport } from './support.js';

/** A lexicon file larger than this is a mistake (the shipped one is a few tens of kilobytes). */
export const MAX_LEXICON_FILE_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a text file strictly: UTF-8 only, no NUL bytes, bounded size. */
function readLexiconFile(file: string, shown: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new AppError('LEXICON_INVALID', `${shown}: the file cannot be read`, { location: { file: shown } });
  }
  if (bytes.length > MAX_LEXICON_FILE_BYTES) {
    throw new AppError('LEXICON_INVALID', `${shown}: the file is ${bytes.length} bytes, more than the ${MAX_LEXICON_FILE_BYTES} a lexicon file may have`, { location: { file: shown } });
  }
  if (bytes.includes(0)) throw new AppError('LEXICON_INVALID', `${shown}: this is a binary file, not a YAML text file`, { location: { file: shown } });
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError('LEXICON_INVALID', `${shown}: the file is not valid UTF-8 text (save it as UTF-8)`, { location: { file: shown } });
  }
}

/**
 * Loads every `*.yml` file in `dir` (sorted by name, so the order is stable).
 * @throws AppError LEXICON_INVALID for a missing folder, an unreadable or invalid file, or an
 *   id used in two places (both places are named).
 */
export function loadLexiconDir(dir: string): LexiconEntry[] {
  let names: string[];
  try {
    // word-sets.yml and names.yml hold word sets and names, not entries (support.ts).
    names = fs
      .readdirSync(dir)
      .filter((name) => /\.ya?ml$/i.test(name) && !SUPPORT_FILES.includes(name.toLowerCase()))
      .sort();
  } catch {
    throw new AppError('LEXICON_INVALID', `The lexicon folder ${dir} does not exist or cannot be read`, { location: { file: dir } });
  }
  if (names.length === 0) throw new AppError('LEXICON_INVALID', `The lexicon folder ${dir} has no .yml files`, { location: { file: dir } });
  const support = loadLexiconSupport(dir);
  const entries: LexiconEntry[] = [];
  const seen = new Map<string, LexiconEntry>();
  const problems: FieldProblem[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const shown = path.relative(process.cwd(), full) || full;
    // Patterns are checked against this folder's word sets.
    for (const entry of withLexiconSupport(support, () => parseLexiconYaml(readLexiconFile(full, shown), shown))) {
      setEntrySupport(entry, support);
      const earlier = seen.get(entry.id);
      if (earlier) {
        const here = entrySource(entry);
        const there = entrySource(earlier);
        problems.push({
          path: here ? formatLocation(here) : shown,
          message: `entry "${entry.id}": the id is also used at ${there ? formatLocation(there) : 'another file'}; every entry needs its own id`,
        });
        continue;
      }
      seen.set(entry.id, entry);
      entries.push(entry);
    }
  }
  if (problems.length > 0) throwProblems(dir, problems, 'folder');
  return entries;
}

/** A loaded, compiled lexicon whose own examples pass. */
export interface CheckedLexicon {
  entries: LexiconEntry[];
  compiled: CompiledLexicon;
}

/**
 * Loads, compiles and self-tests a lexicon folder: what `plainly lint` and the service use,
 * so a lexicon whose examples fail is never used to judge a letter.
 * @throws AppError LEXICON_INVALID, or LEXICON_EXAMPLES_FAILED listing every failing example.
 */
export function loadCheckedLexicon(dir: string): CheckedLexicon {
  const entries = loadLexiconDir(dir);
  const compiled = compileLexicon(entries);
  const failures = testLexicon(entries, compiled);
  if (failures.length > 0) {
    const first = failures[0];
    throw new AppError(
      'LEXICON_EXAMPLES_FAILED',
      failures.length === 1 ? formatExampleFailure(first) : `${failures.length} lexicon examples fail (run "plainly lexicon test" for the list); the first: ${formatExampleFailure(first)}`,
      { location: first.location ? { file: first.location } : { file: dir }, failures },
    );
  }
  return { entries, compiled };
}

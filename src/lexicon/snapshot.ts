/**
 * Snapshots on disk of work that is the same every time for the same inputs, so a short
 * process (`plainly lint` from an editor or a pre-commit hook) does not redo it at each start.
 * Reading, compiling and self-testing the shipped lexicon costs over a second of CPU
 * (YAML, validation, compromise's inflections for every term); reading its snapshot costs a
 * few tens of milliseconds.
 *
 * A snapshot is named by a hash of everything its content depends on, so a changed input gives
 * a new snapshot, never a stale one: for the lexicon, every file in the lexicon folder, the
 * source of the code that compiles it (src/lexicon, src/core), compromise's version and V8's
 * (the serialisation format). Files are written whole (a temporary file, then a rename), so
 * processes starting at the same time see the old snapshot, the new one or none. When the
 * cache folder cannot be written, or a snapshot cannot be read, the work is simply done.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { PROJECT_ROOT, type SourceLocation } from '../core/index.js';
import { type PatternAutomaton, tablesOf } from './automaton.js';
import { packTrie, type PackedTrie, unpackTrie } from './packed-trie.js';
import { type CheckedLexicon, loadCheckedLexicon } from './load.js';
import { compromiseVersion } from './nlp.js';
import { activeLexiconSupport, type LexiconSupport, setEntrySupport, supportOfEntries } from './support.js';
import type { LexiconEntry } from './schema.js';
import { type CompiledLexicon, compileLexicon } from './trie.js';
import { entrySource, setEntrySource } from './yaml.js';

/** Where snapshots are kept: inside node_modules, which an install can write and git ignores. */
export const SNAPSHOT_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'plainly', 'snapshots');

/** Snapshots kept per name; the oldest go when there are more (tests make many lexicons). */
const KEEP = 16;

/** How a value is written to and read from a snapshot file. */
export interface SnapshotCodec<T> {
  encode: (value: T) => Uint8Array | string;
  decode: (bytes: Buffer) => T;
}

/** V8's structured serialisation: Maps, Sets, typed arrays and shared references survive. */
export const V8_CODEC: SnapshotCodec<unknown> = { encode: (value) => v8.serialize(value), decode: (bytes) => v8.deserialize(bytes) };

/** A hash of strings, for snapshot keys. */
export function snapshotKey(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? `${part.length}:` : `${part.length}b:`);
    hash.update(part);
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The value saved under `name` and `key`, or `compute()`'s (then saved for next time). A
 * snapshot that cannot be read or decoded is replaced.
 */
export function cachedOnDisk<T>(name: string, key: string, compute: () => T, codec: SnapshotCodec<T>, dir: string = SNAPSHOT_DIR): T {
  const file = path.join(dir, `${name}-${key}.snapshot`);
  let bytes: Buffer | undefined;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    bytes = undefined; // none yet
  }
  if (bytes) {
    try {
      return codec.decode(bytes);
    } catch {
      // damaged or from another format: made again below
    }
  }
  const value = compute();
  try {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    fs.writeFileSync(partial, codec.encode(value));
    fs.renameSync(partial, file);
    prune(dir, name);
  } catch {
    // a read-only install: the next process computes it again
  }
  return value;
}

function prune(dir: string, name: string): void {
  const mine = fs
    .readdirSync(dir)
    .filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.snapshot'))
    .map((entry) => {
      try {
        return { file: path.join(dir, entry), mtime: fs.statSync(path.join(dir, entry)).mtimeMs };
      } catch {
        return undefined; // removed by another process meanwhile
      }
    })
    .filter((entry) => entry !== undefined)
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of mine.slice(KEEP)) fs.rmSync(old.file, { force: true });
}

let codeHash: string | undefined;

/** The compiled build's lexiconCodeHash(), worked out when it was built (scripts/build.mjs). */
declare const __PLAINLY_LEXICON_CODE_HASH__: string | undefined;

/**
 * A hash of the source of the code that compiles a lexicon or a pattern (src/lexicon,
 * src/core): part of the key of every snapshot of compiled lexicon data. The compiled build
 * has it from when it was built (scripts/build.mjs works it out the same way; its code cannot
 * change after that: a changed source runs through tsx instead), so a start there reads none
 * of these files.
 */
export function lexiconCodeHash(): string {
  if (codeHash === undefined && typeof __PLAINLY_LEXICON_CODE_HASH__ === 'string') codeHash = __PLAINLY_LEXICON_CODE_HASH__;
  if (codeHash === undefined) {
    const parts: string[] = [];
    for (const folder of ['src/lexicon', 'src/core']) {
      const full = path.join(PROJECT_ROOT, folder);
      for (const name of fs.readdirSync(full).sort()) {
        if (!/\.[cm]?[jt]s$/.test(name)) continue;
        parts.push(`${folder}/${name}`, fs.readFileSync(path.join(full, name), 'utf8'));
      }
    }
    codeHash = snapshotKey(parts);
  }
  return codeHash;
}

interface LexiconSnapshot {
  checked: CheckedLexicon;
  /** Where each entry was read from, by entry index, with absolute file paths. */
  sources: (SourceLocation | undefined)[];
}

/**
 * A pattern automaton. The walk's scratch sets are class instances (their methods would not
 * survive) and are remade by the next walk, so they are left out; the rest is plain data.
 */
export const AUTOMATON_CODEC: SnapshotCodec<PatternAutomaton> = {
  encode: (automaton) => {
    tablesOf(automaton); // written with it, not worked out again by every reader
    return v8.serialize({ ...automaton, scratch: undefined });
  },
  decode: (bytes) => v8.deserialize(bytes) as PatternAutomaton,
};

/**
 * A compiled lexicon as a snapshot holds it: its main trie packed, its first-level branches
 * decoded only when looked up (packed-trie.ts: most of a lexicon snapshot is that trie, and a
 * letter reaches a small part of it); the automaton without its scratch sets.
 */
type StoredCompiled = Omit<CompiledLexicon, 'root'> & { root: PackedTrie };

function storedCompiled(compiled: CompiledLexicon): StoredCompiled {
  tablesOf(compiled.patterns); // as in AUTOMATON_CODEC
  return { ...compiled, root: packTrie(compiled.root), patterns: { ...compiled.patterns, scratch: undefined } };
}

function compiledFromStored(stored: StoredCompiled): CompiledLexicon {
  return { ...stored, root: unpackTrie(stored.root) };
}

const LEXICON_CODEC: SnapshotCodec<LexiconSnapshot> = {
  encode: ({ checked, sources }) => v8.serialize({ checked: { ...checked, compiled: storedCompiled(checked.compiled) }, sources }),
  decode: (bytes) => {
    const stored = v8.deserialize(bytes) as { checked: Omit<CheckedLexicon, 'compiled'> & { compiled: StoredCompiled }; sources: LexiconSnapshot['sources'] };
    return { checked: { ...stored.checked, compiled: compiledFromStored(stored.checked.compiled) }, sources: stored.sources };
  },
};

/**
 * `loadCheckedLexicon(dir)`, from a snapshot when this folder's files have been compiled and
 * checked before (by this code, with this compromise). The result is the same: the same
 * entries (with where each was read from), the same compiled matcher. A lexicon whose examples
 * fail throws as `loadCheckedLexicon` does and is never saved.
 * @throws AppError LEXICON_INVALID, or LEXICON_EXAMPLES_FAILED listing every failing example.
 */
export function loadCheckedLexiconCached(dir: string, options: { snapshotDir?: string } = {}): CheckedLexicon {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name)).sort();
  } catch {
    return loadCheckedLexicon(dir); // reports the missing folder
  }
  const parts: (string | Uint8Array)[] = ['plainly lexicon snapshot 2', process.versions.v8, compromiseVersion(), lexiconCodeHash()];
  for (const name of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, name));
    } catch {
      return loadCheckedLexicon(dir); // reports the unreadable file
    }
    parts.push(name, bytes);
  }
  const snapshot = cachedOnDisk<LexiconSnapshot>(
    'lexicon',
    snapshotKey(parts),
    () => {
      const checked = loadCheckedLexicon(dir);
      const sources = checked.entries.map((entry) => {
        const source = entrySource(entry);
        return source ? { ...source, file: path.resolve(source.file) } : undefined;
      });
      return { checked, sources };
    },
    LEXICON_CODEC,
    options.snapshotDir,
  );
  // What lives beside the entries rather than in them: where each was read from (shown
  // relative to the working folder, as when read from the files) and its word sets.
  const { checked, sources } = snapshot;
  // Entries come from a few files: each file's shown path is worked out once, not per entry.
  const shown = new Map<string, string>();
  const shownPath = (file: string) => {
    let relative = shown.get(file);
    if (relative === undefined) shown.set(file, (relative = path.relative(process.cwd(), file) || file));
    return relative;
  };
  checked.entries.forEach((entry, index) => {
    const source = sources[index];
    if (source) setEntrySource(entry, { ...source, file: shownPath(source.file) });
    setEntrySupport(entry, checked.compiled.support);
  });
  return checked;
}

const COMPILED_CODEC: SnapshotCodec<CompiledLexicon> = {
  encode: (compiled) => v8.serialize(storedCompiled(compiled)),
  decode: (bytes) => compiledFromStored(v8.deserialize(bytes) as StoredCompiled),
};

/**
 * `compileLexicon(entries, support)`, from a snapshot when these entries were compiled before
 * with these word sets by this code. Worth it in the service's threads: a rendering or lint
 * thread that compiles the approved lexicon itself loads compromise for the inflections (about
 * 25 MB of heap and 45 MB of RSS a thread, measured) and spends over a second doing it; read
 * from the snapshot, compromise is never loaded there. The key covers the entries as data (the
 * canonical order of their fields does not matter to v8.serialize, so their JSON is used),
 * the word sets, this code and compromise's version.
 */
export function compileLexiconCached(entries: LexiconEntry[], support: LexiconSupport = supportOfEntries(entries) ?? activeLexiconSupport(), options: { snapshotDir?: string } = {}): CompiledLexicon {
  const key = snapshotKey([
    'plainly compiled lexicon 2',
    process.versions.v8,
    compromiseVersion(),
    lexiconCodeHash(),
    JSON.stringify(entries),
    v8.serialize({ sets: support.sets, derived: support.derived, names: support.names }),
  ]);
  const compiled = cachedOnDisk('compiled', key, () => compileLexicon(entries, support), COMPILED_CODEC, options.snapshotDir);
  // The entries' word sets live beside them (a WeakMap), which a snapshot does not carry.
  for (const entry of compiled.entries) setEntrySupport(entry, compiled.support);
  return compiled;
}

/**
 * Inclusive language: retext-equality's own patterns, compiled into the same token trie the
 * lexicon uses, and filtered through the reviewed UK profile (equality-profile.ts).
 *
 * Why not run retext-equality as a plugin: it needs retext-english's parse of the text and
 * then searches every paragraph once per pattern list (nlcst-search), which is most of the
 * stock pipeline's cost (see bench/lint.bench.ts). The patterns are the library's data; only
 * the matching is ours. tests/lint/equality.test.ts checks our matcher finds what
 * retext-equality finds on the same sentences.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import type { Severity } from '../core/index.js';
import { cachedOnDisk, insertKeys, lexiconCodeHash, newNode, type PackedTrie, packTrie, phraseKeys, type RawHit, snapshotKey, type SnapshotCodec, type Token, type TrieNode, unpackTrie, walkTrie } from '../lexicon/index.js';
import { EQUALITY_PROFILE, EQUALITY_DEFAULT, type EqualityDecision } from './equality-profile.js';
import type { Block, LintContext, Rule } from './types.js';

/** One retext-equality pattern (the shape of its patterns-en.js). */
export interface EqualityPattern {
  id: string;
  type: 'basic' | 'or';
  categories: string[];
  inconsiderate: Record<string, string>;
  considerate?: Record<string, string>;
  condition?: string;
  note?: string;
  apostrophe?: boolean;
}

// retext-equality's package exports only the plugin; its pattern data sits next to it. The
// version is pinned in package.json, so the file is always the one reviewed.
const require = createRequire(import.meta.url);
const patternsFile = path.join(path.dirname(require.resolve('retext-equality')), 'patterns-en.js');
let patterns: readonly EqualityPattern[] | undefined;

/**
 * retext-equality's patterns, as shipped with the pinned version: loaded only to build the
 * trie (a snapshot holds what linting needs), as evaluating the 140 KB module costs a short
 * `plainly lint` about 5 ms. It is an ES module, loaded synchronously (`require` of ES modules:
 * Node 22.12 and later).
 */
export function equalityPatterns(): readonly EqualityPattern[] {
  patterns ??= (require(patternsFile) as { patterns: EqualityPattern[] }).patterns;
  return patterns;
}

/** What a finding needs of a pattern the trie can reach. */
export type EqualityPatternInfo = Pick<EqualityPattern, 'id' | 'type' | 'condition' | 'note'> & { considerate: string[] };

/** The trie, and by pattern index what findings need of each pattern it holds. */
export interface EqualityData {
  trie: TrieNode;
  patterns: (EqualityPatternInfo | null)[];
}

/** The decision for one rule id (reviewed, or the default). */
export function equalityDecision(id: string): EqualityDecision {
  return EQUALITY_PROFILE[id] ?? EQUALITY_DEFAULT;
}

/** The trie of retext-equality's phrases that the UK profile keeps, built from the patterns. */
export function buildEqualityData(): EqualityData {
  const root = newNode();
  const all = equalityPatterns();
  const infos: (EqualityPatternInfo | null)[] = all.map(() => null);
  all.forEach((pattern, index) => {
    const decision = equalityDecision(pattern.id);
    if (decision.action === 'ignore') return;
    infos[index] = { id: pattern.id, type: pattern.type, condition: pattern.condition, note: pattern.note, considerate: Object.keys(pattern.considerate ?? {}) };
    for (const [phrase, category] of Object.entries(pattern.inconsiderate)) {
      // A few upstream phrases list alternatives with a comma ("front men, frontmen").
      for (const alternative of phrase.split(/\s*,\s*/)) {
        if (decision.ignorePhrases?.includes(alternative.toLowerCase())) continue;
        const caseSensitive = alternative !== alternative.toLowerCase() ? alternative : undefined;
        const keyed = /^[a-z]+\.$/i.test(alternative) ? alternative.slice(0, -1) : alternative;
        for (const keys of phraseKeys(keyed.split(' ').map((w) => (w === '*' ? 'xwildcardx' : w)).join(' '))) {
          insertKeys(root, keys.map((k) => (k === 'xwildcardx' ? '*' : k)), { entry: index, unless: false, expected: [], reword: false, caseSensitive, tag: category });
        }
      }
    }
  });
  return { trie: root, patterns: infos };
}

/** The trie packed (branches decoded when first looked up), the patterns' details as they are. */
const EQUALITY_CODEC: SnapshotCodec<EqualityData> = {
  encode: (data) => v8.serialize({ trie: packTrie(data.trie), patterns: data.patterns }),
  decode: (bytes) => {
    const stored = v8.deserialize(bytes) as { trie: PackedTrie; patterns: EqualityData['patterns'] };
    return { trie: unpackTrie(stored.trie), patterns: stored.patterns };
  },
};

/**
 * `buildEqualityData()`, read from a snapshot when this code built it from these patterns and
 * this profile before: building it is a few thousand phrases through the tokenizer, about a
 * tenth of a short `plainly lint`'s start; reading it back is a few milliseconds, and the
 * patterns module is not loaded at all. The key covers the patterns file, the profile, the
 * building code (this function's source and the tokenizer's and trie's, through
 * lexiconCodeHash) and V8's version (the serialisation).
 */
export function equalityDataCached(options: { snapshotDir?: string } = {}): EqualityData {
  const key = snapshotKey([
    'plainly equality data 3',
    process.versions.v8,
    lexiconCodeHash(),
    fs.readFileSync(patternsFile),
    JSON.stringify([EQUALITY_PROFILE, EQUALITY_DEFAULT]),
    buildEqualityData.toString(),
    equalityDecision.toString(),
  ]);
  return cachedOnDisk('equality', key, buildEqualityData, EQUALITY_CODEC, options.snapshotDir);
}

const { trie: TRIE, patterns: PATTERNS } = equalityDataCached();

const SEVERITY: Record<'keep' | 'lower', Severity> = { keep: 'warning', lower: 'suggestion' };

/** True when only "and", "or" or "/" lies between two tokens (as retext-equality's `or` rule). */
function joinedByAndOr(text: string, tokens: readonly Token[], a: RawHit, b: RawHit): boolean {
  for (let i = a.last + 1; i < b.first; i++) if (!/(and|or)/.test(tokens[i].norm)) return false;
  for (let i = a.last; i < b.first; i++) {
    const gap = text.slice(tokens[i].end, tokens[i + 1].start);
    if (!/^[\s/]*$/.test(gap)) return false;
  }
  return true;
}

function capitalise(values: string[], actual: string): string[] {
  const first = actual.charAt(0);
  if (first === first.toLowerCase()) return values;
  return values.map((v) => v.charAt(0).toUpperCase() + v.slice(1));
}

function reasonFor(pattern: EqualityPatternInfo, actual: string): string {
  const condition = pattern.condition ? ` ${pattern.condition}` : '';
  const note = pattern.note ? ` ${pattern.note.replace(/\s*\(source: [^)]*\)/, '')}` : '';
  return `“${actual}” may hurt or leave people out${condition}.${note}`.trim();
}

function checkBlock(context: LintContext, block: Block): void {
  const { text, tokens } = context;
  const hits: RawHit[] = [];
  const slice = tokens.slice(block.firstToken, block.endToken);
  walkTrie(TRIE, slice, text, (raw) => hits.push({ ...raw, first: raw.first + block.firstToken, last: raw.last + block.firstToken }));
  if (hits.length === 0) return;
  hits.sort((a, b) => a.first - b.first || b.last - a.last);
  // Longest match per start, and no match inside another match of the same pattern.
  const kept: RawHit[] = [];
  for (const hit of hits) {
    if (kept.some((k) => k.hit.entry === hit.hit.entry && k.first <= hit.first && k.last >= hit.last)) continue;
    kept.push(hit);
  }
  for (let i = 0; i < kept.length; i++) {
    const match = kept[i];
    const pattern = PATTERNS[match.hit.entry]!; // the trie holds only patterns with details
    if (pattern.type === 'or') {
      // "he or she", "him/her": every category present together is fine.
      const next = kept.slice(i + 1).find((k) => k.hit.entry === match.hit.entry);
      if (next && next.hit.tag !== match.hit.tag && joinedByAndOr(text, tokens, match, next)) {
        if (equalityDecision(pattern.id).binary) {
          kept.splice(kept.indexOf(next), 1);
          continue;
        }
      }
    }
    const decision = equalityDecision(pattern.id);
    if (decision.action === 'ignore') continue;
    const start = tokens[match.first].start;
    const end = tokens[match.last].end;
    const actual = text.slice(start, end);
    context.report({
      ruleId: `equality/${pattern.id}`,
      source: 'equality',
      severity: SEVERITY[decision.action],
      reason: reasonFor(pattern, actual),
      start,
      end,
      expected: capitalise([...pattern.considerate], actual),
    });
  }
}

/** The equality rule family (`equality/<retext-equality id>`). */
export const equalityRule: Rule = {
  id: 'equality/*',
  englishOnly: true,
  run(context) {
    for (const block of context.blocks) checkBlock(context, block);
  },
};

/**
 * The council lexicon: load and validate entries (YAML or CSV), compile them into a token
 * trie with inflections and UK/US spellings, match them in tokenised text, and run each
 * entry's own examples.
 */
export { type LexiconEntry, LexiconEntrySchema, LexiconFileSchema } from './schema.js';
export { parseLexiconYaml, lexiconToYaml, entrySource } from './yaml.js';
export { lexiconToCsv, lexiconFromCsv, guardCell, unguardCell, CSV_COLUMNS } from './csv.js';
export { loadLexiconDir, loadCheckedLexicon, type CheckedLexicon, MAX_LEXICON_FILE_BYTES } from './load.js';
export { compileLexicon, matchLexicon, findLexiconMatches, keepFirstUses, type Explanation, type LexiconMatches, walkTrie, insertKeys, newNode, matchCase, type CompiledLexicon, type LexiconMatch, type MatchScope, type TrieNode, type TrieHit, type RawHit } from './trie.js';
export { testLexicon, formatExampleFailure, type LexiconExampleFailure } from './selftest.js';
export { tokenize, tokenizeRange, phraseKeys, foldWord, type Token } from './tokens.js';
export { termVariants, shapeReplacement, type Form, type Variant } from './inflect.js';
export { spellingVariants } from './spelling.js';
export { COUNCIL_TERMS } from './known-terms.js';
export { parsePattern, patternSetNames, type PatternItem, type PatternChoice, type PatternProblem, MAX_GAP, DEFAULT_GAP, MAX_SET_WORDS, MAX_PATTERN_ITEMS } from './pattern.js';
export { walkPatterns, tablesOf, addPattern, newPatternAutomaton, choicePaths, type PatternAutomaton, type PatternNode } from './automaton.js';
export { type LexiconSupport, loadLexiconSupport, defaultLexiconSupport, activeLexiconSupport, withLexiconSupport, parseWordSets, parseNames, EMPTY_SUPPORT, WORD_SETS_FILE, NAMES_FILE, SUPPORT_FILES } from './support.js';
export { loadCheckedLexiconCached, compileLexiconCached, cachedOnDisk, snapshotKey, lexiconCodeHash, V8_CODEC, AUTOMATON_CODEC, SNAPSHOT_DIR, type SnapshotCodec } from './snapshot.js';
export { packTrie, unpackTrie, type PackedTrie } from './packed-trie.js';
export { compromise, compromiseVersion, type Compromise } from './nlp.js';

/**
 * Every entry carries its own tests: sentences it must flag and sentences it must leave
 * alone. Running them is how a co-production group knows a change does what they agreed.
 */
import { formatLocation } from '../core/index.js';
import type { LexiconEntry } from './schema.js';
import { tokenize } from './tokens.js';
import { type CompiledLexicon, compileLexicon, matchLexicon } from './trie.js';
import { entrySource } from './yaml.js';

/** One example that did not behave as its entry says. */
export interface LexiconExampleFailure {
  /** The entry's id. */
  id: string;
  /** Where the entry was read from (`file:line:col`), when known. */
  location?: string;
  /** `flag`: the sentence should have been flagged and was not; `pass`: it was flagged and should not be. */
  expectation: 'flag' | 'pass';
  example: string;
  /** A sentence for the person fixing it. */
  message: string;
}

/**
 * Runs every entry's examples against the entry alone (other entries are not consulted, so
 * a pass example may well contain words another entry flags).
 */
export function testLexicon(entries: LexiconEntry[], compiled: CompiledLexicon = compileLexicon(entries)): LexiconExampleFailure[] {
  const failures: LexiconExampleFailure[] = [];
  entries.forEach((entry, fallbackIndex) => {
    const index = compiled.byId.get(entry.id) ?? fallbackIndex;
    const source = entrySource(entry);
    const location = source ? formatLocation(source) : undefined;
    for (const example of entry.examples.flag) {
      const matches = matchLexicon(compiled, tokenize(example), example, { only: index });
      if (matches.length === 0) {
        failures.push({ id: entry.id, location, expectation: 'flag', example, message: `should flag this example but does not find any of its terms in it` });
      }
    }
    for (const example of entry.examples.pass) {
      const matches = matchLexicon(compiled, tokenize(example), example, { only: index });
      if (matches.length > 0) {
        const found = matches.map((m) => `"${example.slice(m.start, m.end)}"`).join(', ');
        failures.push({ id: entry.id, location, expectation: 'pass', example, message: `should not flag this example but finds ${found} (add an "unless" phrase, or change the example)` });
      }
    }
  });
  return failures;
}

/** One line per failure: `file:line:col entry "id": message: "example"`. */
export function formatExampleFailure(failure: LexiconExampleFailure): string {
  const where = failure.location ? `${failure.location} ` : '';
  return `${where}entry "${failure.id}" ${failure.message}: ${JSON.stringify(failure.example)}`;
}

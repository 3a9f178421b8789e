/**
 * YAML with positions. Front matter and config files are written by people, so a problem is
 * reported at its `file:line:col`, and a zod issue's path (`fields.recipient.max`) is turned
 * back into the place in the file where that value is written.
 */
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { aliasOffsets } from '../core/index.js';
import type { FieldProblem, SourceLocation } from '../core/index.js';
import { formatLocation } from '../core/index.js';

/** A parsed YAML document that can say where each value is. */
export interface PositionedYaml {
  value: unknown;
  /** Where the value at `path` is written (or the nearest existing parent). */
  locate(path: readonly PropertyKey[]): SourceLocation;
  /** YAML syntax errors, each with its place. Empty when the YAML is well formed. */
  errors: FieldProblem[];
}

/**
 * Parses YAML text. `firstLine` is the line in `file` where the text starts (front matter
 * starts on line 2, after the opening `---`).
 */
export function parseYaml(text: string, file: string, firstLine = 1): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: line + firstLine - 1, column: col };
  };
  const errors: FieldProblem[] = doc.errors.map((error) => ({
    path: formatLocation(at(error.pos[0])),
    message: error.message.split('\n')[0],
  }));
  for (const offset of aliasOffsets(doc)) errors.push({ path: formatLocation(at(offset)), message: ALIAS_MESSAGE });
  const locate = (path: readonly PropertyKey[]): SourceLocation => {
    // Walk down as far as the path exists; report the deepest node found.
    let node: unknown = doc.contents;
    let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => String((item.key as { value?: unknown })?.value ?? item.key) === String(key));
        if (!pair) break;
        const keyRange = (pair.key as { range?: [number, number, number] })?.range;
        const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
        offset = valueRange?.[0] ?? keyRange?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key];
        offset = (node as { range?: [number, number, number] })?.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return at(offset);
  };
  return { value: errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }), locate, errors };
}

/** Why aliases are refused, for the person who wrote one. */
const ALIAS_MESSAGE = 'YAML aliases (*name) are not allowed here: write the value out in full';

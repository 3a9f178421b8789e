/**
 * YAML aliases (`*name`) are refused in every YAML that people send us (template front
 * matter, lexicon files): none of them needs one, and a few nested aliases expand a small
 * upload into gigabytes (a "billion laughs"), so they are found before anything is expanded.
 */
import type { Document } from 'yaml';
import { yamlLib } from './yaml-lib.js';

/** Offsets (0-based, into the parsed text) of every alias in the document. */
export function aliasOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  const { isAlias, visit } = yamlLib();
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) offsets.push(node.range?.[0] ?? 0);
    },
  });
  return offsets;
}

/**
 * "What changed" between two versions of a template, as people read it: the lines taken out
 * and put in, with a few unchanged lines around each change for context. Long unchanged
 * stretches are folded into one line that says how many lines are the same, so a one-word
 * change in a long template does not have to be found in the whole file.
 */
import { diffLines } from 'diff';

/** One part of the comparison. `same` is unchanged text; `folded` stands for `lines` unchanged lines. */
export type DiffPart = { kind: 'added' | 'removed' | 'same'; text: string } | { kind: 'folded'; lines: number };

/** Unchanged lines kept before and after each change. */
export const CONTEXT_LINES = 3;

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => `${line}\n`);
}

/** The changes from `before` to `after`, line by line, with unchanged stretches folded; empty when nothing changed. */
export function changedLines(before: string, after: string, context = CONTEXT_LINES): DiffPart[] {
  const parts = diffLines(before, after);
  if (parts.every((part) => !part.added && !part.removed)) return [];
  const out: DiffPart[] = [];
  parts.forEach((part, index) => {
    if (part.added || part.removed) {
      out.push({ kind: part.added ? 'added' : 'removed', text: part.value });
      return;
    }
    const lines = splitLines(part.value);
    const keepStart = index === 0 ? 0 : context; // context after the change before this stretch
    const keepEnd = index === parts.length - 1 ? 0 : context; // context before the next change
    if (lines.length <= keepStart + keepEnd + 1) {
      out.push({ kind: 'same', text: part.value });
      return;
    }
    if (keepStart) out.push({ kind: 'same', text: lines.slice(0, keepStart).join('') });
    out.push({ kind: 'folded', lines: lines.length - keepStart - keepEnd });
    if (keepEnd) out.push({ kind: 'same', text: lines.slice(lines.length - keepEnd).join('') });
  });
  return out;
}

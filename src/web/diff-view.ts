/**
 * "What changed" between two versions of a template, as people read it: lines taken out and
 * put in, and inside a changed line the words taken out and put in, with a few unchanged lines
 * around each change for context. Long unchanged stretches are folded into one line that says
 * how many lines are the same, so a one-word change in a long template does not have to be
 * found in the whole file. The fields are compared too, each field's data rules said in words.
 */
import { diffLines, diffWordsWithSpace } from 'diff';
import { describeField, flattenFields, readFrontMatter } from './template-form.js';

/** A run of words inside a changed line: kept, taken out or put in. */
export interface WordPart {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/**
 * One part of the comparison. `same` is unchanged text; `folded` stands for `lines` unchanged
 * lines; `changed` is lines that were edited, as words kept, taken out and put in.
 */
export type DiffPart = { kind: 'added' | 'removed' | 'same'; text: string } | { kind: 'folded'; lines: number } | { kind: 'changed'; words: WordPart[] };

/** Unchanged lines kept before and after each change. */
export const CONTEXT_LINES = 3;

/**
 * Lines that keep less than this share of their characters are shown as a whole line out and
 * a whole line in: marking every other word of a rewritten sentence is harder to read.
 */
export const MIN_KEPT_SHARE = 0.4;

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => `${line}\n`);
}

/** The words taken out and put in from `before` to `after` (spaces count as words, so layout is kept). */
export function changedWords(before: string, after: string): WordPart[] {
  const parts: WordPart[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += part.value;
    else parts.push({ kind, text: part.value });
  }
  return parts;
}

/** The share of the longer text that is kept (0 to 1). */
function keptShare(words: WordPart[], before: string, after: string): number {
  const kept = words.filter((w) => w.kind === 'same' && /\S/.test(w.text)).reduce((n, w) => n + w.text.length, 0);
  return kept / Math.max(1, before.length, after.length);
}

/** The changes from `before` to `after`, with changed lines as words and unchanged stretches folded; empty when nothing changed. */
export function changedLines(before: string, after: string, context = CONTEXT_LINES): DiffPart[] {
  const parts = diffLines(before, after);
  if (parts.every((part) => !part.added && !part.removed)) return [];
  const out: DiffPart[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.removed && parts[index + 1]?.added) {
      // Lines taken out and put in at the same place: the same lines, edited.
      const next = parts[index + 1];
      const words = changedWords(part.value, next.value);
      if (keptShare(words, part.value, next.value) >= MIN_KEPT_SHARE) {
        out.push({ kind: 'changed', words });
      } else {
        out.push({ kind: 'removed', text: part.value }, { kind: 'added', text: next.value });
      }
      index++;
      continue;
    }
    if (part.added || part.removed) {
      out.push({ kind: part.added ? 'added' : 'removed', text: part.value });
      continue;
    }
    const lines = splitLines(part.value);
    const keepStart = index === 0 ? 0 : context; // context after the change before this stretch
    const keepEnd = index === parts.length - 1 ? 0 : context; // context before the next change
    if (lines.length <= keepStart + keepEnd + 1) {
      out.push({ kind: 'same', text: part.value });
      continue;
    }
    if (keepStart) out.push({ kind: 'same', text: lines.slice(0, keepStart).join('') });
    out.push({ kind: 'folded', lines: lines.length - keepStart - keepEnd });
    if (keepEnd) out.push({ kind: 'same', text: lines.slice(lines.length - keepEnd).join('') });
  }
  return out;
}

/** One field that differs between two versions: its label and rules in words, with the words that changed. */
export interface FieldChange {
  path: string;
  /** The field's label (the newer one when both have one), or its path. */
  name: string;
  change: 'added' | 'removed' | 'changed';
  words: WordPart[];
}

/** A field said in words, as the comparison shows it: "Label. A date. Needed. Help: …" */
function fieldWords(spec: Parameters<typeof describeField>[0]): string {
  const words = [spec.label ? `“${spec.label}”` : '', describeField(spec), spec.help ? `Help: ${spec.help}` : ''];
  return words.filter(Boolean).join(' ');
}

/**
 * The fields added, taken out and changed from one version's front matter to the other's, in
 * the newer version's order (taken-out fields last); each change as words kept, taken out and
 * put in. Empty when the fields are the same (or neither version's front matter can be read).
 */
export function changedFields(beforeSource: string, afterSource: string): FieldChange[] {
  const before = new Map(flattenFields(readFrontMatter(beforeSource).fields).map((f) => [f.path, f.spec]));
  const after = flattenFields(readFrontMatter(afterSource).fields);
  const out: FieldChange[] = [];
  for (const { path, spec } of after) {
    const old = before.get(path);
    const now = fieldWords(spec);
    if (!old) {
      out.push({ path, name: spec.label ?? path, change: 'added', words: [{ kind: 'added', text: now }] });
      continue;
    }
    before.delete(path);
    const was = fieldWords(old);
    if (was !== now) out.push({ path, name: spec.label ?? old.label ?? path, change: 'changed', words: changedWords(was, now) });
  }
  for (const [path, spec] of before) out.push({ path, name: spec.label ?? path, change: 'removed', words: [{ kind: 'removed', text: fieldWords(spec) }] });
  return out;
}

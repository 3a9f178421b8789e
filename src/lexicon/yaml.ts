/**
 * Reading and writing lexicon YAML. Every problem is reported as `file:line:col` with the
 * entry's id, because the people who edit these files are not programmers and need to be
 * pointed at the exact place.
 */
import type { Document, Node } from 'yaml';
import { aliasOffsets, yamlLib } from '../core/index.js';
import type { z } from 'zod';
import { AppError, type FieldProblem, formatLocation, LineIndex, type SourceLocation } from '../core/index.js';
import { ENTRY_FIELDS, LexiconEntrySchema, type LexiconEntry } from './schema.js';

// Where each parsed entry came from, so later problems (duplicate ids, failing examples) can
// name the file and line without putting a location field into the entry format itself.
const sources = new WeakMap<LexiconEntry, SourceLocation>();

/** The file and line an entry was read from, when it was read from a file. */
export function entrySource(entry: LexiconEntry): SourceLocation | undefined {
  return sources.get(entry);
}

/** Records where an entry came from (used by the CSV reader too). */
export function setEntrySource(entry: LexiconEntry, location: SourceLocation): void {
  sources.set(entry, location);
}

/** Throws LEXICON_INVALID with every problem listed. */
export function throwProblems(file: string, problems: FieldProblem[], what: 'file' | 'folder' = 'file'): never {
  if (problems.length === 1) {
    throw new AppError('LEXICON_INVALID', `${problems[0].path}: ${problems[0].message}`, { location: { file }, errors: [] });
  }
  throw new AppError('LEXICON_INVALID', `The lexicon ${what} ${file} has ${problems.length} problems:`, { location: { file }, errors: problems });
}

/** Describes a zod issue path inside one entry ("severity", "examples.flag[2]"). */
export function describePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || 'entry';
}

/** Turns zod issues for entry `index` into problems located in the YAML source. */
function locateIssues(doc: Document, lines: LineIndex, file: string, index: number, raw: unknown, issues: z.core.$ZodIssue[]): FieldProblem[] {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  return issues.map((issue) => {
    // The deepest node that exists: for a missing field, the entry itself.
    let node: Node | null = null;
    for (let depth = issue.path.length; depth >= 0 && !node; depth--) {
      const found = doc.getIn([index, ...issue.path.slice(0, depth)], true);
      if (found && typeof found === 'object' && 'range' in (found as object)) node = found as Node;
    }
    let offset = node?.range?.[0] ?? 0;
    // A problem inside a pattern: point at its character, when the pattern is written on one line.
    const at = (issue as { params?: { at?: unknown } }).params?.at;
    if (typeof at === 'number' && node && yamlLib().isScalar(node) && node.range && !lines.text.slice(node.range[0], node.range[1]).includes('\n')) {
      offset += (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0) + at;
    }
    const position = lines.position(offset);
    const where = formatLocation({ file, line: position.line, column: position.column });
    const field = describePath(issue.path);
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)` : issue.message;
    return { path: where, message: `entry ${id ? `"${id}"` : `#${index + 1}`}, ${field}: ${message}` };
  });
}

/**
 * Parses one lexicon YAML file (a list of entries).
 * @throws AppError LEXICON_INVALID naming `file:line:col` and the entry for every problem.
 */
export function parseLexiconYaml(text: string, file: string): LexiconEntry[] {
  const { isSeq, parseDocument } = yamlLib();
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throwProblems(
      file,
      doc.errors.map((error) => {
        const position = lines.position(error.pos[0]);
        return { path: formatLocation({ file, line: position.line, column: position.column }), message: `this is not valid YAML: ${error.message.split('\n')[0]}` };
      }),
    );
  }
  const aliases = aliasOffsets(doc);
  if (aliases.length > 0) {
    throwProblems(
      file,
      aliases.map((offset) => {
        const position = lines.position(offset);
        return { path: formatLocation({ file, line: position.line, column: position.column }), message: 'YAML aliases (*name) are not allowed in a lexicon file: write the words out in full' };
      }),
    );
  }
  const contents = doc.contents;
  if (contents === null || (isSeq(contents) && contents.items.length === 0)) {
    throwProblems(file, [{ path: formatLocation({ file, line: 1, column: 1 }), message: 'the file has no entries; a lexicon file is a list of entries, each starting with "- id:"' }]);
  }
  if (!isSeq(contents)) {
    const position = lines.position(contents.range?.[0] ?? 0);
    throwProblems(file, [{ path: formatLocation({ file, line: position.line, column: position.column }), message: 'a lexicon file must be a list of entries, each starting with "- id:"' }]);
  }
  const raw = doc.toJS() as unknown[];
  const entries: LexiconEntry[] = [];
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  raw.forEach((item, index) => {
    const parsed = LexiconEntrySchema.safeParse(item);
    if (!parsed.success) {
      problems.push(...locateIssues(doc, lines, file, index, item, parsed.error.issues));
      return;
    }
    const node = contents.items[index] as Node;
    const position = lines.position(node?.range?.[0] ?? 0);
    const location = { file, line: position.line, column: position.column };
    const where = formatLocation(location);
    const earlier = seen.get(parsed.data.id);
    if (earlier) {
      problems.push({ path: where, message: `entry "${parsed.data.id}": the id is used twice (first at ${earlier}); every entry needs its own id` });
      return;
    }
    seen.set(parsed.data.id, where);
    setEntrySource(parsed.data, location);
    entries.push(parsed.data);
  });
  if (problems.length > 0) throwProblems(file, problems);
  return entries;
}

/** Puts an entry's fields in the documented order, leaving out what is not set. */
export function orderedEntry(entry: LexiconEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ENTRY_FIELDS) {
    // A pattern entry has no terms; its `terms: []` is not written.
    if (field === 'terms' && entry.pattern !== undefined && entry.terms.length === 0) continue;
    const value = entry[field];
    if (value !== undefined) out[field] = field === 'examples' ? { flag: entry.examples.flag, pass: entry.examples.pass } : value;
  }
  return out;
}

const FLOW_FIELDS = new Set(['terms', 'replace', 'kinds', 'profiles', 'unless', 'explained']);

/** Writes entries as lexicon YAML (short lists inline, examples as block lists). */
export function lexiconToYaml(entries: LexiconEntry[]): string {
  const { Document, isMap, isSeq, visit } = yamlLib();
  const doc = new Document(entries.map(orderedEntry));
  visit(doc, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown })?.value;
      if (typeof key === 'string' && FLOW_FIELDS.has(key) && isSeq(pair.value)) pair.value.flow = true;
    },
    Map(_, map) {
      if (isMap(map)) map.flow = false;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}


/**
 * Row problems: one record per thing wrong in a row, listed in full (row, column, message),
 * and summarised the way people read them: "3 rows have a postcode that is not a UK
 * postcode: rows 4, 17 and 203" reads as "Postcode is not a UK postcode in 3 rows: rows 4,
 * 17 and 203". Messages never quote cell values, so summaries and logs carry no personal data.
 */
import { toExcelSafeCsv } from './excel-safe.js';

/** One thing wrong with one row. */
export interface RowProblem {
  /** The row number as Excel shows it (the heading row is usually 1). */
  row: number;
  /** The column's heading as written, with its letter: `C ("Postcode")`; empty for the whole row. */
  column: string;
  /** The field at fault, as a heading would name it (`recipient.address.postcode`, `documents.2`); empty for the whole row. */
  field: string;
  /** What people call the field: its label, or the heading. */
  label: string;
  /** What is wrong, phrased to follow the label: "is not a real date". */
  message: string;
}

/** Problems that are the same kind of thing, in many rows. */
export interface ProblemGroup {
  label: string;
  message: string;
  rows: number[];
  /** The sentence people read. */
  text: string;
}

/** "rows 4, 17 and 203"; long lists are cut short (the full list is in the problems file). */
export function formatRowList(rows: readonly number[], limit = 10): string {
  const word = rows.length === 1 ? 'row' : 'rows';
  const numbers = rows.map(String);
  if (numbers.length === 1) return `${word} ${numbers[0]}`;
  if (numbers.length <= limit) return `${word} ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
  return `${word} ${numbers.slice(0, limit).join(', ')} and ${numbers.length - limit} more`;
}

/** Starts of messages that read on from a field's name ("Postcode is not …"). */
const PREDICATE = /^(is|are|has|have|must|needs?|should|cannot|can't|does|do|was|were|holds?|fills?|starts?|ends?)\b/i;

/**
 * A message without the row-specific figures the template's checks add ("(it has 169)",
 * "(31 January 2021)"), so the same mistake in 200 rows reads as one line, not 200.
 */
export function generalMessage(message: string): string {
  return message.replace(/\s*\([^()]*\d[^()]*\)/g, '').trim();
}

/** Field-level key for grouping: list items count as one field (`documents.*`). */
function fieldPattern(field: string): string {
  return field.replace(/\.\d+(?=\.|$)/g, '.*');
}

/** The sentence for one group. */
function groupText(label: string, message: string, rows: readonly number[]): string {
  const count = rows.length === 1 ? '1 row' : `${rows.length.toLocaleString('en-GB')} rows`;
  const where = formatRowList(rows);
  if (!label) return `${capitalise(message)} in ${count}: ${where}`;
  if (PREDICATE.test(message)) return `${label} ${message} in ${count}: ${where}`;
  return `${label}: ${message}, in ${count}: ${where}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Groups problems as they arrive, keeping only each group's row numbers (never the problems
 * themselves), so a file with millions of problems is summarised in a few megabytes.
 */
export class ProblemSummariser {
  private readonly groups = new Map<string, { label: string; message: string; rows: number[] }>();

  /** Counts one problem in its group. */
  add(problem: RowProblem): void {
    const message = generalMessage(problem.message);
    const key = `${fieldPattern(problem.field)}\u0000${message}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { label: problem.label, message, rows: [] };
      this.groups.set(key, group);
    }
    if (group.rows.at(-1) !== problem.row) group.rows.push(problem.row);
  }

  /** The groups, largest first, so the most common mistake (usually one wrong column) is read first. */
  summary(): ProblemGroup[] {
    return [...this.groups.values()]
      .map((group) => {
        const rows = [...new Set(group.rows)].sort((a, b) => a - b);
        return { ...group, rows, text: groupText(group.label, group.message, rows) };
      })
      .sort((a, b) => b.rows.length - a.rows.length || a.rows[0] - b.rows[0]);
  }
}

/**
 * Groups problems by field and message, largest group first, so the most common mistake
 * (usually one wrong column) is read first.
 */
export function summariseProblems(problems: readonly RowProblem[]): ProblemGroup[] {
  const summariser = new ProblemSummariser();
  for (const problem of problems) summariser.add(problem);
  return summariser.summary();
}

/** The header of the downloadable problems file. */
export const PROBLEM_CSV_HEADER = ['row', 'column', 'field', 'problem'] as const;

/** One problem as a CSV row (cells in `PROBLEM_CSV_HEADER` order). */
export function problemCsvRow(problem: RowProblem): [number, string, string, string] {
  return [problem.row, problem.column, problem.field, problem.label ? `${problem.label} ${problem.message}` : capitalise(problem.message)];
}

/** Every problem as an Excel-safe CSV file (with a byte order mark so Excel reads it as UTF-8). */
export function problemsToCsv(problems: readonly RowProblem[]): string {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return toExcelSafeCsv([...PROBLEM_CSV_HEADER], sorted.map(problemCsvRow), { bom: true });
}

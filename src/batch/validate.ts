/**
 * The first pass over a spreadsheet: every row is read, converted and checked against the
 * template before anything renders, so a finance team sees every problem at once rather
 * than finding them one failed letter at a time. Nothing is rendered here and no row data is
 * kept, only the problems (which never quote cell values).
 */
import { AppError } from '../core/index.js';
import { isBlankCell, type SheetRow } from './cells.js';
import type { EncodingReport } from './encoding.js';
import { type FieldMap, parseFieldMap } from './fields.js';
import { describeColumn, type HeaderMapping, mapHeaders, type MapHeadersOptions } from './headers.js';
import { formatRowList, type ProblemGroup, ProblemSummariser, type RowProblem } from './problems.js';
import { DUPLICATE_REFERENCE_MESSAGE, DuplicateReferences, referenceOfData } from './references.js';
import { buildRow, checkRow, type RowValidator } from './rows.js';
import type { Spreadsheet } from './spreadsheet.js';

/** What the batch path needs of a template. */
export interface BatchTemplate {
  id: string;
  /** The template's `fields` (docs/templates.md). */
  fields: unknown;
  /** Checks one row's data: field schema and cross-field checks (`Template.validate` fits). */
  validate: RowValidator;
}

/** Options for reading a batch's rows. */
export interface ValidateOptions extends MapHeadersOptions {
  /** The field that names each letter (and must be unique). Default `reference`. */
  referenceField?: string;
  /** Called every `progressEvery` rows read, for progress bars. */
  onProgress?: (rowsRead: number) => void;
  progressEvery?: number;
  signal?: AbortSignal;
  /**
   * Problems to keep in full (the first ones, in row order); the rest are counted and
   * summarised but not kept. Default: all (the CLI lists every problem in problems.csv); the
   * service keeps 1,000, so a file with a problem in every cell cannot fill its memory.
   */
  maxProblems?: number;
}

/** Everything the first pass found. */
export interface ValidationReport {
  file: string;
  format: 'csv' | 'xlsx';
  encoding?: EncodingReport;
  templateId: string;
  /** The row number of the heading row. */
  headerRow: number;
  mapping: HeaderMapping;
  /** Rows that are letters (every non-blank row after the heading row). */
  total: number;
  valid: number;
  invalid: number;
  /** Row numbers of invalid rows, ascending. */
  invalidRows: number[];
  /** The reference of each invalid row that has one, for the manifest. */
  invalidReferences: Record<number, string>;
  /** Blank rows between letters, skipped (trailing blank rows are not listed). */
  blankRows: number[];
  /** Every problem, in row order (the first `maxProblems` of them when that was set). */
  problems: RowProblem[];
  /** How many problems there are, kept in `problems` or not. */
  problemTotal: number;
  /** How many problems each invalid row has (kept or not). */
  problemsPerRow: Map<number, number>;
  /** Problems grouped for people, largest group first. */
  summary: ProblemGroup[];
  /** Things worth knowing that are not row problems (ignored columns, skipped blank rows, encoding). */
  notes: string[];
}

/** One row ready to render: its number, reference and data. */
export interface ValidRow {
  row: number;
  reference?: string;
  data: Record<string, unknown>;
}

/** The parts of a template the row builder needs, parsed once. */
export interface PreparedTemplate {
  id: string;
  fields: FieldMap;
  validate: RowValidator;
}

/** Parses the template's fields for batch use. @throws AppError TEMPLATE_INVALID. */
export function prepareTemplate(template: BatchTemplate): PreparedTemplate {
  return { id: template.id, fields: parseFieldMap(template.fields, template.id), validate: (data) => template.validate(data) };
}

/** Finds the heading row (the first non-blank row) and maps it. */
async function readHeading(rows: AsyncGenerator<SheetRow>, sheet: Spreadsheet, template: PreparedTemplate, options: MapHeadersOptions): Promise<{ headerRow: number; mapping: HeaderMapping }> {
  for (;;) {
    const next = await rows.next();
    if (next.done) {
      throw new AppError('INPUT_UNREADABLE', `${sheet.name} is empty: it needs a heading row naming the fields, then one row for each letter.`, { location: { file: sheet.name } });
    }
    if (next.value.cells.every(isBlankCell)) continue;
    return { headerRow: next.value.row, mapping: mapHeaders(template.fields, next.value.cells, options) };
  }
}

/**
 * Reads every row, checks it, and reports. Two rows with the same reference are both invalid
 * (their letters would have the same name, and we cannot tell which is right).
 * @throws AppError for a file that cannot be used at all: unreadable, too large, empty, heading
 *   row only, or headings that do not fit the template (VALIDATION_FAILED, every column named).
 */
export async function validateSpreadsheet(sheet: Spreadsheet, template: PreparedTemplate, options: ValidateOptions = {}): Promise<ValidationReport> {
  const referenceField = options.referenceField ?? 'reference';
  const progressEvery = options.progressEvery ?? 500;
  const rows = sheet.rows();
  const { headerRow, mapping } = await readHeading(rows, sheet, template, options);
  const maxProblems = options.maxProblems ?? Number.POSITIVE_INFINITY;
  const problems: RowProblem[] = [];
  const summariser = new ProblemSummariser();
  const problemsPerRow = new Map<number, number>();
  let problemTotal = 0;
  // Every problem is counted and summarised; only the first `maxProblems` are kept whole.
  const record = (problem: RowProblem) => {
    problemTotal++;
    summariser.add(problem);
    problemsPerRow.set(problem.row, (problemsPerRow.get(problem.row) ?? 0) + 1);
    if (problems.length < maxProblems) problems.push(problem);
  };
  const invalid = new Set<number>();
  const references = new DuplicateReferences();
  const rowReferences = new Map<number, string>();
  const blanks: number[] = [];
  let total = 0;
  let lastDataRow = headerRow;
  const unusedWithData = new Map<number, number>();

  for await (const sheetRow of rows) {
    options.signal?.throwIfAborted();
    if (sheetRow.cells.every(isBlankCell)) {
      blanks.push(sheetRow.row);
      continue;
    }
    total++;
    lastDataRow = sheetRow.row;
    for (const column of mapping.unknown) {
      if (!isBlankCell(sheetRow.cells[column.index] ?? null)) unusedWithData.set(column.index, (unusedWithData.get(column.index) ?? 0) + 1);
    }
    const built = buildRow(sheetRow, mapping, template.fields);
    const rowProblems = checkRow(built, template.validate, mapping, template.fields);
    if (rowProblems.length > 0) {
      invalid.add(sheetRow.row);
      for (const problem of rowProblems) record(problem);
    }
    const reference = referenceOfData(built.data, referenceField);
    if (reference !== undefined && invalid.has(sheetRow.row)) rowReferences.set(sheetRow.row, reference);
    references.add(sheetRow.row, reference);
    if (total % progressEvery === 0) options.onProgress?.(total);
  }
  options.onProgress?.(total);
  if (total === 0) {
    throw new AppError('INPUT_UNREADABLE', `${sheet.name} has a heading row but no rows for letters: add one row for each letter under the headings.`, { location: { file: sheet.name, line: headerRow } });
  }

  const referenceColumn = mapping.columns.find((c) => c.target && c.target.path.join('.') === referenceField);
  for (const { row, reference } of references.duplicates()) {
    invalid.add(row);
    rowReferences.set(row, reference);
    const problem: RowProblem = {
      row,
      column: referenceColumn ? `${referenceColumn.letter} ("${referenceColumn.header}")` : '',
      field: referenceField,
      label: referenceColumn?.target?.spec.label ?? referenceField,
      message: DUPLICATE_REFERENCE_MESSAGE,
    };
    // Kept whatever the cap: it may belong to an early row; the list is cut after sorting.
    problemTotal++;
    summariser.add(problem);
    problemsPerRow.set(row, (problemsPerRow.get(row) ?? 0) + 1);
    problems.push(problem);
  }
  problems.sort((a, b) => a.row - b.row);
  if (problems.length > maxProblems) problems.length = maxProblems;

  const notes: string[] = [];
  if (sheet.encoding?.encoding === 'windows-1252') notes.push(`${sheet.name} was saved as Windows-1252 text (Excel's older "CSV" format); it was read as that, so "£" and accented letters are right.`);
  if (sheet.encoding && sheet.encoding.encoding.startsWith('utf-16')) notes.push(`${sheet.name} was saved as UTF-16 text; it was read as that.`);
  for (const column of mapping.unknown) {
    const used = unusedWithData.get(column.index);
    const hint = column.suggestion ? ` Did you mean ${column.suggestion}?` : '';
    notes.push(`${capitalise(describeColumn(column))} does not match any field of the template, so it is not used${used ? ` (${used} ${used === 1 ? 'row has' : 'rows have'} something in it)` : ''}.${hint}`);
  }
  const inner = blanks.filter((row) => row < lastDataRow);
  if (inner.length > 0) notes.push(`${inner.length === 1 ? '1 blank row was' : `${inner.length} blank rows were`} skipped: ${formatRowList(inner)}.`);

  const invalidRows = [...invalid].sort((a, b) => a - b);
  return {
    file: sheet.name,
    format: sheet.format,
    encoding: sheet.encoding,
    templateId: template.id,
    headerRow,
    mapping,
    total,
    valid: total - invalidRows.length,
    invalid: invalidRows.length,
    invalidRows,
    invalidReferences: Object.fromEntries(rowReferences),
    blankRows: inner,
    problems,
    problemTotal,
    problemsPerRow,
    summary: summariser.summary(),
    notes,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Reads the spreadsheet again and yields the rows that passed validation, with their data,
 * one at a time (the second pass: nothing is held in memory between rows).
 */
export async function* validRows(sheet: Spreadsheet, template: PreparedTemplate, report: ValidationReport, options: { referenceField?: string } = {}): AsyncGenerator<ValidRow> {
  const referenceField = options.referenceField ?? 'reference';
  const invalid = new Set(report.invalidRows);
  for await (const sheetRow of sheet.rows()) {
    if (sheetRow.row <= report.headerRow || invalid.has(sheetRow.row) || sheetRow.cells.every(isBlankCell)) continue;
    const built = buildRow(sheetRow, report.mapping, template.fields);
    yield { row: sheetRow.row, reference: referenceOfData(built.data, referenceField), data: built.data };
  }
}

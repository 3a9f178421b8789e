/**
 * The row sources of the batch engine: a spreadsheet (a CSV/XLSX file: the CLI's file, or the
 * upload the service stored) and rows sent as JSON. Both check rows the same way: every
 * problem counted and summarised, the first `maxProblems` kept, and one duplicate-reference
 * rule (references.ts).
 */
import { AppError } from '../core/index.js';
import type { CheckOptions, CheckReport, RowSource } from './engine.js';
import { pathToHeading } from './headers.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';
import { ProblemSummariser, type RowProblem } from './problems.js';
import { DUPLICATE_REFERENCE_MESSAGE, DuplicateReferences, referenceOfData } from './references.js';
import { parseDataPath, specAt } from './rows.js';
import type { SpreadsheetSource } from './source.js';
import { openSpreadsheet, type Spreadsheet } from './spreadsheet.js';
import { type PreparedTemplate, type ValidationReport, validateSpreadsheet, validRows, type ValidRow } from './validate.js';

/** A CSV or XLSX file: checked in a first pass, read again for the rows that passed. */
export class SpreadsheetRows implements RowSource {
  private sheet: Spreadsheet | undefined;

  constructor(
    private readonly source: SpreadsheetSource,
    private readonly options: { limits?: InputLimits; mapping?: Record<string, string> } = {},
  ) {}

  async check(template: PreparedTemplate, options: CheckOptions = {}): Promise<ValidationReport> {
    this.sheet ??= await openSpreadsheet(this.source, this.options.limits ?? DEFAULT_LIMITS);
    return validateSpreadsheet(this.sheet, template, { mapping: this.options.mapping, maxProblems: options.maxProblems, signal: options.signal, onProgress: options.onProgress });
  }

  validRows(template: PreparedTemplate, report: CheckReport): AsyncIterable<ValidRow> {
    if (!this.sheet) throw new AppError('INTERNAL', 'The spreadsheet was read again before it was checked.');
    return validRows(this.sheet, template, report as ValidationReport);
  }
}

/** Rows sent as JSON (`POST /api/batches` with `rows`): row n is the n-th item. */
export class JsonRows implements RowSource {
  private readonly invalid = new Set<number>();

  constructor(private readonly rows: ReadonlyArray<Record<string, unknown>>) {}

  async check(template: PreparedTemplate, options: CheckOptions = {}): Promise<CheckReport> {
    const maxProblems = options.maxProblems ?? Number.POSITIVE_INFINITY;
    const problems: RowProblem[] = [];
    const problemsPerRow = new Map<number, number>();
    const summariser = new ProblemSummariser();
    const references = new DuplicateReferences();
    const invalidReferences: Record<number, string> = {};
    let problemTotal = 0;
    const record = (problem: RowProblem) => {
      problemTotal++;
      summariser.add(problem);
      problemsPerRow.set(problem.row, (problemsPerRow.get(problem.row) ?? 0) + 1);
      problems.push(problem);
    };
    this.invalid.clear();
    this.rows.forEach((data, index) => {
      options.signal?.throwIfAborted();
      const row = index + 1;
      const reference = referenceOfData(data);
      references.add(row, reference);
      const result = template.validate(data);
      if (result.ok) return;
      this.invalid.add(row);
      if (reference !== undefined) invalidReferences[row] = reference;
      for (const error of result.errors) {
        const segments = parseDataPath(error.path);
        const spec = specAt(template.fields, segments);
        const label = spec?.label ?? pathToHeading(segments);
        const message = spec?.label && error.message.startsWith(`${spec.label} `) ? error.message.slice(spec.label.length + 1) : error.message;
        record({ row, column: '', field: pathToHeading(segments), label, message });
      }
    });
    for (const { row, reference } of references.duplicates()) {
      this.invalid.add(row);
      invalidReferences[row] = reference;
      record({ row, column: '', field: 'reference', label: 'reference', message: DUPLICATE_REFERENCE_MESSAGE });
    }
    options.onProgress?.(this.rows.length);
    // Kept in row order (a row's own problems first, then its duplicate reference), cut at the cap.
    problems.sort((a, b) => a.row - b.row);
    if (problems.length > maxProblems) problems.length = maxProblems;
    const invalidRows = [...this.invalid].sort((a, b) => a - b);
    return {
      file: 'rows.json',
      format: 'json',
      total: this.rows.length,
      valid: this.rows.length - invalidRows.length,
      invalid: invalidRows.length,
      invalidRows,
      invalidReferences,
      problems,
      problemTotal,
      problemsPerRow,
      summary: summariser.summary(),
      notes: [],
    };
  }

  async *validRows(): AsyncGenerator<ValidRow> {
    for (const [index, data] of this.rows.entries()) {
      const row = index + 1;
      if (!this.invalid.has(row)) yield { row, reference: referenceOfData(data), data };
    }
  }
}

/** The report as CSV (one row per finding, and one per file that could not be read) and as JSON. */
import { stringify } from 'csv-stringify/sync';
import type { ReportModel } from './model.js';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, return at the start) gets
 * a leading apostrophe: the text comes from documents, which anyone may have written.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const HEADER = ['document', 'status', 'where', 'severity', 'rule', 'words found', 'sentence', 'say instead', 'why'];

/** One row per finding, documents worst first; files not read have status "not read" and why. */
export function reportCsv(model: ReportModel): string {
  const rows: string[][] = [HEADER];
  for (const { document } of model.documents) {
    if (document.findings.length === 0) rows.push([document.name, 'checked', '', '', '', '', '', '', 'nothing to change']);
    for (const finding of document.findings) {
      rows.push([
        document.name,
        'checked',
        finding.where.text,
        finding.severity,
        finding.ruleId,
        finding.actual,
        `${finding.sentence.before}${finding.sentence.actual}${finding.sentence.after}`,
        finding.expected.join(' | '),
        finding.reason,
      ]);
    }
  }
  for (const document of model.unreadable) rows.push([document.name, 'not read', '', '', '', '', '', '', document.message]);
  // A byte order mark, so Excel reads the file as UTF-8 (curly quotes, £).
  return '\uFEFF' + stringify(rows.map((row) => row.map(spreadsheetSafe)), { record_delimiter: '\r\n' });
}

/** The report as JSON: the summary, counts, rules and every document with its findings. */
export function reportJson(model: ReportModel): string {
  return JSON.stringify(
    {
      generatedAt: model.generatedAt,
      summary: model.summary,
      totals: model.totals,
      documentsWith: model.documentsWith,
      rules: model.rules,
      documents: model.documents.map(({ document, counts }) => ({ ...document, counts })),
      unreadable: model.unreadable,
    },
    null,
    2,
  ) + '\n';
}

/**
 * A report over many checked documents (`plainly lint --report`, the check page's upload of
 * several files): HTML, CSV and JSON from one model. Imports only core.
 */
export * from './model.js';
export { reportHtml, reportSections } from './html.js';
export { reportCsv, reportJson, spreadsheetSafe } from './csv.js';

import type { ReportModel } from './model.js';
import { reportCsv, reportJson } from './csv.js';
import { reportHtml } from './html.js';

/** The report formats, by file extension. */
export const REPORT_FORMATS = { '.html': reportHtml, '.htm': reportHtml, '.csv': reportCsv, '.json': reportJson } as const satisfies Record<string, (model: ReportModel) => string>;

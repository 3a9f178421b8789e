/** Shared helpers for the batch tests: the real financial checkup template's fields and schema. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { openSpreadsheet, prepareTemplate, type PreparedTemplate, type Spreadsheet } from '../../src/batch/index.js';
import { issuesToProblems, objectSchema } from '../../src/templates/data-schema.js';
import { type FieldSpec, parseTemplate, type Template } from '../../src/templates/index.js';

/** A template file from the templates folder, parsed by the renderer's own template module. */
export function loadTemplate(relative = 'letters/financial-checkup.md'): Template {
  const file = path.join('templates', relative);
  return parseTemplate(readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), file);
}

/** The financial checkup template, prepared for batch use. */
export function checkupTemplate(): PreparedTemplate {
  return prepareTemplate(loadTemplate());
}

/** A fields-only template for tests of one field type, validated by the renderer's field schema. */
export function fieldsTemplate(fields: Record<string, FieldSpec>): PreparedTemplate {
  const schema = objectSchema(fields);
  return prepareTemplate({
    id: 'test',
    fields,
    validate: (data) => {
      const result = schema.safeParse(data);
      return result.success ? { ok: true } : { ok: false, errors: issuesToProblems(result.error.issues) };
    },
  });
}

/** The headings of a valid financial checkup spreadsheet. */
export const CHECKUP_HEADINGS = [
  'Reference', 'Letter date', 'Recipient.Name',
  'recipient.address.1', 'recipient.address.2', 'recipient.address.3', 'recipient.address.postcode',
  'Period start', 'period_end', 'reply-by', 'Prepaid card', 'documents.1', 'documents.2', 'documents.3', 'Note',
];

/** One valid row for `CHECKUP_HEADINGS`, varied by `n`. */
export function checkupRow(n: number): string[] {
  return [
    `DP-${String(n).padStart(6, '0')}`, '31/01/2021', `Person ${n}`,
    `${n} Larch Close`, 'Alderley Park', 'Stockport', 'SK4 3QT',
    '01/10/2020', '31/12/2020', '28/02/2021', n % 3 === 0 ? 'Yes' : 'No',
    'Bank statements for your direct payment account', 'Payslips or timesheets for your personal assistant', '',
    n % 5 === 0 ? 'Thank you for sending your statements so quickly.' : '',
  ];
}

/** A temporary folder, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plainly-batch-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes bytes to a file in `dir` and opens it as a spreadsheet. */
export async function sheetFromBytes(dir: string, name: string, bytes: Buffer | string): Promise<Spreadsheet> {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return openSpreadsheet({ path: file });
}

/** Every row of a spreadsheet, as arrays of cells. */
export async function allRows(sheet: Spreadsheet): Promise<Array<{ row: number; cells: unknown[] }>> {
  const rows: Array<{ row: number; cells: unknown[] }> = [];
  for await (const row of sheet.rows()) rows.push(row);
  return rows;
}

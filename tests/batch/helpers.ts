/** Shared helpers for the batch tests: the real financial checkup template's fields and schema. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { type BatchTemplate, openSpreadsheet, prepareTemplate, type PreparedTemplate, type Spreadsheet } from '../../src/batch/index.js';
import { objectSchema } from '../../src/templates/data-schema.js';
import type { FieldSpec } from '../../src/templates/fields.js';

/** Reads a template's front matter from the templates folder. */
export function templateFrontMatter(relative: string): Record<string, unknown> {
  const text = readFileSync(path.join(PROJECT_ROOT, 'templates', relative), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`no front matter in ${relative}`);
  return parseYaml(match[1]) as Record<string, unknown>;
}

/** A batch template built from a template file's fields, with the renderer's own data schema. */
export function batchTemplate(relative = 'letters/financial-checkup.md'): BatchTemplate {
  const front = templateFrontMatter(relative);
  const fields = front.fields as Record<string, FieldSpec>;
  return { id: String(front.id), fields, schema: objectSchema(fields) };
}

/** The financial checkup template, prepared for batch use. */
export function checkupTemplate(): PreparedTemplate {
  return prepareTemplate(batchTemplate());
}

/** A fields-only template for header tests, with a permissive schema. */
export function fieldsTemplate(fields: Record<string, FieldSpec>): PreparedTemplate {
  return prepareTemplate({ id: 'test', fields, schema: objectSchema(fields) });
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

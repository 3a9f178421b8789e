/**
 * "Already sent": before a batch makes letters, the references in it are looked up in the
 * document log, for the same letter (template). Running the same spreadsheet again would
 * otherwise post a second copy of every letter. The web page's check and `POST /api/batches`
 * say how many rows, which references and when; the person (or integrator) chooses to skip
 * them or to make them again on purpose. Skipped rows are stored as `skipped`, with
 * "already sent on <date>" as their reason (docs/batch.md, "Running a spreadsheet again").
 *
 * References are compared as the batch compares them with each other (`referenceKey`:
 * capital letters, and characters a file name cannot hold, are ignored). Documents whose data
 * was erased under retention have no reference left, so they do not count.
 */
import type { Store } from '../store/index.js';
import { isBlankCell } from './cells.js';
import { mapHeaders } from './headers.js';
import { referenceKey } from './names.js';
import { referenceOfData } from './references.js';
import { buildRow } from './rows.js';
import type { Spreadsheet } from './spreadsheet.js';
import type { PreparedTemplate } from './validate.js';

/** What to do with rows whose reference this letter was already sent to. */
export const ALREADY_SENT_CHOICES = ['skip', 'make-again'] as const;
export type AlreadySentChoice = (typeof ALREADY_SENT_CHOICES)[number];

/** References listed in full (in a 409, or on the web page); the rest are counted. */
export const ALREADY_SENT_LISTED = 10;

/** One row whose reference was already sent. */
export interface AlreadySentRow {
  row: number;
  reference: string;
  /** When the newest letter with this reference was made (ISO). */
  sentAt: string;
  documentId: string;
}

/** What the check found. */
export interface AlreadySent {
  /** Rows whose reference was already sent. */
  count: number;
  /** The first few of them, in row order. */
  rows: AlreadySentRow[];
  /** The earliest and latest time any of them was sent (ISO), or null when none was. */
  firstSentAt: string | null;
  lastSentAt: string | null;
  /** referenceKey → when it was sent (ISO): what the batch engine skips. */
  skip: Record<string, string>;
}

/** The newest letter of this template sent to each reference (by referenceKey). */
export type SentIndex = Map<string, { sentAt: string; documentId: string }>;

/** Reads the document log once for a template's sent references. */
export async function sentIndex(store: Store, templateId: string): Promise<SentIndex> {
  const index: SentIndex = new Map();
  for (const sent of await store.documents.sentReferences(templateId)) {
    const key = referenceKey(sent.reference);
    if (key === null) continue;
    const known = index.get(key);
    if (!known || known.sentAt < sent.createdAt) index.set(key, { sentAt: sent.createdAt, documentId: sent.documentId });
  }
  return index;
}

/** Matches rows (their number and reference) against the index. */
export async function matchAlreadySent(rows: AsyncIterable<{ row: number; reference?: string }> | Iterable<{ row: number; reference?: string }>, index: SentIndex): Promise<AlreadySent> {
  const result: AlreadySent = { count: 0, rows: [], firstSentAt: null, lastSentAt: null, skip: {} };
  if (index.size === 0) return result;
  for await (const { row, reference } of rows) {
    if (reference === undefined) continue;
    const key = referenceKey(reference);
    const sent = key === null ? undefined : index.get(key);
    if (!sent) continue;
    result.count++;
    result.skip[key!] = sent.sentAt;
    if (result.rows.length < ALREADY_SENT_LISTED) result.rows.push({ row, reference, sentAt: sent.sentAt, documentId: sent.documentId });
    if (result.firstSentAt === null || sent.sentAt < result.firstSentAt) result.firstSentAt = sent.sentAt;
    if (result.lastSentAt === null || sent.sentAt > result.lastSentAt) result.lastSentAt = sent.sentAt;
  }
  return result;
}

export { referenceOfData } from './references.js';

/**
 * Every letter row's number and reference, read from the spreadsheet (headings mapped as a
 * batch maps them; rows are not checked). Rows in `except` are left out.
 * @throws AppError when the headings do not fit the template (as validation would).
 */
export async function* sheetReferences(sheet: Spreadsheet, template: PreparedTemplate, options: { mapping?: Record<string, string>; except?: ReadonlySet<number> } = {}): AsyncGenerator<{ row: number; reference?: string }> {
  let mapping: ReturnType<typeof mapHeaders> | undefined;
  for await (const sheetRow of sheet.rows()) {
    if (sheetRow.cells.every(isBlankCell)) continue;
    if (!mapping) {
      mapping = mapHeaders(template.fields, sheetRow.cells, { mapping: options.mapping });
      continue;
    }
    if (options.except?.has(sheetRow.row)) continue;
    yield { row: sheetRow.row, reference: referenceOfData(buildRow(sheetRow, mapping, template.fields).data) };
  }
}

/** A day as people read it: "5 December 2026" (UK time). */
export function sentDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

/** The reason a skipped row gives, in the manifest and the status: "already sent on 5 December 2026". */
export function skippedReason(sentAt: string): string {
  return `already sent on ${sentDay(sentAt)}`;
}

/** "on 5 December 2026", or "between 3 and 5 December 2026". */
export function sentWhen(found: Pick<AlreadySent, 'firstSentAt' | 'lastSentAt'>): string {
  if (!found.firstSentAt || !found.lastSentAt) return '';
  const first = sentDay(found.firstSentAt);
  const last = sentDay(found.lastSentAt);
  return first === last ? `on ${last}` : `between ${first} and ${last}`;
}

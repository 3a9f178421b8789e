/**
 * The one duplicate-reference check of a batch, whatever its rows come from (a spreadsheet or
 * rows sent as JSON). Each letter's file is named by its reference, so two rows with the same
 * reference (compared as file names compare: `referenceKey`) would give one file, and nobody
 * can tell which row is right: both are invalid.
 */
import { referenceKey } from './names.js';
import { getPath } from './rows.js';

/** What a duplicated reference's problem says (it reads on from the field's label). */
export const DUPLICATE_REFERENCE_MESSAGE = 'is used on more than one row: each letter needs its own reference, as its file is named by it';

/** Collects every row's reference and names the rows that share one. */
export class DuplicateReferences {
  private readonly byKey = new Map<string, Array<{ row: number; reference: string }>>();

  /** Notes one row's reference (rows without one are never duplicates). */
  add(row: number, reference: string | undefined): void {
    if (reference === undefined) return;
    const key = referenceKey(reference);
    if (key === null) return;
    const same = this.byKey.get(key);
    if (same) same.push({ row, reference });
    else this.byKey.set(key, [{ row, reference }]);
  }

  /** Every row whose reference another row has too, in row order. */
  duplicates(): Array<{ row: number; reference: string }> {
    const rows: Array<{ row: number; reference: string }> = [];
    for (const same of this.byKey.values()) if (same.length > 1) rows.push(...same);
    return rows.sort((a, b) => a.row - b.row);
  }
}

/** The reference of a row's data: a string or number at `field` (default `reference`). */
export function referenceOfData(data: unknown, field = 'reference'): string | undefined {
  const value = getPath(data, field.split('.'));
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

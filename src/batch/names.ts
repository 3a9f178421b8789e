/**
 * File names for letters, made from each row's reference. A reference is typed by a person, so
 * it may hold characters no file system takes ("DP/123") or differ only in case, which
 * Windows treats as the same file: two rows that would give one file name are duplicates.
 */

/** A reference made safe as a file name stem, or `null` when nothing usable is left. */
export function safeFileStem(reference: string): string | null {
  const stem = reference
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 100);
  return stem === '' ? null : stem;
}

/** The key two references clash on (their file names, ignoring case). */
export function referenceKey(reference: string): string | null {
  return safeFileStem(reference)?.toLowerCase() ?? null;
}

/** The PDF file name for a row: its reference, or `row-<n>` when the template has no reference. */
export function letterFileName(reference: string | undefined, row: number): string {
  const stem = reference !== undefined ? safeFileStem(reference) : null;
  return `${stem ?? `row-${String(row).padStart(6, '0')}`}.pdf`;
}

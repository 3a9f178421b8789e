/**
 * Limits on what one batch may hold. They exist so one upload cannot take the service down:
 * a finance team's largest quarterly run is tens of thousands of rows, well inside them.
 */

/** Most data rows (not counting the heading row or blank rows) one spreadsheet may have. */
export const MAX_ROWS = 100_000;

/**
 * Largest spreadsheet file, in bytes (100 MiB). 100,000 rows of a letter with a long free-text
 * note fit comfortably; a 200 MB file is refused before it is read.
 */
export const MAX_BYTES = 100 * 1024 * 1024;

/** Longest single CSV record, in characters: a stray quote mark otherwise swallows the file. */
export const MAX_RECORD_CHARS = 64 * 1024;

/** Limits a caller may tighten (tests, HTTP uploads). */
export interface InputLimits {
  maxRows: number;
  maxBytes: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: InputLimits = { maxRows: MAX_ROWS, maxBytes: MAX_BYTES };

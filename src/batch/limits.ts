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
  /** XLSX limits to change (tests); the rest are the defaults. */
  xlsx?: Partial<XlsxLimits>;
}

/** The default limits. */
export const DEFAULT_LIMITS: InputLimits = { maxRows: MAX_ROWS, maxBytes: MAX_BYTES };

/**
 * Limits on what an XLSX workbook may unpack to. An XLSX file is a ZIP: a 2 MB file can
 * inflate to gigabytes (a "bomb"), and exceljs keeps every shared string in memory, so the
 * packed size alone says nothing about what reading it costs. These are checked from the ZIP's
 * table of contents before anything is read, and counted again while every part is inflated
 * (a table of contents can lie). A real workbook of 100,000 letters is far inside them.
 */
export interface XlsxLimits {
  /** All parts together, inflated (bytes). */
  maxInflatedBytes: number;
  /** How many times its packed size one part may inflate to (parts over 1 MB inflated). Real sheets are 5–50×; deflate allows about 1,000×. */
  maxRatio: number;
  /** The shared strings part (every distinct text in the workbook, held in memory while reading), inflated (bytes). */
  maxSharedStringBytes: number;
  /** Distinct texts in the shared strings part. */
  maxSharedStrings: number;
  /** Cells in all worksheets together. */
  maxCells: number;
  /** Parts in the ZIP. */
  maxEntries: number;
  /**
   * Old-generation heap of the worker thread that reads the workbook (MB). Reading happens in
   * a worker so that a workbook that still needs too much memory stops that thread, not the
   * service (`PLAINLY_XLSX_WORKER_HEAP_MB`).
   */
  workerHeapMb: number;
}

/** The default XLSX limits. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxSharedStringBytes: 100 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxCells: 10_000_000,
  maxEntries: 10_000,
  workerHeapMb: Number(process.env.PLAINLY_XLSX_WORKER_HEAP_MB ?? 768),
};

/**
 * Reading the letters a council already has — Word files, PDFs and web pages — into blocks of
 * text with where each block is, and pointing lint's findings back at those places
 * (docs/lint.md, "Word, PDF and HTML"). Imports only core: the lint is passed in.
 */
export * from './types.js';
export * from './check.js';
export * from './locate.js';
export * from './archive.js';
export { htmlBlocks } from './html.js';
export { docxBlocks, countTrackedChanges } from './docx.js';
export { pdfBlocks, MAX_PDF_PAGES } from './pdf.js';
export { GuardedZip, looksLikeZip, DOCX_ZIP_LIMITS, UPLOAD_ZIP_LIMITS, type ZipLimits, type ZipEntry } from './zip.js';

/**
 * The template stage alone, for outer layers that read templates without filling, linting or
 * rendering them: a batch's main thread checks every spreadsheet row against the template's
 * fields while worker threads render. Importing `pipeline/index.ts` would load the linter and
 * the PDF writer too (compromise, pdfkit, fontkit: about 70 MB) for nothing.
 */
export { type Template, parseTemplate, scanTemplates } from '../templates/index.js';

/**
 * Optimistic concurrency for lexicon entries: a change must say which revision it was made
 * against (`If-Match: "<id>.<revision>"`, the ETag from the last read). Missing is 428; a
 * different revision is 412 and nothing is written.
 */
import { AppError } from '../core/index.js';

const ETAG = /^(?:W\/)?"([a-z0-9-]+)\.(\d+)"$/;

/**
 * The revision named by an If-Match header for entry `id`.
 * @throws AppError PRECONDITION_REQUIRED (missing), PRECONDITION_FAILED (not this entry's ETag).
 */
export function revisionFromIfMatch(header: string | undefined, id: string): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError('PRECONDITION_REQUIRED', `Changing lexicon entry "${id}" needs an If-Match header with the ETag you last read (GET /api/lexicon/entries/${id}).`);
  }
  const match = ETAG.exec(header.trim());
  if (!match || match[1] !== id) {
    throw new AppError('PRECONDITION_FAILED', `The If-Match header (${header.trim().slice(0, 60)}) is not an ETag of lexicon entry "${id}". Read the entry again and send its ETag.`);
  }
  return Number(match[2]);
}

const LEXICON_ETAG = /^(?:W\/)?"lexicon-(\d+)(?:-(?:yaml|csv))?"$/;

/** The ETag of a lexicon export (`"lexicon-7-csv"`): what `lexiconVersionFromIfMatch` reads back. */
export function lexiconExportEtag(version: number, format: 'yaml' | 'csv'): string {
  return `"lexicon-${version}-${format}"`;
}

/**
 * The lexicon version an import is based on, from `If-Match`: the ETag of the export the file
 * came from (`"lexicon-7-csv"`), or `*` to replace whatever is there. A file exported before
 * the last approval would silently undo it, so the header is required.
 * @throws AppError PRECONDITION_REQUIRED without the header, PRECONDITION_FAILED for one
 *   that is not a lexicon ETag.
 */
export function lexiconVersionFromIfMatch(header: string | undefined): number | '*' {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      'PRECONDITION_REQUIRED',
      'Importing a lexicon file needs an If-Match header: the ETag of the export the file came from (GET /api/lexicon/export), so a file from before the last change cannot undo it. Send If-Match: * to replace the lexicon whatever it is now.',
    );
  }
  if (header.trim() === '*') return '*';
  const match = LEXICON_ETAG.exec(header.trim());
  if (!match) throw new AppError('PRECONDITION_FAILED', `The If-Match header (${header.trim().slice(0, 60)}) is not an ETag of a lexicon export. Export the lexicon again and send its ETag.`);
  return Number(match[1]);
}

const TEMPLATE_ETAG = /^(?:W\/)?"template-([a-z0-9-]+)\.p(\d+|none)\.v(\d+)"$/;

/**
 * The ETag of a template (`"template-financial-checkup.p3.v5"`: published version 3, latest
 * version 5; `pnone` before the first publish). It changes whenever either does, so it works
 * for caching too; `publishExpectationFromIfMatch` reads back the published part.
 */
export function templateEtag(id: string, publishedVersion: number | null, latestVersion: number): string {
  return `"template-${id}.p${publishedVersion ?? 'none'}.v${latestVersion}"`;
}

/**
 * The published version a publish expects to replace, from `If-Match`: a template's ETag
 * (only its published part counts: saving another draft meanwhile is no conflict), or `*`
 * to publish whatever is published now.
 * @throws AppError PRECONDITION_REQUIRED without the header, PRECONDITION_FAILED for one
 *   that is not this template's ETag.
 */
export function publishExpectationFromIfMatch(header: string | undefined, id: string): number | null | '*' {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      'PRECONDITION_REQUIRED',
      `Publishing needs an If-Match header naming the version it replaces: the ETag of GET /api/templates/${id}, or * to replace whatever is published now.`,
    );
  }
  if (header.trim() === '*') return '*';
  const match = TEMPLATE_ETAG.exec(header.trim());
  if (!match || match[1] !== id) {
    throw new AppError('PRECONDITION_FAILED', `The If-Match header (${header.trim().slice(0, 60)}) is not an ETag of template "${id}". Read the template again (GET /api/templates/${id}) and send its ETag.`);
  }
  return match[2] === 'none' ? null : Number(match[2]);
}

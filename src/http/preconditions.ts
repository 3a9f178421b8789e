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

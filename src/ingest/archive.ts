/**
 * The documents inside an uploaded ZIP (a folder of letters sent as one file). The ZIP is
 * checked against limits first (zip.ts: entries, total unpacked size, ratio), then each
 * document in it is unpacked on its own, so one damaged entry is named and the rest are
 * still read. Folders, hidden files and macOS's `__MACOSX` copies are passed over; a ZIP
 * inside the ZIP is not opened.
 */
import path from 'node:path';
import { AppError } from '../core/index.js';
import { type DocumentResult, type UnreadDocument, unreadable } from './check.js';
import { GuardedZip, UPLOAD_ZIP_LIMITS, type ZipLimits } from './zip.js';

/** One file taken out of a ZIP, named `archive.zip/inner/path.docx`. */
export interface ArchiveFile {
  name: string;
  bytes: Buffer;
}

/** True when a name is a file a person put in the ZIP (not a folder, a hidden file or macOS's resource copies). */
function isDocumentEntry(name: string): boolean {
  if (name.endsWith('/')) return false;
  const parts = name.split('/');
  return !parts.some((part) => part.startsWith('.') || part === '__MACOSX');
}

/**
 * The files in a ZIP, unpacked one at a time within the limits. The extension filter says
 * which files are for checking; others are passed over without being unpacked.
 * @throws AppError for the ZIP as a whole: INPUT_LIMIT_EXCEEDED (a ZIP bomb) or INPUT_UNREADABLE (not a readable ZIP).
 */
export function filesInZip(bytes: Buffer, name: string, wanted: (file: string) => boolean, limits: ZipLimits = UPLOAD_ZIP_LIMITS): Array<ArchiveFile | UnreadDocument> {
  const damaged = (why: string) => new AppError('INPUT_UNREADABLE', `${name}: could not be read as a ZIP file: ${why}.`, { location: { file: name } });
  const zip = new GuardedZip(bytes, name, limits, damaged);
  const out: Array<ArchiveFile | UnreadDocument> = [];
  for (const entry of zip.entries) {
    if (!isDocumentEntry(entry.name) || !wanted(entry.name)) continue;
    const shown = `${name}/${entry.name}`;
    try {
      out.push({ name: shown, bytes: zip.read(entry) });
    } catch (error) {
      // Past the whole ZIP's budget nothing more can be unpacked: say so for this one and stop.
      out.push(unreadable(shown, error));
      if ((error as AppError).code === 'INPUT_LIMIT_EXCEEDED') break;
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** True for a name that is a ZIP file. */
export function isZipName(name: string): boolean {
  return path.extname(name).toLowerCase() === '.zip';
}

export type { DocumentResult };

/**
 * Word files (.docx) into blocks. mammoth (the well-kept reader) turns the document into
 * simple HTML — headings from Word's heading styles, paragraphs, lists, tables, footnotes —
 * and the HTML reader (html.ts) makes blocks of it. Before mammoth sees the file, the ZIP
 * it is made of is checked against limits (zip.ts), so a Word file made to inflate to
 * gigabytes is refused.
 *
 * Tracked changes: mammoth reads text inside `w:ins` (an insertion) and leaves out `w:del`
 * and `w:moveFrom` (a deletion, the old place of a move), which is the document as it reads
 * with every change accepted. That is what is checked, and the result says so.
 */
import { AppError } from '../core/index.js';
import { htmlBlocks } from './html.js';
import type { ExtractedDocument } from './types.js';
import { DOCX_ZIP_LIMITS, GuardedZip, looksLikeZip, type ZipLimits } from './zip.js';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** True for an OLE compound file: an old Word .doc, or a .docx locked with a password. */
export function isCompoundFile(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(CFB_MAGIC);
}

/** True for an OLE compound file that holds an encrypted Office document (a password-protected .docx). */
export function isEncryptedOffice(bytes: Buffer): boolean {
  return isCompoundFile(bytes) && (bytes.includes(Buffer.from('EncryptionInfo', 'utf16le')) || bytes.includes(Buffer.from('EncryptedPackage', 'utf16le')));
}

const TRACKED = { insertions: /<w:ins\b/g, deletions: /<w:del\b/g, moves: /<w:moveFrom\b/g };

/** Counts the tracked changes in the document's XML (insertions, deletions, moves). */
export function countTrackedChanges(documentXml: string): { insertions: number; deletions: number; moves: number } {
  return {
    insertions: documentXml.match(TRACKED.insertions)?.length ?? 0,
    deletions: documentXml.match(TRACKED.deletions)?.length ?? 0,
    moves: documentXml.match(TRACKED.moves)?.length ?? 0,
  };
}

function notWord(file: string, why: string): AppError {
  return new AppError('INPUT_UNREADABLE', `${file}: could not be read as a Word document (.docx): ${why}. Open it in Word or LibreOffice, save it again as "Word Document (.docx)", and try again.`, { location: { file } });
}

/** Titles and subtitles are headings too (mammoth's own map has Heading 1–6). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/**
 * Reads a Word file into blocks.
 * @throws AppError INPUT_UNREADABLE for a password-protected, old (.doc) or damaged file; INPUT_LIMIT_EXCEEDED for a ZIP bomb.
 */
export async function docxBlocks(bytes: Buffer, file: string, limits: ZipLimits = DOCX_ZIP_LIMITS): Promise<ExtractedDocument> {
  if (isEncryptedOffice(bytes)) {
    throw new AppError('INPUT_UNREADABLE', `${file}: this Word document is protected with a password, so it cannot be read. Save a copy without the password (File > Info > Protect Document) and check that.`, { location: { file } });
  }
  if (isCompoundFile(bytes)) {
    throw new AppError('INPUT_UNREADABLE', `${file}: this is an old Word document (.doc). Open it in Word or LibreOffice and save it as "Word Document (.docx)", then check that.`, { location: { file } });
  }
  if (!looksLikeZip(bytes)) throw notWord(file, 'it is not a Word file inside');
  const zip = new GuardedZip(bytes, file, limits, (why) => notWord(file, why));
  const main = zip.find('word/document.xml');
  if (!main) throw notWord(file, 'it has no document in it');
  // Every part is inflated once under the limits before mammoth (which inflates without any) reads it.
  let documentXml = '';
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue;
    const data = zip.read(entry);
    if (entry === main) documentXml = data.toString('utf8');
  }
  // mammoth is loaded only when a Word file is read (it is large; most runs never need it).
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      { styleMap: STYLE_MAP, externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch {
    throw notWord(file, 'its contents are damaged');
  }
  const tracked = countTrackedChanges(documentXml);
  const trackedChanges = tracked.insertions + tracked.deletions + tracked.moves > 0;
  const notes: string[] = [];
  if (trackedChanges) {
    notes.push(
      `This Word document has tracked changes (${tracked.insertions} ${tracked.insertions === 1 ? 'insertion' : 'insertions'}, ${tracked.deletions} ${tracked.deletions === 1 ? 'deletion' : 'deletions'}). Only the text as it reads with every change accepted was checked.`,
    );
  }
  return { format: 'docx', blocks: htmlBlocks(html).map(({ text, heading }) => ({ text, heading })), notes, trackedChanges };
}

/**
 * Builds the Word files, PDFs and ZIPs the ingest tests read: the `docx` package writes Word
 * files (headings, paragraphs, tracked changes), pdfkit writes PDFs (headings in larger type,
 * pages), yazl writes ZIPs. Nothing is read from fixtures, so each test says what it reads.
 */
import { Document, DeletedTextRun, HeadingLevel, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';

/** A block of a document to build: a heading, or a paragraph (optionally with tracked changes). */
export type Part =
  | { heading: string; level?: 1 | 2 }
  | { text: string }
  | { runs: Array<{ text: string } | { inserted: string } | { deleted: string }> }
  | { pageBreak: true };

/** A Word file with these parts (page breaks are ignored: Word files store none). */
export async function buildDocx(parts: Part[]): Promise<Buffer> {
  const date = '2026-12-01T10:00:00Z';
  let id = 1;
  const children = parts.flatMap((part) => {
    if ('heading' in part) return [new Paragraph({ text: part.heading, heading: part.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1 })];
    if ('text' in part) return [new Paragraph({ text: part.text })];
    if ('runs' in part) {
      return [
        new Paragraph({
          children: part.runs.map((run) =>
            'inserted' in run ? new InsertedTextRun({ text: run.inserted, id: id++, author: 'Test', date }) : 'deleted' in run ? new DeletedTextRun({ text: run.deleted, id: id++, author: 'Test', date }) : new TextRun(run.text),
          ),
        }),
      ];
    }
    return [];
  });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A PDF with these parts: headings in 20 pt, paragraphs in 12 pt with a blank line after, `pageBreak` starts a new page. */
export async function buildPdf(parts: Part[]): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 56 });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  for (const part of parts) {
    if ('pageBreak' in part) pdf.addPage();
    else if ('heading' in part) pdf.font('Helvetica-Bold').fontSize(part.level === 2 ? 16 : 20).text(part.heading).moveDown(0.5);
    else if ('text' in part) pdf.font('Helvetica').fontSize(12).text(part.text).moveDown();
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

/** A PDF whose only page has a drawn shape and no text, as a scan has a picture and no text. */
export async function buildScannedPdf(): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  pdf.rect(50, 50, 400, 600).fill('#888888');
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

/** A ZIP with these files (deflated unless `store` says otherwise). */
export async function buildZip(files: Record<string, Buffer | string>, options: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name, { compress: !options.store });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An OLE compound file's first bytes, then the UTF-16 stream name a password-protected Office file holds. */
export function encryptedOfficeFile(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(64), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(512)]);
}

/** An OLE compound file holding a `WordDocument` stream, as an old Word .doc does. */
export function oldWordFile(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('WordDocument', 'utf16le'), Buffer.alloc(1024)]);
}

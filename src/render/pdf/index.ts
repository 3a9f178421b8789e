/**
 * The PDF writer: A4, tagged PDF/UA (structure tree with H1–H6, P, L/LI/Lbl/LBody,
 * Table/TR/TH/TD, Figure with alt text), document language, title shown in the window,
 * embedded TrueType fonts, "Page 1 of 2", and the layout's page design.
 *
 * Deterministic: the creation date is the letter's date (or a fixed epoch) and the file ID
 * is a hash of the inputs, so the same template, data and lexicon give the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { DocumentKind } from '../../core/index.js';
import type { Branding, Layout } from '../../templates/index.js';
import { type Block, plainText } from '../model.js';
import { PICTURE_CREDIT, type PictureCatalogue } from '../pictures.js';
import { drawBlock, measureBlock } from './blocks/index.js';
import { keepChainStart, leadHeight } from './blocks/keep.js';
import type { BlockContext } from './blocks/context.js';
import { PdfCanvas, type StructElement } from './canvas.js';
import { drawFurniture } from './furniture.js';
import { ADDRESS_WINDOW, addressWindowOf, drawLetterhead, drawLogo, type LetterHeader } from './letterhead.js';
import { COLOURS, type LayoutStyle, mm, STYLES } from './styles.js';
import { layoutInlines, linesHeight, plain } from './text.js';
import { primaryFace } from './fonts.js';

/**
 * Leads (keep.ts) are worked out only in the lower part of a page: this share of the page's
 * height. The longest lead in practice (a heading, a sentence introducing a table, the table's
 * header and a 16 mm signing row) is well under half a page.
 */
const KEEP_LOOKAHEAD = 0.5;

/** Everything the PDF writer needs. */
export interface PdfInput {
  blocks: readonly Block[];
  title: string;
  /** BCP 47 language of the document (`en-GB`, `cy-GB`). */
  lang: string;
  layout: Layout;
  kind: DocumentKind;
  branding: Branding;
  pictures: PictureCatalogue;
  draft: boolean;
  /** Set for letters: drawn in the letterhead. */
  letter?: LetterHeader;
  /** Written as the PDF's creation date (never the clock). */
  creationDate: Date;
  /** 16 bytes, derived from the inputs; the PDF's file identifier. */
  fileId: Buffer;
  /** Adds the OpenMoji credit at the end. */
  creditPictures: boolean;
  /**
   * Lay the pages out without writing them (`body` is empty): the page count, and the
   * smallest type size of the content, are exactly those of the written PDF, for a fraction
   * of the cost. (Page furniture is not laid out: it never adds a page.)
   */
  layoutOnly?: boolean;
}

/** The written PDF and facts the structure rules need. */
export interface PdfOutput {
  body: Buffer;
  pages: number;
  /** Smallest type size used for content text (Easy Read must be at least 16pt). */
  smallestContentSize: number;
  /**
   * Letters whose branding sets its own address block (config/branding.yml): whether the name
   * and address fit it. (The structure rules check GOV.UK Notify's block, the default, themselves.)
   */
  addressFitsCustomWindow?: boolean;
}

/** Type size of the picture credit (small print on the last page). */
export const CREDIT_PT = 9;

/**
 * The layout's style; for an Easy Read letter the left margin is the address window's left
 * edge (GOV.UK Notify's 24.6 mm by default), so the address, the headline and the pictures
 * line up, as the standard letter's text does.
 */
function pageStyle(input: PdfInput): LayoutStyle {
  const style = STYLES[input.layout];
  if (!input.letter || input.layout !== 'easy-read') return style;
  const left = Math.max(mm(15), addressWindowOf(input.branding).left);
  return { ...style, margins: { ...style.margins, left } };
}

/** Writes a PDF. */
export async function writePdf(input: PdfInput): Promise<PdfOutput> {
  const style = pageStyle(input);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    displayTitle: true,
    lang: input.lang,
    compress: true,
    // pdfkit would otherwise load Helvetica's metrics for every document; start with ours.
    font: primaryFace().font,
    info: {
      Title: input.draft ? `DRAFT — not checked: ${input.title}` : input.title,
      Author: input.branding.name,
      Creator: 'Plainly',
      Producer: 'Plainly (pdfkit)',
      CreationDate: input.creationDate,
    },
  } as unknown as PDFKit.PDFDocumentOptions);
  // pdfkit derives the ID from the info dictionary; use the hash of the inputs instead.
  (doc as unknown as { _id: Buffer })._id = input.fileId;

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layoutOnly = input.layoutOnly ?? false;
  let root: StructElement = { add: () => root, end: () => undefined };
  if (!layoutOnly) {
    root = (doc as unknown as { struct(type: string): StructElement }).struct('Document');
    (doc as unknown as { addStructure(e: StructElement): void }).addStructure(root);
  }
  const canvas = new PdfCanvas(doc, style, root, { layoutOnly });
  canvas.newPage();

  const colours = { primary: input.branding.colours.primary, text: input.branding.colours.text };
  const ctx: BlockContext = {
    canvas,
    layout: input.layout,
    colours,
    pictures: input.pictures,
    drawBlocks: (blocks, x, width) => {
      for (let index = 0; index < blocks.length; index++) {
        if (index === ctx.reserveFrom?.index && blocks === ctx.reserveFrom.blocks) canvas.reserve = ctx.reserveFrom.height;
        // Near the foot of a page, start a new one unless the block can start well here (a
        // heading with what follows it, a paragraph with 2 lines, a table with its first
        // row: keep.ts). Higher up everything's lead fits, so it is not worked out.
        if (canvas.remaining < KEEP_LOOKAHEAD * (canvas.bottom - style.margins.top)) {
          canvas.ensure(Math.min(leadHeight(ctx, blocks, index, width), canvas.bottom - style.margins.top));
        }
        drawBlock(ctx, blocks[index], x, width);
      }
    },
    measureBlocks: (blocks, width) => blocks.reduce((sum, block) => sum + measureBlock(ctx, block, width), 0),
    fieldTables: 0,
  };

  let addressFitsCustomWindow: boolean | undefined;
  if (input.letter) {
    const { addressFits } = drawLetterhead(canvas, input.branding, input.letter, { easyRead: input.layout === 'easy-read', colours, lang: input.lang });
    if (input.branding.letter?.addressBlock && addressWindowOf(input.branding) !== ADDRESS_WINDOW) addressFitsCustomWindow = addressFits;
  } else {
    const bottom = drawLogo(canvas, input.branding, mm(15));
    canvas.y = Math.max(canvas.y, bottom + mm(8));
  }

  if (input.creditPictures && input.blocks.length > 0) {
    // The credit is kept with the last block: while that block is drawn, the foot of each
    // page keeps room for the credit, so the block moves (or breaks) as if the credit were
    // part of it, and the credit never sits alone on the last page. It is small print (9pt
    // grey) in every layout: it is for the licence, not for the reader, so it is exempt from
    // Easy Read's 16pt like the address window.
    const lines = layoutInlines(plain(PICTURE_CREDIT), canvas.width, { size: CREDIT_PT, color: COLOURS.secondary, leading: 1.3 });
    const gap = style.body * 0.5;
    // The room is kept from the first block that must stay with the last one (a heading
    // before it), so that they still move together.
    ctx.reserveFrom = { blocks: input.blocks, index: keepChainStart(ctx, input.blocks, canvas.width), height: gap + linesHeight(lines) + 0.5 };
    ctx.drawBlocks(input.blocks, canvas.left, canvas.width);
    canvas.reserve = 0;
    // The space blocks leave after themselves may eat into the reserved room; the credit may
    // use that space (the block's own content ended above the reserved room).
    canvas.y = Math.min(canvas.y + gap, canvas.bottom - linesHeight(lines));
    canvas.open('P');
    canvas.exempt = true;
    canvas.drawLines(lines, canvas.left, { keepTogether: lines.length });
    canvas.exempt = false;
    canvas.close();
  } else {
    ctx.drawBlocks(input.blocks, canvas.left, canvas.width);
  }

  if (layoutOnly) {
    // The document is left unfinished: no furniture (it never changes the page count, and
    // in Easy Read it is 16pt), no fonts embedded, nothing compressed or written.
    return { body: Buffer.alloc(0), pages: doc.bufferedPageRange().count, smallestContentSize: canvas.smallestContentSize, ...(addressFitsCustomWindow === undefined ? {} : { addressFitsCustomWindow }) };
  }
  root.end();
  // Standard letters: every page after the first says whose letter it is (reference and name),
  // so the pages of a print run can be matched to people. (Easy Read letters: not yet.)
  // Every letter, Easy Read too: the pages of a long print file must match to people.
  const runningHeader = input.letter ? { reference: input.letter.reference, name: input.letter.name } : undefined;
  const pages = drawFurniture(canvas, { draft: input.draft, footerSize: input.layout === 'easy-read' ? 16 : 10, lang: input.lang, runningHeader });
  const smallest = canvas.smallestContentSize;
  doc.end();
  return { body: await finished, pages, smallestContentSize: smallest, ...(addressFitsCustomWindow === undefined ? {} : { addressFitsCustomWindow }) };
}

/** The text a PDF shows for a block list (for tests and the plain-text writer's parity). */
export function pdfPlainText(blocks: readonly Block[]): string {
  return blocks.map((b) => ('inlines' in b ? plainText(b.inlines) : '')).join('\n');
}

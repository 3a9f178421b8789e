/**
 * Rendering: fill + parse into the one document tree, the block view of it, structure rules,
 * and the three writers (HTML, tagged PDF, plain text). The pipeline decides the order.
 */
export { fillDocument, type FilledDocument, type DataSpan } from './fill.js';
export { documentBlocks, headline, plainText, walkBlocks, type Block, type Inline, type TextRun } from './model.js';
export { loadPictures, defaultPictures, PICTURE_CREDIT, type Picture, type PictureCatalogue } from './pictures.js';
export { structureFindings, pdfStructureFindings, MAX_ADDRESS_LINES, MAX_LETTER_PAGES, type StructureInput } from './structure.js';
export { writeHtml, type HtmlInput } from './html.js';
export { writeText, type TextInput } from './text.js';
export { writePdf, type PdfInput, type PdfOutput } from './pdf/index.js';
export { DRAFT_MARK } from './pdf/furniture.js';
export { ADDRESS_WINDOW, addressFontSize } from './pdf/letterhead.js';
export { FONT_FAMILIES, unprintableGraphemes } from './pdf/fonts.js';
export { STYLES, EASY_READ_MIN_PT, mm } from './pdf/styles.js';

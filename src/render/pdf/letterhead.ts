/**
 * The first page of a letter: the recipient's name and address in the window-envelope
 * position (GOV.UK Notify: 24.6 mm from the left, 39.5 mm from the top, 95.4 × 26.8 mm), the
 * council's logo and sender block top right, then the date and our reference.
 */
import type { Branding } from '../../templates/index.js';
import { type Inline, keepTogether } from '../model.js';
import type { PdfCanvas } from './canvas.js';
import { measure, primaryFace } from './fonts.js';
import { mm, PAGE, COLOURS } from './styles.js';
import { layoutInlines, linesHeight, plain } from './text.js';
import { drawSvg } from './svg.js';
import { documentWords } from '../words.js';

/**
 * GOV.UK Notify's address block, in millimetres from the top left of page 1: where Notify
 * reads the address of an uploaded (precompiled) letter and what shows through the envelope
 * window (www.notifications.service.gov.uk/using-notify/guidance/letter-specification).
 */
export const NOTIFY_ADDRESS_BLOCK_MM = { left: 24.6, top: 39.5, width: 95.4, height: 26.8 } as const;
/** Notify: the letter's text starts this far down page 1 (mm); above it are only the logo, contact and address blocks. */
export const NOTIFY_BODY_TOP_MM = 95;

/** A box on the page, in points from the top left. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The default address window (GOV.UK Notify's address block), in points. */
export const ADDRESS_WINDOW: Box = Object.freeze({ left: mm(24.6), top: mm(39.5), width: mm(95.4), height: mm(26.8) });

/** The address window a council's branding sets (config/branding.yml `letter.addressBlock`), in points. */
export function addressWindowOf(branding: Branding): Box {
  const block = branding.letter?.addressBlock;
  return block ? { left: mm(block.left), top: mm(block.top), width: mm(block.width), height: mm(block.height) } : ADDRESS_WINDOW;
}

/** Where a letter's text may start on page 1 (config/branding.yml `letter.bodyTop`), in points. */
export function bodyTopOf(branding: Branding): number {
  return mm(branding.letter?.bodyTop ?? NOTIFY_BODY_TOP_MM);
}

/** Easy Read letters: the left edge of who it is from, the date and the reference in the contact block (GOV.UK Notify's starts at 125 mm). */
const EASY_READ_CONTACT_LEFT_MM = 127;

/** Largest and smallest type sizes for the address block. */
const ADDRESS_MAX_PT = 11;
export const ADDRESS_MIN_PT = 8;
const ADDRESS_LEADING = 1.18;

/** What the letterhead shows. */
export interface LetterHeader {
  name: string;
  address: string[];
  /** Formatted date ("31 January 2021") and our reference. */
  date: string;
  reference: string;
}

/**
 * The type size at which the address block fits the window, or undefined when it cannot
 * fit even at the smallest size (the structure rules report that as an error).
 */
export function addressFontSize(lines: readonly string[], window: Box = ADDRESS_WINDOW): number | undefined {
  const face = primaryFace();
  for (let size = ADDRESS_MAX_PT; size >= ADDRESS_MIN_PT; size -= 0.5) {
    const fitsHeight = lines.length * size * ADDRESS_LEADING <= window.height;
    const fitsWidth = lines.every((line) => measure(face, line, size) <= window.width);
    if (fitsHeight && fitsWidth) return size;
  }
  return undefined;
}

/** Logo size: 40 mm wide, keeping the SVG's proportions. */
function logoBox(svg: string): { width: number; height: number } {
  const box = /viewBox="\s*[\d.-]+\s+[\d.-]+\s+([\d.]+)\s+([\d.]+)\s*"/.exec(svg);
  const ratio = box ? Number(box[2]) / Number(box[1]) : 1 / 3;
  const width = mm(40);
  return { width, height: Math.min(width * ratio, mm(20)) };
}

/** Draws the council logo top right (an artifact: the council's name is in the text). */
export function drawLogo(canvas: PdfCanvas, branding: Branding, top: number): number {
  if (!branding.logoSvg) return top;
  const { width, height } = logoBox(branding.logoSvg);
  const x = PAGE.width - canvas.style.margins.right - width;
  canvas.artifact(() => drawSvg(canvas.doc, branding.logoSvg!, x, top, { width, height, preserveAspectRatio: 'xMaxYMin meet' }));
  return top + height;
}

/**
 * Draws the letterhead on page 1 and moves the cursor below it. `easyRead` keeps every
 * line at the Easy Read size and puts who it is from, the date and the reference at the top
 * of the letter's text area (`letter.bodyTop`, GOV.UK Notify's 95 mm), where Notify allows
 * text: nothing but the logo and the address is above it.
 */
export function drawLetterhead(canvas: PdfCanvas, branding: Branding, header: LetterHeader, options: { easyRead: boolean; colours: { primary: string; text: string }; lang: string }): { addressFits: boolean } {
  const words = documentWords(options.lang);
  const logoBottom = drawLogo(canvas, branding, mm(15));
  const window = addressWindowOf(branding);

  // Recipient: name and address in the window.
  const lines = [header.name, ...header.address];
  const fitting = addressFontSize(lines, window);
  const size = fitting ?? ADDRESS_MIN_PT;
  const runs: Inline[] = lines.flatMap((line, i) => (i ? [{ kind: 'break' as const }, ...plain(line)] : plain(line)));
  const addressLines = layoutInlines(runs, window.width + 1000, { size, color: COLOURS.text, leading: ADDRESS_LEADING });
  canvas.open('P');
  // The window size is set by the envelope, not the reader: exempt from Easy Read's 16pt.
  canvas.content(() => {
    canvas.exempt = true;
    canvas.paintLines(addressLines, window.left, window.top);
    canvas.exempt = false;
  });
  canvas.close();

  const gap = canvas.style.body;
  let bottom = window.top + window.height;
  if (options.easyRead) {
    // Who it is from, the date and our reference, at 16pt, in words as well as the logo (the
    // standard letter's sender block is too much at 16pt; the address and phone are in the
    // letter's own "who to contact"). GOV.UK Notify allows nothing under the address until the
    // text area (95 mm), so they go in the contact block (top right, under the logo) when they
    // fit there, and otherwise at the top of the text area.
    const texts = [`${words.from}: ${branding.team}, ${branding.name}`, `${words.date}: ${keepTogether(header.date)}`, `${words.ourReference}: ${keepTogether(header.reference, [header.reference])}`];
    const setting = { size: canvas.style.body, color: options.colours.text, leading: 1.3 };
    const columnLeft = mm(EASY_READ_CONTACT_LEFT_MM);
    const columnWidth = PAGE.width - canvas.style.margins.right - columnLeft;
    const columnTop = logoBottom + mm(4);
    const inColumn = texts.map((text) => layoutInlines(plain(text), columnWidth, setting));
    const paragraphGap = 4;
    const columnHeight = inColumn.reduce((sum, laid) => sum + linesHeight(laid) + paragraphGap, 0);
    const fitsColumn = inColumn.every((laid) => laid.every((line) => line.width <= columnWidth + 0.01)) && columnTop + columnHeight <= bodyTopOf(branding) - mm(2);
    const placed = fitsColumn
      ? { blocks: inColumn, x: columnLeft, y: columnTop, gap: paragraphGap }
      : { blocks: texts.map((text) => layoutInlines(plain(text), canvas.width, setting)), x: canvas.left, y: Math.max(bottom + gap, bodyTopOf(branding)), gap: 0 };
    let y = placed.y;
    for (const laid of placed.blocks) {
      canvas.open('P');
      const top = y;
      canvas.content(() => canvas.paintLines(laid, placed.x, top));
      canvas.close();
      y += linesHeight(laid) + placed.gap;
    }
    // The text starts at the text area's top (Notify: 95 mm), or under these lines.
    bottom = fitsColumn ? Math.max(bottom, bodyTopOf(branding) - gap * 1.5) : y;
  } else {
    // Sender block, date and reference in the right-hand column.
    const columnLeft = mm(128);
    const columnWidth = PAGE.width - canvas.style.margins.right - columnLeft;
    const setting = { size: 10, color: options.colours.text, leading: 1.3 };
    let y = Math.max(logoBottom + mm(4), mm(36));
    const sender: Inline[] = [
      ...plain(branding.team, true),
      ...[branding.name, ...branding.address.filter((line) => line !== branding.name), `${words.phone}: ${branding.phone}`, branding.email].flatMap((line) => [{ kind: 'break' as const }, ...plain(line)]),
    ];
    const blocks: Inline[][] = [sender, plain(keepTogether(header.date)), plain(`${words.ourReference}: ${keepTogether(header.reference, [header.reference])}`)];
    for (const [index, block] of blocks.entries()) {
      const laid = layoutInlines(block, columnWidth, setting);
      canvas.open('P');
      const top = y;
      canvas.content(() => canvas.paintLines(laid, columnLeft, top));
      canvas.close();
      y += linesHeight(laid) + (index === 0 ? 8 : 2);
    }
    bottom = Math.max(bottom, y);
  }
  // The standard letter's text starts where the print service's body area does (Notify: 95 mm).
  canvas.y = Math.max(bottom + gap * 1.5, options.easyRead ? 0 : bodyTopOf(branding));
  return { addressFits: fitting !== undefined };
}

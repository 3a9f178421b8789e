/**
 * What every block writer gets: the canvas, the layout's style and colours, the picture
 * catalogue, and the dispatcher for nested blocks.
 */
import type { Layout } from '../../../templates/index.js';
import type { Block } from '../../model.js';
import type { PictureCatalogue } from '../../pictures.js';
import type { PdfCanvas } from '../canvas.js';
import type { TextSetting } from '../text.js';

/** Shared state of one PDF render. */
export interface BlockContext {
  canvas: PdfCanvas;
  layout: Layout;
  colours: { primary: string; text: string };
  pictures: PictureCatalogue;
  /** Draws blocks in a column, keeping what belongs together (keep.ts). */
  drawBlocks(blocks: readonly Block[], x: number, width: number): void;
  /**
   * From this block of this list on, the foot of each page keeps `height` free (for the
   * picture credit that must follow the last block).
   */
  reserveFrom?: { blocks: readonly Block[]; index: number; height: number };
  /** Height nested blocks would take in a column (no drawing). */
  measureBlocks(blocks: readonly Block[], width: number): number;
  /** Tables that got fillable fields so far (form layout), for the fields' names. */
  fieldTables: number;
}

/** The body text setting of the layout. */
export function bodySetting(ctx: BlockContext): TextSetting {
  return { size: ctx.canvas.style.body, color: ctx.colours.text, leading: ctx.canvas.style.leading, linkColor: ctx.colours.primary };
}

/** Space after a paragraph-like block. */
export function gapAfter(ctx: BlockContext): number {
  return ctx.canvas.style.body * ctx.canvas.style.paragraphGap;
}

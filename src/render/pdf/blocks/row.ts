/**
 * Easy Read rows: the picture on the left (a Figure with alt text), the words on the right.
 * A row is never split across pages. A row without a known picture is drawn without one
 * (the structure rules have already reported it as an error, so only a draft can get here).
 */
import type { Block } from '../../model.js';
import { drawSvg } from '../svg.js';
import { type BlockContext, gapAfter } from './context.js';

type Row = Extract<Block, { type: 'row' }>;

function textWidth(ctx: BlockContext, width: number): number {
  const { style } = ctx.canvas;
  return width - style.picture - style.pictureGap;
}

/** Height of a row itself: its picture or its words, whichever is taller (rows never split). */
export function rowHeight(ctx: BlockContext, block: Row, width: number): number {
  return Math.max(ctx.canvas.style.picture, ctx.measureBlocks(block.blocks, textWidth(ctx, width)) - gapAfter(ctx));
}

export function measureRow(ctx: BlockContext, block: Row, width: number): number {
  return rowHeight(ctx, block, width) + ctx.canvas.style.body;
}

export function drawRow(ctx: BlockContext, block: Row, x: number, width: number): void {
  const { canvas } = ctx;
  const { style } = canvas;
  const size = style.picture;
  const inner = textWidth(ctx, width);
  const textHeight = ctx.measureBlocks(block.blocks, inner) - gapAfter(ctx);
  const height = Math.max(size, textHeight);
  if (height <= canvas.bottom - style.margins.top) canvas.ensure(height);
  const top = canvas.y;
  const page = canvas.doc.page;
  const picture = block.picture ? ctx.pictures.get(block.picture) : undefined;
  const alt = block.alt ?? picture?.alt;
  canvas.open('Div');
  if (picture) {
    canvas.open('Figure', { alt: alt ?? picture.alt, bbox: [x, top, x + size, top + size], placement: 'Block' });
    if (!canvas.layoutOnly) {
      canvas.content(() => {
        drawSvg(canvas.doc, picture.svg, x, top, { width: size, height: size, preserveAspectRatio: 'xMidYMid meet' });
      });
    }
    canvas.close();
  }
  // Short text sits level with the middle of its picture.
  canvas.y = top + Math.max(0, (size - textHeight) / 2);
  ctx.drawBlocks(block.blocks, x + size + style.pictureGap, inner);
  canvas.close();
  if (canvas.doc.page === page) canvas.y = Math.max(top + size, canvas.y - gapAfter(ctx));
  canvas.y += style.body * 0.9; // space between rows

}

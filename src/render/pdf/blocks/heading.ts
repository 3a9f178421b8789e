/** Headings (H1–H6): larger, bold, in the council colour; kept with what follows (keep.ts). */
import type { Block } from '../../model.js';
import { layoutInlines, linesHeight, type TextSetting } from '../text.js';
import type { BlockContext } from './context.js';

type Heading = Extract<Block, { type: 'heading' }>;

function setting(ctx: BlockContext, depth: number): TextSetting {
  const style = ctx.canvas.style;
  const size = depth === 1 ? style.h1 : depth === 2 ? style.h2 : depth === 3 ? style.h3 : style.body;
  return { size, color: depth <= 2 ? ctx.colours.primary : ctx.colours.text, leading: 1.25, bold: true, linkColor: ctx.colours.primary };
}

function spaceBefore(ctx: BlockContext, depth: number, atTop: boolean): number {
  return atTop ? 0 : ctx.canvas.style.body * (depth <= 2 ? 1.1 : 0.7);
}

export function measureHeading(ctx: BlockContext, block: Heading, width: number): number {
  const s = setting(ctx, block.depth);
  return spaceBefore(ctx, block.depth, false) + linesHeight(layoutInlines(block.inlines, width, s)) + s.size * 0.45;
}

export function drawHeading(ctx: BlockContext, block: Heading, x: number, width: number): void {
  const { canvas } = ctx;
  const s = setting(ctx, block.depth);
  const lines = layoutInlines(block.inlines, width, s);
  const atTop = canvas.y <= canvas.style.margins.top + 0.5;
  canvas.y += spaceBefore(ctx, block.depth, atTop);
  // The writer has made room for the heading and the start of what follows (keep.ts); this
  // catches a heading drawn on its own, with room for 2 lines after it.
  canvas.ensure(linesHeight(lines) + canvas.style.body * canvas.style.leading * 2);
  canvas.open(`H${block.depth}`);
  canvas.drawLines(lines, x, { keepTogether: lines.length });
  canvas.close();
  canvas.y += s.size * 0.45;
}

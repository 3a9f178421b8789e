/** Lists (L > LI > Lbl + LBody): a bullet or number in the label, the item's blocks beside it. */
import type { Block } from '../../model.js';
import { layoutInlines, plain } from '../text.js';
import { type BlockContext, bodySetting, gapAfter } from './context.js';

type List = Extract<Block, { type: 'list' }>;

function indent(ctx: BlockContext, list: List): number {
  const size = ctx.canvas.style.body;
  return list.ordered ? size * (String(list.startNumber + list.items.length - 1).length * 0.6 + 1.4) : size * 1.3;
}

/** The width of an item's blocks, beside the bullet or number. */
export function itemWidth(ctx: BlockContext, block: List, width: number): number {
  return width - indent(ctx, block);
}

export function measureList(ctx: BlockContext, block: List, width: number): number {
  const inner = width - indent(ctx, block);
  return block.items.reduce((sum, item) => sum + ctx.measureBlocks(item, inner), 0) + gapAfter(ctx) * 0.3;
}

export function drawList(ctx: BlockContext, block: List, x: number, width: number): void {
  const { canvas } = ctx;
  const step = indent(ctx, block);
  const setting = bodySetting(ctx);
  canvas.open('L', block.ordered ? {} : {});
  block.items.forEach((item, index) => {
    const label = block.ordered ? `${block.startNumber + index}.` : '•';
    const labelLines = layoutInlines(plain(label), step, setting);
    // The label sits on the first line of the item: make room for that line first.
    canvas.ensure(labelLines[0].height * 2);
    canvas.open('LI');
    canvas.open('Lbl');
    const top = canvas.y;
    canvas.content(() => canvas.paintLines(labelLines, x, top));
    canvas.close();
    canvas.open('LBody');
    ctx.drawBlocks(item, x + step, width - step);
    canvas.close();
    canvas.close();
    // Items of a list sit closer together than paragraphs.
    canvas.y -= gapAfter(ctx) * 0.5;
  });
  canvas.close();
  canvas.y += gapAfter(ctx) * 0.8;
}

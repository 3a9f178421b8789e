/**
 * Keeping things together across a page break. Before a block is drawn near the foot of a
 * page, the writer asks how much must fit below the cursor for the block to start well — its
 * *lead* — and starts a new page when that does not fit:
 *
 * - a heading leads with what follows it, so a heading is never the last thing on a page;
 * - a sentence that introduces a list or a table ("Please send us copies of:") leads with
 *   the first item or row of it, and a one-line paragraph ("Dear Sam", "With best wishes")
 *   with the start of the paragraph after it;
 * - a paragraph starts with at least 2 lines (no lone first line at the foot of a page);
 * - a list with the start of its first item, a table with its header and first row, an
 *   Easy Read row whole (rows never split).
 */
import type { Block } from '../../model.js';
import { plainText } from '../../model.js';
import { layoutInlines, linesHeight } from '../text.js';
import { bodySetting, type BlockContext } from './context.js';
import { measureHeading } from './heading.js';
import { itemWidth } from './list.js';
import { rowHeight } from './row.js';
import { measureTableStart } from './table.js';

/** Lines a paragraph must keep together at the foot of a page. */
const MIN_LINES = 2;

/** A paragraph that introduces what follows it ("…like this:") and the list or table it introduces. */
function introduces(block: Block, next: Block | undefined): boolean {
  return block.type === 'paragraph' && (next?.type === 'list' || next?.type === 'table') && /:\s*$/.test(plainText(block.inlines));
}

/** Whether `blocks[index]` goes with the start of the block after it (a heading, an introducing sentence, a one-line paragraph). */
function keepsWithNext(ctx: BlockContext, blocks: readonly Block[], index: number, width: number): boolean {
  const block = blocks[index];
  const next = blocks[index + 1];
  if (!next) return false;
  if (block.type === 'heading' || introduces(block, next)) return true;
  return block.type === 'paragraph' && next.type === 'paragraph' && layoutInlines(block.inlines, width, bodySetting(ctx)).length === 1;
}

/** The first of the blocks that must move with the last one (the last, or a heading before it, …). */
export function keepChainStart(ctx: BlockContext, blocks: readonly Block[], width: number): number {
  let index = blocks.length - 1;
  while (index > 0 && keepsWithNext(ctx, blocks, index - 1, width)) index--;
  return index;
}

/** The height that must fit below the cursor before `blocks[index]` starts (see above). */
export function leadHeight(ctx: BlockContext, blocks: readonly Block[], index: number, width: number): number {
  const block = blocks[index];
  const next = blocks[index + 1];
  switch (block.type) {
    case 'heading':
      return measureHeading(ctx, block, width) + (next ? leadHeight(ctx, blocks, index + 1, width) : 0);
    case 'paragraph': {
      const lines = layoutInlines(block.inlines, width, bodySetting(ctx));
      const gap = ctx.canvas.style.body * ctx.canvas.style.paragraphGap;
      if (introduces(block, next)) return linesHeight(lines) + gap + leadHeight(ctx, blocks, index + 1, width);
      // A one-line paragraph goes with the first lines of the next one (not with everything
      // that one keeps with: a run of one-line paragraphs must not move as a whole).
      if (keepsWithNext(ctx, blocks, index, width) && next.type === 'paragraph') {
        return linesHeight(lines) + gap + linesHeight(layoutInlines(next.inlines, width, bodySetting(ctx)).slice(0, MIN_LINES));
      }
      return linesHeight(lines.slice(0, MIN_LINES));
    }
    case 'list':
      return block.items[0]?.length ? leadHeight(ctx, block.items[0], 0, itemWidth(ctx, block, width)) : 0;
    case 'table':
      return measureTableStart(ctx, block, width);
    case 'row':
      return rowHeight(ctx, block, width);
    case 'quote':
    case 'unknown':
      return block.blocks.length ? leadHeight(ctx, block.blocks, 0, width) : 0;
    case 'code':
    case 'rule':
      return 0; // they make their own room
  }
}

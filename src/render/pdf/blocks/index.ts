/** Dispatches each block kind to its writer (one module per kind). */
import type { Block } from '../../model.js';
import type { BlockContext } from './context.js';
import { drawHeading, measureHeading } from './heading.js';
import { drawList, measureList } from './list.js';
import { drawCode, drawParagraph, drawQuote, measureCode, measureParagraph, measureQuote } from './paragraph.js';
import { drawRow, measureRow } from './row.js';
import { drawRule, measureRule } from './rule.js';
import { drawTable, measureTable } from './table.js';

export type { BlockContext } from './context.js';

/** Draws blocks one after another in a column. */
export function drawBlock(ctx: BlockContext, block: Block, x: number, width: number): void {
  switch (block.type) {
    case 'heading': return drawHeading(ctx, block, x, width);
    case 'paragraph': return drawParagraph(ctx, block, x, width);
    case 'list': return drawList(ctx, block, x, width);
    case 'table': return drawTable(ctx, block, x, width);
    case 'row': return drawRow(ctx, block, x, width);
    case 'quote': return drawQuote(ctx, block, x, width);
    case 'code': return drawCode(ctx, block, x, width);
    case 'rule': return drawRule(ctx, x, width);
    case 'unknown': return ctx.drawBlocks(block.blocks, x, width);
  }
}

/** Height a block takes in a column of `width`. */
export function measureBlock(ctx: BlockContext, block: Block, width: number): number {
  switch (block.type) {
    case 'heading': return measureHeading(ctx, block, width);
    case 'paragraph': return measureParagraph(ctx, block, width);
    case 'list': return measureList(ctx, block, width);
    case 'table': return measureTable(ctx, block, width);
    case 'row': return measureRow(ctx, block, width);
    case 'quote': return measureQuote(ctx, block, width);
    case 'code': return measureCode(ctx, block, width);
    case 'rule': return measureRule(ctx);
    case 'unknown': return ctx.measureBlocks(block.blocks, width);
  }
}

/** Paragraphs (P), block quotes (BlockQuote) and code blocks (P in a grey box). */
import type { Block } from '../../model.js';
import { COLOURS } from '../styles.js';
import { layoutInlines, linesHeight, plain } from '../text.js';
import { type BlockContext, bodySetting, gapAfter } from './context.js';

type Paragraph = Extract<Block, { type: 'paragraph' }>;

export function measureParagraph(ctx: BlockContext, block: Paragraph, width: number): number {
  return linesHeight(layoutInlines(block.inlines, width, bodySetting(ctx))) + gapAfter(ctx);
}

export function drawParagraph(ctx: BlockContext, block: Paragraph, x: number, width: number): void {
  const lines = layoutInlines(block.inlines, width, bodySetting(ctx));
  ctx.canvas.open('P');
  ctx.canvas.drawLines(lines, x);
  ctx.canvas.close();
  ctx.canvas.y += gapAfter(ctx);
}

type Quote = Extract<Block, { type: 'quote' }>;
const QUOTE_INDENT = 14;

export function measureQuote(ctx: BlockContext, block: Quote, width: number): number {
  return ctx.measureBlocks(block.blocks, width - QUOTE_INDENT);
}

export function drawQuote(ctx: BlockContext, block: Quote, x: number, width: number): void {
  const { canvas } = ctx;
  const top = canvas.y;
  const page = canvas.doc.page;
  canvas.open('BlockQuote');
  ctx.drawBlocks(block.blocks, x + QUOTE_INDENT, width - QUOTE_INDENT);
  canvas.close();
  if (canvas.doc.page === page) {
    const bottom = canvas.y - gapAfter(ctx);
    canvas.artifact(() => canvas.doc.save().rect(x, top, 3, Math.max(0, bottom - top)).fill(ctx.colours.primary).restore());
  }
}

type Code = Extract<Block, { type: 'code' }>;

export function measureCode(ctx: BlockContext, block: Code, width: number): number {
  return linesHeight(layoutInlines(plain(block.text), width - 12, bodySetting(ctx))) + 12 + gapAfter(ctx);
}

export function drawCode(ctx: BlockContext, block: Code, x: number, width: number): void {
  const { canvas } = ctx;
  const runs = block.text.split('\n').flatMap((line, i) => (i ? [{ kind: 'break' as const }, ...plain(line)] : plain(line)));
  const lines = layoutInlines(runs, width - 12, bodySetting(ctx));
  canvas.ensure(Math.min(linesHeight(lines) + 12, canvas.bottom - canvas.style.margins.top));
  const top = canvas.y;
  const height = Math.min(linesHeight(lines) + 12, canvas.remaining);
  canvas.artifact(() => canvas.doc.save().rect(x, top, width, height).fill(COLOURS.tableHead).restore());
  canvas.y += 6;
  canvas.open('P');
  canvas.drawLines(lines, x + 6);
  canvas.close();
  canvas.y += 6 + gapAfter(ctx);
}

/** Thematic breaks: a thin line, drawn as an artifact (it carries no words). */
import type { BlockContext } from './context.js';
import { COLOURS } from '../styles.js';

export function measureRule(ctx: BlockContext): number {
  return ctx.canvas.style.body * 1.5;
}

export function drawRule(ctx: BlockContext, x: number, width: number): void {
  const { canvas } = ctx;
  canvas.ensure(measureRule(ctx));
  const y = canvas.y + canvas.style.body * 0.6;
  canvas.artifact(() => canvas.doc.save().lineWidth(0.75).strokeColor(COLOURS.rule).moveTo(x, y).lineTo(x + width, y).stroke().restore());
  canvas.y += measureRule(ctx);
}

/**
 * Tables (Table > TR > TH/TD, header cells scoped to their column). Columns are sized from
 * their content; a row never splits across pages, and the header row is repeated (as an
 * artifact) at the top of a continued table. Empty rows in the form layout, and empty cells
 * of `:::write-in` tables (signatures, dates), are big enough to write in by hand (rows tall
 * enough, columns at least 30 mm wide); in the form layout each cell of an empty row is also
 * a fillable field (see ../fields.ts).
 */
import type { Block, Inline } from '../../model.js';
import { plainText } from '../../model.js';
import { addTextField, fieldSlug } from '../fields.js';
import { measure, primaryFace } from '../fonts.js';
import { COLOURS, WRITE_IN } from '../styles.js';
import { type Line, layoutInlines, linesHeight, type TextSetting } from '../text.js';
import { type BlockContext, gapAfter } from './context.js';

type Table = Extract<Block, { type: 'table' }>;
const PAD = 5;

const isEmpty = (cell: Inline[] | undefined): boolean => !cell || plainText(cell).trim() === '';

/**
 * Columns people write in by hand, which need room for handwriting: those with an empty body
 * cell in a `:::write-in` table (a signature, a date: 30 mm, 45 mm when there is room), and
 * every column of a form-layout table with blank rows (30 mm, the rest shared as the headings
 * ask, so "What it was for" stays the widest).
 */
function writeInColumns(ctx: BlockContext, block: Table, columns: number): ('sheet' | 'write-in' | undefined)[] {
  const formSheet = ctx.layout === 'form' && block.rows.some((row) => Array.from({ length: columns }, (_, i) => row[i]).every(isEmpty));
  return Array.from({ length: columns }, (_, i) => (formSheet ? 'sheet' : block.writeIn && block.rows.some((row) => isEmpty(row[i])) ? 'write-in' : undefined));
}

function settingFor(ctx: BlockContext, header: boolean): TextSetting {
  return { size: ctx.canvas.style.table, color: ctx.colours.text, leading: 1.3, bold: header, linkColor: ctx.colours.primary };
}

/** Column widths already worked out, by table and width (a table is measured, then drawn). */
const widthsOf = new WeakMap<Table, Map<string, number[]>>();

/** Column widths: proportional to content, at least the longest word, filling `width`. */
function columnWidths(ctx: BlockContext, block: Table, width: number): number[] {
  const key = `${ctx.layout}|${width}`;
  let known = widthsOf.get(block);
  if (!known) widthsOf.set(block, (known = new Map()));
  let widths = known.get(key);
  if (!widths) known.set(key, (widths = workOutColumnWidths(ctx, block, width)));
  return widths;
}

function workOutColumnWidths(ctx: BlockContext, block: Table, width: number): number[] {
  const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length), 1);
  const natural = new Array(columns).fill(24);
  const minimum = new Array(columns).fill(24);
  const size = ctx.canvas.style.table;
  const face = primaryFace();
  const boldFace = primaryFace({ bold: true });
  const consider = (cells: Inline[][], bold: boolean) => cells.forEach((cell, i) => {
    const text = plainText(cell);
    const f = bold ? boldFace : face;
    natural[i] = Math.max(natural[i], measure(f, text, size) + PAD * 2);
    for (const word of text.split(/\s+/)) minimum[i] = Math.max(minimum[i], Math.min(measure(f, word, size) + PAD * 2, width / columns));
  });
  consider(block.header, true);
  block.rows.forEach((row) => consider(row, false));
  writeInColumns(ctx, block, columns).forEach((writing, i) => {
    if (!writing) return;
    natural[i] = Math.max(natural[i], writing === 'write-in' ? WRITE_IN.columnWanted : WRITE_IN.columnMin);
    minimum[i] = Math.max(minimum[i], Math.min(WRITE_IN.columnMin, width / columns));
  });
  const totalNatural = natural.reduce((a, b) => a + b, 0);
  if (totalNatural <= width) {
    // Share the spare room in proportion, so the table spans the column.
    return natural.map((w) => (w / totalNatural) * width);
  }
  const totalMin = minimum.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, width - totalMin);
  const extra = natural.map((w, i) => Math.max(0, w - minimum[i]));
  const extraTotal = extra.reduce((a, b) => a + b, 0) || 1;
  const widths = minimum.map((m, i) => m + (extra[i] / extraTotal) * spare);
  const scale = width / widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => w * scale);
}

interface LaidRow {
  cells: Line[][];
  height: number;
  header: boolean;
  /** A blank row of the form layout: each cell gets a fillable field. */
  blank: boolean;
}

function layoutRow(ctx: BlockContext, cells: Inline[][], widths: number[], header: boolean, writeIn = false): LaidRow {
  const laid = widths.map((w, i) => layoutInlines(cells[i] ?? [], w - PAD * 2, settingFor(ctx, header)));
  const allEmpty = cells.every((cell) => isEmpty(cell));
  const anyEmpty = widths.some((_, i) => isEmpty(cells[i]));
  const minimum = Math.max(allEmpty && ctx.layout === 'form' ? ctx.canvas.style.formRow : 0, writeIn && !header && anyEmpty ? ctx.canvas.style.writeInRow : 0);
  const height = Math.max(minimum, ...laid.map((lines) => linesHeight(lines) + PAD * 2));
  return { cells: laid, height, header, blank: allEmpty && !header && ctx.layout === 'form' };
}

/** Height of the header row and the first row: what must fit for the table to start on a page. */
export function measureTableStart(ctx: BlockContext, block: Table, width: number): number {
  const widths = columnWidths(ctx, block, width);
  const first = block.rows[0] ? layoutRow(ctx, block.rows[0], widths, false, block.writeIn).height : 0;
  return layoutRow(ctx, block.header, widths, true).height + first;
}

export function measureTable(ctx: BlockContext, block: Table, width: number): number {
  const widths = columnWidths(ctx, block, width);
  const rows = [layoutRow(ctx, block.header, widths, true), ...block.rows.map((r) => layoutRow(ctx, r, widths, false, block.writeIn))];
  return rows.reduce((sum, r) => sum + r.height, 0) + gapAfter(ctx);
}

export function drawTable(ctx: BlockContext, block: Table, x: number, width: number): void {
  const { canvas } = ctx;
  const widths = columnWidths(ctx, block, width);
  const header = layoutRow(ctx, block.header, widths, true);
  const rows = block.rows.map((r) => layoutRow(ctx, r, widths, false, block.writeIn));
  const paintFrame = (row: LaidRow, top: number) => {
    canvas.artifact(() => {
      const doc = canvas.doc;
      doc.save();
      if (row.header) doc.rect(x, top, width, row.height).fill(COLOURS.tableHead);
      doc.lineWidth(0.75).strokeColor(COLOURS.rule);
      let cx = x;
      for (const w of widths) {
        doc.rect(cx, top, w, row.height).stroke();
        cx += w;
      }
      doc.restore();
    });
  };
  // Blank rows of a form get fillable fields, named by table, line and column.
  const headings = widths.map((_, i) => plainText(block.header[i] ?? []).trim() || `Column ${i + 1}`);
  const fieldTable = rows.some((r) => r.blank) && !canvas.layoutOnly ? ++ctx.fieldTables : 0;
  let line = 0;
  const paintCells = (row: LaidRow, top: number, tagged: boolean) => {
    if (row.blank && tagged) line++;
    let cx = x;
    row.cells.forEach((lines, i) => {
      const align = block.align[i];
      const cellX = cx;
      const draw = () => {
        for (const [n, line] of lines.entries()) {
          const inner = widths[i] - PAD * 2;
          const offset = align === 'right' ? inner - line.width : align === 'center' ? (inner - line.width) / 2 : 0;
          canvas.paintLines([line], cellX + PAD + Math.max(0, offset), top + PAD + lines.slice(0, n).reduce((h, l) => h + l.height, 0));
        }
      };
      if (tagged) {
        canvas.open(row.header ? 'TH' : 'TD', row.header ? { scope: 'Column' } : {});
        canvas.content(draw);
        if (row.blank && fieldTable) {
          addTextField(canvas, {
            name: `sheet-${fieldTable}-line-${line}-${fieldSlug(headings[i])}`,
            label: `${headings[i]}, line ${line}`,
            x: cellX + 1.5,
            y: top + 1.5,
            width: widths[i] - 3,
            height: row.height - 3,
            size: ctx.canvas.style.table,
          });
        }
        canvas.close();
      } else {
        canvas.artifact(draw, 'Pagination');
      }
      cx += widths[i];
    });
  };

  canvas.ensure(header.height + (rows[0]?.height ?? 0));
  canvas.open('Table');
  const drawRow = (row: LaidRow, tagged = true) => {
    const top = canvas.y;
    paintFrame(row, top);
    if (tagged) canvas.open('TR');
    paintCells(row, top, tagged);
    if (tagged) canvas.close();
    canvas.y += row.height;
  };
  drawRow(header);
  for (const row of rows) {
    if (canvas.y + row.height > canvas.bottom) {
      canvas.newPage();
      drawRow(header, false); // repeated header: for sighted readers only
    }
    drawRow(row);
  }
  canvas.close();
  canvas.y += gapAfter(ctx);
}

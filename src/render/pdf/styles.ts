/**
 * Type sizes and spacing for each layout. One table, read by the PDF writer and by the
 * structure rules (Easy Read must never go under 16pt), so the check checks what is drawn.
 */
import type { Layout } from '../../templates/index.js';

/** Millimetres to PDF points. */
export const mm = (value: number): number => (value * 72) / 25.4;

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;

/** Sizes (pt) and spacing for one layout. */
export interface LayoutStyle {
  body: number;
  h1: number;
  h2: number;
  h3: number;
  /** Table cell text. */
  table: number;
  /** Line height as a multiple of the size. */
  leading: number;
  /** Space after a paragraph, as a multiple of the body size. */
  paragraphGap: number;
  /** Easy Read: picture size and the gap between picture and text. */
  picture: number;
  pictureGap: number;
  /** Minimum height of a blank form row (room to write by hand). */
  formRow: number;
  /** Minimum height of a `:::write-in` table row with an empty cell (a signature, a date). */
  writeInRow: number;
  margins: { top: number; right: number; bottom: number; left: number };
}

const LETTER_MARGINS = { top: mm(20), right: mm(20), bottom: mm(22), left: mm(24.6) };

/** Styles by layout. */
export const STYLES: Record<Layout, LayoutStyle> = {
  letter: { body: 12, h1: 18, h2: 14, h3: 12.5, table: 11, leading: 1.4, paragraphGap: 0.7, picture: 0, pictureGap: 0, formRow: 0, writeInRow: mm(12), margins: LETTER_MARGINS },
  document: { body: 12, h1: 22, h2: 16, h3: 13.5, table: 11, leading: 1.45, paragraphGap: 0.75, picture: 0, pictureGap: 0, formRow: 0, writeInRow: mm(12), margins: { top: mm(20), right: mm(20), bottom: mm(22), left: mm(20) } },
  'easy-read': { body: 16, h1: 28, h2: 22, h3: 18, table: 16, leading: 1.5, paragraphGap: 0.6, picture: mm(24), pictureGap: mm(8), formRow: 0, writeInRow: mm(16), margins: { top: mm(18), right: mm(18), bottom: mm(22), left: mm(18) } },
  form: { body: 12, h1: 20, h2: 15, h3: 13, table: 11, leading: 1.4, paragraphGap: 0.7, picture: 0, pictureGap: 0, formRow: mm(10), writeInRow: mm(12), margins: { top: mm(18), right: mm(15), bottom: mm(20), left: mm(15) } },
};

/**
 * Spaces to write in by hand (`:::write-in` tables): a row with an empty cell is at least
 * `writeInRow` tall (12 mm; 16 mm in Easy Read), and a column with an empty cell at least
 * 30 mm wide (45 mm when there is room), enough for a signature or a date.
 */
export const WRITE_IN = { columnMin: mm(30), columnWanted: mm(45) } as const;

/** Easy Read's smallest allowed text size. */
export const EASY_READ_MIN_PT = 16;

/** The smallest size a layout uses for content text (not page furniture). */
export function smallestContentSize(layout: Layout): number {
  const s = STYLES[layout];
  return Math.min(s.body, s.h1, s.h2, s.h3, s.table);
}

/** Colours (WCAG AA on white). */
export const COLOURS = { text: '#0b0c0c', secondary: '#505a5f', rule: '#b1b4b6', tableHead: '#f3f2f1', draft: '#d4351c', link: '#1d70b8' } as const;

/**
 * Offset <-> line/column conversion for the linted text. Built once per text so each lookup
 * is a binary search rather than a scan.
 */
import type { Position } from './types.js';

/** Maps 0-based string offsets to 1-based line/column positions for one text. */
export class LineIndex {
  /** Offset at which each line starts. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** The position of a 0-based offset (clamped to the text). */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low] + 1, offset: clamped };
  }

  /** The 0-based offset of a 1-based line/column (clamped to the text). */
  offset(line: number, column: number): number {
    const start = this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
    return Math.min(start + Math.max(0, column - 1), this.text.length);
  }
}

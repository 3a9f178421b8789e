/**
 * Issue 13 item 7: the PDF writer's shaping caches are shared by every document a process
 * (or batch thread) writes, so they must be bounded, and bounded the right way: the words
 * every letter of a batch uses stay, the words only one letter has (its reference, name,
 * address) go. Before, they only grew (about 4 KB a letter in a rendering thread), and the
 * cached font files were views that each kept a 64 KB block.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ownBytes } from '../../src/render/pdf/canvas.js';
import { measure, PIECE_LAYOUTS_PER_FACE, primaryFace, sharedTextLayout, sharedWordLayout, WORD_LAYOUTS_PER_FACE } from '../../src/render/pdf/fonts.js';
import { canvas } from './canvas-helpers.js';

describe('shaping caches', () => {
  it('keep the words every letter uses and let one-off words go, within their bounds', () => {
    const face = primaryFace();
    // Two documents, as two letters of a batch: the caches are shared between them.
    for (const half of [0, 1]) {
      const { doc, c } = canvas();
      c.useFace(face);
      doc.fontSize(12);
      for (let i = half * 3_000; i < (half + 1) * 3_000; i++) {
        doc.text(`Dear DP-${String(i).padStart(6, '0')}`, 70, 100, { lineBreak: false });
      }
    }
    const words = sharedWordLayout(face.key);
    expect(words.size).toBe(WORD_LAYOUTS_PER_FACE);
    expect(words.has('Dear ')).toBe(true);
    expect(words.has('DP-005999')).toBe(true);
    expect(words.has('DP-000000')).toBe(false);
    const pieces = sharedTextLayout(face.key);
    expect(pieces.size).toBe(PIECE_LAYOUTS_PER_FACE);
    expect(pieces.has('Dear DP-005999')).toBe(true);
    expect(pieces.has('Dear DP-000000')).toBe(false);
  });

  it('give the same widths and shapes from the cache as shaped afresh', () => {
    const face = primaryFace();
    const text = 'Your financial checkup for Siân Ŵyn: £1,250.00 by 28 February 2021';
    const first = measure(face, text, 12);
    for (let i = 0; i < 9_000; i++) measure(face, `one-off-${i}`, 12); // past the width cache's bound
    expect(measure(face, text, 12)).toBe(first);
    expect(first).toBeCloseTo((face.font.layout(text).advanceWidth / face.font.unitsPerEm) * 12, 6);
  });
});

describe('ownBytes', () => {
  it('copies a view out of its larger block, and keeps a whole buffer as it is', () => {
    const font = Buffer.alloc(20_000, 7);
    const deflated = deflateSync(font);
    const own = ownBytes(deflated);
    expect(own.equals(deflated)).toBe(true);
    expect(own.byteOffset).toBe(0);
    expect(own.buffer.byteLength).toBe(deflated.byteLength);
    const block = Buffer.alloc(64 * 1024, 1);
    const view = block.subarray(1_000, 9_000);
    expect(ownBytes(view).buffer.byteLength).toBe(8_000);
    const whole = Buffer.from(new ArrayBuffer(100));
    expect(ownBytes(whole)).toBe(whole);
  });
});

/**
 * The picture credit (OpenMoji's CC BY-SA licence) is never left alone on a last page: it is
 * kept with the content before it. Documents of 1 to 20 short Easy Read rows and 1 to 14 two-line rows are read back; with 16
 * rows the credit used to fall onto a page of its own.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { PICTURE_CREDIT } from '../../src/render/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { pdfToPng, readPdf } from '../helpers/pdf.js';

const ctx = createPipelineContext({ templatesDir: path.resolve(import.meta.dirname, '../fixtures/templates') });

function easyRead(rows: number, long = false) {
  const words = long ? 'We pay your direct payment into your account every 4 weeks, on a Monday, so you can plan.' : 'We pay you every 4 weeks,';
  const body = Array.from({ length: rows }, (_, i) => `:::row{picture="money" alt="Money"}\n${words} row ${i + 1}.\n:::\n`).join('\n');
  return parseTemplate(`---\nid: er\ntitle: Easy\nkind: guide\nprofile: easy-read\nlayout: easy-read\nfields:\n  name: { type: string }\nexample:\n  name: Sam\n---\n# Your money\n\n${body}`, 'er.md');
}

describe('picture credit', () => {
  it('stays on the last page with the last row, whatever the length', async () => {
    const alone: string[] = [];
    for (const [rows, long] of [...Array.from({ length: 20 }, (_, i) => [i + 1, false] as const), ...Array.from({ length: 14 }, (_, i) => [i + 1, true] as const)]) {
      const doc = await produceDocument(ctx, easyRead(rows, long), { name: 'Sam' }, { format: 'pdf' });
      const facts = await readPdf(doc.body);
      const last = facts.pageText[facts.pages - 1];
      expect(last).toContain(PICTURE_CREDIT);
      expect(facts.text.split(PICTURE_CREDIT)).toHaveLength(2); // printed once
      if (!last.includes(`row ${rows}.`)) alone.push(`${rows}${long ? ' long' : ''}`);
      if (rows === 16 && !long) pdfToPng(doc.body, facts.pages, 'credit-16-rows-last-page');
    }
    expect(alone).toEqual([]);
  });
});

/**
 * Spaces to write in: tables inside `:::write-in` get rows tall enough and columns wide enough
 * to sign and date by hand (12 mm rows; 16 mm in Easy Read), read back from the PDFs of both
 * agreements. Tables elsewhere keep one-line rows.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument, createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { mm } from '../../src/render/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { pageTextPositions, pdfToPng, type PlacedText } from '../helpers/pdf.js';

const ctx = createPipelineContext();

function find(items: PlacedText[], text: string, after = -Infinity): PlacedText {
  const item = items.find((i) => i.str.includes(text) && i.y > after);
  if (!item) throw new Error(`"${text}" not found below y ${after} in: ${items.map((i) => i.str).join(' | ')}`);
  return item;
}

function guide(body: string) {
  return parseTemplate(`---\nid: g\ntitle: G\nkind: agreement\nprofile: standard\nlayout: document\nfields:\n  name: { type: string }\nexample:\n  name: Sam\n---\n${body}`, 'g.md');
}

const TABLE = '| Who | Name | Signature | Date |\n|---|---|---|---|\n| You | {{name}} | | |\n| Us | Kim | | |\n';

describe(':::write-in tables', () => {
  it('gives the standard agreement signature rows of at least 12 mm and wide signature and date columns', async () => {
    const template = ctx.templates.get('direct-payment-agreement');
    const doc = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
    const items = await pageTextPositions(doc.body, doc.pages!);
    const heading = find(items, 'Signing this agreement');
    const you = find(items, 'You', heading.y);
    const council = find(items, 'For ', you.y);
    expect(council.y - you.y).toBeGreaterThanOrEqual(mm(12) - 0.5);
    const signature = find(items, 'Signature', heading.y);
    const date = find(items, 'Date', heading.y);
    expect(date.x - signature.x).toBeGreaterThanOrEqual(mm(30));
    pdfToPng(doc.body, doc.pages!, 'direct-payment-agreement-signing');
  });

  it('gives the Easy Read agreement signature rows of at least 16 mm', async () => {
    const template = ctx.templates.get('direct-payment-agreement-easy-read');
    const doc = await produceDocument(ctx, template.id, template.example, { format: 'pdf' });
    const items = await pageTextPositions(doc.body, doc.pages!);
    const name = find(items, 'Name', find(items, 'Please sign here').y);
    const signature = find(items, 'Signature', name.y);
    const date = find(items, 'Date', signature.y);
    expect(date.y - signature.y).toBeGreaterThanOrEqual(mm(16) - 0.5);
    // The Name row is not a space to write in: it keeps its natural height.
    expect(signature.y - name.y).toBeLessThan(mm(16) - 1);
    pdfToPng(doc.body, doc.pages!, 'direct-payment-agreement-easy-read-signing');
  });

  it('leaves tables outside :::write-in with one-line rows, and marks empty cells in HTML', async () => {
    const plain = await produceDocument(ctx, guide(`# Sign\n\n${TABLE}`), { name: 'Sam' }, { format: 'pdf' });
    const writeIn = await produceDocument(ctx, guide(`# Sign\n\n:::write-in\n${TABLE}:::\n`), { name: 'Sam' }, { format: 'pdf' });
    const gap = async (pdf: Buffer) => {
      const items = await pageTextPositions(pdf, 1);
      return find(items, 'Us').y - find(items, 'You').y;
    };
    expect(await gap(plain.body)).toBeLessThan(mm(10));
    expect(await gap(writeIn.body)).toBeGreaterThanOrEqual(mm(12) - 0.5);
    const html = (await produceDocument(ctx, guide(`# Sign\n\n:::write-in\n${TABLE}:::\n`), { name: 'Sam' }, { format: 'html' })).body.toString('utf8');
    expect(html).toContain('<table class="write-in">');
    expect(html.match(/<td class="write-in"><\/td>/g)).toHaveLength(4);
    expect(html).toMatch(/td\.write-in\{height:12mm/);
  });

  it('refuses a :::write-in block that holds no table', () => {
    const result = checkDocument(ctx, guide('# Sign\n\n:::write-in\nJust words.\n:::\n'), { name: 'Sam' });
    expect(result.findings.filter((f) => f.ruleId === 'structure/unknown-directive')).toEqual([
      expect.objectContaining({ severity: 'error', reason: expect.stringContaining('holds no table') }),
    ]);
    expect(checkDocument(ctx, guide(`# Sign\n\n:::write-in\n${TABLE}:::\n`), { name: 'Sam' }).findings.filter((f) => f.source === 'structure')).toEqual([]);
  });
});

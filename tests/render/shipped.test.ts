/**
 * Every shipped template, rendered with its example data and read back: text present, no
 * Handlebars left, tagged with a structure tree, fonts embedded, language and title set.
 * Page PNGs go to test-output/ for people to look at.
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { pdfToPng, readPdf } from '../helpers/pdf.js';
import fs from 'node:fs';

const ctx = createPipelineContext();

describe.each(ctx.templates.list().map((t) => [t.id, t] as const))('shipped template %s', (id, template) => {
  it('renders to a checked, tagged, accessible PDF, HTML and text', async () => {
    const doc = await produceDocument(ctx, id, template.example, { format: 'pdf', draft: true });
    const facts = await readPdf(doc.body);
    expect(facts.pageSize[0]).toBeCloseTo(595.28, 0);
    expect(facts.pageSize[1]).toBeCloseTo(841.89, 0);
    expect(facts.pages).toBe(doc.pages);
    expect(facts.text).not.toMatch(/\{\{|\}\}|\ue000/);
    expect(facts.tagged).toBe(true);
    expect(facts.roles.has('H1')).toBe(true);
    expect(facts.roles.has('P')).toBe(true);
    expect(facts.allFontsEmbedded).toBe(true);
    expect(facts.embeddedFonts.some((f) => f.includes('AtkinsonHyperlegible'))).toBe(true);
    expect(facts.lang).toBe(`${template.lang}-GB`);
    expect(facts.displayDocTitle).toBe(true);
    expect(facts.title).toContain(template.title);
    for (const page of facts.pageText) expect(page).toMatch(/Page \d+ of \d+/);
    if (template.layout === 'easy-read') {
      expect(facts.roles.has('Figure')).toBe(true);
      expect(facts.figureAlts.length).toBeGreaterThan(0);
      expect(facts.text).toContain('OpenMoji');
    }
    if (template.kind === 'letter') {
      const data = template.example as { recipient: { name: string } };
      expect(facts.pageText[0]).toContain(data.recipient.name.split(' ')[0]);
    }
    fs.writeFileSync(pdfToPng(doc.body, 1, `${id}-page1`).replace(/\.png$/, '.pdf'), doc.body);

    const html = (await produceDocument(ctx, id, template.example, { format: 'html', draft: true })).body.toString('utf8');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toMatch(/<main>[\s\S]*<\/main>/);
    expect(html).not.toMatch(/\{\{/);
    expect(html).toContain(`lang="${template.lang}-GB"`);
    const text = (await produceDocument(ctx, id, template.example, { format: 'text', draft: true })).body.toString('utf8');
    expect(text).not.toMatch(/\{\{/);
    expect(text.length).toBeGreaterThan(200);
  });
});

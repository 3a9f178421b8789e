/**
 * Page counts: a PDF's count is that of the PDF written; letters asked for as HTML or text are
 * laid out without being written, and must get the same count and the same "over 2 pages"
 * warning. Checked for every shipped template and for a letter that runs to 3+ pages.
 */
import { describe, expect, it } from 'vitest';
import { checkDocumentWithPages, createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { testLetter } from '../helpers/letter-template.js';
import { readPdf } from '../helpers/pdf.js';

const shipped = createPipelineContext();

const pageRules = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId).filter((id) => id === 'structure/letter-length' || id === 'structure/small-text');

describe('page counts without writing the PDF', () => {
  it.each(shipped.templates.list().map((t) => [t.id] as const))('%s: the layout-only count equals the written PDF', async (id) => {
    const template = shipped.templates.get(id);
    const pdf = await produceDocument(shipped, id, template.example, { format: 'pdf', draft: true });
    expect((await readPdf(pdf.body)).pages).toBe(pdf.pages);
    const checked = await checkDocumentWithPages(shipped, id, template.example);
    expect(checked.pages).toBe(pdf.pages);
    expect(pageRules(checked.findings)).toEqual(pageRules(pdf.findings));
    if (template.kind === 'letter') {
      for (const format of ['html', 'text'] as const) {
        const other = await produceDocument(shipped, id, template.example, { format, draft: true });
        expect(other.pages).toBe(pdf.pages);
        expect(pageRules(other.findings)).toEqual(pageRules(pdf.findings));
      }
    }
  });

  it('warns about a 3-page letter in every format', async () => {
    const paragraphs = Array.from({ length: 45 }, (_, i) => `We wanted to let you know about point ${i + 1}, which we talked about on the phone last week.`).join('\n\n');
    const long = testLetter({ id: 'long-letter', title: 'A long letter', body: `# About your direct payment

Dear {{recipient.name}}

${paragraphs}
` });
    const pdf = await produceDocument(shipped, long, long.example, { format: 'pdf' });
    expect(pdf.pages).toBeGreaterThan(2);
    expect((await readPdf(pdf.body)).pages).toBe(pdf.pages);
    expect(pageRules(pdf.findings)).toEqual(['structure/letter-length']);
    for (const format of ['html', 'text'] as const) {
      const other = await produceDocument(shipped, long, long.example, { format });
      expect(other.pages).toBe(pdf.pages);
      expect(other.findings).toEqual(pdf.findings);
    }
  });
});

/**
 * The council's address in templates: `{{council.address}}` is one line for sentences, and
 * `{{asLines council.addressLines}}` prints it as an address, one line under another, in the
 * PDF, the HTML and the text. The contact partial lists it on one line next to the phone
 * and email (letters already show it as lines in the sender block, and must fit 2 pages); the
 * Easy Read letter, where it stands on its own, prints it as lines.
 */
import { describe, expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { pageTextPositions } from '../helpers/pdf.js';

const ctx = createPipelineContext();
const LINES = ctx.branding.address;

function guide(body: string) {
  return parseTemplate(`---\nid: g\ntitle: G\nkind: guide\nprofile: standard\nlayout: document\nfields:\n  name: { type: string }\nexample:\n  name: Sam\n---\n${body}`, 'g.md');
}

const BODY = '# Writing to us\n\nWrite to us at {{council.address}}.\n\nOur address:\\\n{{asLines council.addressLines}}\n\nAs a list: {{council.addressLines}}.\n';

describe('council address', () => {
  it('prints one line in a sentence and one line per address line with asLines', async () => {
    const template = guide(BODY);
    const text = (await produceDocument(ctx, template, { name: 'Sam' }, { format: 'text' })).body.toString('utf8');
    const folded = text.replace(/\s+/g, ' ');
    expect(folded).toContain(`Write to us at ${LINES.join(', ')}.`);
    expect(folded).toContain(`As a list: ${LINES.join(', ')}.`);
    expect(text).toContain(`Our address:\n${LINES.join('\n')}\n`);
    const html = (await produceDocument(ctx, template, { name: 'Sam' }, { format: 'html' })).body.toString('utf8');
    expect(html).toContain(`<p>Our address:<br>${LINES.join('<br>')}</p>`);
    const pdf = await produceDocument(ctx, template, { name: 'Sam' }, { format: 'pdf' });
    const items = await pageTextPositions(pdf.body, 1);
    const label = items.find((i) => i.str.startsWith('Our address'))!;
    const ys = LINES.map((line) => items.find((i) => i.str.trim() === line && i.y > label.y)?.y);
    expect(ys.every((y) => y !== undefined)).toBe(true);
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThan(ys[i - 1]! + 10);
  });

  it('the contact partial lists the address on one line; the Easy Read letter prints it as lines', async () => {
    const guideTemplate = ctx.templates.get('what-you-can-use-it-for');
    const text = (await produceDocument(ctx, guideTemplate.id, guideTemplate.example, { format: 'text' })).body.toString('utf8');
    expect(text.replace(/\s+/g, ' ')).toContain(`- Post: ${LINES.join(', ')}`);
    const easy = ctx.templates.get('financial-checkup-easy-read');
    const easyText = (await produceDocument(ctx, easy.id, easy.example, { format: 'text' })).body.toString('utf8');
    expect(easyText).toContain(`Or you can post them to:\n${LINES.join('\n')}\n`);
    const html = (await produceDocument(ctx, easy.id, easy.example, { format: 'html' })).body.toString('utf8');
    expect(html).toContain(`Or you can post them to:<br>${LINES.join('<br>')}`);
  });

  it('the signature partial puts the team and the council on lines of their own', async () => {
    const letter = ctx.templates.get('financial-checkup');
    const text = (await produceDocument(ctx, letter.id, letter.example, { format: 'text' })).body.toString('utf8');
    expect(text).toContain(`With best wishes\n\n${ctx.branding.team}\n${ctx.branding.name}\n`);
  });
});

/**
 * A picture of every page of every shipped document, for people to look at: each template's
 * example rendered as a final PDF, and a letter long enough to show the header of pages 2
 * onwards, drawn by pdftoppm at low resolution into test-output/pages/<id>-<page>.png.
 * One test, to keep it fast.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';
import { hasPdftoppm, TEST_OUTPUT } from '../helpers/pdf.js';
import { testLetter } from '../helpers/letter-template.js';

const ctx = createPipelineContext();
const DPI = 40;

it.skipIf(!hasPdftoppm())('saves a picture of every page of every shipped document in test-output/pages/', async () => {
  const folder = path.join(TEST_OUTPUT, 'pages');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const long = testLetter({
    id: 'long-letter',
    title: 'A long letter',
    name: 'Mr George Adeyemi',
    body: `# A letter over 3 pages\n\n{{dear recipient.name}}\n\n${Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}: we will phone you on 0161 496 0123 before 31 December 2020, and post it to NM1 1AA.`).join('\n\n')}`,
  });
  const documents = [...ctx.templates.list().map((t) => ({ id: t.id, template: t as typeof long | string, data: t.example })), { id: 'long-letter', template: long, data: long.example }];
  let pictures = 0;
  for (const { id, template, data } of documents) {
    const doc = await produceDocument(ctx, template, data, { format: 'pdf' });
    const pdf = path.join(folder, `${id}.pdf`);
    fs.writeFileSync(pdf, doc.body);
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdf, path.join(folder, id)]);
    fs.rmSync(pdf);
    const made = fs.readdirSync(folder).filter((f) => new RegExp(`^${id}-\\d+\\.png$`).test(f));
    expect({ id, pictures: made.length }).toEqual({ id, pictures: doc.pages });
    pictures += made.length;
  }
  expect(pictures).toBeGreaterThanOrEqual(documents.length);
}, 180_000);

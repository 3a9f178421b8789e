import { describe, expect, it } from 'vitest';
import { checkDocument, createPipelineContext } from '../../src/pipeline/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import path from 'node:path';

const ctx = createPipelineContext({ templatesDir: path.resolve(import.meta.dirname, '../fixtures/templates') });

function easyRead(body: string) {
  const template = parseTemplate(`---
id: er
title: Easy
kind: guide
profile: easy-read
layout: easy-read
fields:
  name: { type: string }
example:
  name: Sam
---
${body}`, 'er.md');
  return checkDocument(ctx, template, { name: 'Sam' }).findings.filter((f) => f.source === 'structure' && f.ruleId !== 'structure/sentence-length');
}

describe('structure rules', () => {
  it('passes a well-made Easy Read document', () => {
    expect(easyRead('# Your money\n\n:::row{picture="money" alt="Money"}\nWe pay you every 4 weeks.\n:::\n\n:::row{picture="calendar"}\nHello {{name}}.\n:::\n')).toEqual([]);
  });

  it('needs a picture and alt text for every Easy Read row', () => {
    const findings = easyRead('# Money\n\n:::row\nNo picture here.\n:::\n\n:::row{picture="unicorn"}\nUnknown.\n:::\n\n:::row{picture="money" alt=""}\nEmpty alt.\n:::\n\nOutside a row.\n');
    // An unknown picture has no catalogue alt text either, so it gets both findings.
    expect(findings.map((f) => f.ruleId)).toEqual(['structure/row-picture', 'structure/row-alt', 'structure/row-picture', 'structure/row-alt', 'structure/row-picture']);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
    expect(findings[0].origin).toMatchObject({ kind: 'template', file: 'er.md', line: 14 });
  });

  it('refuses italic and all-caps blocks in Easy Read', () => {
    const findings = easyRead('# Money\n\n:::row{picture="money"}\nThis is *really* important.\n:::\n\n:::row{picture="money"}\nPLEASE READ THIS PART CAREFULLY.\n:::\n');
    expect(findings.map((f) => f.ruleId)).toEqual(['structure/italic', 'structure/all-caps']);
  });

  it('refuses wide tables in Easy Read', () => {
    expect(easyRead('# T\n\n:::row{picture="money"}\n| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n:::\n').map((f) => f.ruleId)).toEqual(['structure/small-text']);
  });

  it('needs exactly one main heading, and headings in order', () => {
    const standard = (body: string) => checkDocument(ctx, parseTemplate(`---\nid: s\ntitle: S\nkind: guide\nprofile: standard\nlayout: document\nfields: {}\nexample: {}\n---\n${body}`, 's.md'), {}).findings.filter((f) => f.source === 'structure' && f.ruleId.startsWith('structure/') && !f.ruleId.includes('sentence'));
    expect(standard('# One\n\nText.\n')).toEqual([]);
    expect(standard('No heading.\n').map((f) => f.ruleId)).toEqual(['structure/one-headline']);
    expect(standard('# One\n\n# Two\n').map((f) => f.ruleId)).toEqual(['structure/one-headline']);
    expect(standard('# One\n\n#### Deep\n').map((f) => [f.ruleId, f.severity])).toEqual([['structure/heading-order', 'warning']]);
    expect(standard('# One\n\n:::box\nText.\n:::\n').map((f) => f.ruleId)).toEqual(['structure/unknown-directive']);
    expect(standard('# One\n\n![a chart](chart.png)\n').map((f) => f.ruleId)).toEqual(['structure/image']);
  });
});

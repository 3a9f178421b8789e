import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/core/index.js';
import { lintTree } from '../../src/lint/index.js';
import { lexicon, lint } from './helpers.js';

const lexiconHits = (text: string, format: 'text' | 'markdown' | 'template') =>
  lint(text, { format })
    .findings.filter((f) => f.source === 'lexicon')
    .map((f) => f.actual);

describe('Markdown: prose only', () => {
  it('lints headings, paragraphs, list items, table cells, quotes and link text', () => {
    const md = '# Audit\n\nAn audit.\n\n- audit item\n\n> quoted audit\n\n| a | b |\n|---|---|\n| audit cell | x |\n\nSee [the audit page](https://example.org/x).\n';
    expect(lexiconHits(md, 'markdown')).toEqual(['Audit', 'audit', 'audit', 'audit', 'audit', 'audit']);
  });

  it('skips code, inline code, URLs, e-mail addresses, phone numbers and postcodes', () => {
    const md = 'Use `audit` here.\n\n```\naudit\n```\n\nSee https://example.org/audit or www.council.gov.uk/audit, write to audit@council.gov.uk, call 0300 123 4567, post to AB1 2CD.\n';
    const result = lint(md, { format: 'markdown' });
    expect(result.findings.filter((f) => f.source === 'lexicon')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'council/shouting')).toEqual([]);
  });

  it('lints the alt text of an Easy Read row and the row itself', () => {
    const md = ':::row{picture="money" alt="An audit of money"}\nWe audit your money.\n:::\n';
    const findings = lint(md, { format: 'markdown' }).findings.filter((f) => f.source === 'lexicon');
    expect(findings.map((f) => [f.actual, f.start.line, f.start.column])).toEqual([
      ['audit', 1, 32],
      ['audit', 2, 4],
    ]);
  });

  it('does not join a phrase across a URL or e-mail address, autolinked or not', () => {
    for (const address of ['www.example.org', 'https://example.org/x', 'someone@example.org', '<https://example.org>']) {
      expect([address, lexiconHits(`It was unauthorised ${address} expenditure.`, 'markdown')]).toEqual([address, ['expenditure']]);
      expect([address, lexiconHits(`It was unauthorised ${address} expenditure.`, 'text')]).toEqual([address, ['expenditure']]);
    }
    // Link text is prose, so a phrase does run into it.
    expect(lexiconHits('It was unauthorised [expenditure](https://example.org).', 'markdown')).toEqual(['unauthorised [expenditure']);
  });

  it('does not join a phrase across inline code', () => {
    expect(lexiconHits('It was unauthorised `x` expenditure.', 'markdown')).toEqual(['expenditure']);
  });

  it('positions index into the text lintTree was given', () => {
    const md = 'Line one.\n\nThe money was **misspent** here.\n';
    const result = lintTree(parseMarkdown(md), md, { profile: 'standard', lexicon });
    const finding = result.findings.find((f) => f.ruleId === 'lexicon/misspent')!;
    expect(md.slice(finding.start.offset, finding.end.offset)).toBe('misspent');
    expect(finding.start).toEqual({ line: 3, column: 17, offset: 27 });
  });
});

describe('templates: front matter skipped, Handlebars opaque', () => {
  const template = '---\nid: audit-letter\ntitle: Audit\nkind: letter\n---\n# Your checkup\n\nDear {{recipient.name}},\n\n{{#if prepaid}}\nWe will look at your card.\n{{/if}}\n\nunauthorised {{thing}} expenditure and un{{x}}authorised. {{> contact}}\n';
  it('never flags front matter, placeholders or blocks', () => {
    const result = lint(template, { format: 'template' });
    expect(result.findings.filter((f) => f.source === 'lexicon').map((f) => f.actual)).toEqual(['expenditure']);
    // Only sentence-level findings (length, readability) may span a placeholder; no word finding touches one.
    expect(result.findings.filter((f) => f.source !== 'structure' && f.source !== 'readability' && f.actual.includes('{{'))).toEqual([]);
  });

  it('checks a paragraph that starts with a block tag (it is not read as an indented code block)', () => {
    expect(lexiconHits('Dear {{name}},\n\n{{#if requestDate}}Thank you for writing on {{date requestDate}}. {{/if}}We will audit your account.\n', 'template')).toEqual(['audit']);
    expect(lexiconHits('{{#if a}}{{#if b}}We will audit it.{{/if}}{{/if}}\n', 'template')).toEqual(['audit']);
    // A tag alone on its line still separates paragraphs; real indented code is still code.
    expect(lint('One. Two. Three.\n{{#if a}}\nFour. Five. Six.\n{{/if}}\n', { format: 'template' }).findings.map((f) => f.ruleId)).not.toContain('structure/paragraph-length');
    expect(lexiconHits('Text.\n\n    We will audit it.\n', 'template')).toEqual([]);
  });

  it('reads the two sides of an {{else}} as alternatives: no phrase, sentence or paragraph count runs across it', () => {
    const long = 'Your financial assessment found that you do not need to pay anything towards your support, so your direct payment is your personal budget.';
    const ids = (text: string) => lint(text, { format: 'template' }).findings.map((f) => f.ruleId);
    expect(ids(`Here are the figures:{{else}}${long}{{/if}}`)).not.toContain('structure/sentence-length');
    // Without the {{else}} the same words are one 27-word sentence.
    expect(ids(`Here are the figures: ${long}`)).toContain('structure/sentence-length');
    // A phrase never runs from one side into the other; inside one side it is found as usual.
    expect(lexiconHits('{{#if a}}It was unauthorised {{else}}expenditure we agreed.{{/if}}', 'template')).toEqual(['expenditure']);
    expect(lexiconHits('{{#if a}}It was unauthorised expenditure{{else}}fine{{/if}}.', 'template')).toEqual(['unauthorised expenditure']);
    // A sentence that goes on in lower case after {{else}} is still one sentence.
    const words = Array.from({ length: 14 }, () => 'word').join(' ');
    expect(ids(`We will check {{#if card}}your card and ${words}{{else}}your account and ${words}{{/if}} together.`)).toContain('structure/sentence-length');
    // Paragraph length counts one side at a time: 3 + 3 sentences, never sent together.
    expect(ids('One. Two. Three.{{else}}Four. Five. Six.{{/if}}')).not.toContain('structure/paragraph-length');
    expect(ids('One. Two. Three. Four. Five. Six.')).toContain('structure/paragraph-length');
    expect(ids('One. Two. Three.{{#if a}} Four. Five. Six.{{/if}}')).toContain('structure/paragraph-length');
  });

  it('counts a placeholder as a word but never glues it to its neighbours', () => {
    const text = '{{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}}.';
    expect(lint(text, { format: 'template', profile: 'easy-read' }).findings.map((f) => f.ruleId)).toEqual(['structure/sentence-length']);
  });
});

describe('suppressions', () => {
  it('a comment with a reason turns a rule off for the next block only', () => {
    const md = '<!-- plainly-ignore lexicon/audit: quoting the statute -->\nThe Audit Act says audit.\n\nAn audit.\n';
    const findings = lint(md, { format: 'markdown' }).findings;
    expect(findings.map((f) => [f.ruleId, f.start.line])).toEqual([['lexicon/audit', 4]]);
  });

  it('covers a whole list or table after the comment, and families with /*', () => {
    const md = '<!-- plainly-ignore lexicon/*: these are quotes -->\n- an audit\n- misspent\n\nAn audit.\n';
    expect(lint(md, { format: 'markdown' }).findings.map((f) => f.start.line)).toEqual([5]);
  });

  it('a comment without a reason is a finding and turns nothing off', () => {
    const md = '<!-- plainly-ignore lexicon/audit -->\nAn audit.\n';
    expect(lint(md, { format: 'markdown' }).findings.map((f) => f.ruleId)).toEqual(['suppression/missing-reason', 'lexicon/audit']);
  });

  it('a comment that suppresses nothing is a suggestion; one without rules is a warning', () => {
    expect(lint('<!-- plainly-ignore lexicon/audit: just in case -->\nAll fine.\n', { format: 'markdown' }).findings.map((f) => f.ruleId)).toEqual(['suppression/unused']);
    expect(lint('<!-- plainly-ignore : why -->\nAll fine.\n', { format: 'markdown' }).findings.map((f) => f.ruleId)).toEqual(['suppression/no-rule']);
  });

  it('works in plain text and templates too', () => {
    expect(lint('<!-- plainly-ignore lexicon/audit: quoting -->\nAn audit.\n\nAn audit.').findings.map((f) => f.start.line)).toEqual([4]);
    expect(lint('---\nid: x\n---\n<!-- plainly-ignore lexicon/audit: quoting -->\nAn audit {{x}}.\n', { format: 'template' }).findings).toEqual([]);
  });
});

describe('plain text', () => {
  it('treats bullet lines as their own blocks and blank lines as paragraph breaks', () => {
    const result = lint('Dear Sam\n\nWe pay:\n- one\n- two\n\nThanks.');
    expect(result.readability.sentences).toBe(5);
  });
});

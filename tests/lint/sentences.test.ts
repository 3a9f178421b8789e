/**
 * Where sentences start and end: the unit the length and readability rules judge.
 */
import { describe, expect, it } from 'vitest';
import { tokenizeBlocks, splitSentences } from '../../src/lint/analyse.js';
import { blocksFromText, blocksFromTree } from '../../src/lint/blocks.js';
import { parseMarkdown } from '../../src/core/index.js';

function sentences(text: string, format: 'text' | 'markdown' = 'markdown') {
  const { blocks } = format === 'markdown' ? blocksFromTree(parseMarkdown(text), text) : blocksFromText(text);
  const tokens = tokenizeBlocks(text, blocks);
  return splitSentences(text, blocks, tokens).map((s) => ({ text: text.slice(s.start, s.end), terminated: s.terminated }));
}

describe('sentence splitting', () => {
  it('keeps a postcode (not prose) inside its sentence, up to the full stop', () => {
    const text = 'Or you can post them to Northmoor Borough Council, Town Hall, Market Street, Northmoor, NM1 1AA. We will send them back.';
    expect(sentences(text)).toEqual([
      { text: 'Or you can post them to Northmoor Borough Council, Town Hall, Market Street, Northmoor, NM1 1AA.', terminated: true },
      { text: 'We will send them back.', terminated: true },
    ]);
    expect(sentences(text, 'text').map((s) => s.text)).toEqual(sentences(text).map((s) => s.text));
  });

  it('ends after the closing bold, quote or bracket, not before it', () => {
    const text = 'This agreement is between **Daniel Hughes** and **Northmoor Borough Council**. It sets out what we do.';
    expect(sentences(text)[0].text).toBe('This agreement is between **Daniel Hughes** and **Northmoor Borough Council**.');
    expect(sentences('She said “call us.” Then she did.')[0].text).toBe('She said “call us.”');
  });

  it('a hard line break ends a line (signatures, addresses), unless the next line goes on in lower case', () => {
    expect(sentences('With best wishes\n\nDirect Payments Team  \nNorthmoor Borough Council\n')).toEqual([
      { text: 'With best wishes', terminated: false },
      { text: 'Direct Payments Team', terminated: false },
      { text: 'Northmoor Borough Council', terminated: false },
    ]);
    expect(sentences('We will pay you  \nevery four weeks.')).toEqual([{ text: 'We will pay you  \nevery four weeks.', terminated: true }]);
  });

  it('headings, list items and cells without closing punctuation are not terminated', () => {
    const md = '# What happens at the assessment\n\n- your physical and mental health\n- We will call you first.\n\n| Help | Cost |\n|---|---|\n| Personal assistant for help at home | Weekly |\n';
    expect(sentences(md).map((s) => [s.text, s.terminated])).toEqual([
      ['What happens at the assessment', false],
      ['your physical and mental health', false],
      ['We will call you first.', true],
      ['Help', false],
      ['Cost', false],
      ['Personal assistant for help at home', false],
      ['Weekly', false],
    ]);
  });

  it('a paragraph that ends with a colon introduces a list: it is a sentence', () => {
    expect(sentences('Please send us copies of these papers:\n\n- Bank statements\n')[0]).toEqual({ text: 'Please send us copies of these papers:', terminated: true });
  });
});

import { describe, expect, it } from 'vitest';
import { found } from '../helpers.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'Word' : 'word')).join(' ') + '.';

describe('structure/sentence-length', () => {
  const rule = 'structure/sentence-length';
  it('flags sentences over 25 words (standard) and over 15 (Easy Read)', () => {
    expect(found(words(26), rule)).toHaveLength(1);
    expect(found(words(16), rule, { profile: 'easy-read' })).toHaveLength(1);
  });
  it('allows 25 and 15 words, and counts sentences separately', () => {
    expect(found(words(25), rule)).toEqual([]);
    expect(found(words(15), rule, { profile: 'easy-read' })).toEqual([]);
    expect(found(`${words(20)} ${words(20)}`, rule)).toEqual([]);
  });
  it('does not end a sentence at e.g., Mr. or a decimal', () => {
    const text = 'Mr. Smith spent £1.50 on things, e.g. bus fares, and that is fine with us and with the team who looks after your plan.';
    expect(found(text, rule, { profile: 'easy-read' })).toHaveLength(1);
  });
});

describe('structure/paragraph-length', () => {
  const rule = 'structure/paragraph-length';
  it('flags a paragraph of more than 5 sentences', () => {
    expect(found('One. Two. Three. Four. Five. Six.', rule)).toHaveLength(1);
  });
  it('allows 5 sentences, and blank lines start a new paragraph', () => {
    expect(found('One. Two. Three. Four. Five.', rule)).toEqual([]);
    expect(found('One. Two. Three.\n\nFour. Five. Six.', rule)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { found } from '../helpers.js';

describe('council/easy-read-digits', () => {
  const rule = 'council/easy-read-digits';
  it('flags number words in Easy Read', () => {
    expect(found('We pay every four weeks. You get two cards.', rule, { profile: 'easy-read' })).toEqual([
      ['four', ['4']],
      ['two', ['2']],
    ]);
  });
  it('leaves digits, "no one" and standard letters alone', () => {
    expect(found('We pay every 4 weeks. No one will call. Each one is yours.', rule, { profile: 'easy-read' })).toEqual([]);
    expect(found('We pay every four weeks.', rule, { profile: 'standard' })).toEqual([]);
  });
});

describe('council/easy-read-semicolon', () => {
  const rule = 'council/easy-read-semicolon';
  it('flags semicolons in Easy Read', () => {
    expect(found('We pay you; you spend it.', rule, { profile: 'easy-read' })).toEqual([[';', ['.']]]);
  });
  it('leaves full stops and standard letters alone', () => {
    expect(found('We pay you. You spend it.', rule, { profile: 'easy-read' })).toEqual([]);
    expect(found('We pay you; you spend it.', rule, { profile: 'standard' })).toEqual([]);
  });
});

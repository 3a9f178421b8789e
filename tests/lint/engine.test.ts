/**
 * The lint engine on its own (lint/engine.ts), as `plainly lint` loads it for a text file:
 * without the Markdown parser, which lint/index.ts passes in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError, PROJECT_ROOT } from '../../src/core/index.js';
import { loadCheckedLexiconCached } from '../../src/lexicon/index.js';
import { lintText as lintWithoutParser } from '../../src/lint/engine.js';
import { lintText, parseProse } from '../../src/lint/index.js';

const { compiled } = loadCheckedLexiconCached(path.join(PROJECT_ROOT, 'lexicon'));
const LETTER = fs.readFileSync(path.join(PROJECT_ROOT, 'bench', 'fixtures', 'cli-letter.txt'), 'utf8');
const GUIDE = fs.readFileSync(path.join(PROJECT_ROOT, 'bench', 'fixtures', 'guide-1000.md'), 'utf8');

describe('the lint engine without its Markdown parser', () => {
  it('lints plain text exactly as the full API does', () => {
    const options = { format: 'text', profile: 'standard', lexicon: compiled, memo: false } as const;
    expect(lintWithoutParser(LETTER, options)).toEqual(lintText(LETTER, options));
    expect(lintWithoutParser(LETTER, { ...options, format: undefined })).toEqual(lintText(LETTER, options));
  });

  it('lints Markdown and templates with the parser it is given, as the full API does', () => {
    for (const format of ['markdown', 'template'] as const) {
      const options = { format, profile: 'standard', lexicon: compiled, memo: false } as const;
      expect(lintWithoutParser(GUIDE, options, parseProse)).toEqual(lintText(GUIDE, options));
    }
  });

  it('refuses Markdown without a parser: an internal error, never a wrong result', () => {
    for (const format of ['markdown', 'template'] as const) {
      let caught: unknown;
      try {
        lintWithoutParser(GUIDE, { format, profile: 'standard', lexicon: compiled });
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught) && caught.code).toBe('INTERNAL');
    }
  });
});

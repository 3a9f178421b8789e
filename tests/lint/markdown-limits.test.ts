/**
 * Markdown limits (src/core/markdown-limits.ts): each limit is named where it is crossed, the
 * shipped templates are far inside them, and any accepted Markdown — however it is nested or
 * repeated — lints in under a second, while anything past them is refused at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { AppError, findMarkdownLimitBreach, MARKDOWN_LIMITS, type MarkdownLimits, PROJECT_ROOT } from '../../src/core/index.js';
import { parseTemplate } from '../../src/templates/index.js';
import { lint } from './helpers.js';

/** CPU time of `fn` in ms (the machine running the tests is shared: wall time says little). */
function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function refusal(text: string, format: 'markdown' | 'template' = 'markdown'): AppError {
  try {
    lint(text, { format });
  } catch (error) {
    return error as AppError;
  }
  throw new Error('not refused');
}

describe('each limit is named where it is crossed', () => {
  const cases: Array<[keyof MarkdownLimits, string, RegExp]> = [
    ['maxDepth', '- '.repeat(5_000), /nested more than 16 levels deep/],
    ['maxDepth', ':::a\n'.repeat(4_000), /nested more than 16 levels deep/],
    ['maxDepth', '>'.repeat(2_000) + ' hello', /nested more than 16 levels deep/],
    ['maxDepth', Array.from({ length: 40 }, (_, i) => '  '.repeat(i) + '- a').join('\n'), /nested more than 16 levels deep/],
    ['maxContainers', '- item\n'.repeat(1_500), /more than 1,000 quotes, list items and :::boxes/],
    ['maxLines', 'We will help.\n'.repeat(2_500), /more than 2,000 lines/],
    ['maxCharacters', 'word '.repeat(13_000), /longer than 60,000 characters/],
    ['maxUnderlinedHeadings', 'Heading\n===\n\n'.repeat(150), /more than 100 headings underlined/],
    ['maxMarksPerParagraph', '*a_ '.repeat(400), /this paragraph has more than 300 emphasis and link marks/],
    ['maxMarks', ('*a* [b](c) '.repeat(10) + '\n\n').repeat(300), /more than 10,000 emphasis and link marks/],
    ['maxTableBars', '| a | b |\n|---|---|\n' + '| x | y |\n'.repeat(1_800), /more than 5,000 cell borders/],
  ];
  for (const [limit, text, message] of cases) {
    it(`${limit}: ${JSON.stringify(text.slice(0, 24))}…`, () => {
      const error = refusal(text);
      expect(error.code).toBe('INPUT_LIMIT_EXCEEDED');
      expect(error.status).toBe(422);
      expect(error.details.limit).toBe(limit);
      expect(error.details[limit]).toBe(MARKDOWN_LIMITS[limit]);
      expect(error.message).toMatch(message);
      const breach = findMarkdownLimitBreach(text)!;
      expect(error.message.startsWith(`text:${breach.line}:${breach.column}: `)).toBe(true);
      expect(error.details.location).toEqual({ file: 'text', line: breach.line, column: breach.column });
      // The same text as plain prose is not Markdown: no limit but the length of the request.
      if (limit !== 'maxCharacters') expect(() => lint(text)).not.toThrow();
    });
  }

  it('names the line and column where the limit was crossed', () => {
    const text = 'Dear Sam,\n\n' + Array.from({ length: 20 }, (_, i) => '  '.repeat(i) + '- a').join('\n');
    expect(findMarkdownLimitBreach(text)).toMatchObject({ limit: 'maxDepth', line: 3 + 16, column: 2 * 16 + 1 });
  });

  it('refuses a template body past a limit as TEMPLATE_INVALID naming the limit and file:line:col', () => {
    const source = fs.readFileSync(path.join(PROJECT_ROOT, 'templates/letters/financial-checkup.md'), 'utf8') + '\n' + '> '.repeat(40) + 'Hello\n';
    const lines = source.split('\n').length - 1;
    let error: AppError | undefined;
    try {
      parseTemplate(source, 'deep.md');
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('TEMPLATE_INVALID');
    expect(error?.message).toMatch(new RegExp(`deep\\.md:${lines}:\\d+: quotes, lists and :::boxes are nested more than 16 levels deep`));
  });

  it('a :::fence inside a code block never closes a directive (nesting is not undercounted)', () => {
    expect(findMarkdownLimitBreach(':::a\n~~~\n:::\n~~~\n'.repeat(40))?.limit).toBe('maxDepth');
  });
});

describe('what people write is inside the limits', () => {
  it('every shipped template, document and fixture', () => {
    const files = globSync(['templates/**/*.md', 'docs/**/*.md', '*.md', 'bench/fixtures/**/*.md', 'tests/fixtures/**/*.md'], { cwd: PROJECT_ROOT });
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(findMarkdownLimitBreach(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')), file).toBeUndefined();
  });
});

// Pieces that cost the parser the most when nested or repeated (found by measuring; see
// docs/lint.md, "Limits on Markdown").
const UNITS = ['- ', '> ', '1. ', ':::a\n', ':::\n', '[^a]: ', '- a\n  - b\n', '> a\n', '*a_ ', '*_', '~a', '[a](', '[^a]', '_a', '`a``', '<a', ':a[', ':a{b=c ', 'a\n=\n', '[a]: b\n', '# a\n', '| x | y |\n', '|---|\n', '**a** ', 'word ', '\n', '\n\n', '  ', '&amp;', '```\n'];

/** Markdown built of those pieces: some nested, some repeated many times, cut to at most the character limit. */
const adversarial = fc
  .array(fc.tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 20_000 }), fc.boolean()), { minLength: 1, maxLength: 4 })
  .map((parts) =>
    parts
      .map(([unit, times, nest]) => (nest ? Array.from({ length: Math.min(times, 60) }, (_, i) => '  '.repeat(i) + unit).join('\n') : unit.repeat(times)))
      .join('\n')
      .slice(0, MARKDOWN_LIMITS.maxCharacters),
  );

describe('any accepted Markdown lints in bounded time', () => {
  it('lints in under a second, or is refused at once naming a limit', () => {
    lint('# warm\n\n- a *b* [c](d)\n\n> q\n\n:::row\nx\n:::\n', { format: 'markdown' });
    let accepted = 0;
    fc.assert(
      fc.property(adversarial, fc.constantFrom('markdown' as const, 'template' as const), (text, format) => {
        const breach = findMarkdownLimitBreach(text);
        if (breach) {
          let error: AppError | undefined;
          const took = cpuMs(() => {
            try {
              lint(text, { format, memo: false });
            } catch (e) {
              error = e as AppError;
            }
          });
          expect(error?.code).toBe('INPUT_LIMIT_EXCEEDED');
          expect(error?.details.limit).toBe(breach.limit);
          expect(took).toBeLessThan(100);
        } else {
          accepted++;
          expect(cpuMs(() => lint(text, { format, memo: false }))).toBeLessThan(1_000);
        }
      }),
      { numRuns: 30 },
    );
    expect(accepted).toBeGreaterThan(3); // the property is about accepted text: some must be
  }, 120_000);
});

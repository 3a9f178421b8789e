/**
 * Property: for every shipped template, any data that passes its schema renders to PDF, HTML
 * and text. The data starts from the template's own example (so the cross-field checks that
 * make sums add up and dates follow each other still hold) and one text value in it is
 * replaced by a generated string full of what breaks renderers: Markdown and HTML syntax,
 * Handlebars braces, Welsh letters, right-to-left text, emoji, combining marks, long words.
 * A run whose data the schema refuses is out of scope; each template must have runs in scope.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/index.js';
import { createPipelineContext, produceDocument } from '../../src/pipeline/index.js';

const ctx = createPipelineContext();

/** Pieces that have broken document writers somewhere: each kept whole so strings stay valid. */
const PIECE = fc.constantFrom(
  'a', 'Sam', ' ', '  ', 'ŵ', 'ŷ', 'Siân', 'é', 'e\u0301', 'ß', '’', '"', "'", '&', '<', '>', '<b>', '</p>', '*', '**', '_', '#', '`', '\\', '[x](http://e.vil)',
  '{{', '}}', '{{council.name}}', '---', '|', ':::', '-', '=', '+', '@', '£', '1,234.56', 'שלום', 'مرحبا', '😀', '👩🏽‍🦱', '\u200b', 'x'.repeat(90),
);
const TEXT = fc.array(PIECE, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));

/** Paths of the string values in an example (arrays by index), e.g. ["recipient", "name"]. */
function stringPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
  return [];
}

function withValue(example: unknown, path: (string | number)[], replacement: string): unknown {
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = replacement;
  return copy;
}

describe.each(ctx.templates.list().map((t) => [t.id, t] as const))('shipped template %s', (_id, template) => {
  const paths = stringPaths(template.example);

  it('renders any data its schema accepts to PDF, HTML and text (property)', async () => {
    let inScope = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), TEXT, async (path, text) => {
        const data = withValue(template.example, path, text);
        if (!template.validate(data).ok) return;
        inScope++;
        for (const format of ['pdf', 'html', 'text'] as const) {
          // A draft, so wording the lint would block (or characters no font has) still renders.
          const doc = await produceDocument(ctx, template, data, { format, draft: true }).catch((error: unknown) => {
            throw new Error(`${format} failed for ${path.join('.')} = ${JSON.stringify(text)}: ${isAppError(error) ? `${error.code} ${error.message}` : String(error)}`);
          });
          expect(doc.body.length).toBeGreaterThan(100);
        }
      }),
      { numRuns: 25 },
    );
    expect(inScope, 'runs whose data passed the schema').toBeGreaterThan(0);
  }, 120_000);
});

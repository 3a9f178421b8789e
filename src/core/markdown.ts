/**
 * The one Markdown parser. Lint (for `.md` input) and the renderer (for filled templates)
 * both parse with exactly this processor, so a finding's position is a position in the
 * same tree the writers read.
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { assertMarkdownWithinLimits } from './markdown-limits.js';

export * from './markdown-limits.js';

// Built and frozen once: creating a unified processor per call costs more than parsing a letter.
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/**
 * Parses CommonMark + GFM tables + directives (`:::row{picture="money"}`) into an mdast tree.
 * Text past the Markdown limits (markdown-limits.ts) is refused before it is parsed, so no
 * input can hold the parser for long or overflow the stack.
 * @param file what to call the text in the error (a file name; "text" by default).
 * @throws AppError INPUT_LIMIT_EXCEEDED naming the limit and file:line:col.
 */
export function parseMarkdown(text: string, file?: string): Root {
  assertMarkdownWithinLimits(text, file);
  return processor.parse(text) as Root;
}

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

// Built and frozen once: creating a unified processor per call costs more than parsing a letter.
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/** Parses CommonMark + GFM tables + directives (`:::row{picture="money"}`) into an mdast tree. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}

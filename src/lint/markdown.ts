/**
 * The Markdown parse for `lintText(…, { format: 'markdown' | 'template' })`: the core parser's
 * syntax (CommonMark, GFM tables, footnotes, strikethrough and task lists, directives) without
 * GFM's literal autolinks.
 *
 * Why: literal autolinks ("www.example.org", "someone@example.org" turned into links without
 * <…>) cost more than everything else in the lint. The e-mail autolink is tried at every letter
 * and digit of the text, and a find-and-replace pass then walks every text node again. For
 * linting they change nothing: an autolink's text is the address itself, which the prose
 * splitter (mask.ts) takes out of the prose anyway, with the same barrier either way.
 * tests/lint/markdown.test.ts checks that lintText on Markdown gives exactly the findings of
 * lintTree on the core parser's tree, for the shipped templates and generated Markdown. The
 * renderer keeps the core parser: its links must be links.
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import { assertMarkdownWithinLimits } from '../core/index.js';

/** micromark constructs of GFM's literal autolinks (micromark-extension-gfm-autolink-literal). */
const AUTOLINK_CONSTRUCTS = new Set(['wwwAutolink', 'protocolAutolink', 'emailAutolink']);

type Construct = { name?: string } | null | undefined;
type SyntaxExtension = Record<string, Record<string, Construct | Construct[]> | Construct[] | null | undefined>;
type FromMarkdownExtension = { enter?: Record<string, unknown> };

function withoutAutolinkSyntax(extension: SyntaxExtension): SyntaxExtension {
  const out: SyntaxExtension = {};
  for (const [field, map] of Object.entries(extension)) {
    if (!map || typeof map !== 'object' || Array.isArray(map)) {
      out[field] = map;
      continue;
    }
    const kept: Record<string, Construct | Construct[]> = {};
    for (const [code, constructs] of Object.entries(map)) {
      const list = (Array.isArray(constructs) ? constructs : [constructs]).filter((c) => !AUTOLINK_CONSTRUCTS.has(c?.name ?? ''));
      if (list.length > 0) kept[code] = list;
    }
    out[field] = kept;
  }
  return out;
}

// remark-gfm registers GFM's syntax and tree extensions on a processor; read them from one.
const gfmData = unified().use(remarkGfm).freeze().data() as { micromarkExtensions?: SyntaxExtension[]; fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]> };
const syntax = (gfmData.micromarkExtensions ?? []).map(withoutAutolinkSyntax);
const trees = (gfmData.fromMarkdownExtensions ?? []).flat().filter((extension) => !(extension.enter && 'literalAutolink' in extension.enter));

/** remark-gfm without literal autolinks. */
function gfmWithoutAutolinks(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(...syntax);
  (data.fromMarkdownExtensions ??= []).push(...trees);
}

const processor = unified().use(remarkParse).use(gfmWithoutAutolinks).use(remarkDirective).freeze();

// What GFM would autolink: www. and http(s):// addresses, and e-mail addresses, after what
// GFM allows before each (micromark-extension-gfm-autolink-literal's previousWww,
// previousProtocol, previousEmail); not one in <…>, which CommonMark itself makes a link, nor a
// link's own address in "](…)". An address stops at a space or at a character
// Markdown or HTML gives a meaning around it (`<>"'|[]\` and the backtick); trailing
// punctuation is not part of it, as in GFM.
const ADDRESS = /(?<!<|\]\()(?:(?:(?<=^|[\s(*_[\]~])www\.|(?<![A-Za-z])https?:\/\/)[^\s<>"'`|[\]\\]+|(?<![/\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gi;
const TRAILING = /[?!.,:;*_~]+$/;

/**
 * Makes every address opaque to the Markdown parser, as a literal autolink is: the same length
 * (positions hold), a digit then letters, so emphasis marks around it flank it as they would the
 * address, and nothing inside it (`_`, `*`, `:name`) is read as emphasis or a directive. A digit
 * first, so it cannot be a directive name after a colon; letters after, so it cannot be the
 * number of an ordered list.
 */
export function maskAddresses(text: string): string {
  ADDRESS.lastIndex = 0;
  if (!ADDRESS.test(text)) return text;
  return text.replace(ADDRESS, (address) => {
    let keep = address.replace(TRAILING, '');
    // An unbalanced closing bracket at the end belongs to the text: "(see www.x.org)".
    while (keep.endsWith(')') && (keep.match(/\)/g) ?? []).length > (keep.match(/\(/g) ?? []).length) keep = keep.slice(0, -1).replace(TRAILING, '');
    return '0' + 'a'.repeat(Math.max(0, keep.length - 1)) + address.slice(keep.length);
  });
}

/**
 * Parses Markdown for linting; positions index into `text`. Node values (text, code) hold the
 * masked addresses, so callers read words from `text` by position, as the lint does. Text past
 * the core Markdown limits is refused before it is parsed, as `parseMarkdown` refuses it.
 * @param file what to call the text in the error (a file name; "text" by default).
 * @throws AppError INPUT_LIMIT_EXCEEDED naming the limit and file:line:col.
 */
export function parseProse(text: string, file?: string): Root {
  assertMarkdownWithinLimits(text, file);
  return processor.parse(maskAddresses(text)) as Root;
}

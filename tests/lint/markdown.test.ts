/**
 * lintText on Markdown parses with parseProse: the core parser's syntax without GFM literal
 * autolinks (the costliest part of the parse), with addresses made opaque instead. It must give
 * exactly what lintTree gives on the core parser's tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/core/index.js';
import { loadCheckedLexicon } from '../../src/lexicon/index.js';
import { lintText, lintTree, type LintOptions, maskTemplate, parseProse } from '../../src/lint/index.js';
import { maskAddresses } from '../../src/lint/markdown.js';

const shipped = loadCheckedLexicon('lexicon').compiled;
const base: LintOptions = { profile: 'standard', kind: 'guide', lexicon: shipped };

/** What lintText(markdown) gives, and what lintTree on the core parser's tree gives. */
function both(text: string, options: Partial<LintOptions> = {}) {
  const opts = { ...base, ...options };
  return [lintText(text, { ...opts, format: 'markdown' }), lintTree(parseMarkdown(text), text, opts)];
}

/** True when every text node of a tree has a position (see "lost positions" below). */
function positioned(node: Nodes): boolean {
  if (node.type === 'text' && !node.position) return false;
  return !('children' in node) || (node.children as Nodes[]).every(positioned);
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
}

const types = (tree: unknown) => [...JSON.stringify(tree).matchAll(/"type":"(\w+)"/g)].map((m) => m[1]);

describe('parseProse', () => {
  it('parses the core parser’s syntax, with literal autolinks left as (opaque) text', () => {
    const md = '# Title\n\n| a | b |\n|---|---|\n| c | d |\n\n~~gone~~ [^1] and [link](https://x.org) <https://y.org>\n\n- [ ] task\n\n:::row{alt="x"}\nHi.\n:::\n\n[^1]: Note.\n\nSee www.example.org or a@b.org.\n';
    const prose = types(parseProse(md));
    for (const type of ['heading', 'table', 'delete', 'footnoteReference', 'footnoteDefinition', 'containerDirective', 'listItem']) expect(prose).toContain(type);
    // The core parser also makes www.example.org and a@b.org links; parseProse leaves them as text.
    expect(types(parseMarkdown(md)).filter((t) => t === 'link')).toHaveLength(4);
    expect(prose.filter((t) => t === 'link')).toHaveLength(2);
  });

  it('masks addresses at the same length, so nothing inside one reads as Markdown', () => {
    const text = 'See https://x.org/_audit_/a*b*c, www.example.org. or someone_x@council.gov.uk! <https://y.org> [a](https://z.org)';
    const masked = maskAddresses(text);
    expect(masked).toHaveLength(text.length);
    const opaque = (address: string) => '0' + 'a'.repeat(address.length - 1);
    expect(masked).toBe(`See ${opaque('https://x.org/_audit_/a*b*c')}, ${opaque('www.example.org')}. or ${opaque('someone_x@council.gov.uk')}! <https://y.org> [a](https://z.org)`);
    expect(maskAddresses('(see www.x.org/a_(b))')).toBe(`(see ${opaque('www.x.org/a_(b)')})`);
  });
});

describe('lintText(markdown) gives exactly the findings of lintTree on the core parse', () => {
  it('for every shipped template (raw source, masked) and the benchmark texts', () => {
    const sources = [...files('templates'), ...files('bench/fixtures')];
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const text = maskTemplate(fs.readFileSync(file, 'utf8'));
      expect([file, positioned(parseMarkdown(text))]).toEqual([file, true]);
      for (const profile of ['standard', 'easy-read'] as const) {
        const [fast, core] = both(text, { profile });
        expect([file, fast]).toEqual([file, core]);
      }
    }
  });

  it('for generated Markdown full of addresses, emphasis, brackets and lexicon words', () => {
    const piece = fc.constantFrom(
      ' www.example.org ', ' https://x.org/a_b ', ' https://x.org/a*b*c ', ' http://x.org. ', ' a@b.org ', ' mailto:a@b.org ', ' someone.else@council.gov.uk. ', ' www.x ', ' https://x.org/_p_/q) ',
      ' (www.x.org/a_(b)) ', '<https://x.org>', '[the audit](https://x.org)', ' `https://x.org/*a*` ', '| https://x.org/a | b |\n',
      'unauthorised', 'expenditure', 'misspent', 'audit', 'service user', 'financial assessment', '(a check of your income and savings)', 'reclaim', 'VAT', 'NOT', '31.01.21', '£1234',
      ' ', ' ', ' ', '\n', '\n\n', '  \n', '*', '**', '_', '~~', '`', '.', ',', '!', '?', ':', '(', ')', '[', ']', '[^1]', '\n\n[^1]: note', '# ', '- ', '1. ', '> ', '| a | b |\n|---|---|\n| ', ' |',
      ':::row{alt="An audit"}\n', '\n:::\n', '<!-- plainly-ignore lexicon/audit: quoting -->\n', 'We', 'pay', 'you', 'Northmoor Borough Council', 'NM1 1AA', '0300 123 4567',
    );
    let checked = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom('standard' as const, 'easy-read' as const), (parts, profile) => {
        const text = parts.join('');
        // Where the core parser lost positions, lintTree reads the block's source instead (next test).
        if (!positioned(parseMarkdown(text))) return;
        checked++;
        const [fast, core] = both(text, { profile });
        expect(fast).toEqual(core);
      }),
      { numRuns: 600 },
    );
    expect(checked).toBeGreaterThan(500);
  });

  it('an address with emphasis marks inside stays out of the prose, as the core parser’s autolink does', () => {
    const text = 'We will check it at https://x.org/_audit_/page or www.x.org/*audit*/ today.';
    const [fast, core] = both(text);
    expect(fast).toEqual(core);
    expect(fast.findings.filter((f) => f.source === 'lexicon')).toEqual([]);
  });
});

describe('lost positions: remark-gfm autolinks in a paragraph with an unmatched "["', () => {
  const text = 'We will reclaim the money [see www.example.org\n';

  it('the core parser’s tree has text nodes without positions there', () => {
    expect(positioned(parseMarkdown(text))).toBe(false);
  });

  it('lintTree still finds the words (it reads the block’s source), and lintText agrees', () => {
    const [fast, core] = both(text);
    expect(core.findings.map((f) => [f.ruleId, f.actual])).toEqual([['lexicon/reclaim', 'reclaim']]);
    expect(fast.findings).toEqual(core.findings);
  });
});

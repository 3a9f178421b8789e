/**
 * The per-block memo (src/lint/memo.ts): a block linted before is not linted again, its
 * findings are shifted to where it sits now, and what depends on the whole document (`once`,
 * suppressions, the readability summary) is decided afresh. Memoised and fresh results must be
 * identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError, parseMarkdown } from '../../src/core/index.js';
import { compileLexicon, loadCheckedLexicon, loadLexiconDir, matchLexicon } from '../../src/lexicon/index.js';
import { splitSentences, tokenizeBlocks } from '../../src/lint/analyse.js';
import { blocksFromText } from '../../src/lint/blocks.js';
import { addToTotals, countWords, familiarTokens, noTotals, summaryOf } from '../../src/lint/readability.js';
import { clearLintMemo, lintText, lintTree, type LintOptions } from '../../src/lint/index.js';
import { blockKey, MEMO_MAX_BLOCKS, memoFor } from '../../src/lint/memo.js';
import { checkDocument, createPipelineContext, type FieldSpec } from '../../src/pipeline/index.js';

const shipped = loadCheckedLexicon('lexicon').compiled;
const base: LintOptions = { profile: 'standard', kind: 'letter', lexicon: shipped };

/** The same lint three ways: fresh (no memo), with the memo as it is, and again (every block now known). */
function threeWays(text: string, options: Partial<LintOptions> = {}) {
  const opts = { ...base, ...options };
  return { fresh: lintText(text, { ...opts, memo: false }), first: lintText(text, opts), again: lintText(text, opts) };
}

function expectSame(text: string, options: Partial<LintOptions> = {}) {
  const { fresh, first, again } = threeWays(text, options);
  expect(first).toEqual(fresh);
  expect(again).toEqual(fresh);
  return fresh;
}

const ids = (result: { findings: Array<{ ruleId: string; start: { offset: number } }> }) => result.findings.map((f) => `${f.ruleId}@${f.start.offset}`);

describe('lint memo: a block keeps its findings wherever it sits', () => {
  it('shifts a remembered block’s findings to its new place', () => {
    clearLintMemo(shipped);
    const a = expectSame('We will audit your account.\n\nThank you.');
    const b = expectSame('Dear Amina Patel,\n\nThank you.\n\nWe will audit your account.');
    expect(ids(a)).toContain('lexicon/audit@8');
    expect(ids(b)).toContain(`lexicon/audit@${'Dear Amina Patel,\n\nThank you.\n\n'.length + 8}`);
    // Lines and columns follow the block too.
    expect(b.findings.find((f) => f.ruleId === 'lexicon/audit')!.start).toMatchObject({ line: 5, column: 9 });
  });

  it('decides `once` across the whole document, not per block', () => {
    const use = 'You may keep a contingency for costs you did not plan for.';
    const first = expectSame(`${use}\n\nWe pay you each month.`, { kind: 'agreement' });
    expect(first.findings.filter((f) => f.ruleId === 'lexicon/contingency')).toHaveLength(1);
    // The same block, remembered, after a block that explains the word: no finding at all.
    const explained = expectSame(`You can keep some money aside. We call this your contingency.\n\n${use}`, { kind: 'agreement' });
    expect(explained.findings.filter((f) => f.ruleId === 'lexicon/contingency')).toEqual([]);
    // Explained only after the first use, in a later block: the first use is still reported.
    const later = expectSame(`${use}\n\nKnown as a contingency, it is yours.`, { kind: 'agreement' });
    expect(later.findings.filter((f) => f.ruleId === 'lexicon/contingency').map((f) => f.start.offset)).toEqual([use.indexOf('contingency')]);
    // Twice, remembered both times: only the first use is reported.
    const twice = expectSame(`${use}\n\n${use}`, { kind: 'agreement' });
    expect(twice.findings.filter((f) => f.ruleId === 'lexicon/contingency').map((f) => f.start.offset)).toEqual([use.indexOf('contingency')]);
  });

  it('applies suppressions afresh: a remembered block is suppressed only where a comment says so', () => {
    const block = 'We will audit your account.';
    expectSame(block, { format: 'markdown' });
    const suppressed = expectSame(`<!-- plainly-ignore lexicon/audit: quoting the old letter -->\n${block}`, { format: 'markdown' });
    expect(suppressed.findings.map((f) => f.ruleId)).not.toContain('lexicon/audit');
    const unused = expectSame(`<!-- plainly-ignore lexicon/audit: quoting the old letter -->\nWe will look at your account.\n\n${block}`, { format: 'markdown' });
    expect(unused.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['suppression/unused', 'lexicon/audit']));
  });

  it('sums the readability summary from every block, remembered or not', () => {
    const paragraph = 'We pay your money into your bank every four weeks. You can spend it on the help you need.';
    const one = expectSame(paragraph);
    const two = expectSame(`${paragraph}\n\n${paragraph}`);
    expect(two.readability.words).toBe(2 * one.readability.words);
    expect(two.readability.sentences).toBe(2 * one.readability.sentences);
  });

  it('is bounded: past MEMO_MAX_BLOCKS blocks the least recently used go', () => {
    const options: LintOptions = { ...base, kind: 'form' };
    const paragraphs = Array.from({ length: MEMO_MAX_BLOCKS + 500 }, (_, i) => `Paragraph number ${i} is here.`);
    const text = paragraphs.join('\n\n');
    const result = lintText(text, options);
    expect(memoFor(options).size).toBe(MEMO_MAX_BLOCKS);
    // The first paragraphs were dropped, the last kept; the result is still the fresh one.
    const keyOf = (i: number) => {
      const start = text.indexOf(paragraphs[i] + (i + 1 < paragraphs.length ? '\n' : ''));
      const end = start + paragraphs[i].length;
      return blockKey(text, { type: 'paragraph', start, end, runs: [{ start, end, barrier: true }], suppressions: [], firstToken: 0, endToken: 0 });
    };
    expect(memoFor(options).has(keyOf(paragraphs.length - 1))).toBe(true);
    expect(memoFor(options).has(keyOf(0))).toBe(false);
    expect(result).toEqual(lintText(text, { ...options, memo: false }));
  });

  it('keeps results for different options and lexicons apart', () => {
    const text = 'You must send us your bank statements.';
    expect(ids(lintText(text, { ...base, kind: 'letter' }))).toContain('lexicon/you-must@0');
    expect(ids(lintText(text, { ...base, kind: 'guide' }))).not.toContain('lexicon/you-must@0');
    expect(ids(lintText(text, { ...base, kind: 'letter' }))).toContain('lexicon/you-must@0');
    const other = compileLexicon(loadLexiconDir('tests/fixtures/lexicon-basic'));
    expect(lintText(text, { ...base, lexicon: other })).toEqual(lintText(text, { ...base, lexicon: other, memo: false }));
    expect(ids(lintText('We will audit it.', { ...base, profile: 'easy-read' }))).toEqual(ids(lintText('We will audit it.', { ...base, profile: 'easy-read', memo: false })));
  });
});

/** The same document read as one piece: every block's words in one token list, lexicon matched over all of it. */
function wholeDocument(text: string, options: LintOptions) {
  const { blocks } = blocksFromText(text);
  const tokens = tokenizeBlocks(text, blocks);
  const sentences = splitSentences(text, blocks, tokens);
  const familiar = familiarTokens(options.lexicon, tokens, text);
  const totals = noTotals();
  for (const s of sentences) addToTotals(totals, countWords(text, tokens, s.firstToken, s.endToken, familiar));
  const lexicon = matchLexicon(options.lexicon, tokens, text, { kind: options.kind, profile: options.profile }).map((m) => `lexicon/${m.entry.id}@${m.start}`);
  return { lexicon, readability: summaryOf(totals, options.profile) };
}

describe('lint block by block agrees with the document read as one piece', () => {
  const paragraph = fc
    .array(fc.constantFrom('You may keep a contingency.', 'We call this your contingency.', 'Known as a contingency, it is yours.', 'Your eligible needs (the needs we agreed) are met.', 'Your eligible needs are met.', 'We will audit it.', 'A service user’s plan.', 'Please send it.', 'Sam', 'A financial assessment (a check of your income and savings) is next.', 'A financial assessment is next.'), { minLength: 1, maxLength: 4 })
    .map((sentences) => sentences.join(' '));
  const document = fc.array(paragraph, { minLength: 1, maxLength: 6 }).map((paragraphs) => paragraphs.join('\n\n'));

  it('finds the same lexicon entries (`once` included) and the same readability summary, memo or not (fast-check)', () => {
    fc.assert(
      fc.property(document, fc.constantFrom('letter' as const, 'agreement' as const), fc.boolean(), (text, kind, memo) => {
        const options: LintOptions = { ...base, kind, memo };
        const result = lintText(text, options);
        const oracle = wholeDocument(text, options);
        expect(result.findings.filter((f) => f.ruleId.startsWith('lexicon/')).map((f) => `${f.ruleId}@${f.start.offset}`).sort()).toEqual([...oracle.lexicon].sort());
        expect(result.readability).toEqual(oracle.readability);
      }),
      { numRuns: 300 },
    );
  });
});

// Words that make findings (lexicon, once, shouting, dates, money), names of varied length,
// brackets (a `once` term explained by a bracket), and characters that move offsets.
const piece = fc.constantFrom('Amina', 'Patel', 'George Adeyemi', 'O’Neill', 'audit', 'misspent', 'service user', 'contingency', 'eligible needs', '(the needs we agreed)', 'NOT', '31.01.21', '£1234', 'you must', ' ', ' ', '. ', ', ', 'é', '😀', 'Zoë', 'Flat 2', 'NM1 1AA');
const phrase = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('').trim() || 'Sam');

/** Example data with every free-text field (string, text, lists of them) replaced; other values are kept. */
function vary(spec: FieldSpec, example: unknown, strings: string[], at: { i: number }): unknown {
  if (example === undefined || example === null) return example;
  if ((spec.type === 'string' && !spec.pattern) || spec.type === 'text') {
    const value = strings[at.i++ % strings.length];
    return spec.max ? value.slice(0, spec.max) : value;
  }
  if (spec.type === 'list' && Array.isArray(example)) return example.map((item) => vary(spec.of, item, strings, at));
  if (spec.type === 'object' && typeof example === 'object') return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, spec.fields[k] ? vary(spec.fields[k], v, strings, at) : v]));
  return example;
}

describe('lint memo on every shipped template with varied data', () => {
  const ctx = createPipelineContext();
  const templates = ctx.templates.list();

  it('gives exactly the fresh result, cold and warm (fast-check)', () => {
    clearLintMemo(ctx.lexicon);
    let checked = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.array(phrase, { minLength: 1, maxLength: 8 }), (template, strings) => {
        let text: string;
        try {
          text = checkDocument(ctx, template, vary({ type: 'object', fields: template.fields }, template.example, strings, { i: 0 })).text;
        } catch (error) {
          if (isAppError(error) && error.code === 'DATA_INVALID') return; // a varied value broke a field's rule
          throw error;
        }
        checked++;
        seen.add(template.id);
        const tree = parseMarkdown(text);
        const options: LintOptions = { profile: template.profile, kind: template.kind, lang: template.lang, lexicon: ctx.lexicon };
        const fresh = lintTree(tree, text, { ...options, memo: false });
        expect(lintTree(tree, text, options)).toEqual(fresh);
        expect(lintTree(tree, text, options)).toEqual(fresh);
      }),
      { numRuns: 120 },
    );
    // Most varied data is valid, and every template was tried.
    expect(checked).toBeGreaterThan(100);
    expect(seen.size).toBe(templates.length);
  });
});

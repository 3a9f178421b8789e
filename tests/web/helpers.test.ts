/**
 * The pages' pure helpers, without a server or a browser: highlight segments, "use this
 * instead" values (parsed from what a form sends), safe "next" addresses, text box line
 * endings, "before and after" folding, spreadsheet sniffing and example columns. Parsers of
 * what people (or anyone) send are checked with fast-check as well as by example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../../src/core/index.js';
import { changedLines } from '../../src/web/diff-view.js';
import { safeLocalPath } from '../../src/web/errors.js';
import { multiline } from '../../src/web/forms.js';
import { PageQuery, paginate, withQuery } from '../../src/web/pagination.js';
import { exampleColumns, spreadsheetKind } from '../../src/web/routes/letters.js';
import { applyChosenReplacement, applyValue, parseApplyValue, resultsView } from '../../src/web/results.js';
import { applyReplacement, segments } from '../../src/web/static/findings.js';

function finding(start: number, end: number, severity: Finding['severity'] = 'error', expected: string[] = [], actual = ''): Finding {
  return { ruleId: 'lexicon/x', source: 'lexicon', severity, reason: 'r', actual, expected, start: { line: 1, column: start + 1, offset: start }, end: { line: 1, column: end + 1, offset: end } };
}

describe('findings in the text', () => {
  it('segments cover the text once, with overlapping findings', () => {
    const text = 'one two three four';
    const found = [finding(4, 13, 'warning'), finding(8, 13, 'error'), finding(0, 18, 'suggestion')];
    const parts = segments(text, found);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    const three = parts.find((p) => p.text === 'three')!;
    expect(three.marks.sort()).toEqual([0, 1, 2]);
    expect(three.severity).toBe('error');
    expect(parts.find((p) => p.text === 'two ')!.severity).toBe('warning');
    expect(segments('', [])).toEqual([]);
  });

  it('segments always join back into the text, whatever the findings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), (text, spans) => {
        const found = spans.map(([a, b]) => {
          const start = Math.min(a, b) % (text.length + 1);
          return finding(start, Math.min(text.length, start + (Math.max(a, b) % 7)));
        });
        expect(segments(text, found).map((p) => p.text).join('')).toBe(text);
      }),
    );
  });

  it('a passage is underlined, not marked; notes say which finding ends where', () => {
    const text = `${'word '.repeat(20)}end`;
    const view = resultsView(text, { findings: [finding(0, text.length, 'warning'), finding(0, 4, 'error', ['term'])], summary: { error: 1, warning: 1, suggestion: 0, total: 2 }, readability: { words: 21, sentences: 1, averageSentenceLength: 21, fleschReadingEase: 80.4, grade: 3.33, targetAge: 13, readingAge: 8.6 } });
    expect(view.findings[0].passage).toBe(true);
    expect(view.segments[0]).toMatchObject({ kind: 'mark', severity: 'error', note: '(finding 2: must change)' });
    expect(view.segments[1].kind).toBe('passage');
    expect(view.findings[1].replacements[0].value).toBe('0:4:0');
    expect(view.readability.readingAge).toBe(9);
  });
});

describe('"use this instead" sent as a form', () => {
  it('apply values are checked before anything changes', () => {
    expect(parseApplyValue('3:9:0')).toEqual({ start: 3, end: 9, index: 0 });
    expect(parseApplyValue('9:3:0')).toBeUndefined();
    expect(parseApplyValue('<script>')).toBeUndefined();
    expect(parseApplyValue(['3:9:0'])).toBeUndefined();
    expect(applyReplacement('We will audit you', 8, 13, 'audit', 'check')).toBe('We will check you');
    expect(applyReplacement('We will audit you', 8, 13, 'misspend', 'check')).toBeUndefined();
  });

  it('any value a form sends parses to a forward span or to nothing; our own values parse back', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,8}:\d{1,8}:\d{1,3}$/)), (value) => {
        const parsed = parseApplyValue(value);
        if (parsed) expect(parsed.start).toBeLessThanOrEqual(parsed.end);
      }),
    );
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000), fc.nat(99), (start, length, index) => {
        const at = finding(start, start + length);
        expect(parseApplyValue(applyValue(at, index))).toEqual({ start, end: start + length, index });
      }),
    );
  });

  it('applies only the replacement a finding offers, where its words still are', () => {
    const text = 'We will audit you. Then we audit again.';
    const found = [finding(8, 13, 'error', ['check', 'look at'], 'audit')];
    expect(applyChosenReplacement(text, found, '8:13:1')).toEqual({ text: 'We will look at you. Then we audit again.', actual: 'audit', replacement: 'look at' });
    expect(applyChosenReplacement(text, found, '27:32:0')).toBeUndefined(); // no finding there
    expect(applyChosenReplacement(text, found, '8:13:2')).toBeUndefined(); // no third replacement
    expect(applyChosenReplacement('We will not audit you', found, '8:13:0')).toBeUndefined(); // the words moved
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^\d{1,2}:\d{1,2}:\d$/)), (sent) => {
        const changed = applyChosenReplacement(text, found, sent);
        if (changed) expect(changed.text).toBe(text.slice(0, 8) + changed.replacement + text.slice(13));
        expect(['check', 'look at', undefined]).toContain(changed?.replacement);
      }),
    );
  });
});

describe('where to go after signing in', () => {
  it('only paths on this site', () => {
    expect(safeLocalPath('/templates/a?b=1')).toBe('/templates/a?b=1');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'templates', '/\nx', 42, undefined]) expect(safeLocalPath(bad)).toBeUndefined();
  });

  it('never leads to another site, whatever is sent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => `/${s}`), fc.string().map((s) => `//${s}`)), (value) => {
        const path = safeLocalPath(value);
        if (path !== undefined) expect(new URL(path, 'http://plainly.test').host).toBe('plainly.test');
      }),
    );
  });
});

describe('text boxes', () => {
  it('line endings become \\n, as in files, and nothing else changes', () => {
    const schema = multiline(z.string());
    expect(schema.parse('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !/[\r\n]/.test(s))), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        expect(schema.parse(lines.join(eol))).toBe(lines.join('\n'));
      }),
    );
  });
});

describe('before and after', () => {
  const lines = (n: number, word = 'line') => Array.from({ length: n }, (_, i) => `${word} ${i + 1}\n`).join('');

  it('folds long unchanged stretches, keeping three lines around each change', () => {
    const before = lines(20);
    const after = before.replace('line 10\n', 'line ten\n');
    const parts = changedLines(before, after);
    expect(parts.map((p) => p.kind)).toEqual(['folded', 'same', 'changed', 'same', 'folded']);
    expect(parts[0]).toEqual({ kind: 'folded', lines: 6 });
    expect(parts[1]).toEqual({ kind: 'same', text: 'line 7\nline 8\nline 9\n' });
    expect(parts[3]).toEqual({ kind: 'same', text: 'line 11\nline 12\nline 13\n' });
    expect(parts[4]).toEqual({ kind: 'folded', lines: 7 });
  });

  it('keeps short unchanged stretches whole', () => {
    expect(changedLines('a\nb\n', 'a\nc\n').map((p) => p.kind)).toEqual(['same', 'removed', 'added']);
    expect(changedLines(lines(5), lines(5))).toEqual([]);
  });

  it('without folding, the parts give back both versions; folding only leaves out whole lines', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'dd', ''), { maxLength: 30 }).map((ls) => ls.map((l) => `${l}\n`).join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const whole = changedLines(before, after, Number.MAX_SAFE_INTEGER);
        if (before === after) {
          expect(whole).toEqual([]);
          return;
        }
        const side = (skip: string) =>
          whole
            .map((p) => (p.kind === 'folded' || p.kind === skip ? '' : p.kind === 'changed' ? p.words.filter((w) => w.kind !== skip).map((w) => w.text).join('') : p.text))
            .join('');
        expect(side('added')).toBe(before);
        expect(side('removed')).toBe(after);
        const folded = changedLines(before, after);
        const beforeText = (p: (typeof folded)[number]) => (p.kind === 'changed' ? p.words.filter((w) => w.kind !== 'added').map((w) => w.text).join('') : p.kind === 'folded' || p.kind === 'added' ? '' : p.text);
        const count = (parts: typeof folded) => parts.reduce((n, p) => n + (p.kind === 'folded' ? p.lines : beforeText(p).split('\n').length - 1), 0);
        expect(count(folded)).toBe(before.split('\n').length - 1);
      }),
    );
  });
});

describe('a page at a time', () => {
  const items = Array.from({ length: 230 }, (_, i) => i + 1);
  const href = (n: number) => withQuery('/lexicon', { q: 'a b', page: n });

  it('numbers the first, the last and the pages next to this one', () => {
    const third = paginate(items, 3, href, { label: 'Pages of words' });
    expect(third).toMatchObject({ page: 3, pages: 5, from: 101, to: 150 });
    expect(third.items[0]).toBe(101);
    expect(third.pagination).toEqual({
      landmarkLabel: 'Pages of words',
      previous: { href: '/lexicon?q=a+b&page=2' },
      next: { href: '/lexicon?q=a+b&page=4' },
      items: [
        { number: 1, href: '/lexicon?q=a+b' },
        { number: 2, href: '/lexicon?q=a+b&page=2' },
        { number: 3, href: '/lexicon?q=a+b&page=3', current: true },
        { number: 4, href: '/lexicon?q=a+b&page=4' },
        { number: 5, href: '/lexicon?q=a+b&page=5' },
      ],
    });
    const first = paginate(items, 1, href, { label: 'x' }).pagination!;
    expect(first.previous).toBeUndefined();
    expect(first.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, 2, '…', 5]);
  });

  it('no links when it all fits; a page past the end shows the last; only previous and next when unnumbered', () => {
    expect(paginate(items.slice(0, 50), 1, href, { label: 'x' }).pagination).toBeUndefined();
    expect(paginate([], 1, href, { label: 'x' })).toMatchObject({ items: [], page: 1, pages: 1, from: 0, to: 0 });
    expect(paginate(items, 99, href, { label: 'x' })).toMatchObject({ page: 5, from: 201, to: 230 });
    expect(paginate(items.slice(0, 101), 2, href, { label: 'x', numbered: false }).pagination).toEqual({ landmarkLabel: 'x', items: [], previous: { href: '/lexicon?q=a+b' }, next: { href: '/lexicon?q=a+b&page=3' } });
  });

  it('any page asked for in the address is a page number', () => {
    for (const bad of ['0', '-1', 'x', '1e9', '2.5', undefined]) expect(PageQuery.parse(bad)).toBe(1);
    expect(PageQuery.parse('7')).toBe(7);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String)), (value) => {
        const page = PageQuery.parse(value);
        expect(Number.isInteger(page) && page >= 1).toBe(true);
        const shown = paginate(items, page, href, { label: 'x' });
        expect(shown.items.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('spreadsheets', () => {
  it('tells spreadsheets from other files', () => {
    expect(spreadsheetKind('a.csv', Buffer.from('reference,name\n'))).toBe('csv');
    expect(spreadsheetKind('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(spreadsheetKind('a.csv', Buffer.from('%PDF-1.7'))).toHaveProperty('problem');
    expect(spreadsheetKind('a.xls', Buffer.from([0xd0, 0xcf]))).toHaveProperty('problem');
    expect(spreadsheetKind('photo.png', Buffer.from([0x89, 0x50]))).toHaveProperty('problem');
  });

  it('any upload is a CSV, an XLSX or a problem to show, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.uint8Array({ maxLength: 64 }), (name, bytes) => {
        const kind = spreadsheetKind(name, Buffer.from(bytes));
        if (typeof kind === 'string') expect(['csv', 'xlsx']).toContain(kind);
        else expect(kind.problem.length).toBeGreaterThan(10);
      }),
    );
  });

  it('writes a template example as spreadsheet columns', () => {
    const { headings, values } = exampleColumns(
      { reference: { type: 'string' }, recipient: { type: 'object', fields: { name: { type: 'string' }, address: { type: 'address' } } }, docs: { type: 'list', of: { type: 'string' } }, card: { type: 'boolean' } },
      { reference: 'DP-1', recipient: { name: 'Sam', address: ['1 Road', 'Town', 'AB1 2CD'] }, docs: ['a', 'b'], card: false },
    );
    expect(headings).toEqual(['reference', 'recipient.name', 'recipient.address.1', 'recipient.address.2', 'recipient.address.3', 'docs.1', 'docs.2', 'card']);
    expect(values).toEqual(['DP-1', 'Sam', '1 Road', 'Town', 'AB1 2CD', 'a', 'b', 'no']);
  });
});

/**
 * Cross-field checks on lists: a check whose paths step into a list (`lines.*.cost`) applies
 * to every item and names the item at fault; the same rules on single fields still work.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/index.js';
import { loadTemplates, parseTemplate } from '../../src/templates/index.js';

const FIELDS = `fields:
  letterDate: { type: date }
  rate: { type: money }
  total: { type: money }
  lines:
    type: list
    of:
      type: object
      fields:
        hours: { type: number, decimals: 2 }
        rate: { type: money }
        cost: { type: money }
        extra: { type: money }
        all: { type: money }
        net: { type: money }
        start: { type: date }
        end: { type: date }
        urgent: { type: text, optional: true }`;

function withChecks(checks: string, example = 'example: { letterDate: 2021-01-01, rate: 100, total: 0, lines: [] }') {
  return parseTemplate(`---\nid: t\ntitle: T\nkind: guide\nprofile: standard\nlayout: document\n${FIELDS}\nchecks:\n${checks}\n${example}\n---\n# Hi\n`, 'fixture.md');
}

function line(hours: number, rate: number, cost: number, more: Record<string, unknown> = {}) {
  return { hours, rate, cost, extra: 0, all: cost, net: cost, start: '2021-02-01', end: '2021-03-01', ...more };
}

function errorsOf(t: ReturnType<typeof withChecks>, data: unknown) {
  const result = t.validate(data);
  return result.ok ? [] : result.errors;
}

function definitionProblems(checks: string): string[] {
  try {
    withChecks(checks);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).details.errors ?? []).map((e: { path: string; message: string }) => `${e.path} ${e.message}`);
  }
  throw new Error('expected TEMPLATE_INVALID');
}

const base = { letterDate: '2021-01-01', rate: 100, total: 0 };

describe('cross-field checks on list items', () => {
  it('product: checks every line, naming the line at fault (0-based, as the data schema does)', () => {
    const t = withChecks('  - { rule: product, of: [lines.*.hours, lines.*.rate], equals: lines.*.cost }');
    const good = { ...base, lines: [line(10, 1550, 15500), line(5, 2140, 10700), line(2.5, 1000, 2500)] };
    expect(errorsOf(t, good)).toEqual([]);
    // The second line: 5 × £21.40 is £107.00, not £99.99.
    const secondBad = { ...base, lines: [line(10, 1550, 15500), line(5, 2140, 9999), line(2.5, 1000, 2500)] };
    expect(errorsOf(t, secondBad)).toEqual([{ path: 'lines.1.cost', message: 'must equal hours × rate = £107 (it is £99.99)' }]);
    // Every bad line is reported, not only the first.
    const twoBad = { ...base, lines: [line(10, 1550, 1), line(5, 2140, 10700), line(2.5, 1000, 2)] };
    expect(errorsOf(t, twoBad).map((e) => e.path)).toEqual(['lines.0.cost', 'lines.2.cost']);
  });

  it('product: a single field times each line (broadcast), and single fields as before', () => {
    const t = withChecks('  - { rule: product, of: [lines.*.hours, rate], equals: lines.*.cost }\n  - { rule: product, of: [rate, rate], equals: total, per: 100 }', 'example: { letterDate: 2021-01-01, rate: 100, total: 100, lines: [] }');
    expect(errorsOf(t, { ...base, total: 100, lines: [line(2, 0, 200), line(3, 0, 300)] })).toEqual([]);
    expect(errorsOf(t, { ...base, total: 101, lines: [line(2, 0, 200), line(3, 0, 301)] }).map((e) => e.path)).toEqual(['lines.1.cost', 'total']);
  });

  it('sum: list items added up into one total, or per item', () => {
    const t = withChecks('  - { rule: sum, of: [lines.*.cost], equals: total }\n  - { rule: sum, of: [lines.*.cost, lines.*.extra], equals: lines.*.all }');
    const lines = [line(1, 100, 100), line(1, 200, 200, { extra: 50, all: 250 })];
    expect(errorsOf(t, { ...base, total: 300, lines })).toEqual([]);
    const bad = errorsOf(t, { ...base, total: 300, lines: [line(1, 100, 100), line(1, 200, 200, { extra: 50, all: 200 })] });
    expect(bad).toEqual([{ path: 'lines.1.all', message: 'must equal cost + extra = £2.50 (it is £2)' }]);
    expect(errorsOf(t, { ...base, total: 299, lines }).map((e) => e.path)).toEqual(['total']);
  });

  it('difference: per item, and refuses a list operand with a single result', () => {
    const t = withChecks('  - { rule: difference, of: lines.*.all, minus: lines.*.extra, equals: lines.*.net }');
    expect(errorsOf(t, { ...base, lines: [line(1, 1, 100, { all: 150, extra: 50, net: 100 }), line(1, 1, 100, { all: 150, extra: 50, net: 100 })] })).toEqual([]);
    expect(errorsOf(t, { ...base, lines: [line(1, 1, 100, { all: 150, extra: 50, net: 100 }), line(1, 1, 100, { all: 150, extra: 50, net: 90 })] }))
      .toEqual([{ path: 'lines.1.net', message: 'must equal all − extra = £1 (it is £0.90)' }]);
    expect(definitionProblems('  - { rule: difference, of: lines.*.all, minus: rate, equals: total }')).toEqual([
      expect.stringMatching(/^fixture\.md:\d+:\d+ checks\.0\.equals: must be a list path like lines\.\*\.…/),
    ]);
  });

  it('date-order and min-days-between: every item, with single dates broadcast', () => {
    const t = withChecks([
      '  - { rule: date-order, from: lines.*.start, to: lines.*.end }',
      '  - { rule: date-order, from: letterDate, to: lines.*.start }',
      '  - { rule: min-days-between, from: letterDate, to: lines.*.end, days: 28, unless: lines.*.urgent }',
    ].join('\n'));
    const ok = [line(1, 1, 1), line(1, 1, 1, { start: '2021-01-10', end: '2021-01-11', urgent: 'Safety' })];
    expect(errorsOf(t, { ...base, lines: ok })).toEqual([]);
    const bad = [line(1, 1, 1), line(1, 1, 1, { start: '2021-01-10', end: '2021-01-09' }), line(1, 1, 1, { start: '2020-12-01' })];
    expect(errorsOf(t, { ...base, lines: bad })).toEqual([
      { path: 'lines.1.end', message: 'must be on or after start (10 January 2021)' },
      { path: 'lines.2.start', message: 'must be on or after letterDate (1 January 2021)' },
      { path: 'lines.1.end', message: 'must be at least 28 days after letterDate (1 January 2021), unless urgent is given' },
    ]);
    // A list date before a single date: the item is at fault.
    const before = withChecks('  - { rule: date-order, from: lines.*.start, to: letterDate }');
    expect(errorsOf(before, { ...base, lines: [line(1, 1, 1, { start: '2020-12-01' }), line(1, 1, 1)] }))
      .toEqual([{ path: 'lines.1.start', message: 'must be on or before letterDate (1 January 2021)' }]);
  });

  it('refuses list paths from different lists in one per-item check', () => {
    const problems = definitionProblems('  - { rule: product, of: [lines.*.hours, lines.*.rate], equals: total }');
    expect(problems).toEqual([expect.stringMatching(/checks\.0\.equals: must be a list path like lines\.\*\.…/)]);
  });

  it('the shipped budget letter refuses a second line that does not add up', () => {
    const budget = loadTemplates().get('budget-explanation');
    const example = structuredClone(budget.example) as { lines: { cost: number }[] };
    expect(budget.validate(example).ok).toBe(true);
    example.lines[1].cost = 9999;
    const result = budget.validate(example);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toEqual({ path: 'lines.1.cost', message: expect.stringMatching(/^must equal Hours a week × Rate per hour = £107 \(it is £99\.99\)/) });
  });
});

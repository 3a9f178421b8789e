import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/index.js';
import { loadPartials, loadTemplates, parseTemplate, type PartialSource } from '../../src/templates/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/templates');
const partials = loadPartials(path.join(FIXTURES, 'partials'));

function template(front: string, body: string, extra: ReadonlyMap<string, PartialSource> = partials) {
  return parseTemplate(`---\n${front}\n---\n${body}`, 'fixture.md', { partials: extra });
}

const FRONT = `id: t
title: T
kind: guide
profile: standard
layout: document
fields:
  name: { type: string }
  amount: { type: money, optional: true }
example:
  name: Sam`;

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TEMPLATE_INVALID');
    return (error as AppError).details.errors ?? [];
  }
  throw new Error('expected TEMPLATE_INVALID');
}

describe('parseTemplate', () => {
  it('accepts a good template and validates data with paths', () => {
    const t = template(FRONT, '# Hello {{name}}\n');
    expect(t.id).toBe('t');
    expect(t.bodyFirstLine).toBe(13);
    expect(t.validate({ name: 'Bo' })).toEqual({ ok: true, data: { name: 'Bo' } });
    const bad = t.validate({ nmae: 'Bo', amount: '-£5' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toContainEqual({ path: 'name', message: 'is required' });
      expect(bad.errors).toContainEqual({ path: 'nmae', message: 'is not a field of this template' });
      expect(bad.errors).toContainEqual({ path: 'amount', message: 'must not be negative' });
    }
  });

  it('reports a Handlebars syntax error at file:line:col', () => {
    const problems = problemsOf(() => template(FRONT, '# Hi\n\nDear {{name.[}} there\n'));
    expect(problems[0].path).toMatch(/^fixture\.md:15:\d+$/);
    const unclosed = problemsOf(() => template(FRONT, '# Hi\n\nDear {{name'));
    expect(unclosed[0].path).toMatch(/^fixture\.md:15:\d+$/);
    expect(problems[0].message).toMatch(/syntax error/);
    const mismatched = problemsOf(() => template(FRONT, '# Hi\n{{#if name}}\nx\n{{/each}}\n'));
    expect(mismatched[0].path).toMatch(/^fixture\.md:1[45]:\d+$/);
  });

  it('reports unknown helpers, fields, blocks and partials at file:line:col', () => {
    const problems = problemsOf(() => template(FRONT, '# Hi\n\n{{shout name}} {{nmae}}\n{{#repeat name}}x{{/repeat}}\n{{> nowhere}}\n'));
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'fixture.md:15:1', message: expect.stringContaining('unknown helper "shout"') },
      { path: 'fixture.md:15:18', message: expect.stringContaining('"nmae" is not a field') },
      { path: 'fixture.md:16:1', message: expect.stringContaining('unknown block') },
      { path: 'fixture.md:17:1', message: expect.stringContaining('unknown partial "nowhere"') },
    ]));
  });

  it('catches a partial that includes itself, directly or through another', () => {
    const loop = new Map<string, PartialSource>([
      ['a', { name: 'a', file: 'partials/a.md', source: 'A {{> b}}' }],
      ['b', { name: 'b', file: 'partials/b.md', source: 'B\n{{> a}}' }],
      ['self', { name: 'self', file: 'partials/self.md', source: 'again {{> self}}' }],
    ]);
    const direct = problemsOf(() => template(FRONT, '# Hi\n{{> self}}\n', loop));
    expect(direct[0]).toEqual({ path: 'partials/self.md:1:7', message: 'partial "self" includes itself (self → self)' });
    const indirect = problemsOf(() => template(FRONT, '# Hi\n{{> a}}\n', loop));
    expect(indirect[0]).toEqual({ path: 'partials/b.md:2:1', message: 'partial "a" includes itself (a → b → a)' });
  });

  it('needs example data, and the example must pass', () => {
    const noExample = problemsOf(() => template(FRONT.replace(/example:\n {2}name: Sam/, ''), '# Hi\n'));
    expect(noExample).toContainEqual({ path: expect.stringMatching(/^fixture\.md:\d+:\d+$/), message: 'example: is missing: every template needs example data that passes its checks' });
    const badExample = problemsOf(() => template(FRONT.replace('name: Sam', 'name: Sam\n  amount: lots'), '# Hi\n'));
    expect(badExample[0]).toEqual({ path: 'fixture.md:12:11', message: expect.stringContaining('example.amount: must be an amount of money') });
  });

  it('reports front matter problems with their place, all at once', () => {
    const problems = problemsOf(() => template(FRONT.replace('kind: guide', 'kind: poster\ncolour: red').replace('type: string', 'type: strng'), '# Hi\n'));
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('kind: must be one of'),
      'colour: is not a front matter field',
      expect.stringContaining('fields.name.type: type must be one of'),
    ]));
    expect(problems.find((p) => p.message.startsWith('kind'))?.path).toBe('fixture.md:4:7');
  });

  it('reports YAML syntax errors with a position', () => {
    const problems = problemsOf(() => template('id: [unclosed\ntitle: T', '# Hi\n'));
    expect(problems[0].path).toMatch(/^fixture\.md:\d+:\d+$/);
  });

  it('requires the letter fields for the letter layout', () => {
    const problems = problemsOf(() => template(FRONT.replace('kind: guide', 'kind: letter').replace('layout: document', 'layout: letter'), '# Hi\n'));
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('a letter needs the field recipient.address')]));
  });

  it('runs cross-field checks and reports the field at fault', () => {
    const t = template(`id: t
title: T
kind: guide
profile: standard
layout: document
fields:
  a: { type: money }
  b: { type: money }
  total: { type: money }
  start: { type: date }
  end: { type: date }
  letterDate: { type: date }
  changeDate: { type: date }
  urgentReason: { type: text, optional: true }
checks:
  - { rule: sum, of: [a, b], equals: total }
  - { rule: date-order, from: start, to: end }
  - { rule: min-days-between, from: letterDate, to: changeDate, days: 28, unless: urgentReason }
example: { a: 100, b: 200, total: 300, start: 2021-01-01, end: 2021-02-01, letterDate: 2021-01-01, changeDate: 2021-02-01 }`, '# Hi\n');
    const bad = t.validate({ a: 100, b: 200, total: 301, start: '2021-03-01', end: '2021-02-01', letterDate: '2021-01-01', changeDate: '2021-01-10' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path).sort()).toEqual(['changeDate', 'end', 'total']);
    expect(t.validate({ a: 100, b: 200, total: 300, start: '2021-01-01', end: '2021-02-01', letterDate: '2021-01-01', changeDate: '2021-01-10', urgentReason: 'Your safety' }).ok).toBe(true);
  });

  it('loads a folder, and refuses unknown ids', () => {
    const registry = loadTemplates(FIXTURES);
    expect(registry.list().map((t) => t.id)).toEqual(['simple-letter']);
    expect(() => registry.get('nope')).toThrow(expect.objectContaining({ code: 'TEMPLATE_NOT_FOUND' }));
  });
});

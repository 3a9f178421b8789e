/**
 * Word-level before and after (issue 15): inside a changed line the words taken out and put in
 * are marked, for the body and for the fields (each said in words); a rewritten line is shown
 * whole. And the data rules of a field in words.
 */
import { describe, expect, it } from 'vitest';
import { changedFields, changedLines, changedWords } from '../../src/web/diff-view.js';
import { describeField } from '../../src/web/template-form.js';
import type { FieldSpec } from '../../src/templates/index.js';

const source = (fields: string, body: string) => `---\nid: t\ntitle: T\nkind: letter\nfields:\n${fields}\n---\n${body}`;

describe('words inside a line', () => {
  it('marks only the words that changed', () => {
    expect(changedWords('We will audit your account.\n', 'We will check your account.\n')).toEqual([
      { kind: 'same', text: 'We will ' },
      { kind: 'removed', text: 'audit' },
      { kind: 'added', text: 'check' },
      { kind: 'same', text: ' your account.\n' },
    ]);
  });

  it('a line with one word changed is one changed line in the comparison, with context around it', () => {
    const before = 'Dear Amina,\n\nWe will audit your account.\n\nThanks\n';
    const after = 'Dear Amina,\n\nWe will check your account soon.\n\nThanks\n';
    const parts = changedLines(before, after);
    expect(parts.map((p) => p.kind)).toEqual(['same', 'changed', 'same']);
    const changed = parts[1];
    if (changed.kind !== 'changed') throw new Error('expected a changed line');
    expect(changed.words.filter((w) => w.kind === 'removed').map((w) => w.text)).toEqual(['audit']);
    expect(changed.words.filter((w) => w.kind === 'added').map((w) => w.text.trim())).toEqual(['check', 'soon']);
  });

  it('a rewritten line is shown as a whole line out and a whole line in', () => {
    const parts = changedLines('intro\nWe will audit your account.\nend\n', 'intro\nPlease send statements by Friday.\nend\n');
    expect(parts.map((p) => p.kind)).toEqual(['same', 'removed', 'added', 'same']);
  });
});

describe('fields', () => {
  it('says each field that was added, taken out or changed, in words, marking the words that changed', () => {
    const before = source(
      '  replyBy: { type: date, label: Please reply by }\n  note: { type: text, optional: true, label: A note }\n  old: { type: string, label: Old thing }',
      'Body\n',
    );
    const after = source(
      '  replyBy: { type: date, label: Please reply by, help: "Two weeks at least." }\n  note: { type: text, max: 500, label: A note }\n  amount: { type: money, min: 100, label: Each payment }',
      'Body\n',
    );
    const changes = changedFields(before, after);
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['replyBy', 'changed'],
      ['note', 'changed'],
      ['amount', 'added'],
      ['old', 'removed'],
    ]);
    const [replyBy, note, amount, old] = changes;
    expect(replyBy.words.filter((w) => w.kind === 'added').map((w) => w.text.trim())).toEqual(['Help: Two weeks at least.']);
    expect(note.words.filter((w) => w.kind === 'removed').map((w) => w.text.trim())).toEqual(expect.arrayContaining(['2000', 'Optional']));
    expect(note.words.filter((w) => w.kind === 'added').map((w) => w.text.trim())).toEqual(expect.arrayContaining(['500', 'Needed']));
    expect(amount.words).toEqual([{ kind: 'added', text: '“Each payment” An amount of money, at least £1. Needed.' }]);
    expect(old.words).toEqual([{ kind: 'removed', text: '“Old thing” Short text (one line), up to 200 characters. Needed.' }]);
    expect(changedFields(before, before)).toEqual([]);
  });

  it('compares the fields inside a group by their path', () => {
    const before = source('  recipient:\n    type: object\n    fields:\n      name: { type: string, label: Name }', '');
    const after = source('  recipient:\n    type: object\n    fields:\n      name: { type: string, max: 100, label: Name }', '');
    expect(changedFields(before, after).map((c) => c.path)).toEqual(['recipient.name']);
  });
});

describe('data rules in words', () => {
  it('says what each kind of field takes and whether it is needed', () => {
    expect(describeField({ type: 'date' } as FieldSpec)).toBe('A date. Needed.');
    expect(describeField({ type: 'money', min: 100, max: 150050, optional: true } as FieldSpec)).toBe('An amount of money, at least £1, at most £1,500.50. Optional.');
    expect(describeField({ type: 'list', of: { type: 'string' }, min: 1, max: 10, requiredWhen: { prepaidCard: false } } as unknown as FieldSpec)).toBe('A list of short text (one line), 1 to 10 items. Needed when prepaidCard is no.');
    expect(describeField({ type: 'enum', values: ['weekly', 'monthly'] } as FieldSpec)).toBe('One of: weekly, monthly. Needed.');
    expect(describeField({ type: 'string', max: 30 } as FieldSpec)).toBe('Short text (one line), up to 30 characters. Needed.');
  });
});

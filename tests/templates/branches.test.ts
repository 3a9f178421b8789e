/**
 * Branch names and branch examples, from a small template: `#if`, `#unless`, `#each … else`,
 * `#with`, a comparison with an enum value, nesting, and a partial included inside a branch.
 */
import { describe, expect, it } from 'vitest';
import { branchAt, branchExamples, parseTemplate, type PartialSource } from '../../src/templates/index.js';

const partials = new Map<string, PartialSource>([['extra', { name: 'extra', file: 'partials/extra.md', source: 'Some extra words.\n' }]]);

const SOURCE = `---
id: t
title: T
kind: guide
profile: standard
layout: document
fields:
  card: { type: boolean }
  note: { type: text, optional: true }
  items: { type: list, of: { type: string }, min: 0 }
  how: { type: enum, values: [bank, card, managed] }
  person:
    type: object
    optional: true
    fields:
      name: { type: string }
  reason: { type: string, requiredWhen: { how: managed } }
example:
  card: false
  how: bank
  items: [one]
---
# Title

{{#if card}}
On a card.
{{#unless note}}
No note.
{{/unless}}
{{else}}
Not on a card.
{{/if}}

{{#each items}}
- {{this}}
{{else}}
Nothing listed.
{{/each}}

{{#if (eq how "managed")}}
Managed because {{reason}}.
{{> extra}}
{{/if}}

{{#with person}}
Hello {{name}}.
{{/with}}
`;

const template = parseTemplate(SOURCE, 't.md', { partials });
const line = (text: string) => SOURCE.split('\n').findIndex((l) => l.includes(text)) + 1;
const at = (text: string) => branchAt(template.branches, 't.md', line(text), 1);

describe('branch names', () => {
  it('name each side as people read it, nested sides joined', () => {
    expect(at('On a card.')).toBe('when card is true');
    expect(at('No note.')).toBe('when card is true and note is empty');
    expect(at('Not on a card.')).toBe('when card is false');
    expect(at('- {{this}}')).toBe('for each of items');
    expect(at('Nothing listed.')).toBe('when items is empty');
    expect(at('Managed because')).toBe('when (eq how "managed") is true');
    expect(at('Hello')).toBe('when person is filled in');
    expect(at('# Title')).toBeUndefined();
    // A partial included in a branch is in that branch.
    expect(branchAt(template.branches, 'partials/extra.md', 1, 1)).toBe('when (eq how "managed") is true');
  });
});

describe('branch examples', () => {
  const examples = branchExamples(template, template.branches.conditions);
  const byName = new Map(examples.map((e) => [e.name, e]));

  it('take each side, from the field schema, and pass the fields', () => {
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['example', 'card: true', 'note: filled in', 'items: empty', 'how: "managed"', 'how: "card"', 'person: filled in']));
    for (const example of examples) expect({ name: example.name, ok: template.validate(example.data).ok }).toEqual({ name: example.name, ok: true });
    expect(byName.get('card: true')!.data.card).toBe(true);
    expect(byName.get('items: empty')!.data.items).toEqual([]);
    expect(byName.get('person: filled in')!.data.person).toEqual({ name: 'Example' });
  });

  it('fill in a conditional field that the side makes required, and leave it out otherwise', () => {
    expect(byName.get('how: "managed"')!.data).toMatchObject({ how: 'managed', reason: 'Example' });
    expect('reason' in byName.get('how: "card"')!.data).toBe(false);
  });
});

/**
 * The template editor's form ⇄ source (issue 15): every shipped template read into the form and
 * written back unchanged has the same front matter and body; changes made in the form (a
 * label, a new field with its example, the order, a field needed only when another has a
 * value, removing one) land in the front matter, and everything the form does not show is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { parseTemplate } from '../../src/templates/template.js';
import { emptyFieldRow, formFromBody, formFromSource, formProblems, readFrontMatter, sourceFromForm, splitSource } from '../../src/web/template-form.js';

function templateFiles(dir = path.join(PROJECT_ROOT, 'templates')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'partials' ? [] : templateFiles(path.join(dir, e.name))) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
}

/** The form as a browser would send it back. */
function asBody(form: ReturnType<typeof formFromSource>): Record<string, string> {
  const body: Record<string, string> = { title: form.title, kind: form.kind, profile: form.profile, lang: form.lang, body: form.body, fieldCount: String(form.fields.length) };
  form.fields.forEach((row, i) => {
    Object.assign(body, { [`f${i}_name`]: row.name, [`f${i}_was`]: row.was, [`f${i}_label`]: row.label, [`f${i}_type`]: row.type, [`f${i}_needed`]: row.needed, [`f${i}_whenField`]: row.whenField, [`f${i}_whenValue`]: row.whenValue, [`f${i}_help`]: row.help, [`f${i}_example`]: row.example, [`f${i}_values`]: row.values });
    if (row.kept) body[`f${i}_kept`] = 'yes';
  });
  return body;
}

describe('form and source', () => {
  const files = templateFiles();
  it('finds the shipped templates', () => expect(files.length).toBeGreaterThan(8));

  it.each(files.map((f) => [path.relative(PROJECT_ROOT, f), f]))('%s comes back the same through the form', (_name, file) => {
    const source = fs.readFileSync(file, 'utf8');
    const form = formFromBody(asBody(formFromSource(source)));
    expect(formProblems(form)).toEqual([]);
    const again = sourceFromForm(source, form);
    expect(readFrontMatter(again)).toEqual(readFrontMatter(source));
    expect(splitSource(again)!.body).toBe(splitSource(source)!.body);
    expect(() => parseTemplate(again, file)).not.toThrow();
  });

  it('puts changes made in the form into the front matter, keeping what the form does not show', () => {
    const file = path.join(PROJECT_ROOT, 'templates', 'letters', 'financial-checkup.md');
    const source = fs.readFileSync(file, 'utf8');
    const form = formFromBody(asBody(formFromSource(source)));
    const reply = form.fields.find((row) => row.name === 'replyBy')!;
    reply.label = 'Date to reply by';
    form.fields.push({ ...emptyFieldRow(), name: 'workerPhone', label: 'Phone number of the worker', type: 'phone', needed: 'when', whenField: 'prepaidCard', whenValue: 'no', example: '0161 496 0000' });
    const note = form.fields.findIndex((row) => row.name === 'note');
    form.fields.splice(note, 1);
    [form.fields[0], form.fields[1]] = [form.fields[1], form.fields[0]];
    form.body = form.body.replace('From time to time', 'Now and then');
    const meta = readFrontMatter(sourceFromForm(source, form)) as { fields: Record<string, Record<string, unknown>>; example: Record<string, unknown>; checks: unknown; examples: unknown };
    const before = readFrontMatter(source) as typeof meta;
    expect(meta.fields.replyBy).toEqual({ ...before.fields.replyBy, label: 'Date to reply by' });
    expect(meta.fields.workerPhone).toEqual({ type: 'phone', label: 'Phone number of the worker', requiredWhen: { prepaidCard: false } });
    expect(meta.example.workerPhone).toBe('0161 496 0000');
    expect(meta.fields.note).toBeUndefined();
    expect(meta.example.note).toBeUndefined();
    expect(Object.keys(meta.fields).slice(0, 2)).toEqual(['letterDate', 'reference']);
    expect(meta.fields.documents).toEqual(before.fields.documents); // a list: kept as written
    expect(meta.checks).toEqual(before.checks);
    expect(meta.examples).toEqual(before.examples);
    expect(sourceFromForm(source, form)).toContain('Now and then');
  });

  it('says what to fix in the form as sentences', () => {
    const form = formFromSource('---\nid: t\ntitle: T\nkind: letter\nfields: {}\n---\nHi\n');
    form.title = '';
    form.fields.push({ ...emptyFieldRow(), name: '2nd', type: 'enum', needed: 'when' }, { ...emptyFieldRow(), name: '' });
    expect(formProblems(form).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'title: Enter the title of the template',
      'f0_name: The name of field 1 must start with a letter and have only letters, digits and _, like replyBy',
      'f0_values: Enter the choices for field 1, one on each line',
      'f0_whenField: Enter the name of the field that makes field 1 needed',
      'f1_name: Enter a name for field 2, like replyBy',
    ]);
  });
});

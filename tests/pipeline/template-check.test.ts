/**
 * The one template check (`checkTemplate`): words put into a branch the example does not take
 * block it, named by the branch and by the line the editor shows; words in a branch no valid
 * data can take are caught in the source; partials are checked; generated examples respect
 * `requiredWhen`; the shipped financial checkup passes in every branch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import {
  type PipelineContext,
  checkTemplate,
  createPipelineContext,
  describeTemplateFinding,
  lintText,
  parseTemplate,
  templateRegistry,
} from '../../src/pipeline/index.js';

const FILE = 'templates/letters/financial-checkup.md';
const SOURCE = fs.readFileSync(path.join(PROJECT_ROOT, FILE), 'utf8');
const PREPAID = 'Your direct payment is paid on a prepaid card, so we can already see how the money was used.';
/** The report: "audit" and "misspent" in the prepaid-card branch. */
const BAD = SOURCE.replace(PREPAID, `${PREPAID} We will audit it and tell you if money was misspent.`);

let ctx: PipelineContext;
beforeAll(() => {
  ctx = createPipelineContext();
});

function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(text));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('checkTemplate', () => {
  it('the shipped financial checkup passes in every branch, with an example for each side', async () => {
    const template = ctx.templates.get('financial-checkup');
    const check = await checkTemplate(ctx, template);
    expect(check.ok).toBe(true);
    expect(check.summary.error + check.summary.warning).toBe(0);
    expect(check.pages).toBeGreaterThan(0);
    expect(check.unreached).toEqual([]);
    const names = check.examples.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['example', 'prepaid card']);
    expect(names).toContain('prepaidCard: true');
    expect(check.examples.every((e) => !e.skipped)).toBe(true);
  }, 60_000);

  it('words in a branch the example does not take block it, named by branch and whole-file line', async () => {
    expect(ctx.templates.get('financial-checkup').example.prepaidCard).toBe(false);
    const template = parseTemplate(BAD, FILE);
    const check = await checkTemplate(ctx, template);
    expect(check.ok).toBe(false);
    const line = lineOf(BAD, 'We will audit it');
    const errors = check.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.ruleId).sort()).toEqual(['lexicon/audit', 'lexicon/misspent']);
    for (const f of errors) {
      expect(f.branch).toBe('when prepaidCard is true');
      expect(f.start.line).toBe(line);
      expect(f.origin).toMatchObject({ kind: 'template', file: FILE, line });
      // Found by an example that takes the branch, not only by the source check.
      expect(['prepaid card', 'prepaidCard: true']).toContain(f.example);
    }
    // The same line and column as the editor's check of the source (whole file, front matter included).
    const editor = lintText(BAD, { format: 'template', profile: template.profile, kind: template.kind, lexicon: ctx.lexicon }).findings.find((f) => f.ruleId === 'lexicon/audit')!;
    const audit = errors.find((f) => f.ruleId === 'lexicon/audit')!;
    expect({ line: audit.start.line, column: audit.start.column }).toEqual({ line: editor.start.line, column: editor.start.column });
    expect(describeTemplateFinding(audit, FILE)).toBe(`"audit" on line ${line} (lexicon/audit) when prepaidCard is true`);
    // The old check (the example alone) saw nothing.
    expect(check.examples.find((e) => e.name === 'example')!.summary!.error).toBe(0);
  }, 60_000);

  it('a branch that no valid data takes is still checked, in the source', async () => {
    // "What to send" needs at least one item when it is given, so {{else}} of #each is never sent.
    const source = SOURCE.replace('{{#each documents}}\n- {{this}}\n{{/each}}', '{{#each documents}}\n- {{this}}\n{{else}}\nYour money may have been misspent.\n{{/each}}');
    expect(source).not.toBe(SOURCE);
    const check = await checkTemplate(ctx, parseTemplate(source, FILE));
    expect(check.ok).toBe(false);
    const misspent = check.findings.find((f) => f.ruleId === 'lexicon/misspent')!;
    expect(misspent.start.line).toBe(lineOf(source, 'may have been misspent'));
    expect(misspent.branch).toBe('when prepaidCard is false and documents is empty');
    expect(misspent.example).toBeUndefined();
    expect(check.unreached).toContain('when documents is empty');
  }, 60_000);

  it('checks the partials it includes, at their own lines', async () => {
    const partials = new Map(ctx.templates.partials);
    const contact = partials.get('contact')!;
    partials.set('contact', { ...contact, source: contact.source.replace('We are happy to talk things through.', 'We are happy to talk things through.\n\nFailure to reply may lead to an audit.') });
    const template = parseTemplate(SOURCE, FILE, { partials });
    const check = await checkTemplate({ ...ctx, templates: templateRegistry([template], partials) }, template);
    expect(check.ok).toBe(false);
    const audit = check.findings.find((f) => f.ruleId === 'lexicon/audit')!;
    expect(audit.origin).toMatchObject({ kind: 'template', file: contact.file, line: 5 });
    expect(audit.start.line).toBe(5);
    expect(describeTemplateFinding(audit, FILE)).toContain(`on line 5 of ${contact.file}`);
  }, 60_000);

  it('generated examples respect requiredWhen: the prepaid-card one has no "What to send"', async () => {
    const template = ctx.templates.get('financial-checkup');
    const { branchExamples } = await import('../../src/templates/index.js');
    const examples = branchExamples(template, template.branches.conditions);
    const prepaid = examples.find((e) => e.name === 'prepaidCard: true')!;
    expect(prepaid.data.prepaidCard).toBe(true);
    expect('documents' in prepaid.data).toBe(false);
    expect(template.validate(prepaid.data).ok).toBe(true);
    for (const example of examples) expect(template.validate(example.data).ok).toBe(true);
  });
});

/**
 * `plainly templates list [--format json]`, `plainly templates check`,
 * `plainly templates show <template-id> [--format json]`.
 * `check` runs the one template check (`checkTemplate`, as publishing does): every example
 * and every branch, page rules included, and the source and partials. Exit 1 when any
 * template has an error finding in any branch or cannot be loaded; 2 for usage or
 * configuration errors.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { type FieldSpec, type Template, type TemplateFinding, checkTemplateFolder, scanTemplateFolder } from '../../app/index.js';
import { loadConfig } from '../../core/index.js';
import { type CliContext, usageError } from '../io.js';
import { notAppliedLine, registerRenderCommand } from './render.js';

const FormatSchema = z.object({
  format: z.enum(['text', 'json'], { error: '--format must be text or json' }).default('text'),
  templates: z.string().min(1).optional(),
  lexicon: z.string().min(1).optional(),
});

/**
 * One finding of a template check: where it is in the file (as an editor numbers lines), the
 * branch it is in and the example that showed it.
 */
export function formatTemplateFinding(finding: TemplateFinding): string {
  const where =
    finding.origin?.kind === 'template'
      ? `${finding.origin.file}:${finding.start.line}:${finding.start.column}`
      : finding.origin?.kind === 'data'
        ? `example ${JSON.stringify(finding.example ?? 'example')}, field ${finding.origin.path}`
        : `example ${JSON.stringify(finding.example ?? 'example')}`;
  const actual = finding.actual ? ` "${finding.actual.slice(0, 60)}"` : '';
  const branch = finding.branch ? ` (${finding.branch})` : '';
  const instead = finding.expected.length ? ` Try: ${finding.expected.map((e) => `"${e}"`).join(' or ')}.` : '';
  return `${where} ${finding.severity} ${finding.ruleId}${actual}${branch}: ${finding.reason}${instead}`;
}

/** A field list for people: `recipient.address (address)`. */
function fieldLines(fields: Record<string, FieldSpec>, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([name, spec]) => {
    const here = `${prefix}${name}`;
    const when = spec.requiredWhen ? `, required when ${Object.entries(spec.requiredWhen).map(([k, v]) => `${k} is ${Array.isArray(v) ? v.join(' or ') : String(v)}`).join(' and ')}` : '';
    const line = `${here} (${spec.type}${spec.type === 'list' ? ` of ${spec.of.type}` : ''}${spec.optional ? ', optional' : ''}${when})${spec.label ? ` — ${spec.label}` : ''}`;
    if (spec.type === 'object') return [line, ...fieldLines(spec.fields, `${here}.`)];
    if (spec.type === 'list' && spec.of.type === 'object') return [line, ...fieldLines(spec.of.fields, `${here}.*.`)];
    return [line];
  });
}

function summary(template: Template) {
  return { id: template.id, title: template.title, kind: template.kind, profile: template.profile, layout: template.layout, lang: template.lang, description: template.description, version: template.version, fields: template.fields };
}

/** Registers `plainly render` and `plainly templates …` (one registrar for both: they share the pipeline). */
export function registerRenderAndTemplatesCommands(program: Command, context: CliContext): void {
  registerRenderCommand(program, context);
  registerTemplatesCommand(program, context);
}

/** Registers `plainly templates …`. */
export function registerTemplatesCommand(program: Command, context: CliContext): void {
  const group = program.command('templates').description('List, show and check the document templates');
  const dirOf = (raw: { templates?: string }) => (raw.templates ? path.resolve(context.io.cwd, raw.templates) : loadConfig().templatesDir);

  group
    .command('list')
    .description('List the templates (id, title, kind, profile, language, fields)')
    .option('--format <format>', 'text or json', 'text')
    .option('--templates <dir>', 'templates folder (default: templates/)')
    .action((raw: unknown) => {
      const parsed = FormatSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((i) => i.message).join('; '));
      const { templates, problems } = scanTemplateFolder(dirOf(parsed.data));
      if (parsed.data.format === 'json') {
        context.io.stdout(JSON.stringify({ templates: templates.map(summary), problems }, null, 2) + '\n');
      } else {
        for (const t of templates) {
          context.io.stdout(`${t.id}\n  ${t.title}\n  ${t.kind}, ${t.profile}, ${t.layout} layout, lang ${t.lang}\n  fields: ${Object.keys(t.fields).join(', ')}\n`);
        }
        for (const p of problems) context.io.stderr(`${p.file}: could not be loaded: ${p.message}\n`);
      }
      context.exitCode = problems.length ? 1 : 0;
    });

  group
    .command('show')
    .description('Show one template: its fields and example data')
    .argument('<template-id>')
    .option('--format <format>', 'text or json', 'text')
    .option('--templates <dir>', 'templates folder (default: templates/)')
    .action((id: string, raw: unknown) => {
      const parsed = FormatSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((i) => i.message).join('; '));
      const t = scanTemplateFolder(dirOf(parsed.data)).get(id);
      if (parsed.data.format === 'json') {
        context.io.stdout(JSON.stringify({ ...summary(t), file: t.file, checks: t.checks, partials: t.partials, example: t.example, examples: t.examples }, null, 2) + '\n');
      } else {
        context.io.stdout(`${t.id}: ${t.title}\n${t.description ? t.description + '\n' : ''}kind ${t.kind}, profile ${t.profile}, layout ${t.layout}, lang ${t.lang}, version ${t.version}\nfile: ${t.file}\n\nFields:\n${fieldLines(t.fields).map((l) => '  ' + l).join('\n')}\n`);
        if (t.checks.length) context.io.stdout(`\nChecks:\n${t.checks.map((c) => '  ' + JSON.stringify(c)).join('\n')}\n`);
        context.io.stdout(`\nExample data:\n${JSON.stringify(t.example, null, 2)}\n`);
        for (const [name, data] of Object.entries(t.examples)) context.io.stdout(`\nExample "${name}":\n${JSON.stringify(data, null, 2)}\n`);
      }
      context.exitCode = 0;
    });

  group
    .command('check')
    .description('Check every template in every branch: its examples, examples made for each {{#if}}/{{#unless}}/{{#each}}, and its source (exit 1 on any error finding)')
    .option('--templates <dir>', 'templates folder (default: templates/)')
    .option('--lexicon <dir>', 'lexicon folder (default: lexicon/)')
    .action(async (raw: unknown) => {
      const parsed = FormatSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((i) => i.message).join('; '));
      const io = context.io;
      const lexiconDir = parsed.data.lexicon ? path.resolve(io.cwd, parsed.data.lexicon) : loadConfig().lexiconDir;
      const { problems, checks } = await checkTemplateFolder({ templatesDir: dirOf(parsed.data), lexiconDir });
      let failed = problems.length;
      for (const p of problems) {
        io.stdout(`✗ ${p.file}: cannot be loaded\n`);
        for (const e of p.errors) io.stdout(`    ${e.path}: ${e.message}\n`);
      }
      for (const { template, check: result } of checks) {
        const { error, warning, suggestion } = result.summary;
        const used = result.examples.filter((e) => !e.skipped).length;
        io.stdout(`${error ? '✗' : '✓'} ${template.id} (${template.file}): ${error} errors, ${warning} warnings, ${suggestion} suggestions${result.pages ? `, ${result.pages} page${result.pages === 1 ? '' : 's'}` : ''}; ${used} example${used === 1 ? '' : 's'}\n`);
        for (const finding of result.findings.filter((f) => f.severity !== 'suggestion')) io.stdout(`    ${formatTemplateFinding(finding)}\n`);
        if (result.unreached.length) io.stdout(`    No example takes these branches; their words were checked in the source only: ${result.unreached.join('; ')}.\n`);
        if (result.notApplied.length) io.stdout(`    ${notAppliedLine(template.lang, result.notApplied)}\n`);
        if (error) failed++;
      }
      io.stdout(`${checks.length + problems.length} templates checked; ${failed} with errors.\n`);
      context.exitCode = failed ? 1 : 0;
    });
}

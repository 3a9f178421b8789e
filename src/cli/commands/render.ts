/**
 * `plainly render <template-id> (--data FILE.json | --example) [--format pdf|html|text]
 *  [--out FILE] [--draft]`
 * Exit 0: written; 1: blocked by error findings (printed); 2: bad data or usage (every bad
 * field named).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { renderFromFolders } from '../../app/index.js';
import { AppError, type Finding, OUTPUT_FORMATS } from '../../core/index.js';
import { type CliContext, usageError } from '../io.js';

const MAX_DATA_BYTES = 5 * 1024 * 1024;

const OptionsSchema = z.object({
  data: z.string().min(1, '--data needs a JSON file').optional(),
  example: z.boolean().optional(),
  format: z.enum(OUTPUT_FORMATS, { error: `--format must be one of ${OUTPUT_FORMATS.join(', ')}` }).default('pdf'),
  out: z.string().min(1, '--out needs a file name').optional(),
  draft: z.boolean().optional(),
  templates: z.string().min(1).optional(),
  lexicon: z.string().min(1).optional(),
  branding: z.string().min(1).optional(),
});

/** One finding as a line a person can act on: where, what, why, and what to write instead. */
export function formatFinding(finding: Finding): string {
  const where = finding.origin
    ? finding.origin.kind === 'data'
      ? ` (from the data field ${finding.origin.path})`
      : ` (template ${finding.origin.file}:${finding.origin.line}:${finding.origin.column})`
    : '';
  const instead = finding.expected.length ? ` Try: ${finding.expected.map((e) => `"${e}"`).join(' or ')}.` : '';
  const actual = finding.actual ? ` "${finding.actual.slice(0, 60)}"` : '';
  return `${finding.start.line}:${finding.start.column} ${finding.severity} ${finding.ruleId}${actual}${where}: ${finding.reason}${instead}`;
}

/** Says which checks were not run, and why (they work only in English). */
export function notAppliedLine(lang: string, ruleIds: readonly string[]): string {
  return `Not checked (these rules work only in English; this document is in "${lang}"): ${ruleIds.join(', ')}.`;
}

function readData(file: string, shown: string): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${shown}: the data file could not be read`, { location: { file: shown } });
  }
  if (bytes.length > MAX_DATA_BYTES) throw new AppError('INPUT_TOO_LARGE', `${shown}: the data file is larger than 5 MB`, { location: { file: shown } });
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new AppError('INPUT_UNREADABLE', `${shown}: not valid JSON (${(error as Error).message})`, { location: { file: shown } });
  }
}

/** Registers `plainly render`. */
export function registerRenderCommand(program: Command, context: CliContext): void {
  program
    .command('render')
    .description('Render a document from a template and data (a final document is refused while it has error findings)')
    .argument('<template-id>', 'the template id (see "plainly templates list")')
    .option('--data <file>', 'the data, as a JSON file')
    .option('--example', "use the template's example data")
    .option('--format <format>', 'pdf, html or text', 'pdf')
    .option('--out <file>', 'where to write it (default: a file named after the template in this folder)')
    .option('--draft', 'render even with error findings, marked "DRAFT — not checked"')
    .option('--templates <dir>', 'templates folder (default: templates/)')
    .option('--lexicon <dir>', 'lexicon folder (default: lexicon/)')
    .option('--branding <file>', 'branding file (default: config/branding.yml)')
    .action(async (templateId: string, raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const options = parsed.data;
      if (Boolean(options.data) === Boolean(options.example)) usageError('Give either --data FILE.json or --example (one of them).');
      const io = context.io;
      const resolve = (p?: string) => (p ? path.resolve(io.cwd, p) : undefined);
      const outcome = await renderFromFolders(
        { templatesDir: resolve(options.templates), lexiconDir: resolve(options.lexicon), brandingFile: resolve(options.branding) },
        templateId,
        options.example ? 'example' : () => readData(resolve(options.data)!, options.data!),
        { format: options.format, draft: options.draft },
      );
      if (outcome.status === 'blocked') {
        for (const finding of outcome.findings.filter((f) => f.severity === 'error')) io.stdout(formatFinding(finding) + '\n');
        io.stderr(`plainly: ${outcome.message}\n`);
        context.exitCode = 1;
        return;
      }
      const doc = outcome.document;
      const out = resolve(options.out) ?? path.join(io.cwd, doc.filename);
      fs.writeFileSync(out, doc.body);
      const notes = doc.findings.filter((f) => f.severity !== 'suggestion');
      for (const finding of notes) io.stderr(formatFinding(finding) + '\n');
      io.stderr(`Wrote ${path.relative(io.cwd, out) || out} (${doc.format}${doc.pages ? `, ${doc.pages} page${doc.pages === 1 ? '' : 's'}` : ''}${doc.draft ? ', draft' : ''}; ${doc.summary.error} errors, ${doc.summary.warning} warnings, ${doc.summary.suggestion} suggestions).\n`);
      if (doc.notApplied.length) io.stderr(notAppliedLine(doc.template.lang, doc.notApplied) + '\n');
      context.exitCode = 0;
    });
}

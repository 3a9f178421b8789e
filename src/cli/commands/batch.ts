/**
 * `plainly batch <template-id> <file.csv|file.xlsx> --out <dir|file.zip>`: letters from a
 * spreadsheet. Every row is checked before anything renders; progress goes to stderr (a bar
 * on a terminal, a line now and then otherwise); the summary of produced / held back /
 * invalid rows goes to stdout.
 * Exit 0: every row produced; 1: some row was not produced; 2: the input cannot be used.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../core/index.js';
import { type BatchProgress, type BatchResult, runFileBatch, type ValidationReport } from '../../app/batch-file.js';
import { type CliContext, type CliIO, usageError } from '../io.js';

export { loadBatchTemplate } from '../../app/batch-file.js';

const OptionsSchema = z.object({
  out: z.string({ error: '--out is needed: a folder, or a file ending .zip' }).min(1, '--out is needed: a folder, or a file ending .zip'),
  map: z.array(z.string()).default([]),
  print: z.boolean().default(false),
  threads: z
    .string()
    .regex(/^\d+$/, '--threads must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 64, '--threads must be from 1 to 64')
    .optional(),
  templates: z.string().min(1).optional(),
  lexicon: z.string().min(1).optional(),
  branding: z.string().min(1).optional(),
});

/** Parses `--map "Heading=field.path"` options into a heading → field mapping. */
export function parseMappings(values: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf('=');
    if (at <= 0 || at === value.length - 1) usageError(`--map "${value}" should be written "Heading=field", e.g. --map "Client name=recipient.name".`);
    mapping[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return mapping;
}

const n = (value: number) => value.toLocaleString('en-GB');

/** Draws progress on stderr: a bar on a terminal, otherwise a line every 10% (or 5 seconds). */
export function progressReporter(io: CliIO): { update: (progress: BatchProgress) => void; end: () => void } {
  let lastLine = 0;
  let lastPercent = -1;
  let drawn = false;
  return {
    update(progress) {
      const now = Date.now();
      if (progress.phase === 'validating') {
        if (io.isTTY && now - lastLine > 100) {
          io.stderr(`\rChecking rows: ${n(progress.done)} read`);
          drawn = true;
          lastLine = now;
        }
        return;
      }
      if (progress.phase !== 'rendering' || !progress.total) return;
      const percent = Math.floor((progress.done / progress.total) * 100);
      if (io.isTTY) {
        if (now - lastLine < 100 && progress.done !== progress.total) return;
        const width = 30;
        const filled = Math.round((progress.done / progress.total) * width);
        io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${n(progress.done)}/${n(progress.total)} letters   `);
        drawn = true;
        lastLine = now;
      } else if (percent >= lastPercent + 10 || now - lastLine > 5000 || progress.done === progress.total) {
        if (percent === lastPercent && progress.done !== progress.total) return;
        io.stderr(`Letters: ${n(progress.done)} of ${n(progress.total)} (${percent}%)\n`);
        lastPercent = percent;
        lastLine = now;
      }
    },
    end() {
      if (drawn) io.stderr('\n');
      drawn = false;
    },
  };
}

/** The report people read after a batch. */
export function formatSummary(result: BatchResult): string {
  const report: ValidationReport = result.validation;
  const lines: string[] = [];
  const encoding = report.encoding ? `, ${report.encoding.encoding === 'utf-8' ? 'UTF-8' : report.encoding.encoding}` : '';
  lines.push(`Read ${report.file} (${report.format.toUpperCase()}${encoding}): ${n(report.total)} ${report.total === 1 ? 'row' : 'rows'} of letters.`);
  for (const note of report.notes) lines.push(note);
  if (report.invalid > 0) {
    lines.push('', `${n(report.invalid)} ${report.invalid === 1 ? 'row has problems and was' : 'rows have problems and were'} not made into letters:`);
    for (const group of report.summary) lines.push(`  - ${group.text}`);
    lines.push('  Every problem is listed in problems.csv (row, column, problem).');
  }
  if (result.held > 0) {
    lines.push('', `${n(result.held)} ${result.held === 1 ? 'letter was' : 'letters were'} held back: the wording must change before ${result.held === 1 ? 'it is' : 'they are'} sent. See held-back.csv and the reason in manifest.csv.`);
  }
  lines.push('', `Produced ${n(result.produced)}, held back ${n(result.held)}, invalid ${n(result.invalid)} (of ${n(result.total)} rows).`, `Written to ${result.output}`);
  return lines.join('\n') + '\n';
}

/** Registers `plainly batch`. */
export function registerBatchCommand(program: Command, context: CliContext): void {
  program
    .command('batch')
    .description('Make letters from a spreadsheet (CSV or XLSX): every row checked first, each letter linted, PDFs in a folder or ZIP with a manifest')
    .argument('<template-id>', 'the template to fill (see "plainly templates list")')
    .argument('<file>', 'the spreadsheet: .csv or .xlsx, a heading row naming the fields, then one row per letter')
    .option('--out <dir|file.zip>', 'where to write the letters: a new or empty folder, or a file ending .zip')
    .option('--map <heading=field>', 'use a column for a field when its heading does not match (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--print', 'also write print.pdf: every letter in one file, each starting on an odd page for duplex printing')
    .option('--threads <n>', 'worker threads (default: one per CPU core)')
    .option('--templates <dir>', 'templates folder (default: templates/ of this project)')
    .option('--lexicon <dir>', 'lexicon folder (default: lexicon/ of this project)')
    .option('--branding <file>', 'council branding file (default: config/branding.yml)')
    .action(async (templateId: string, file: string, raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const options = parsed.data;
      const config = loadConfig();
      const resolve = (value: string | undefined, fallback: string) => (value ? path.resolve(context.io.cwd, value) : fallback);
      const mapping = parseMappings(options.map);
      const progress = progressReporter(context.io);
      let result: BatchResult;
      try {
        result = await runFileBatch({
          templateId,
          file: { path: path.resolve(context.io.cwd, file), name: file },
          out: path.resolve(context.io.cwd, options.out),
          templatesDir: resolve(options.templates, config.templatesDir),
          lexiconDir: resolve(options.lexicon, config.lexiconDir),
          brandingFile: resolve(options.branding, config.brandingFile),
          mapping,
          threads: options.threads,
          print: options.print,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.end();
      }
      context.io.stdout(formatSummary(result));
      context.exitCode = result.produced === result.total ? 0 : 1;
    });
}

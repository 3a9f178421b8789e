/**
 * `plainly lint [--profile standard|easy-read] [--format text|json] [--lexicon DIR] <file...|->`
 * Exit 0: no error findings; 1: at least one error finding; 2: usage or configuration error.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError, DOCUMENT_KINDS, type Finding, loadConfig, PROFILES, type DocumentKind, type Profile } from '../../core/index.js';
import { loadCheckedLexicon } from '../../pipeline/index.js';
import { lintText, type LintResult } from '../../pipeline/index.js';
import { type CliContext, usageError } from '../io.js';

/** Files larger than this are refused: no letter or guide comes near it, and lint must stay fast. */
export const MAX_LINT_INPUT_BYTES = 2 * 1024 * 1024;

const OptionsSchema = z.object({
  profile: z.enum(PROFILES, { error: `--profile must be one of ${PROFILES.join(', ')}` }).optional(),
  format: z.enum(['text', 'json'], { error: '--format must be text or json' }).default('text'),
  lexicon: z.string().min(1, '--lexicon needs a folder').optional(),
});

const decoder = new TextDecoder('utf-8', { fatal: true });

function tooLarge(bytes: number, shown: string): AppError {
  return new AppError('INPUT_TOO_LARGE', `${shown}: the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; plainly lint reads files up to ${MAX_LINT_INPUT_BYTES / 1024 / 1024} MB`, { location: { file: shown } });
}

/**
 * Turns the bytes of one input into text, refusing what is not a text file.
 * @throws AppError INPUT_UNREADABLE (empty, binary, not UTF-8) or INPUT_TOO_LARGE, naming the file.
 */
export function decodeInput(bytes: Buffer, shown: string): string {
  if (bytes.length > MAX_LINT_INPUT_BYTES) throw tooLarge(bytes.length, shown);
  if (bytes.length === 0) throw new AppError('INPUT_UNREADABLE', `${shown}: the file is empty; there is nothing to check`, { location: { file: shown } });
  if (bytes.includes(0)) throw new AppError('INPUT_UNREADABLE', `${shown}: this is a binary file, not text; plainly lint reads .txt, .md and template files`, { location: { file: shown } });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${shown}: the file is not valid UTF-8 text (save it as UTF-8 and try again)`, { location: { file: shown } });
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new AppError('INPUT_UNREADABLE', `${shown}: the file has only spaces or blank lines; there is nothing to check`, { location: { file: shown } });
  return text;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** How to read a file: templates (front matter or Handlebars), Markdown, or plain text. */
export function inputFormat(file: string, text: string): 'text' | 'markdown' | 'template' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.hbs' || ext === '.handlebars' || FRONT_MATTER.test(text)) return 'template';
  if (ext === '.md' || ext === '.markdown') return /\{\{[\s\S]*?\}\}/.test(text) ? 'template' : 'markdown';
  return 'text';
}

/** A template's own kind, profile and language, from its front matter (when it has them). */
export function templateSettings(text: string): { kind?: DocumentKind; profile?: Profile; lang?: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return {};
  try {
    const data = parseYaml(match[1]) as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return {};
    const out: { kind?: DocumentKind; profile?: Profile; lang?: string } = {};
    if ((DOCUMENT_KINDS as readonly unknown[]).includes(data.kind)) out.kind = data.kind as DocumentKind;
    if ((PROFILES as readonly unknown[]).includes(data.profile)) out.profile = data.profile as Profile;
    if (typeof data.lang === 'string') out.lang = data.lang;
    return out;
  } catch {
    // Front matter that is not valid YAML is for `plainly templates check` to report; lint reads the body.
    return {};
  }
}

/** One text-output line: `file:line:col severity reason ruleId`. */
export function formatFindingLine(file: string, finding: Finding): string {
  const reason = finding.reason.replace(/\s+/g, ' ').trim();
  const hint = finding.expected.length > 0 ? ` Try ${finding.expected.map((e) => `“${e}”`).join(' or ')}.` : '';
  return `${file}:${finding.start.line}:${finding.start.column} ${finding.severity} ${reason}${hint} ${finding.ruleId}`;
}

interface Input {
  path: string;
  text: string;
}

async function readInputs(files: string[], context: CliContext): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const file of files) {
    if (file === '-') {
      inputs.push({ path: '-', text: decodeInput(await context.io.readStdin(), 'standard input') });
      continue;
    }
    const full = path.resolve(context.io.cwd, file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new AppError('INPUT_UNREADABLE', `${file}: there is no such file`, { location: { file } });
    }
    if (stat.isDirectory()) throw new AppError('INPUT_UNREADABLE', `${file}: this is a folder; give the files to check`, { location: { file } });
    // Refuse a huge file before reading it into memory.
    if (stat.size > MAX_LINT_INPUT_BYTES) throw tooLarge(stat.size, file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(full);
    } catch {
      throw new AppError('INPUT_UNREADABLE', `${file}: the file cannot be read (check its permissions)`, { location: { file } });
    }
    inputs.push({ path: file, text: decodeInput(bytes, file) });
  }
  return inputs;
}

/** Registers `plainly lint`. */
export function registerLintCommand(program: Command, context: CliContext): void {
  program
    .command('lint')
    .description('Check letters, guides and templates for plain, respectful language')
    .argument('<files...>', '.txt, .md or template files; - reads standard input')
    .option('--profile <profile>', `writing profile: ${PROFILES.join(' or ')} (default: the template's own, else standard)`)
    .option('--format <format>', 'output: text or json', 'text')
    .option('--lexicon <dir>', 'lexicon folder (default: the lexicon/ folder of this project)')
    .action(async (files: string[], raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const options = parsed.data;
      const lexiconDir = options.lexicon ? path.resolve(context.io.cwd, options.lexicon) : loadConfig().lexiconDir;
      const inputs = await readInputs(files, context);
      const { compiled } = loadCheckedLexicon(lexiconDir);
      const results: Array<{ path: string; result: LintResult }> = [];
      for (const input of inputs) {
        const format = inputFormat(input.path, input.text);
        const settings = format === 'template' ? templateSettings(input.text) : {};
        const result = lintText(input.text, {
          profile: options.profile ?? settings.profile ?? 'standard',
          kind: settings.kind,
          lang: settings.lang,
          lexicon: compiled,
          format,
        });
        results.push({ path: input.path, result });
      }
      if (options.format === 'json') {
        const files = results.map(({ path: file, result }) => ({ path: file, findings: result.findings, summary: result.summary, readability: result.readability, notApplied: result.notApplied }));
        context.io.stdout(JSON.stringify({ files }, null, 2) + '\n');
      } else {
        for (const { path: file, result } of results) for (const finding of result.findings) context.io.stdout(formatFindingLine(file, finding) + '\n');
        const total = { error: 0, warning: 0, suggestion: 0 };
        for (const { result } of results) {
          total.error += result.summary.error;
          total.warning += result.summary.warning;
          total.suggestion += result.summary.suggestion;
        }
        const count = total.error + total.warning + total.suggestion;
        context.io.stderr(
          count === 0
            ? `${results.length} ${results.length === 1 ? 'file' : 'files'} checked: nothing to change.\n`
            : `${count} ${count === 1 ? 'finding' : 'findings'} (${total.error} ${total.error === 1 ? 'error' : 'errors'}, ${total.warning} ${total.warning === 1 ? 'warning' : 'warnings'}, ${total.suggestion} ${total.suggestion === 1 ? 'suggestion' : 'suggestions'})${total.error > 0 ? ': errors must be fixed before sending' : ''}.\n`,
        );
      }
      context.exitCode = results.some(({ result }) => result.summary.error > 0) ? 1 : 0;
    });
}

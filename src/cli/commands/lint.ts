/**
 * `plainly lint [--profile standard|easy-read] [--kind KIND] [--format text|json] [--lexicon DIR] <file|folder|pattern...|->`
 * Exit 0: no error findings; 1: at least one error finding; 2: usage or configuration error, or
 * Markdown past a limit (INPUT_LIMIT_EXCEEDED, naming the limit and file:line:col).
 *
 * Files, folders (every .md, .markdown, .txt, .hbs and .handlebars file inside, at any depth)
 * and glob patterns ("templates/**\/*.md", expanded here, so a quoted pattern or a shell
 * without globstar still finds every file).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { z } from 'zod';
import { AppError, assertMarkdownWithinLimits, DOCUMENT_KINDS, type Finding, frontMatterText, loadConfig, PROFILES, type DocumentKind, type Profile, readFrontMatter } from '../../core/index.js';
import { loadCheckedLexicon } from '../../pipeline/index.js';
import { lintText, type LintResult } from '../../pipeline/index.js';
import { type CliContext, usageError } from '../io.js';

/** Files larger than this are refused: no letter or guide comes near it, and lint must stay fast. */
export const MAX_LINT_INPUT_BYTES = 2 * 1024 * 1024;

const OptionsSchema = z.object({
  profile: z.enum(PROFILES, { error: `--profile must be one of ${PROFILES.join(', ')}` }).optional(),
  kind: z.enum(DOCUMENT_KINDS, { error: `--kind must be one of ${DOCUMENT_KINDS.join(', ')}` }).optional(),
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

// Handlebars syntax: a file with it is template source, whatever its extension.
const HANDLEBARS = /\{\{[\s\S]*?\}\}/;

/**
 * How to read a file. A template (YAML front matter, Handlebars syntax, or a .hbs/.handlebars
 * file) is Markdown with its front matter skipped and its placeholders opaque; other `.md` and
 * `.markdown` files are Markdown (prose only); anything else is plain text.
 */
export function inputFormat(file: string, text: string): 'text' | 'markdown' | 'template' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.hbs' || ext === '.handlebars' || frontMatterText(text) !== undefined || HANDLEBARS.test(text)) return 'template';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  return 'text';
}

/** A template's own kind, profile and language, from its front matter (when it has them). */
export function templateSettings(text: string): { kind?: DocumentKind; profile?: Profile; lang?: string } {
  const data = readFrontMatter(text);
  // Front matter that is not valid YAML is for `plainly templates check` to report; lint reads the body.
  if (!data) return {};
  const out: { kind?: DocumentKind; profile?: Profile; lang?: string } = {};
  if ((DOCUMENT_KINDS as readonly unknown[]).includes(data.kind)) out.kind = data.kind as DocumentKind;
  if ((PROFILES as readonly unknown[]).includes(data.profile)) out.profile = data.profile as Profile;
  if (typeof data.lang === 'string') out.lang = data.lang;
  return out;
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

/** The extensions `plainly lint` reads inside a folder. */
export const LINTABLE_EXTENSIONS = ['md', 'markdown', 'txt', 'hbs', 'handlebars'];

/**
 * The files an argument names: itself; every lintable file in a folder, at any depth; or every
 * file a glob pattern matches. Paths are shown as the user would type them (relative to cwd when
 * given relative), in a stable sorted order.
 * @throws AppError INPUT_UNREADABLE when nothing is there or nothing matches.
 */
export function expandArgument(argument: string, cwd: string): string[] {
  const full = path.resolve(cwd, argument);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(full);
  } catch {
    stat = undefined;
  }
  const shown = (file: string) => (path.isAbsolute(argument) ? path.resolve(cwd, file) : path.relative(cwd, path.resolve(cwd, file)) || file);
  if (stat?.isDirectory()) {
    const files = globSync(`**/*.{${LINTABLE_EXTENSIONS.join(',')}}`, { cwd: full, onlyFiles: true, ignore: ['**/node_modules/**'] }).sort();
    if (files.length === 0) throw new AppError('INPUT_UNREADABLE', `${argument}: this folder has no ${LINTABLE_EXTENSIONS.map((e) => `.${e}`).join(', ')} files to check`, { location: { file: argument } });
    return files.map((file) => shown(path.join(full, file)));
  }
  if (stat) return [argument];
  if (isDynamicPattern(argument)) {
    const files = globSync(argument, { cwd, onlyFiles: true, absolute: true, ignore: ['**/node_modules/**'] }).sort();
    if (files.length === 0) throw new AppError('INPUT_UNREADABLE', `${argument}: no files match this pattern`, { location: { file: argument } });
    return files.map(shown);
  }
  throw new AppError('INPUT_UNREADABLE', `${argument}: there is no such file`, { location: { file: argument } });
}

async function readInputs(args: string[], context: CliContext): Promise<Input[]> {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const argument of args) {
    if (argument === '-') {
      inputs.push({ path: '-', text: decodeInput(await context.io.readStdin(), 'standard input') });
      continue;
    }
    for (const file of expandArgument(argument, context.io.cwd)) {
      const full = path.resolve(context.io.cwd, file);
      // The same file named twice (a folder and a pattern that both hold it) is checked once.
      if (seen.has(full)) continue;
      seen.add(full);
      inputs.push({ path: file, text: readInput(full, file) });
    }
  }
  return inputs;
}

/** Reads one file named on the command line, refusing what is not a text file we can check. */
function readInput(full: string, file: string): string {
  // Refuse a huge file before reading it into memory.
  const size = fs.statSync(full).size;
  if (size > MAX_LINT_INPUT_BYTES) throw tooLarge(size, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${file}: the file cannot be read (check its permissions)`, { location: { file } });
  }
  return decodeInput(bytes, file);
}

/** Registers `plainly lint`. */
export function registerLintCommand(program: Command, context: CliContext): void {
  program
    .command('lint')
    .description('Check letters, guides and templates for plain, respectful language')
    .argument('<files...>', '.txt, .md or template files, folders (every such file inside) or patterns like "templates/**/*.md"; - reads standard input')
    .option('--profile <profile>', `writing profile: ${PROFILES.join(' or ')} (default: the template's own, else standard)`)
    .option('--kind <kind>', `kind of document: ${DOCUMENT_KINDS.join(', ')} (default: the template's own; for other files, every lexicon entry applies)`)
    .option('--format <format>', 'output: text or json', 'text')
    .option('--lexicon <dir>', 'lexicon folder (default: the lexicon/ folder of this project)')
    .action(async (files: string[], raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const options = parsed.data;
      const lexiconDir = options.lexicon ? path.resolve(context.io.cwd, options.lexicon) : loadConfig().lexiconDir;
      const inputs = await readInputs(files, context);
      const { compiled } = loadCheckedLexicon(lexiconDir);
      const results: Array<{ path: string; read: { format: 'text' | 'markdown' | 'template'; profile: Profile; kind?: DocumentKind }; result: LintResult }> = [];
      for (const input of inputs) {
        const format = inputFormat(input.path, input.text);
        // Markdown past the limits is refused (exit 2) naming file:line:col, before any parse.
        if (format !== 'text') assertMarkdownWithinLimits(input.text, input.path);
        const settings = format === 'template' ? templateSettings(input.text) : {};
        const read = { format, profile: options.profile ?? settings.profile ?? 'standard', kind: options.kind ?? settings.kind };
        const result = lintText(input.text, { ...read, lang: settings.lang, lexicon: compiled });
        results.push({ path: input.path, read, result });
      }
      if (options.format === 'json') {
        // `kind` is null when no kind applies: then every lexicon entry is used.
        const files = results.map(({ path: file, read, result }) => ({ path: file, format: read.format, profile: read.profile, kind: read.kind ?? null, findings: result.findings, summary: result.summary, readability: result.readability, notApplied: result.notApplied }));
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

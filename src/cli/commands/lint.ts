/**
 * `plainly lint [--profile standard|easy-read] [--kind KIND] [--format text|json] [--lexicon DIR] [--report FILE] <file|folder|pattern...|->`
 * Exit 0: no error findings; 1: at least one error finding; 2: usage or configuration error, or
 * nothing could be read (every file named was missing, empty, damaged, too large, past a
 * Markdown limit...). A file that cannot be read is named on stderr and the others are still
 * checked.
 *
 * Files, folders (every .md, .markdown, .txt, .hbs, .handlebars, .docx, .pdf, .html and .htm
 * file inside, at any depth; .doc files too, to say to save them as .docx) and glob patterns
 * ("templates/**\/*.md", expanded here, so a quoted pattern or a shell without globstar still
 * finds every file). Word, PDF and HTML files are read into text by src/ingest/ (through
 * app/ingest.ts, loaded only when one is named) and their findings say where a person finds
 * them: page, nearest heading, paragraph. `--report FILE` writes one report over every file
 * (.html, .csv or .json by its extension) instead of a line per finding.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError, assertMarkdownWithinLimits, DOCUMENT_KINDS, type Finding, frontMatterText, loadSetting, PROFILES, type DocumentKind, type Profile, readFrontMatter } from '../../core/index.js';
import { folderLinter, type LintResult } from '../../app/lint-folder.js';
import { type CliContext, usageError } from '../io.js';
import { isAppError } from '../../core/index.js';

/** Files larger than this are refused: no letter or guide comes near it, and lint must stay fast. */
export const MAX_LINT_INPUT_BYTES = 2 * 1024 * 1024;

const OptionsSchema = z.object({
  profile: z.enum(PROFILES, { error: `--profile must be one of ${PROFILES.join(', ')}` }).optional(),
  kind: z.enum(DOCUMENT_KINDS, { error: `--kind must be one of ${DOCUMENT_KINDS.join(', ')}` }).optional(),
  format: z.enum(['text', 'json'], { error: '--format must be text or json' }).default('text'),
  lexicon: z.string().min(1, '--lexicon needs a folder').optional(),
  report: z.string().min(1, '--report needs a file name ending in .html, .csv or .json').optional(),
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

/** A file to check: text (read and decoded here) or a document (Word, PDF, HTML: read by ingest/). */
type Input = { path: string; text: string; document?: undefined } | { path: string; document: Buffer; text?: undefined };

/** A file that could not be read, and why (printed on stderr; the other files are still checked). */
interface Problem {
  path: string;
  code: string;
  message: string;
}

/** The extensions `plainly lint` reads inside a folder (.doc is there to be told to save it as .docx). */
export const LINTABLE_EXTENSIONS = ['md', 'markdown', 'txt', 'hbs', 'handlebars', 'docx', 'pdf', 'html', 'htm', 'doc'];

/** Word, PDF and HTML: read into blocks by ingest/, not as text. */
const DOCUMENT_FILE = /\.(docx|doc|pdf|html?|xhtml)$/i;

/** The largest Word, PDF or HTML file read (refused by its size before it is read). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * The files an argument names: itself; every lintable file in a folder, at any depth; or every
 * file a glob pattern matches. Paths are shown as the user would type them (relative to cwd when
 * given relative), in a stable sorted order. The glob library is loaded only for a folder or a
 * pattern: naming files (the usual case, from an editor or a hook) does not pay for it.
 * @throws AppError INPUT_UNREADABLE when nothing is there or nothing matches.
 */
export async function expandArgument(argument: string, cwd: string): Promise<string[]> {
  const full = path.resolve(cwd, argument);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(full);
  } catch {
    stat = undefined;
  }
  const shown = (file: string) => (path.isAbsolute(argument) ? path.resolve(cwd, file) : path.relative(cwd, path.resolve(cwd, file)) || file);
  if (stat?.isDirectory()) {
    const { globSync } = await import('tinyglobby');
    const files = globSync(`**/*.{${LINTABLE_EXTENSIONS.join(',')}}`, { cwd: full, onlyFiles: true, ignore: ['**/node_modules/**'], caseSensitiveMatch: false }).sort();
    if (files.length === 0) throw new AppError('INPUT_UNREADABLE', `${argument}: this folder has no ${LINTABLE_EXTENSIONS.map((e) => `.${e}`).join(', ')} files to check`, { location: { file: argument } });
    return files.map((file) => shown(path.join(full, file)));
  }
  if (stat) return [argument];
  const { globSync, isDynamicPattern } = await import('tinyglobby');
  if (isDynamicPattern(argument)) {
    const files = globSync(argument, { cwd, onlyFiles: true, absolute: true, ignore: ['**/node_modules/**'] }).sort();
    if (files.length === 0) throw new AppError('INPUT_UNREADABLE', `${argument}: no files match this pattern`, { location: { file: argument } });
    return files.map(shown);
  }
  throw new AppError('INPUT_UNREADABLE', `${argument}: there is no such file`, { location: { file: argument } });
}

/** The files the arguments name, each once, in order; what cannot be found or expanded is a problem. */
async function listInputs(args: string[], context: CliContext, problems: Problem[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const argument of args) {
    if (argument === '-') {
      files.push('-');
      continue;
    }
    let expanded: string[];
    try {
      expanded = await expandArgument(argument, context.io.cwd);
    } catch (error) {
      problems.push(problemOf(argument, error));
      continue;
    }
    for (const file of expanded) {
      const full = path.resolve(context.io.cwd, file);
      // The same file named twice (a folder and a pattern that both hold it) is checked once.
      if (seen.has(full)) continue;
      seen.add(full);
      files.push(file);
    }
  }
  return files;
}

function problemOf(file: string, error: unknown): Problem {
  if (!isAppError(error)) throw error;
  return { path: file, code: error.code, message: error.message };
}

/** Reads one file named on the command line, refusing what is too large before reading it. */
async function readInput(file: string, context: CliContext): Promise<Input> {
  if (file === '-') return { path: '-', text: decodeInput(await context.io.readStdin(), 'standard input') };
  const full = path.resolve(context.io.cwd, file);
  const document = DOCUMENT_FILE.test(file);
  const limit = document ? MAX_DOCUMENT_BYTES : MAX_LINT_INPUT_BYTES;
  // Refuse a huge file by its size, before reading it into memory.
  const size = fs.statSync(full).size;
  if (size > limit) {
    throw new AppError('INPUT_TOO_LARGE', `${file}: the file is ${(size / 1024 / 1024).toFixed(1)} MB; plainly lint reads ${document ? 'Word, PDF and HTML' : 'text'} files up to ${limit / 1024 / 1024} MB`, { location: { file } });
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    throw new AppError('INPUT_UNREADABLE', `${file}: the file cannot be read (check its permissions)`, { location: { file } });
  }
  return document ? { path: file, document: bytes } : { path: file, text: decodeInput(bytes, file) };
}

type IngestModule = typeof import('../../app/ingest.js');

/** What the command found in one file. */
interface Checked {
  path: string;
  read: { format: string; profile: Profile; kind?: DocumentKind };
  result: LintResult;
  /** Word, PDF and HTML: findings with where they are, and notes on how the file was read. */
  located?: Array<Finding & { where: { text: string }; sentence?: unknown }>;
  notes: string[];
  /** For the report: the findings with where they are and their sentences. */
  document?: import('../../app/ingest.js').CheckedDocument;
}

/**
 * Says how far a long run has got, on stderr: one line redrawn on a terminal, otherwise a line
 * every PROGRESS_EVERY files (so a log shows it is moving without filling up).
 */
export const PROGRESS_EVERY = 25;

function progress(context: CliContext, total: number): { tick: (done: number) => void; end: () => void } {
  if (total < PROGRESS_EVERY) return { tick: () => {}, end: () => {} };
  let drawn = false;
  return {
    tick: (done) => {
      if (context.io.isTTY) {
        context.io.stderr(`\rchecked ${done} of ${total} files`);
        drawn = true;
      } else if (done % PROGRESS_EVERY === 0 && done < total) {
        context.io.stderr(`checked ${done} of ${total} files\n`);
      }
    },
    end: () => {
      if (drawn) context.io.stderr('\r\x1b[K');
    },
  };
}

/** One text-output line for a finding in a Word, PDF or HTML file: `file (where) severity reason ruleId`. */
export function formatDocumentFindingLine(file: string, finding: Finding & { where: { text: string } }): string {
  const reason = finding.reason.replace(/\s+/g, ' ').trim();
  const hint = finding.expected.length > 0 ? ` Try ${finding.expected.map((e) => `“${e}”`).join(' or ')}.` : '';
  return `${file} (${finding.where.text}) ${finding.severity} ${reason}${hint} ${finding.ruleId}`;
}

/** Registers `plainly lint`. */
export function registerLintCommand(program: Command, context: CliContext): void {
  program
    .command('lint')
    .description('Check letters, guides and templates for plain, respectful language')
    .argument('<files...>', '.txt, .md, template, .docx, .pdf or .html files, folders (every such file inside) or patterns like "templates/**/*.md"; - reads standard input')
    .option('--profile <profile>', `writing profile: ${PROFILES.join(' or ')} (default: the template's own, else standard)`)
    .option('--kind <kind>', `kind of document: ${DOCUMENT_KINDS.join(', ')} (default: the template's own; for other files, every lexicon entry applies)`)
    .option('--format <format>', 'output: text or json', 'text')
    .option('--lexicon <dir>', 'lexicon folder (default: the lexicon/ folder of this project)')
    .option('--report <file>', 'write one report over every file instead: report.html, report.csv or report.json (by the extension)')
    .action(async (files: string[], raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('; '));
      const options = parsed.data;
      if (options.report !== undefined && !/\.(html?|csv|json)$/i.test(options.report)) usageError('--report needs a file ending in .html, .csv or .json (the extension says which kind of report)');
      const lexiconDir = options.lexicon ? path.resolve(context.io.cwd, options.lexicon) : loadSetting('lexiconDir');
      const problems: Problem[] = [];
      const names = await listInputs(files, context, problems);
      const linter = folderLinter(lexiconDir);
      // Word, PDF and HTML readers (mammoth, pdfjs) and the report load only when needed.
      let ingest: IngestModule | undefined;
      const loadIngest = async () => (ingest ??= await import('../../app/ingest.js'));
      const checked: Checked[] = [];
      const shown = progress(context, names.length);
      for (const [index, name] of names.entries()) {
        try {
          const input = await readInput(name, context);
          if (input.document) {
            const read = { format: 'text' as const, profile: options.profile ?? 'standard', kind: options.kind };
            const { checkDocument } = await loadIngest();
            let result: LintResult | undefined;
            const document = await checkDocument(input.document, input.path, async (text) => (result = await linter.lint(text, read)));
            checked.push({ path: input.path, read: { ...read, format: document.format }, result: result!, located: document.findings, notes: document.notes, document: options.report ? { ...document, text: '' } : undefined });
          } else {
            const format = inputFormat(input.path, input.text);
            // Markdown past the limits is refused naming file:line:col, before any parse.
            if (format !== 'text') assertMarkdownWithinLimits(input.text, input.path);
            const settings = format === 'template' ? templateSettings(input.text) : {};
            const read = { format, profile: options.profile ?? settings.profile ?? 'standard', kind: options.kind ?? settings.kind };
            const result = await linter.lint(input.text, { ...read, lang: settings.lang });
            let document: Checked['document'];
            if (options.report) {
              const { locateTextFindings } = await loadIngest();
              document = { name: input.path, status: 'checked', format, findings: locateTextFindings(input.text, result.findings), summary: result.summary, notes: [], words: result.readability.words, text: '' };
            }
            checked.push({ path: input.path, read, result, notes: [], document });
          }
        } catch (error) {
          problems.push(problemOf(name, error));
        }
        shown.tick(index + 1);
      }
      shown.end();
      // Every file that could not be read is named; the run fails (exit 2) only when none could.
      for (const problem of problems) context.io.stderr(`plainly: ${problem.message}\n`);
      if (checked.length === 0) {
        context.exitCode = 2;
        if (problems.length === 0) context.io.stderr('plainly: there was nothing to check\n');
        return;
      }
      if (options.report) {
        const { reportDocument, reportOf, REPORT_FORMATS } = await loadIngest();
        const documents = [...checked.map((item) => reportDocument(item.document!)), ...problems.map((problem) => ({ name: problem.path, status: 'unreadable' as const, message: problem.message }))];
        const write = REPORT_FORMATS[path.extname(options.report).toLowerCase() as keyof typeof REPORT_FORMATS];
        const target = path.resolve(context.io.cwd, options.report);
        try {
          fs.writeFileSync(target, write(reportOf(documents)));
        } catch {
          usageError(`--report ${options.report}: the report could not be written there (check the folder exists and can be written to)`);
        }
        context.io.stderr(`Report on ${checked.length} ${checked.length === 1 ? 'file' : 'files'} written to ${options.report}.\n`);
      } else if (options.format === 'json') {
        // `kind` is null when no kind applies: then every lexicon entry is used.
        const out = checked.map(({ path: file, read, result, located, notes }) => ({
          path: file,
          format: read.format,
          profile: read.profile,
          kind: read.kind ?? null,
          // The same finding shape as POST /api/lint: `where` for documents; the quoted sentence is for reports.
          findings: located ? located.map(({ sentence: _sentence, ...finding }) => finding) : result.findings,
          summary: result.summary,
          readability: result.readability,
          notApplied: result.notApplied,
          ...(located ? { notes } : {}),
        }));
        context.io.stdout(JSON.stringify(problems.length > 0 ? { files: out, unreadable: problems } : { files: out }, null, 2) + '\n');
      } else {
        for (const { path: file, result, located, notes } of checked) {
          for (const note of notes) context.io.stdout(`${file}: note: ${note}\n`);
          if (located) for (const finding of located) context.io.stdout(formatDocumentFindingLine(file, finding) + '\n');
          else for (const finding of result.findings) context.io.stdout(formatFindingLine(file, finding) + '\n');
        }
      }
      if (!options.report || options.format === 'text') {
        const total = { error: 0, warning: 0, suggestion: 0 };
        for (const { result } of checked) {
          total.error += result.summary.error;
          total.warning += result.summary.warning;
          total.suggestion += result.summary.suggestion;
        }
        const count = total.error + total.warning + total.suggestion;
        const unread = problems.length > 0 ? ` ${problems.length} ${problems.length === 1 ? 'file' : 'files'} could not be read (above).` : '';
        context.io.stderr(
          (count === 0
            ? `${checked.length} ${checked.length === 1 ? 'file' : 'files'} checked: nothing to change.`
            : `${count} ${count === 1 ? 'finding' : 'findings'} (${total.error} ${total.error === 1 ? 'error' : 'errors'}, ${total.warning} ${total.warning === 1 ? 'warning' : 'warnings'}, ${total.suggestion} ${total.suggestion === 1 ? 'suggestion' : 'suggestions'})${total.error > 0 ? ': errors must be fixed before sending' : ''}.`) +
            unread +
            '\n',
        );
      }
      context.exitCode = checked.some(({ result }) => result.summary.error > 0) ? 1 : 0;
    });
}

/**
 * All templates of a folder, by id. Loaded once at start-up (the HTTP service and batches
 * share one registry); each template is compiled once, so a batch pays template work once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type FieldProblem, isAppError, PROJECT_ROOT } from '../core/index.js';
import type { PartialSource } from './body.js';
import { loadPartials, parseTemplate, type Template } from './template.js';

/** Templates by id. */
export interface TemplateRegistry {
  /** @throws AppError TEMPLATE_NOT_FOUND for an unknown id. */
  get(id: string): Template;
  has(id: string): boolean;
  /** Every template, sorted by id. */
  list(): Template[];
  /** The partials the templates were compiled with. */
  partials: ReadonlyMap<string, PartialSource>;
}

/** A template file that could not be loaded, with every problem found in it. */
export interface TemplateLoadProblem {
  file: string;
  message: string;
  errors: FieldProblem[];
}

/** Every `.md` file under `dir`, except the `partials/` folder, in a stable order. */
function templateFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!(folder === dir && entry.name === 'partials') && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.md')) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return files;
}

/**
 * A registry over parsed templates (the files' loader and the service's published versions
 * both use it). `notFound` words the TEMPLATE_NOT_FOUND message for an unknown id.
 */
export function templateRegistry(
  templates: Template[],
  partials: ReadonlyMap<string, PartialSource>,
  notFound: (id: string) => string = (id) => `There is no template "${id}". Run "plainly templates list" to see them.`,
): TemplateRegistry {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const sorted = [...templates].sort((a, b) => a.id.localeCompare(b.id));
  return {
    get(id) {
      const template = byId.get(id);
      if (!template) throw new AppError('TEMPLATE_NOT_FOUND', notFound(id), { id });
      return template;
    },
    has: (id) => byId.has(id),
    list: () => [...sorted],
    partials,
  };
}

/**
 * Loads every template it can and reports the rest, for `plainly templates check`.
 * Duplicate ids are problems too.
 */
export function scanTemplates(dir: string): { registry: TemplateRegistry; problems: TemplateLoadProblem[] } {
  if (!fs.existsSync(dir)) {
    throw new AppError('CONFIG_INVALID', `The templates folder ${dir} does not exist.`, { location: { file: dir } });
  }
  const partials = loadPartials(path.join(dir, 'partials'));
  const templates: Template[] = [];
  const problems: TemplateLoadProblem[] = [];
  const seen = new Map<string, string>();
  for (const full of templateFiles(dir)) {
    const file = path.relative(PROJECT_ROOT, full).startsWith('..') ? full : path.relative(PROJECT_ROOT, full);
    try {
      const template = parseTemplate(fs.readFileSync(full, 'utf8'), file, { partials });
      const other = seen.get(template.id);
      if (other) {
        problems.push({ file, message: `The id "${template.id}" is also used by ${other}.`, errors: [{ path: file, message: `id "${template.id}" is also used by ${other}` }] });
        continue;
      }
      seen.set(template.id, file);
      templates.push(template);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.push({ file, message: error.message, errors: error.details.errors ?? [] });
    }
  }
  return { registry: templateRegistry(templates, partials), problems };
}

/**
 * Loads all templates under `dir` (default: the project's `templates/`).
 * @throws AppError TEMPLATE_INVALID listing every problem in every file, so a broken
 *   template stops start-up instead of failing a letter later.
 */
export function loadTemplates(dir: string = path.join(PROJECT_ROOT, 'templates')): TemplateRegistry {
  const { registry: loaded, problems } = scanTemplates(dir);
  if (problems.length) {
    const errors = problems.flatMap((p) => (p.errors.length ? p.errors : [{ path: p.file, message: p.message }]));
    throw new AppError('TEMPLATE_INVALID', `${problems.length} template${problems.length === 1 ? ' is' : 's are'} not valid: ${problems.map((p) => p.file).join(', ')}`, { errors });
  }
  return loaded;
}

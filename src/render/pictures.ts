/**
 * The picture catalogue for Easy Read rows (`config/pictures.yml`): a name, an OpenMoji
 * pictogram (or a picture of Plainly's own under `assets/pictures/`) and default alt text.
 * OpenMoji (https://openmoji.org) is CC BY-SA 4.0; every document that shows a picture carries
 * the credit line `PICTURE_CREDIT`, in small print on its last page. Plainly's own pictures are
 * OpenMoji pictures changed to show pounds (£) or drawn in OpenMoji's style, shared under the
 * same licence.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { AppError, formatLocation, PROJECT_ROOT } from '../core/index.js';
import { parseYaml } from '../templates/yaml.js';

/** The credit the OpenMoji licence (CC BY-SA 4.0) asks for. */
export const PICTURE_CREDIT = 'Pictures: OpenMoji (openmoji.org), licensed CC BY-SA 4.0 (creativecommons.org/licenses/by-sa/4.0). Some are changed to show £.';

/** One picture of the catalogue. */
export interface Picture {
  name: string;
  /** OpenMoji code, e.g. `1F4B7`, or `assets/pictures/<file>.svg` for a picture of Plainly's own. */
  code: string;
  /** Default description for screen readers. */
  alt: string;
  /** The SVG source (72 × 72 view box). */
  svg: string;
}

/** Pictures by name. */
export type PictureCatalogue = ReadonlyMap<string, Picture>;

const EntrySchema = z.union([
  z.strictObject({
    openmoji: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$/i, 'must be an OpenMoji code like 1F4B7')),
    alt: z.string().min(1).max(200),
  }),
  z.strictObject({
    /** A picture of Plainly's own: an SVG file under assets/pictures/ (72 × 72 view box, like OpenMoji's). */
    file: z.string().regex(/^assets\/pictures\/[a-z0-9-]+\.svg$/, 'must be a file like assets/pictures/money-bag-pound.svg'),
    alt: z.string().min(1).max(200),
  }),
]);
const CatalogueSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'picture names use lowercase letters, digits and hyphens'), EntrySchema);

function openmojiDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('openmoji/package.json')), 'color', 'svg');
}

/**
 * Loads the catalogue and every SVG it names.
 * @throws AppError CONFIG_INVALID naming the bad entry at file:line:col.
 */
export function loadPictures(file = path.join(PROJECT_ROOT, 'config', 'pictures.yml')): PictureCatalogue {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('CONFIG_INVALID', `The picture catalogue ${file} could not be read.`, { location: { file } });
  }
  const yaml = parseYaml(text, file);
  if (yaml.errors.length) throw new AppError('CONFIG_INVALID', `The picture catalogue is not valid YAML: ${yaml.errors[0].path}: ${yaml.errors[0].message}`, { errors: yaml.errors });
  const parsed = CatalogueSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: formatLocation(yaml.locate(issue.path)), message: `${issue.path.join('.')}: ${issue.message}` }));
    throw new AppError('CONFIG_INVALID', `The picture catalogue ${file} has ${errors.length} problem(s): ${errors[0].path}: ${errors[0].message}`, { errors });
  }
  const dir = openmojiDir();
  const catalogue = new Map<string, Picture>();
  for (const [name, entry] of Object.entries(parsed.data)) {
    if ('file' in entry) {
      const svgFile = path.join(PROJECT_ROOT, entry.file);
      if (!fs.existsSync(svgFile)) {
        throw new AppError('CONFIG_INVALID', `${formatLocation(yaml.locate([name, 'file']))}: there is no picture file ${entry.file}`, { location: yaml.locate([name, 'file']) });
      }
      catalogue.set(name, { name, code: entry.file, alt: entry.alt, svg: fs.readFileSync(svgFile, 'utf8').replace(/<!--[\s\S]*?-->\s*/g, '') });
      continue;
    }
    const code = entry.openmoji.toUpperCase();
    const svgFile = path.join(dir, `${code}.svg`);
    if (!fs.existsSync(svgFile)) {
      throw new AppError('CONFIG_INVALID', `${formatLocation(yaml.locate([name, 'openmoji']))}: there is no OpenMoji picture ${code}`, { location: yaml.locate([name, 'openmoji']) });
    }
    catalogue.set(name, { name, code, alt: entry.alt, svg: fs.readFileSync(svgFile, 'utf8') });
  }
  return catalogue;
}

let cached: PictureCatalogue | undefined;

/** The project's catalogue, loaded once. */
export function defaultPictures(): PictureCatalogue {
  cached ??= loadPictures();
  return cached;
}

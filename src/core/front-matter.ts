/**
 * The one front-matter reader: `---` on the first line (after an optional byte-order mark),
 * YAML, then a closing `---` (or YAML's `...`) line. Templates are parsed with it, lint masks
 * it, the service reads a template's `id:` from it and `plainly lint` its kind and profile.
 * Parsing the YAML with every problem at its line is templates/'s (`parseTemplate`).
 */
import { yamlLib } from './yaml-lib.js';

/** A source split at its front matter. Offsets are into the source as given (BOM included). */
export interface FrontMatterSplit {
  /** The YAML between the lines (no line break at either end). */
  yaml: string;
  /** Everything after the closing line. */
  body: string;
  /** The 1-based line of the source the body starts on. */
  bodyFirstLine: number;
  /** Where the body starts (the length of BOM, opening line, YAML and closing line). */
  bodyOffset: number;
}

/** How a source's front matter failed to be read. */
export type FrontMatterProblem = 'no-front-matter' | 'not-closed';

const OPEN = /^\ufeff?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(\r?\n|$)/m;

/**
 * Splits `---\nfront matter\n---\nbody`. A source that does not start with a `---` line has no
 * front matter; one whose front matter is never closed is `not-closed`.
 */
export function splitFrontMatter(source: string): FrontMatterSplit | { problem: FrontMatterProblem } {
  const open = OPEN.exec(source);
  if (!open) return { problem: 'no-front-matter' };
  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { problem: 'not-closed' };
  const yaml = rest.slice(0, close.index).replace(/\r?\n$/, '');
  const bodyOffset = open[0].length + close.index + close[0].length;
  const linesBefore = source.slice(0, bodyOffset).split('\n').length - (close[1] === '' ? 0 : 1);
  return { yaml, body: source.slice(bodyOffset), bodyFirstLine: linesBefore + 1, bodyOffset };
}

/** The front matter's YAML, or undefined when the source has none (or it is not closed). */
export function frontMatterText(source: string): string | undefined {
  const split = splitFrontMatter(source);
  return 'problem' in split ? undefined : split.yaml;
}

/**
 * The front matter as a plain object, read leniently: undefined when there is none, it is not
 * valid YAML, or it is not a mapping. For quick reads (a template's kind, profile, language);
 * parsing a template for use, with every problem at its line, is `parseTemplate`'s.
 */
export function readFrontMatter(source: string): Record<string, unknown> | undefined {
  const text = frontMatterText(source);
  if (text === undefined) return undefined;
  try {
    const value: unknown = yamlLib().parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A plain `key: value` line of the front matter, read from its line so it is found even when
 * the rest of the YAML does not parse yet (a template being typed, or saved under the wrong id).
 */
export function frontMatterValue(source: string, key: string): string | undefined {
  const text = frontMatterText(source);
  if (text === undefined) return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}:[ \\t]*["']?([^"'\\s#]+)["']?[ \\t]*(?:#.*)?$`, 'm').exec(text)?.[1];
}

/** The `id:` a template's front matter declares (see `frontMatterValue`). */
export function frontMatterId(source: string): string | undefined {
  return frontMatterValue(source, 'id');
}

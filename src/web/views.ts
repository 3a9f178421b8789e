/**
 * The page renderer: nunjucks (the language govuk-frontend's macros are written in) over our
 * own views and govuk-frontend's `dist/` folder, so `{% from "govuk/components/button/macro.njk" ... %}`
 * works straight from node_modules with no build step.
 *
 * Autoescape is on and stays on: every value put into a page is escaped as text, so nothing a
 * person types, no lexicon entry and no template source can become markup. The only `| safe`
 * uses are on HTML that our own views built from escaped parts (nunjucks `{% set %}` blocks).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Our views (layouts, pages, partials). */
export const VIEWS_DIR = path.join(here, 'views');

/** govuk-frontend's `dist/` folder (holds `govuk/`: macros, CSS, JS, assets). */
export const GOVUK_DIST_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

/** "31 January 2021" (the council's date style), from an ISO date or timestamp. */
export function formatDay(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

/** "31 January 2021 at 2:05pm", from an ISO timestamp. */
export function formatMoment(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const time = date
    .toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' })
    .replace(/\s/g, '')
    .toLowerCase();
  return `${formatDay(date)} at ${time}`;
}

/** "1 finding" / "3 findings". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Builds the nunjucks environment the web pages render with. */
export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST_DIR], { noCache: options.watch ?? false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addFilter('day', formatDay);
  env.addFilter('moment', formatMoment);
  env.addFilter('plural', (count: number, one: string, many: string) => plural(count, one, many));
  env.addFilter('number', (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-GB') : String(value ?? '')));
  return env;
}

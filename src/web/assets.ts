/**
 * Static files for the pages, served straight from node_modules and `src/web/static` (no
 * build step).
 *
 * GOV.UK Frontend's stylesheet is used as published except for one thing: the GDS Transport
 * typeface (and the crown) are for services on GOV.UK only, and a council's service is not
 * on GOV.UK. So, once at start-up, the stylesheet's `@font-face` rules are dropped and the
 * font stack names Atkinson Hyperlegible (designed by the Braille Institute for readers with
 * low vision; the PDFs use it too), then Arial.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { GOVUK_DIST_DIR } from './views.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Our own scripts and styles. */
export const STATIC_DIR = path.join(here, 'static');

/** Where the pages find their files (the layout uses these). */
export const ASSET_PATHS = {
  govukCss: '/static/govuk-frontend.css',
  govukJs: '/static/govuk-frontend.min.js',
  plainlyCss: '/static/plainly.css',
  plainlyJs: '/static/plainly.js',
} as const;

const FONT_STACK = '"Atkinson Hyperlegible",arial,sans-serif';

/** GOV.UK Frontend's CSS with GDS Transport swapped for our font (see the file comment). */
export function councilStylesheet(css: string): string {
  return css
    .replace(/@font-face\{font-family:"?GDS Transport"?;[^}]*\}/g, '')
    .replace(/font-family:"?GDS Transport"?,arial,sans-serif/g, `font-family:${FONT_STACK}`)
    .replace(/font-family:"?GDS Transport"?(?=[;}])/g, `font-family:${FONT_STACK}`);
}

function fontFile(weight: '400Regular' | '700Bold'): string {
  const dir = path.dirname(require.resolve(`@expo-google-fonts/atkinson-hyperlegible/${weight}/index.js`));
  return path.join(dir, `AtkinsonHyperlegible_${weight}.ttf`);
}

/** A router for `/static/*`. */
export function assetsRouter(): Router {
  const router = express.Router();
  const govukDir = path.join(GOVUK_DIST_DIR, 'govuk');
  const css = councilStylesheet(fs.readFileSync(path.join(govukDir, 'govuk-frontend.min.css'), 'utf8'));
  const cache = 'public, max-age=3600';

  router.get(ASSET_PATHS.govukCss, (_req, res) => {
    res.setHeader('Cache-Control', cache);
    res.type('text/css; charset=utf-8').send(css);
  });
  router.get(ASSET_PATHS.govukJs, (_req, res) => {
    res.setHeader('Cache-Control', cache);
    res.sendFile(path.join(govukDir, 'govuk-frontend.min.js'), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });
  router.get('/static/fonts/atkinson-hyperlegible-:weight.ttf', (req, res, next) => {
    const weight = req.params.weight === '700' ? '700Bold' : req.params.weight === '400' ? '400Regular' : undefined;
    if (!weight) return next();
    res.setHeader('Cache-Control', cache);
    res.sendFile(fontFile(weight), { headers: { 'Content-Type': 'font/ttf' } });
  });
  router.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false, fallthrough: true }));
  return router;
}

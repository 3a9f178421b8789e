/**
 * What the template pages need from the service, built on the same code the API uses:
 * `checkVersion` (compile + example data + lint, as publishing judges it), the pipeline's
 * store-backed context, `produceDocument` for draft previews and `checkDocumentWithPages` for
 * the publish gate (the same checks as `POST /api/templates/:id/versions/:v/publish`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError, type Finding, hasErrors, isAppError } from '../core/index.js';
import type { AppContext } from '../http/context.js';
import { checkVersion } from '../http/routes/templates.js';
import { checkDocumentWithPages, produceDocument } from '../pipeline/index.js';
import type { Template } from '../pipeline/index.js';

const run = promisify(execFile);

/** A template in the list. */
export interface TemplateRow {
  id: string;
  title: string;
  kind?: string;
  profile?: string;
  description?: string;
  publishedVersion: number | null;
  latestVersion: number;
  updatedAt: string;
  /** A draft newer than the published version exists. */
  hasNewerDraft: boolean;
}

/** Every template with its front matter (from the published version, else the latest). */
export async function listTemplates(app: AppContext): Promise<TemplateRow[]> {
  const rows: TemplateRow[] = [];
  for (const record of await app.store.templates.list()) {
    let template: Template | undefined;
    try {
      template = await app.pipeline.templateVersion(record.id, record.publishedVersion ?? record.latestVersion);
    } catch (error) {
      if (!isAppError(error)) throw error; // a draft that does not compile yet: listed by its id
    }
    rows.push({
      id: record.id,
      title: template?.title ?? record.id,
      kind: template?.kind,
      profile: template?.profile,
      description: template?.description,
      publishedVersion: record.publishedVersion,
      latestVersion: record.latestVersion,
      updatedAt: record.updatedAt,
      hasNewerDraft: record.publishedVersion === null || record.latestVersion > record.publishedVersion,
    });
  }
  return rows;
}

/** The check of one version, as publishing would judge it. */
export type VersionCheck = Awaited<ReturnType<typeof checkVersion>>;

/** Checks a stored version (compile, example data, lint). */
export function checkTemplateVersion(app: AppContext, id: string, version: number): Promise<VersionCheck> {
  return checkVersion(app, id, version);
}

type Produced = Awaited<ReturnType<typeof produceDocument>>;
const previews = new Map<string, Promise<Produced>>();

/**
 * A draft preview of a version with its example data. Kept for a while (a few at a time):
 * the preview page, its frame and each picture of a PDF page all need the same document, and
 * it only changes when the lexicon or the published templates do.
 */
export async function previewVersion(app: AppContext, id: string, version: number, format: 'html' | 'pdf'): Promise<Produced> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx, lexiconVersion, templatesRevision } = await app.pipeline.context();
  const key = `${id}@${version}/${lexiconVersion}/${templatesRevision}/${format}`;
  let produced = previews.get(key);
  if (!produced) {
    produced = produceDocument(ctx, template, template.example, { format, draft: true });
    produced.catch(() => previews.delete(key));
    if (previews.size >= 12) previews.delete(previews.keys().next().value!);
    previews.set(key, produced);
  }
  return produced;
}

/** Why a version cannot be published: error findings with its example (with page count), or nothing. */
export async function publishBlockers(app: AppContext, id: string, version: number): Promise<Finding[]> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx } = await app.pipeline.context();
  const result = await checkDocumentWithPages(ctx, template, template.example);
  return hasErrors(result.findings) ? result.findings.filter((f) => f.severity === 'error') : [];
}

/** True when Debian's pdftoppm (poppler-utils) is there to draw PDF pages as pictures. */
let pdftoppm: Promise<boolean> | undefined;
export function canDrawPdfPages(): Promise<boolean> {
  pdftoppm ??= run('pdftoppm', ['-v']).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
  );
  return pdftoppm;
}

/**
 * Draws one page of a PDF as a PNG (150 dpi) with pdftoppm, for the preview page. Pages are
 * 1-based.
 * @throws AppError NOT_FOUND when the page does not exist or pdftoppm is missing.
 */
export async function pdfPageAsPng(pdf: Buffer, page: number): Promise<Buffer> {
  if (!(await canDrawPdfPages())) throw new AppError('NOT_FOUND', 'Pictures of PDF pages are not available on this server; download the PDF instead.');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'plainly-preview-'));
  try {
    const input = path.join(dir, 'in.pdf');
    await fs.promises.writeFile(input, pdf);
    await run('pdftoppm', ['-png', '-r', '110', '-f', String(page), '-l', String(page), '-singlefile', input, path.join(dir, 'page')], { timeout: 20_000 });
    return await fs.promises.readFile(path.join(dir, 'page.png'));
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('NOT_FOUND', `The PDF has no page ${page}.`);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

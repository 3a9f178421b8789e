/**
 * Previews of template versions for the preview page: the document made with the template's
 * example data (HTML or PDF), and pictures of the PDF's pages. A draft or old version is
 * marked "DRAFT — not checked"; the published version is shown as letters are sent, unmarked
 * (it passed the checks when it was published; should the lexicon have changed since so that
 * it no longer passes, it is shown marked DRAFT again).
 *
 * Pictures are drawn by a `PdfPageDrawer`: by default Debian's `pdftoppm` (poppler-utils).
 * A server without it, or whose drawer fails, still has a working preview page: the page
 * says the pictures cannot be drawn and links to the PDF. The drawer is passed in (not looked
 * up inside) so that path can be tested on a machine that has poppler.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type AppContext, type ProducedDocument, renderExample } from '../app/index.js';
import { AppError } from '../core/index.js';

const run = promisify(execFile);

/** Draws page `page` (1-based) of a PDF as a PNG. Rejects when it cannot. */
export type PdfPageDrawer = (pdf: Buffer, page: number) => Promise<Buffer>;

/** Draws a page with pdftoppm at 110 dpi (readable on screen, a few hundred KB). */
export const drawWithPdftoppm: PdfPageDrawer = async (pdf, page) => {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'plainly-preview-'));
  try {
    const input = path.join(dir, 'in.pdf');
    await fs.promises.writeFile(input, pdf);
    await run('pdftoppm', ['-png', '-r', '110', '-f', String(page), '-l', String(page), '-singlefile', input, path.join(dir, 'page')], { timeout: 20_000 });
    return await fs.promises.readFile(path.join(dir, 'page.png'));
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

type Produced = ProducedDocument;

/** Previews kept at a time (each is one document; the page, its frame and its pictures share it). */
const KEPT = 12;

/** Draft previews and their page pictures, for one app. */
export class Previews {
  private readonly documents = new Map<string, Promise<Produced>>();
  // Keyed by the PDF's bytes: a picture goes when its preview does.
  private readonly pictures = new WeakMap<Buffer, Map<number, Promise<Buffer>>>();

  constructor(
    private readonly app: AppContext,
    private readonly drawPage: PdfPageDrawer = drawWithPdftoppm,
  ) {}

  /**
   * A preview of a version with its example data: unmarked for the published version, marked
   * DRAFT for any other. Kept for a while: it only changes when the version, the lexicon or the
   * published templates do.
   */
  async document(id: string, version: number, format: 'html' | 'pdf'): Promise<Produced> {
    const { lexiconVersion, templatesRevision, publishedVersions } = await this.app.pipeline.context();
    const published = publishedVersions.get(id) === version;
    const key = `${id}@${version}/${lexiconVersion}/${templatesRevision}/${format}/${published ? 'final' : 'draft'}`;
    let produced = this.documents.get(key);
    if (!produced) {
      produced = renderExample(this.app, id, version, format);
      produced.catch(() => this.documents.delete(key));
      if (this.documents.size >= KEPT) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(key, produced);
    }
    return produced;
  }

  /**
   * A picture of one page of a PDF preview (drawn once; a failure is not kept, so a drawer
   * that comes back works again).
   * @throws AppError NOT_FOUND when the page does not exist or cannot be drawn.
   */
  async picture(pdf: Buffer, page: number): Promise<Buffer> {
    let pages = this.pictures.get(pdf);
    if (!pages) this.pictures.set(pdf, (pages = new Map()));
    let drawn = pages.get(page);
    if (!drawn) {
      drawn = this.drawPage(pdf, page);
      pages.set(page, drawn);
      drawn.catch(() => pages.delete(page));
    }
    try {
      return await drawn;
    } catch {
      throw new AppError('NOT_FOUND', `A picture of page ${page} could not be drawn. Open the PDF instead.`);
    }
  }

  /** True when the first page of this PDF can be drawn (the preview page shows pictures only then). */
  async canDraw(pdf: Buffer): Promise<boolean> {
    return this.picture(pdf, 1).then(
      () => true,
      () => false,
    );
  }
}

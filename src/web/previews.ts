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
import { createHash } from 'node:crypto';
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

/** Pages pictured at most in one preview (a longer document: the first ones, and a link to the PDF). */
export const PICTURED_PAGES = 6;

/**
 * Pictures of unsaved previews (the editor's) kept at a time, and for how long. They are of
 * the form as it was a moment ago, made with example values only; kept briefly in memory (never
 * stored) so that switching views or a preview sent twice does not run pdftoppm again.
 */
const DRAFT_KEPT = 8;
const DRAFT_KEPT_MS = 5 * 60_000;

/** Draft previews and their page pictures, for one app. */
export class Previews {
  private readonly documents = new Map<string, Promise<Produced>>();
  // Keyed by the PDF's bytes: a picture goes when its preview does.
  private readonly pictures = new WeakMap<Buffer, Map<number, Promise<Buffer>>>();
  // Unsaved previews' pictures, by the SHA-256 of their PDF: the same form gives the same bytes.
  private readonly draftPictures = new Map<string, { until: number; pages: Promise<Buffer[]> }>();

  constructor(
    private readonly app: AppContext,
    private readonly drawPage: PdfPageDrawer = drawWithPdftoppm,
    private readonly now: () => number = () => Date.now(),
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

  /**
   * Pictures of the first `count` pages of an unsaved preview's PDF (at most PICTURED_PAGES),
   * kept for a few minutes by the PDF's SHA-256. A failure is not kept.
   * @throws AppError NOT_FOUND when a page cannot be drawn (no pdftoppm on this server).
   */
  async unsavedPictures(pdf: Buffer, count: number): Promise<Buffer[]> {
    const key = this.unsavedKey(pdf);
    const now = this.now();
    let kept = this.draftPictures.get(key);
    if (!kept || kept.until <= now) {
      for (const [k, entry] of this.draftPictures) if (entry.until <= now) this.draftPictures.delete(k);
      if (this.draftPictures.size >= DRAFT_KEPT) this.draftPictures.delete(this.draftPictures.keys().next().value!);
      const pages = Array.from({ length: Math.max(0, Math.min(count, PICTURED_PAGES)) }, (_, i) => i + 1);
      // One page after another: one pdftoppm at a time per preview, as the preview page's pictures come.
      const drawn = (async () => {
        const out: Buffer[] = [];
        for (const page of pages) out.push(await this.drawPage(pdf, page));
        return out;
      })();
      kept = { until: now + DRAFT_KEPT_MS, pages: drawn };
      this.draftPictures.set(key, kept);
      drawn.catch(() => this.draftPictures.delete(key));
    }
    try {
      return await kept.pages;
    } catch {
      throw new AppError('NOT_FOUND', 'Pictures of the pages cannot be drawn on this server (pdftoppm did not work).');
    }
  }

  /** True when the pictures of this unsaved preview's PDF are kept (so drawing them costs nothing now). */
  hasUnsavedPictures(pdf: Buffer): boolean {
    const kept = this.draftPictures.get(this.unsavedKey(pdf));
    return kept !== undefined && kept.until > this.now();
  }

  private unsavedKey(pdf: Buffer): string {
    return createHash('sha256').update(pdf).digest('hex');
  }
}

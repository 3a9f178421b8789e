/**
 * Documents: find a letter that was sent by its reference (or its document number), see its
 * record (who made it, when, which template and word list versions, what the checks found,
 * its checksum) and download it again. "Again" means made again from the record and checked
 * against the recorded sha256 by the API's own use case (`reproduceDocument`), so what is downloaded is exactly
 * what was sent, or an error says it is not.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/index.js';
import { batchRowsByReference } from '../../app/batch.js';
import { reproduceDocument } from '../../app/index.js';
import { WEB_ACCESS } from '../access.js';
import { addError, noErrors } from '../forms.js';
import { type WebContext, render, viewGuard } from '../pages.js';
import { listTemplates } from '../template-service.js';

const Query = z.object({ q: z.string().trim().max(100, 'Enter a reference of 100 characters or fewer').optional().default('') });
const DocumentId = z.uuid();

/** Document routes. */
export function documentRoutes(web: WebContext): Router {
  const router = express.Router();
  const app = web.app;

  async function titles() {
    return new Map((await listTemplates(app)).map((t) => [t.id, t.title]));
  }

  router.get('/documents', viewGuard(WEB_ACCESS.documents), async (req, res) => {
    const parsed = Query.safeParse(req.query);
    const q = parsed.success ? parsed.data.q : '';
    const errors = parsed.success ? undefined : addError(noErrors(), parsed.error.issues[0].message, 'q');
    const names = await titles();
    let results: { id: string; templateTitle: string; createdAt: string; createdBy: string; erased: boolean }[] = [];
    let searched = false;
    if (q && !errors) {
      searched = true;
      const found = new Map<string, Awaited<ReturnType<typeof app.store.documents.findByReference>>[number]>();
      if (DocumentId.safeParse(q).success) {
        const record = await app.store.documents.get(q);
        if (record) found.set(record.id, record);
      }
      for (const record of await app.store.documents.findByReference(q)) found.set(record.id, record);
      for (const row of await batchRowsByReference(app, q)) {
        if (found.has(row.documentId)) continue;
        const record = await app.store.documents.get(row.documentId);
        if (record) found.set(record.id, record);
      }
      results = [...found.values()]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((record) => ({ id: record.id, templateTitle: names.get(record.templateId) ?? record.templateId, createdAt: record.createdAt, createdBy: record.createdBy.name, erased: record.erasedAt !== null }));
    }
    const recent = searched ? [] : (await app.store.documents.list({ limit: 10 })).map((record) => ({ id: record.id, templateTitle: names.get(record.templateId) ?? record.templateId, createdAt: record.createdAt, createdBy: record.createdBy.name }));
    render(web, req, res, 'pages/documents/find.njk', { title: 'Find a letter that was sent', q, results, searched, recent, errors }, errors ? 422 : 200);
  });

  async function load(id: unknown) {
    const parsed = DocumentId.safeParse(id);
    const record = parsed.success ? await app.store.documents.get(parsed.data) : undefined;
    if (!record) throw new AppError('NOT_FOUND', 'There is no letter with that document number.');
    return record;
  }

  router.get('/documents/:id', viewGuard(WEB_ACCESS.documents), async (req, res) => {
    const record = await load(req.params.id);
    const data = (record.data ?? {}) as { reference?: unknown; recipient?: { name?: unknown } };
    render(web, req, res, 'pages/documents/show.njk', {
      title: 'A letter that was sent',
      record,
      templateTitle: (await titles()).get(record.templateId) ?? record.templateId,
      reference: typeof data.reference === 'string' ? data.reference : undefined,
      recipient: typeof data.recipient?.name === 'string' ? data.recipient.name : undefined,
      outputs: Object.entries(record.outputs).map(([format, digest]) => ({ format, sha256: digest!.sha256, bytes: digest!.bytes })),
    });
  });

  router.get('/documents/:id/document.pdf', viewGuard(WEB_ACCESS.documents), async (req, res) => {
    const record = await load(req.params.id);
    try {
      const produced = await reproduceDocument(app, record, 'pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${produced.filename.replace(/[^A-Za-z0-9._-]/g, '')}"`);
      res.setHeader('X-Document-Id', record.id);
      res.type('application/pdf').send(produced.body);
    } catch (error) {
      if (isAppError(error) && error.code === 'DOCUMENT_ERASED') throw new AppError('DOCUMENT_ERASED', 'This letter cannot be made again: the personal details in it were erased under the council’s retention policy. Its record is kept.');
      throw error;
    }
  });

  return router;
}

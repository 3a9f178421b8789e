/**
 * File uploads from forms (multipart). The order matters: a live session is required before
 * any of the body is read (so nobody can make us buffer files without signing in), then multer
 * reads the file and the fields, then the usual CSRF and role check runs on those fields.
 * A file that is too large is not an exception page: the route shows its form again with an
 * error on the file field.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { type Access, type ServiceContext as AppContext, formatBytes } from '../app/index.js';
import { AppError } from '../core/index.js';
import { actionGuard, webOf } from './pages.js';

/** The problem with an upload, when multer refused it (set on `res.locals.uploadError`). */
export function uploadErrorOf(res: import('express').Response): AppError | undefined {
  return res.locals.uploadError as AppError | undefined;
}

/**
 * Middleware chain for a form with one file field: session first, then multer (`memory` for
 * small text files like the lexicon CSV; `disk` under the data folder for spreadsheets), then
 * CSRF and role.
 */
export function uploadGuard(app: AppContext, access: Access, storage: 'memory' | 'disk', field = 'file'): RequestHandler[] {
  const needSession: RequestHandler = (_req, res, next) => {
    const web = webOf(res);
    if (!web.session) {
      throw new AppError('UNAUTHENTICATED', web.sessionEnded ? 'Your session has ended, so the file was not uploaded. Sign in again, then upload it again.' : 'Sign in to do this.');
    }
    next();
  };
  const maxBytes = storage === 'disk' ? app.limits.spreadsheetBytes : app.limits.uploadBytes;
  const receive: RequestHandler = (req, res, next) => {
    let upload;
    if (storage === 'disk') {
      const dir = path.join(app.config.dataDir, 'uploads');
      fs.mkdirSync(dir, { recursive: true });
      upload = multer({ dest: dir, limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 100_000 } });
    } else {
      upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 100_000 } });
    }
    upload.single(field)(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        res.locals.uploadError =
          error.code === 'LIMIT_FILE_SIZE'
            ? new AppError('INPUT_TOO_LARGE', `The file is too large. It must be ${formatBytes(maxBytes)} or smaller.`)
            : new AppError('BAD_REQUEST', 'The file could not be read. Choose one file and try again.');
        // The form's fields may be incomplete: nothing is done with them except showing the form again.
        return actionGuard(app, access)(req, res, (guardError?: unknown) => (guardError ? next(guardError) : next()));
      }
      next(error);
    });
  };
  return [needSession, receive, actionGuard(app, access)];
}

/** Removes a file multer wrote to disk (after it was used or refused). */
export async function discardUpload(req: Request): Promise<void> {
  if (req.file?.path) await fs.promises.rm(req.file.path, { force: true });
}

/**
 * True when the bytes look like text (a CSV), not a binary file such as an Excel workbook,
 * a PDF or a picture: no NUL bytes and valid UTF-8 in the first 64 KB.
 */
export function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === bytes.length ? head : trimPartial(head));
    return true;
  } catch {
    return false;
  }
}

/** Drops a UTF-8 sequence cut in half at the end of a slice. */
function trimPartial(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = bytes[end - i];
    if ((byte & 0xc0) === 0x80) continue;
    if ((byte & 0xc0) === 0xc0) end -= i;
    break;
  }
  return bytes.subarray(0, end);
}

/**
 * The one sha256 and the one canonical JSON. Everything that hashes data (the document log's
 * `data_sha256`, idempotency keys, lexicon versions, the PDF file id) goes through these, so a
 * recorded document made again hashes the same wherever it is made.
 */
import { createHash } from 'node:crypto';

/** The sha256 of a string (UTF-8) or bytes, as lower-case hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * JSON with object keys sorted at every depth, so equal content always has equal text.
 * Otherwise as `JSON.stringify`: `toJSON` is honoured (a Date becomes its ISO string), object
 * properties that are undefined are left out, undefined in an array becomes null. This is the
 * text the document log stores (and hashes) for a document's data.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

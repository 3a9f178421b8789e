/**
 * The one sha256 and canonical JSON (src/core/hash.ts) replaced two canonical JSONs (store/meta.ts
 * and pipeline/index.ts) that differed in how they were written. Documents recorded before the
 * change must still verify, so the new one must give the same text as both old ones on the data
 * that is hashed: template example data (document data), lexicon entries (the lexicon version
 * in a PDF's file id) and branding.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, canonicalJson, sha256 } from '../../src/core/index.js';
import { createPipelineContext } from '../../src/pipeline/index.js';

/** store/meta.ts before the change: the document log's `data` and `data_sha256` were made with it. */
function storeCanonicalJsonBefore(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v as Record<string, unknown>).sort()) {
        const item = (v as Record<string, unknown>)[key];
        if (item !== undefined) out[key] = sortKeys(item);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** pipeline/index.ts before the change: the lexicon version and data hash in a PDF's file id. */
function pipelineCanonicalJsonBefore(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

describe('canonicalJson and sha256 (core/hash.ts)', () => {
  it('a document recorded before the change still has the same data text and data_sha256', () => {
    // Recorded by the document log (store/meta.ts canonicalJson + sha256) before the change.
    const data = { reference: 'DP-004217', recipient: { name: 'Sam Jones', address: { postcode: 'AB1 2CD', lines: ['1 High Street', 'Town'] } }, amount: 1234.56, period: { start: '2021-01-01', end: '2021-03-31' }, prepaidCard: true, note: null };
    const text = canonicalJson(data);
    expect(text).toBe('{"amount":1234.56,"note":null,"period":{"end":"2021-03-31","start":"2021-01-01"},"prepaidCard":true,"recipient":{"address":{"lines":["1 High Street","Town"],"postcode":"AB1 2CD"},"name":"Sam Jones"},"reference":"DP-004217"}');
    expect(sha256(text)).toBe('f2b213d076ff760ab77f3142f9b86b450edcb0904411b1cfaa6124d3a2e05377');
  });

  it('gives the same text as both old versions for every template example, the lexicon and the branding', () => {
    const ctx = createPipelineContext({ templatesDir: path.join(PROJECT_ROOT, 'templates') });
    const values: unknown[] = [ctx.lexicon.entries, ctx.branding];
    for (const template of ctx.templates.list()) values.push(template.example, ...Object.values(template.examples));
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) {
      expect(canonicalJson(value)).toBe(storeCanonicalJsonBefore(value));
      expect(canonicalJson(value)).toBe(pipelineCanonicalJsonBefore(value));
    }
  });

  it('sorts keys at every depth, leaves out undefined properties and honours toJSON', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ when: new Date('2021-01-31T00:00:00Z') })).toBe('{"when":"2021-01-31T00:00:00.000Z"}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('sha256 is the hex digest of UTF-8 text and of bytes alike', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256(Buffer.from('£1', 'utf8'))).toBe(sha256('£1'));
    expect(sha256('a')).not.toBe(sha256('b'));
  });
});

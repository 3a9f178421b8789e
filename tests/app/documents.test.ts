/**
 * Render-and-record and reproduce (src/app/documents.ts), called directly over a context: a
 * blocked document is an outcome with its findings, not an exception.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument, renderDocument, renderExample, reproduceDocument } from '../../src/app/index.js';
import { isAppError, sha256 } from '../../src/core/index.js';
import { FINANCE, POLICY, type TestContext, createTestContext } from './helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

async function example(): Promise<Record<string, unknown>> {
  return (await t.app.pipeline.templateVersion('financial-checkup', 1)).example as Record<string, unknown>;
}

describe('renderDocument', () => {
  it('a final document is produced, recorded with its PDF checksum, and made again byte for byte', async () => {
    const outcome = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: await example(), format: 'html' });
    expect(outcome.status).toBe('produced');
    if (outcome.status !== 'produced') return;
    expect(outcome.draft).toBe(false);
    expect(outcome.replayed).toBe(false);
    const record = await getDocument(t.app, outcome.record!.id);
    expect(record).toMatchObject({ templateId: 'financial-checkup', templateVersion: 1, format: 'html', createdBy: { name: 'finance system' } });
    expect(record.outputs.html!.sha256).toBe(sha256(outcome.document.body));
    expect(Object.keys(record.outputs).sort()).toEqual(['html', 'pdf']);
    const again = await reproduceDocument(t.app, record, 'pdf');
    expect(again.sha256).toBe(record.outputs.pdf!.sha256);
  }, 120_000);

  it('a final document with an error finding is a blocked outcome with its findings, and nothing is recorded', async () => {
    const before = (await t.app.store.documents.list({ limit: 1000 })).length;
    const outcome = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: { ...(await example()), note: 'We think the money was misspent.' }, format: 'pdf' });
    expect(outcome.status).toBe('blocked');
    if (outcome.status !== 'blocked') return;
    expect(outcome.findings.some((f) => f.ruleId === 'lexicon/misspent' && f.severity === 'error')).toBe(true);
    expect(outcome.summary.error).toBeGreaterThan(0);
    expect(outcome.message).toContain('financial-checkup');
    expect((await t.app.store.documents.list({ limit: 1000 })).length).toBe(before);
  }, 120_000);

  it('the same data as a draft renders, marked and not recorded', async () => {
    const outcome = await renderDocument(t.app, POLICY, { templateId: 'financial-checkup', data: { ...(await example()), note: 'We think the money was misspent.' }, format: 'text', draft: true });
    expect(outcome.status).toBe('produced');
    if (outcome.status !== 'produced') return;
    expect(outcome.draft).toBe(true);
    expect(outcome.record).toBeUndefined();
    expect(outcome.document.body.toString('utf8')).toMatch(/DRAFT/);
  }, 120_000);

  it('an idempotency key gives the same document back; used for another request it is a CONFLICT', async () => {
    const data = await example();
    const first = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data, format: 'pdf', idempotencyKey: 'key-1' });
    const second = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data, format: 'pdf', idempotencyKey: 'key-1' });
    if (first.status !== 'produced' || second.status !== 'produced') throw new Error('expected documents');
    expect(second.replayed).toBe(true);
    expect(second.record!.id).toBe(first.record!.id);
    expect(second.document.sha256).toBe(first.document.sha256);
    const other = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: { ...data, reference: 'DP-999999' }, format: 'pdf', idempotencyKey: 'key-1' }).catch((e: unknown) => e);
    expect(isAppError(other) && other.code).toBe('CONFLICT');
  }, 120_000);

  it('bad data and bad requests are errors naming what is wrong', async () => {
    const bad = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: { reference: 5 }, format: 'pdf' }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.code).toBe('DATA_INVALID');
    const versioned = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: await example(), format: 'pdf', version: 1 }).catch((e: unknown) => e);
    expect(isAppError(versioned) && versioned.code).toBe('VALIDATION_FAILED');
    const unknown = await renderDocument(t.app, FINANCE, { templateId: 'no-such-template', data: {}, format: 'pdf' }).catch((e: unknown) => e);
    expect(isAppError(unknown) && unknown.code).toBe('TEMPLATE_NOT_FOUND');
  }, 120_000);

  it('a recorded document whose data was erased cannot be made again', async () => {
    const outcome = await renderDocument(t.app, FINANCE, { templateId: 'financial-checkup', data: await example(), format: 'pdf' });
    if (outcome.status !== 'produced') throw new Error('expected a document');
    const erased = { ...outcome.record!, data: null, erasedAt: new Date().toISOString() };
    const error = await reproduceDocument(t.app, erased, 'pdf').catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('DOCUMENT_ERASED');
    const missing = await getDocument(t.app, '00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  }, 120_000);
});

describe('renderExample', () => {
  it('the published version is shown as sent; another version is marked DRAFT', async () => {
    const published = await renderExample(t.app, 'financial-checkup', 1, 'html');
    expect(published.draft).toBe(false);
    const source = (await t.app.store.templates.version('financial-checkup', 1))!.source;
    const saved = await t.app.store.templates.saveDraft(POLICY, 'financial-checkup', source.replace('routine check', 'routine check (new)'), 'test');
    const draft = await renderExample(t.app, 'financial-checkup', saved.version, 'html');
    expect(draft.draft).toBe(true);
  }, 120_000);
});

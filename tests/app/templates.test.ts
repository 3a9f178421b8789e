/**
 * Check and publish a template version (src/app/templates.ts), called directly: a version with
 * an error finding is a blocked outcome and nothing is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTemplateData,
  checkVersion,
  compareTemplateVersions,
  getTemplate,
  listTemplates,
  publishTemplateVersion,
  saveTemplateDraft,
} from '../../src/app/index.js';
import { isAppError } from '../../src/core/index.js';
import { POLICY, type TestContext, createTestContext } from './helpers.js';

let t: TestContext;
let source: string;
beforeAll(async () => {
  t = await createTestContext();
  source = (await t.app.store.templates.version('financial-checkup', 1))!.source;
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

describe('template use cases', () => {
  it('lists every template with the front matter of its published version', async () => {
    const rows = await listTemplates(t.app);
    const checkup = rows.find((row) => row.record.id === 'financial-checkup');
    expect(checkup?.record.publishedVersion).toBe(1);
    expect(checkup?.template?.kind).toBe('letter');
  });

  it('a draft saved under another id than its front matter says is refused', async () => {
    const error = await saveTemplateDraft(t.app, POLICY, 'another-id', source).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(String((error as Error).message)).toContain('financial-checkup');
  });

  it('a version with an error finding is checked not ok, and publishing it is a blocked outcome that changes nothing', async () => {
    const bad = source.replace('It is a routine check that everyone has', 'It is an audit of money you may have misspent');
    expect(bad).not.toBe(source);
    const saved = await saveTemplateDraft(t.app, POLICY, 'financial-checkup', bad, 'worse');
    const check = await checkVersion(t.app, 'financial-checkup', saved.version);
    expect(check.ok).toBe(false);
    const outcome = await publishTemplateVersion(t.app, POLICY, 'financial-checkup', saved.version, { replaces: '*' });
    expect(outcome.status).toBe('blocked');
    if (outcome.status !== 'blocked') return;
    expect(outcome.findings.some((f) => f.ruleId === 'lexicon/misspent' && f.severity === 'error')).toBe(true);
    expect(outcome.message).toMatch(new RegExp(`Version ${saved.version} of "financial-checkup" cannot be published: \\d+ errors? must be fixed first: .*line \\d+`));
    expect((await getTemplate(t.app, 'financial-checkup')).publishedVersion).toBe(1);
  }, 180_000);

  it('a good version publishes, replacing the version named; a stale expectation is refused', async () => {
    const better = source.replace('It is a routine check that everyone has', 'It is a routine check that everyone who gets a direct payment has');
    const saved = await saveTemplateDraft(t.app, POLICY, 'financial-checkup', better, 'clearer');
    const outcome = await publishTemplateVersion(t.app, POLICY, 'financial-checkup', saved.version, { replaces: 1, comment: 'clearer' });
    expect(outcome.status).toBe('published');
    if (outcome.status !== 'published') return;
    expect(outcome.record.publishedVersion).toBe(saved.version);
    expect(outcome.version.replaced).toBe(1);
    const again = await saveTemplateDraft(t.app, POLICY, 'financial-checkup', source, 'back');
    const stale = await publishTemplateVersion(t.app, POLICY, 'financial-checkup', again.version, { replaces: 1 }).catch((e: unknown) => e);
    expect(isAppError(stale) && stale.code).toBe('PRECONDITION_FAILED');
  }, 180_000);

  it('a version that does not compile is checked with the problem, not thrown', async () => {
    const broken = source.replace('{{#each documents}}', '{{#each documents}');
    expect(broken).not.toBe(source);
    const saved = await saveTemplateDraft(t.app, POLICY, 'financial-checkup', broken);
    const check = await checkVersion(t.app, 'financial-checkup', saved.version);
    expect(check.ok).toBe(false);
    expect(check.problem).toMatchObject({ code: 'TEMPLATE_INVALID' });
    const missing = await checkVersion(t.app, 'financial-checkup', 9999).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  }, 120_000);

  it('compares two versions line by line', async () => {
    const changed = source.replace('It is a routine check that everyone has', 'It is a routine check that all of us have');
    const saved = await saveTemplateDraft(t.app, POLICY, 'financial-checkup', changed);
    const comparison = await compareTemplateVersions(t.app, 'financial-checkup', 1, saved.version);
    expect(comparison.diff.added).toBe(1);
    expect(comparison.diff.removed).toBe(1);
    expect(comparison.diff.unified).toContain('+');
    expect(comparison.a.check.ok).toBe(true);
  }, 180_000);

  it('checks data against the published version: bad data is DATA_INVALID naming each field', async () => {
    const template = await t.app.pipeline.templateVersion('financial-checkup', 1);
    const { version, result } = await checkTemplateData(t.app, 'financial-checkup', { ...template.example, note: 'The money was misspent.' });
    expect(version).toBeGreaterThanOrEqual(1);
    expect(result.findings.some((f) => f.ruleId === 'lexicon/misspent')).toBe(true);
    const bad = await checkTemplateData(t.app, 'financial-checkup', { reference: 1 }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.code).toBe('DATA_INVALID');
  }, 120_000);
});

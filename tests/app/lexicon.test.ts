/**
 * The lexicon workflow (src/app/lexicon.ts), called directly: propose, approve (only when the
 * entry's own examples pass), reject, retire, import and export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LexiconEntry,
  approveEntry,
  exportLexicon,
  getEntry,
  importLexicon,
  proposeEntry,
  proposeEntryChange,
  proposeRetirement,
  readLexiconFile,
  rejectEntry,
  retireEntry,
  selfTest,
} from '../../src/app/index.js';
import { isAppError } from '../../src/core/index.js';
import { APPROVER, COPRODUCTION, type TestContext, createTestContext } from './helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

function entry(id: string, overrides: Partial<LexiconEntry> = {}): LexiconEntry {
  return {
    id,
    terms: ['scold'],
    replace: ['talk to'],
    severity: 'error',
    reason: 'It sounds like telling someone off.',
    examples: { flag: ['We will scold you if this happens again.'], pass: ['We will talk to you about it.'] },
    ...overrides,
  } as LexiconEntry;
}

describe('the lexicon workflow', () => {
  it('a proposal is saved with its self-test; approving it raises the lexicon version and lint uses it', async () => {
    const before = (await t.app.pipeline.lexicon()).version;
    const { record, selfTest: test } = await proposeEntry(t.app, COPRODUCTION, entry('scold'), 'new');
    expect(record.status).toBe('proposed');
    expect(test).toEqual({ passed: true, failures: [] });
    const { lexiconVersion } = await approveEntry(t.app, APPROVER, 'scold', record.revision, 'agreed');
    expect(lexiconVersion).toBe(before + 1);
    const lint = await t.app.pipeline.lint('We will scold you.', { profile: 'standard' });
    expect(lint.findings.map((f) => f.ruleId)).toContain('lexicon/scold');
  }, 120_000);

  it('an entry whose own examples fail cannot be approved', async () => {
    const bad = entry('penalise', { terms: ['penalise'], examples: { flag: ['Nothing here matches.'], pass: ['We may penalise you.'] } });
    const { record, selfTest: test } = await proposeEntry(t.app, COPRODUCTION, bad);
    expect(test.passed).toBe(false);
    expect(test.failures.map((f) => f.expectation).sort()).toEqual(['flag', 'pass']);
    const error = await approveEntry(t.app, APPROVER, 'penalise', record.revision).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect((await getEntry(t.app, 'penalise')).status).toBe('proposed');
  }, 120_000);

  it('a change names the revision it was made against; a stale one is refused; a change cannot rename', async () => {
    const current = await getEntry(t.app, 'scold');
    const renamed = await proposeEntryChange(t.app, COPRODUCTION, 'scold', current.revision, entry('other')).catch((e: unknown) => e);
    expect(isAppError(renamed) && renamed.code).toBe('VALIDATION_FAILED');
    const { record } = await proposeEntryChange(t.app, COPRODUCTION, 'scold', current.revision, entry('scold', { severity: 'warning' }), 'softer');
    const stale = await rejectEntry(t.app, APPROVER, 'scold', current.revision, 'no').catch((e: unknown) => e);
    expect(isAppError(stale) && stale.code).toBe('PRECONDITION_FAILED');
    const rejected = await rejectEntry(t.app, APPROVER, 'scold', record.revision, 'keep it an error');
    expect(rejected.pending).toBeNull();
  }, 120_000);

  it('retiring: proposed by co-production, or done by an approver', async () => {
    const current = await getEntry(t.app, 'scold');
    const proposed = await proposeRetirement(t.app, COPRODUCTION, 'scold', current.revision, 'no longer needed');
    expect(proposed.pendingRetirement).toBe(true);
    const { entry: retired, lexiconVersion } = await retireEntry(t.app, APPROVER, 'scold', proposed.revision, 'agreed');
    expect(retired.status).toBe('retired');
    expect(lexiconVersion).not.toBeNull();
  }, 120_000);

  it('an export imports back unchanged; an import with a failing example changes nothing', async () => {
    const exported = await exportLexicon(t.app, 'csv');
    expect(exported.filename).toBe(`lexicon-v${exported.version}.csv`);
    const entries = readLexiconFile(exported.text, 'csv', 'export.csv');
    const result = await importLexicon(t.app, APPROVER, entries, { comment: 'round trip', basedOn: exported.version });
    expect(result.created).toEqual([]);
    expect(result.updated).toEqual([]);
    const failing = [...entries, entry('upbraid', { terms: ['upbraid'], examples: { flag: ['Nothing matches.'], pass: [] } })];
    const error = await importLexicon(t.app, APPROVER, failing, { comment: 'bad' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect((await t.app.pipeline.lexicon()).version).toBe(result.lexiconVersion);
  }, 180_000);

  it('selfTest says which example failed and how', async () => {
    const result = await selfTest(entry('x', { terms: ['berate'], examples: { flag: ['We may berate you.'], pass: ['We berate nobody.'] } }));
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([expect.objectContaining({ expectation: 'pass', example: 'We berate nobody.' })]);
  });
});

/**
 * The lexicon workflow: co-production groups own the words. Entries are proposed (a new one, a
 * change, a retirement), then approved or rejected by an approver, who may also retire an entry
 * directly; a whole file can be imported as approved entries. Nothing is approved whose own
 * examples fail. Every change names the revision it was made against (the store refuses a stale
 * one). The API and the web pages call these.
 */
import { AppError } from '../core/index.js';
import type { LexiconExampleFailure } from '../pipeline/index.js';
import { type LexiconEntry, LexiconEntrySchema, lexiconFromCsv, lexiconToCsv, lexiconToYaml, parseLexiconYaml } from '../pipeline/light.js';
import type { ChangeContext, LexiconEntryRecord } from '../store/index.js';
import type { AppContext } from './context.js';
import type { LexiconChange, LexiconImpact } from './lexicon-impact.js';
import { loadPipeline } from './pipeline-loader.js';

export type { LexiconEntry, LexiconChange, LexiconImpact };

/** An entry's own examples, run: which failed and why. */
export interface SelfTest {
  passed: boolean;
  failures: Pick<LexiconExampleFailure, 'expectation' | 'example' | 'message'>[];
}

/** Runs an entry's own examples. */
export async function selfTest(entry: LexiconEntry): Promise<SelfTest> {
  const { testLexicon, compileLexicon } = await loadPipeline();
  const failures = testLexicon([entry], compileLexicon([entry]));
  return { passed: failures.length === 0, failures: failures.map(({ expectation, example, message }) => ({ expectation, example, message })) };
}

/**
 * Runs the entries' own examples.
 * @throws AppError LEXICON_EXAMPLES_FAILED naming each failing example; `where` starts the message.
 */
export async function assertExamplesPass(entries: LexiconEntry[], where: string): Promise<void> {
  const { testLexicon, compileLexicon, formatExampleFailure } = await loadPipeline();
  const failures = testLexicon(entries, compileLexicon(entries));
  if (failures.length === 0) return;
  throw new AppError(
    'LEXICON_EXAMPLES_FAILED',
    `${where}: ${failures.length} of the entry's own examples ${failures.length === 1 ? 'fails' : 'fail'}: ${failures.map(formatExampleFailure).join('; ')}`,
    { errors: failures.map((f) => ({ path: `entry "${f.id}", examples.${f.expectation}`, message: `${f.message}: ${JSON.stringify(f.example)}` })) },
  );
}

/**
 * One entry with its status, revision and history position.
 * @throws AppError NOT_FOUND.
 */
export async function getEntry(app: AppContext, id: string): Promise<LexiconEntryRecord> {
  const record = await app.store.lexicon.get(id);
  if (!record) throw new AppError('NOT_FOUND', `There is no lexicon entry "${id}".`);
  return record;
}

/** Proposes a new entry (status `proposed`); its self-test says whether it could be approved. */
export async function proposeEntry(app: AppContext, change: ChangeContext, entry: LexiconEntry, comment = ''): Promise<{ record: LexiconEntryRecord; selfTest: SelfTest }> {
  const record = await app.store.lexicon.propose(change, entry, comment);
  return { record, selfTest: await selfTest(entry) };
}

/**
 * Proposes new content for an entry, made against `revision`.
 * @throws AppError VALIDATION_FAILED (the content names another id), PRECONDITION_FAILED (stale revision), NOT_FOUND.
 */
export async function proposeEntryChange(app: AppContext, change: ChangeContext, id: string, revision: number, entry: LexiconEntry, comment = ''): Promise<{ record: LexiconEntryRecord; selfTest: SelfTest }> {
  if (entry.id !== id) {
    throw new AppError('VALIDATION_FAILED', `The entry's id "${entry.id}" does not match the address (${id}); an id cannot be changed.`, {
      errors: [{ path: 'entry.id', message: `must be "${id}"` }],
    });
  }
  const record = await app.store.lexicon.proposeChange(change, id, revision, entry, comment);
  return { record, selfTest: await selfTest(entry) };
}

/**
 * Approves what is proposed (new content, whose own examples must pass, or a retirement); the
 * lexicon version goes up. `where` starts the message when examples fail.
 * @throws AppError LEXICON_EXAMPLES_FAILED, LEXICON_INVALID, NOT_FOUND, CONFLICT (nothing waiting), PRECONDITION_FAILED.
 */
export async function approveEntry(
  app: AppContext,
  change: ChangeContext,
  id: string,
  revision: number,
  comment = '',
  where = `Lexicon entry "${id}" cannot be approved`,
): Promise<{ entry: LexiconEntryRecord; lexiconVersion: number }> {
  const current = await getEntry(app, id);
  if (current.pending && current.revision === revision) {
    // Validate exactly what will be approved; the store re-checks the revision, so nothing can
    // slip in between this check and the approval.
    const parsed = LexiconEntrySchema.safeParse(current.pending);
    if (!parsed.success) throw new AppError('LEXICON_INVALID', `Lexicon entry "${id}" is not valid: ${parsed.error.issues[0]?.message}`);
    await assertExamplesPass([parsed.data], where);
  }
  return app.store.lexicon.approve(change, id, revision, comment);
}

/**
 * Rejects what is proposed, saying why.
 * @throws AppError NOT_FOUND, CONFLICT (nothing waiting), PRECONDITION_FAILED.
 */
export function rejectEntry(app: AppContext, change: ChangeContext, id: string, revision: number, comment: string): Promise<LexiconEntryRecord> {
  return app.store.lexicon.reject(change, id, revision, comment);
}

/**
 * Proposes retiring an entry, saying why; lint keeps using it until an approver decides.
 * @throws AppError NOT_FOUND, CONFLICT (not in use), PRECONDITION_FAILED.
 */
export function proposeRetirement(app: AppContext, change: ChangeContext, id: string, revision: number, comment: string): Promise<LexiconEntryRecord> {
  return app.store.lexicon.proposeRetirement(change, id, revision, comment);
}

/**
 * Retires an entry directly (approvers); the lexicon version goes up if it was approved.
 * @throws AppError NOT_FOUND, CONFLICT (already retired), PRECONDITION_FAILED.
 */
export function retireEntry(app: AppContext, change: ChangeContext, id: string, revision: number, comment = ''): Promise<{ entry: LexiconEntryRecord; lexiconVersion: number | null }> {
  return app.store.lexicon.retire(change, id, revision, comment);
}

/** A lexicon file's formats. */
export type LexiconFileFormat = 'yaml' | 'csv';

/**
 * Reads a lexicon file (every entry validated; a problem names the file and the place).
 * @throws AppError LEXICON_INVALID.
 */
export function readLexiconFile(text: string, format: LexiconFileFormat, file: string): LexiconEntry[] {
  return format === 'csv' ? lexiconFromCsv(text, file) : parseLexiconYaml(text, file);
}

/** What an import changed. */
export interface LexiconImportResult {
  lexiconVersion: number;
  created: string[];
  updated: string[];
  retired: string[];
  unchanged: string[];
}

/**
 * Imports entries as approved (all or nothing): every entry's own examples must pass first.
 * @param options.basedOn the lexicon version the file was exported at (refused when the
 *   lexicon moved since; undefined replaces whatever is there).
 * @throws AppError LEXICON_EXAMPLES_FAILED, PRECONDITION_FAILED (the lexicon moved since `basedOn`).
 */
export async function importLexicon(
  app: AppContext,
  change: ChangeContext,
  entries: LexiconEntry[],
  options: { comment: string; retireMissing?: boolean; basedOn?: number; where?: string },
): Promise<LexiconImportResult> {
  await assertExamplesPass(entries, options.where ?? 'The imported lexicon');
  return app.store.lexicon.importApproved(change, entries, options.comment, { retireMissing: options.retireMissing, basedOn: options.basedOn });
}

/** The approved lexicon as a file, with the version it is. */
export async function exportLexicon(app: AppContext, format: LexiconFileFormat): Promise<{ version: number; text: string; filename: string }> {
  const lexicon = await app.pipeline.lexicon();
  return {
    version: lexicon.version,
    text: format === 'yaml' ? lexiconToYaml(lexicon.entries) : lexiconToCsv(lexicon.entries),
    filename: `lexicon-v${lexicon.version}.${format === 'yaml' ? 'yml' : 'csv'}`,
  };
}

/**
 * What approving `change` (or retiring an entry) would do to the published templates.
 * @throws AppError NOT_FOUND when retiring an entry that is not approved.
 */
export function lexiconImpact(app: AppContext, change: LexiconChange): Promise<LexiconImpact> {
  return app.pipeline.impact(change);
}

/**
 * What the template pages need, built on the same use cases the API uses (src/app/templates.ts):
 * one check of a version (`checkTemplate` in the pipeline, through `templateVersionCheck`: every
 * example and branch with the page rules, and the source), which is both what the pages show
 * and the publish gate, exactly as `PUT /api/templates/:id` and
 * `POST /api/templates/:id/versions/:v/publish` judge it. Previews are in `previews.ts`.
 */
import { type AppContext, IdSchema, type TemplateFinding, type TemplateRecord, type VersionCheck, checkVersion, findingPlace, listTemplates as listTemplatesOf, templateVersionCheck } from '../app/index.js';
import { AppError } from '../core/index.js';

export type { VersionCheck };

/** A template in the list. */
export interface TemplateRow {
  id: string;
  title: string;
  kind?: string;
  profile?: string;
  description?: string;
  publishedVersion: number | null;
  latestVersion: number;
  updatedAt: string;
  /** A draft newer than the published version exists. */
  hasNewerDraft: boolean;
}

/** Every template with its front matter (from the published version, else the latest). */
export async function listTemplates(app: AppContext): Promise<TemplateRow[]> {
  return (await listTemplatesOf(app)).map(({ record, template }) => ({
    id: record.id,
    title: template?.title ?? record.id,
    kind: template?.kind,
    profile: template?.profile,
    description: template?.description,
    publishedVersion: record.publishedVersion,
    latestVersion: record.latestVersion,
    updatedAt: record.updatedAt,
    hasNewerDraft: record.publishedVersion === null || record.latestVersion > record.publishedVersion,
  }));
}

/** Checks a stored version (compile, example data, lint). */
export function checkTemplateVersion(app: AppContext, id: string, version: number): Promise<VersionCheck> {
  return checkVersion(app, id, version);
}

/** Why a version cannot be published: its error findings in any branch (the API's check), or nothing. */
export async function publishBlockers(app: AppContext, id: string, version: number): Promise<TemplateFinding[]> {
  const { check } = await templateVersionCheck(app, id, version);
  return check.findings.filter((f) => f.severity === 'error');
}

/** A finding as the pages list it: the words, where (the editor's line), the branch and why. */
export interface FindingLine {
  actual: string;
  severity: TemplateFinding['severity'];
  place: string;
  /** The place as words after the quoted words: "on line 63", "in the example's note". */
  where: string;
  branch?: string;
  reason: string;
}

/** Findings of a version check for a page: lines are those of the template file, as the editor numbers them. */
export function findingLinesOf(findings: readonly TemplateFinding[], templateFile: string): FindingLine[] {
  return findings.map((f) => ({ actual: f.actual, severity: f.severity, place: findingPlace(f, templateFile), where: `${findingPlace(f, templateFile).startsWith('line') ? 'on ' : ''}${findingPlace(f, templateFile)}`, branch: f.branch, reason: f.reason }));
}

/**
 * The stored template a page's `:id` names.
 * @throws AppError NOT_FOUND when the id is not a template's (or not an id at all).
 */
export async function templateOfParam(app: AppContext, param: unknown): Promise<TemplateRecord> {
  const id = IdSchema.safeParse(param);
  const record = id.success ? await app.store.templates.get(id.data) : undefined;
  if (!record) throw new AppError('NOT_FOUND', 'There is no template with that name.');
  return record;
}

/**
 * What the template pages need from the service, built on the same code the API uses: one
 * check of a version (`checkTemplate` in the pipeline, through `templateVersionCheck`: every
 * example and branch with the page rules, and the source), which is both what the pages show
 * and the publish gate, exactly as `PUT /api/templates/:id` and
 * `POST /api/templates/:id/versions/:v/publish` judge it. Previews are in `previews.ts`.
 */
import { isAppError } from '../core/index.js';
import type { AppContext } from '../http/context.js';
import { checkVersion, templateVersionCheck } from '../http/routes/templates.js';
import { type Template, type TemplateFinding, findingPlace } from '../pipeline/index.js';

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
  const rows: TemplateRow[] = [];
  for (const record of await app.store.templates.list()) {
    let template: Template | undefined;
    try {
      template = await app.pipeline.templateVersion(record.id, record.publishedVersion ?? record.latestVersion);
    } catch (error) {
      if (!isAppError(error)) throw error; // a draft that does not compile yet: listed by its id
    }
    rows.push({
      id: record.id,
      title: template?.title ?? record.id,
      kind: template?.kind,
      profile: template?.profile,
      description: template?.description,
      publishedVersion: record.publishedVersion,
      latestVersion: record.latestVersion,
      updatedAt: record.updatedAt,
      hasNewerDraft: record.publishedVersion === null || record.latestVersion > record.publishedVersion,
    });
  }
  return rows;
}

/** The check of one version, as publishing would judge it. */
export type VersionCheck = Awaited<ReturnType<typeof checkVersion>>;

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

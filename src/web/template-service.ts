/**
 * What the template pages need from the service, built on the same code the API uses:
 * `checkVersion` (compile + example data + lint, as publishing judges it), the pipeline's
 * store-backed context, and `checkDocumentWithPages` for the publish gate (the same checks as
 * `POST /api/templates/:id/versions/:v/publish`). Previews are in `previews.ts`.
 */
import { type Finding, hasErrors, isAppError } from '../core/index.js';
import type { AppContext } from '../http/context.js';
import { checkVersion } from '../http/routes/templates.js';
import { checkDocumentWithPages } from '../pipeline/index.js';
import type { Template } from '../pipeline/index.js';

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

/** Why a version cannot be published: error findings with its example (with page count), or nothing. */
export async function publishBlockers(app: AppContext, id: string, version: number): Promise<Finding[]> {
  const template = await app.pipeline.templateVersion(id, version);
  const { ctx } = await app.pipeline.context();
  const result = await checkDocumentWithPages(ctx, template, template.example);
  return hasErrors(result.findings) ? result.findings.filter((f) => f.severity === 'error') : [];
}

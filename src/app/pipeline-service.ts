/**
 * Lint and render against what is in the store, not the files: the approved lexicon at its
 * current version and the published template versions. Other processes (cluster workers) may
 * approve or publish at any time, so each use asks the store for the current lexicon version
 * and template revision (two indexed reads) and rebuilds only what moved.
 *
 * Branding, pictures and partials come from the files (config/, templates/partials/); they are
 * not versioned in the store.
 */
import path from 'node:path';
import { AppError, type Config, type DocumentKind, type Profile, canonicalJson } from '../core/index.js';
import type { CompiledLexicon, LintResult, PipelineContext } from '../pipeline/index.js';
import {
  type Branding,
  type LexiconEntry,
  LexiconEntrySchema,
  type PartialSource,
  type Template,
  type TemplateRegistry,
  defaultPictures,
  loadBranding,
  loadPartials,
  parseTemplate,
  templateRegistry,
} from '../pipeline/light.js';
import type { Store } from '../store/index.js';
import { type LexiconChange, type LexiconImpact, computeLexiconImpact } from './lexicon-impact.js';
import { LintPool, needsThread } from './lint-pool.js';
import { loadPipeline } from './pipeline-loader.js';

/** A lexicon version, parsed and compiled. */
export interface LoadedLexicon {
  version: number;
  entries: LexiconEntry[];
  compiled: CompiledLexicon;
}

/** A pipeline context built from the store, with the store versions it was built from. */
export interface StoreContext {
  ctx: PipelineContext;
  lexiconVersion: number;
  templatesRevision: number;
  /** Published version number of each template in `ctx.templates`. */
  publishedVersions: ReadonlyMap<string, number>;
}

/** Parses stored entries back into typed entries (they were validated when approved). */
export function parseStoredEntries(raw: unknown[], version: number): LexiconEntry[] {
  return raw.map((item, index) => {
    const parsed = LexiconEntrySchema.safeParse(item);
    if (!parsed.success) {
      throw new AppError('LEXICON_INVALID', `Lexicon version ${version}, entry #${index + 1} in the store is not valid: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  });
}

/** The name a stored template version is parsed under (shown in TEMPLATE_INVALID messages). */
export function storedTemplateFile(id: string, version: number): string {
  return `db:${id}@${version}`;
}

/** A registry over published templates (the same interface the file loader gives). */
function registryOf(templates: Template[], partials: ReadonlyMap<string, PartialSource>): TemplateRegistry {
  return templateRegistry(templates, partials, (id) => `There is no published template "${id}".`);
}

/** Keeps at most `size` entries, dropping the oldest. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, size: number): V {
  if (map.size >= size && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}

/** Cached lexicons, parsed template versions and pipeline contexts, refreshed from the store. */
export class PipelineService {
  private readonly lexicons = new Map<number, Promise<LoadedLexicon>>();
  private readonly versions = new Map<string, Template>();
  private context_: { key: string; value: Promise<StoreContext> } | undefined;
  private branding_: Branding | undefined;
  private partials_: ReadonlyMap<string, PartialSource> | undefined;
  private readonly pictures = defaultPictures();
  private readonly impacts = new Map<string, Promise<LexiconImpact>>();
  private lintPool: LintPool | undefined;

  private readonly unfollow: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
  ) {
    // Caches follow the store (issue 17 item 4): a new lexicon version or published template,
    // from this instance or another, is compiled as soon as the store's change feed hears of it,
    // so the first lint or render after it does not wait for the compile. (Which version is
    // current is still read from the store on each use, so nothing here can be stale.)
    this.unfollow = store.changes?.subscribe((change) => {
      const warm: Promise<unknown> = change.kind === 'lexicon' ? this.lexiconAt(change.version) : this.context();
      warm.catch(() => undefined);
    });
  }

  private get branding(): Branding {
    this.branding_ ??= loadBranding(this.config.brandingFile);
    return this.branding_;
  }

  /** The partials templates are compiled with (templates/partials/ of PLAINLY_TEMPLATES_DIR). */
  get partials(): ReadonlyMap<string, PartialSource> {
    this.partials_ ??= loadPartials(path.join(this.config.templatesDir, 'partials'));
    return this.partials_;
  }

  /** The approved lexicon at its current version. */
  async lexicon(): Promise<LoadedLexicon> {
    return this.lexiconAt(await this.store.lexicon.currentVersion());
  }

  /**
   * The approved lexicon at a version (current or past: recorded documents are re-created
   * with the words they were checked against).
   * @throws AppError NOT_FOUND when the version does not exist.
   */
  lexiconAt(version: number): Promise<LoadedLexicon> {
    const cached = this.lexicons.get(version);
    if (cached) return cached;
    const loading = this.loadLexicon(version);
    loading.catch(() => this.lexicons.delete(version));
    return remember(this.lexicons, version, loading, 8);
  }

  private async loadLexicon(version: number): Promise<LoadedLexicon> {
    const snapshot = await this.store.lexicon.snapshot(version);
    if (!snapshot) throw new AppError('NOT_FOUND', `There is no lexicon version ${version}.`);
    const entries = parseStoredEntries(snapshot.entries, version);
    // From a snapshot when these entries were compiled before (a restart, another instance):
    // no second of compiling, and compromise is not loaded into this process for it.
    const { compileLexiconCached } = await loadPipeline();
    return { version, entries, compiled: compileLexiconCached(entries) };
  }

  /** Lints text with the current approved lexicon; says which lexicon version judged it. */
  async lint(
    text: string,
    options: { profile: Profile; kind?: DocumentKind; lang?: string; format?: 'text' | 'markdown' | 'template'; caller?: string },
  ): Promise<LintResult & { lexiconVersion: number }> {
    const lexicon = await this.lexicon();
    // Markdown, templates and long texts go to a worker thread with a time limit (lint-pool.ts),
    // so no text can hold the event loop; short plain text is cheaper here than a hand-over.
    if (needsThread(text, options)) {
      this.lintPool ??= new LintPool();
      const { caller, ...lintOptions } = options;
      // Threads are shared fairly between callers (a user or token), so one cannot starve the rest.
      return { ...(await this.lintPool.lint(text, lintOptions, lexicon, caller)), lexiconVersion: lexicon.version };
    }
    const { caller: _caller, ...lintOptions } = options;
    const { lintText } = await loadPipeline();
    return { ...lintText(text, { ...lintOptions, lexicon: lexicon.compiled }), lexiconVersion: lexicon.version };
  }

  /** Stops the lint threads, if any were started. */
  async close(): Promise<void> {
    this.unfollow?.();
    await this.lintPool?.close();
    this.lintPool = undefined;
  }

  /**
   * One stored template version, parsed and compiled (cached: versions never change).
   * @throws AppError NOT_FOUND (no such version), TEMPLATE_INVALID (it does not compile, or
   *   its example data fails; the message names db:<id>@<version>:line:col).
   */
  async templateVersion(id: string, version: number): Promise<Template> {
    const key = `${id}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const record = await this.store.templates.version(id, version);
    if (!record) {
      const template = await this.store.templates.get(id);
      throw template
        ? new AppError('NOT_FOUND', `Template "${id}" has no version ${version} (its versions are 1 to ${template.latestVersion}).`)
        : new AppError('TEMPLATE_NOT_FOUND', `There is no template "${id}".`, { id });
    }
    return remember(this.versions, key, this.parse(id, version, record.source), 64);
  }

  /** Parses a template source as if it were version `version` of `id`. */
  parse(id: string, version: number, source: string): Template {
    return parseTemplate(source, storedTemplateFile(id, version), { partials: this.partials });
  }

  /**
   * The pipeline context for the current lexicon and published templates. A published
   * version that no longer compiles (say, a partial file changed) is left out and logged by
   * the caller through `skipped`.
   */
  async context(): Promise<StoreContext> {
    const [lexiconVersion, templatesRevision] = await Promise.all([this.store.lexicon.currentVersion(), this.store.templates.revision()]);
    const key = `${lexiconVersion}/${templatesRevision}`;
    if (this.context_?.key !== key) {
      const value = this.build(lexiconVersion, templatesRevision);
      value.catch(() => {
        if (this.context_?.key === key) this.context_ = undefined;
      });
      this.context_ = { key, value };
    }
    return this.context_.value;
  }

  private async build(lexiconVersion: number, templatesRevision: number): Promise<StoreContext> {
    const [lexicon, published] = await Promise.all([this.lexiconAt(lexiconVersion), this.store.templates.published()]);
    const templates: Template[] = [];
    const publishedVersions = new Map<string, number>();
    for (const row of published) {
      templates.push(await this.templateVersion(row.id, row.version));
      publishedVersions.set(row.id, row.version);
    }
    return {
      ctx: await this.contextFor(lexicon, registryOf(templates, this.partials)),
      lexiconVersion,
      templatesRevision,
      publishedVersions,
    };
  }

  /**
   * What approving `change` (or retiring an entry) would do to the published templates (see
   * lexicon-impact.ts). Cached per lexicon version, template revision and change: the entry
   * pages show it on every visit, and it checks every template twice.
   * @throws AppError NOT_FOUND when retiring an entry that is not approved.
   */
  async impact(change: LexiconChange): Promise<LexiconImpact> {
    const sc = await this.context();
    const key = `${sc.lexiconVersion}/${sc.templatesRevision}/${canonicalJson(change)}`;
    const cached = this.impacts.get(key);
    if (cached) return cached;
    const computing = computeLexiconImpact(this, sc, change);
    computing.catch(() => this.impacts.delete(key));
    return remember(this.impacts, key, computing, 32);
  }

  /** A pipeline context with a given lexicon (for re-creating documents and impact analysis). */
  async contextFor(lexicon: { entries: LexiconEntry[]; compiled: CompiledLexicon }, templates: TemplateRegistry = registryOf([], this.partials)): Promise<PipelineContext> {
    const { lexiconVersionOf } = await loadPipeline();
    // lexiconVersionOf (a hash of the entries) is what the batch runner uses too, so the same
    // document made by a batch or by the API has the same bytes.
    return { templates, lexicon: lexicon.compiled, lexiconVersion: lexiconVersionOf(lexicon.compiled), branding: this.branding, pictures: this.pictures };
  }
}

/**
 * Lint and render against what is in the store, not the files: the approved lexicon at its
 * current version and the published template versions. Other processes (cluster workers) may
 * approve or publish at any time, so each use asks the store for the current lexicon version
 * and template revision (two indexed reads) and rebuilds only when they moved.
 */
import { AppError, type Config, type DocumentKind, type Profile } from '../core/index.js';
import { type LintResult, lintText } from '../lint/index.js';
import { type CompiledLexicon, type LexiconEntry, LexiconEntrySchema, compileLexicon } from '../lexicon/index.js';
import type { Store } from '../store/index.js';

/** A lexicon version, parsed and compiled. */
export interface LoadedLexicon {
  version: number;
  entries: LexiconEntry[];
  compiled: CompiledLexicon;
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

/** Cached lexicons and pipeline contexts, refreshed from the store. */
export class PipelineService {
  private current: Promise<LoadedLexicon> | undefined;
  private currentVersion = -1;
  /** Older versions, for re-creating recorded documents (small: a few are in use at once). */
  private readonly older = new Map<number, Promise<LoadedLexicon>>();

  constructor(
    private readonly store: Store,
    private readonly config: Config,
  ) {}

  /** The approved lexicon at its current version. */
  async lexicon(): Promise<LoadedLexicon> {
    const version = await this.store.lexicon.currentVersion();
    if (version !== this.currentVersion || !this.current) {
      this.currentVersion = version;
      this.current = this.load(version);
      this.current.catch(() => {
        this.current = undefined;
        this.currentVersion = -1;
      });
    }
    return this.current;
  }

  /**
   * The approved lexicon at a past version.
   * @throws AppError NOT_FOUND when the version does not exist.
   */
  async lexiconAt(version: number): Promise<LoadedLexicon> {
    if (version === this.currentVersion && this.current) return this.current;
    let loaded = this.older.get(version);
    if (!loaded) {
      if (this.older.size >= 8) this.older.delete(this.older.keys().next().value!);
      loaded = this.load(version);
      this.older.set(version, loaded);
      loaded.catch(() => this.older.delete(version));
    }
    return loaded;
  }

  /** Lints text with the current approved lexicon; says which lexicon version judged it. */
  async lint(
    text: string,
    options: { profile: Profile; kind?: DocumentKind; lang?: string; format?: 'text' | 'markdown' | 'template' },
  ): Promise<LintResult & { lexiconVersion: number }> {
    const lexicon = await this.lexicon();
    return { ...lintText(text, { ...options, lexicon: lexicon.compiled }), lexiconVersion: lexicon.version };
  }

  private async load(version: number): Promise<LoadedLexicon> {
    const snapshot = await this.store.lexicon.snapshot(version);
    if (!snapshot) throw new AppError('NOT_FOUND', `There is no lexicon version ${version}.`);
    const entries = parseStoredEntries(snapshot.entries, version);
    return { version, entries, compiled: compileLexicon(entries) };
  }
}

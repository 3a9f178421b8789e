/**
 * First start on an empty store: the files in templates/ become published version 1 of each
 * template, lexicon/ becomes lexicon version 1, and an admin token is created (the value of
 * PLAINLY_BOOTSTRAP_TOKEN, or a random one that the caller prints once). All in one
 * transaction, so a start that is killed half-way leaves an empty store and tries again.
 */
import type { Config } from '../core/index.js';
import { loadCheckedLexicon } from '../pipeline/index.js';
import { type Store, SYSTEM_ACTOR } from '../store/index.js';
import { loadTemplates } from '../pipeline/index.js';

/** What the first start did. */
export interface BootstrapResult {
  /** True when this call seeded the store (false: it was already seeded). */
  seeded: boolean;
  templates: number;
  lexiconEntries: number;
  /** The admin token, when one was generated now (print it once; it is not stored in clear). */
  generatedToken?: string;
}

/**
 * Seeds an empty store from the configured folders.
 * @throws AppError TEMPLATE_INVALID / LEXICON_INVALID / LEXICON_EXAMPLES_FAILED when the files
 *   are not valid (the store is left empty).
 */
export async function bootstrapStore(store: Store, config: Config): Promise<BootstrapResult> {
  if (await store.isSeeded()) return { seeded: false, templates: 0, lexiconEntries: 0 };
  const templates = loadTemplates(config.templatesDir)
    .list()
    .map((template) => ({ id: template.id, source: template.source }));
  const lexicon = loadCheckedLexicon(config.lexiconDir).entries;
  const outcome = await store.seed(
    { actor: SYSTEM_ACTOR },
    { templates, lexicon, adminToken: { name: 'bootstrap admin', role: 'admin', presetToken: config.bootstrapToken } },
  );
  if (!outcome) return { seeded: false, templates: 0, lexiconEntries: 0 };
  return {
    seeded: true,
    templates: templates.length,
    lexiconEntries: lexicon.length,
    generatedToken: config.bootstrapToken ? undefined : outcome.token,
  };
}

/**
 * First start on an empty store: the files in templates/ become published version 1 of each
 * template, lexicon/ becomes lexicon version 1, and an admin token and an `admin` user are
 * created (the token is PLAINLY_BOOTSTRAP_TOKEN or random; the password is
 * PLAINLY_BOOTSTRAP_PASSWORD or random; the caller prints whichever was generated, once).
 * All in one transaction, so a start that is killed half-way leaves an empty store and tries
 * again.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../core/index.js';
import { type Store, SYSTEM_ACTOR } from '../store/index.js';
import { loadCheckedLexiconCached, loadTemplates } from '../pipeline/light.js';

/** The username of the user the first start creates. */
export const BOOTSTRAP_USERNAME = 'admin';

/** What the first start did. */
export interface BootstrapResult {
  /** True when this call seeded the store (false: it was already seeded). */
  seeded: boolean;
  templates: number;
  lexiconEntries: number;
  /** The admin token, when one was generated now (print it once; it is not stored in clear). */
  generatedToken?: string;
  /** The `admin` user's password, when one was generated now (print it once, next to the token). */
  generatedPassword?: string;
}

/** A random password: 20 base64url characters (120 random bits), one word so it copies whole. */
export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
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
  // Only an empty store needs the lexicon's self-test, so a seeded one starts without the linter.
  // From its snapshot when this lexicon was compiled and checked before (lexicon/snapshot.ts).
  // Through pipeline/light: the lexicon's check needs no linter or PDF writer, so a first start
  // does not load them into the main process, where they would stay (issue 13 item 7).
  const lexicon = loadCheckedLexiconCached(config.lexiconDir).entries;
  const password = config.bootstrapPassword ?? randomPassword();
  const outcome = await store.seed(
    { actor: SYSTEM_ACTOR },
    {
      templates,
      lexicon,
      adminToken: { name: 'bootstrap admin', role: 'admin', presetToken: config.bootstrapToken },
      // Whoever reads the console or the environment knows this password, so the account is
      // marked for the web pages to ask the admin to choose their own at the first sign-in.
      adminUser: { username: BOOTSTRAP_USERNAME, displayName: 'Administrator', role: 'admin', password, mustChangePassword: true },
    },
  );
  if (!outcome) return { seeded: false, templates: 0, lexiconEntries: 0 };
  return {
    seeded: true,
    templates: templates.length,
    lexiconEntries: lexicon.length,
    generatedToken: config.bootstrapToken ? undefined : outcome.token,
    generatedPassword: config.bootstrapPassword ? undefined : password,
  };
}

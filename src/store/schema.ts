/**
 * The tables of the store, as Kysely sees them. Column types are kept to what both SQLite
 * and PostgreSQL can hold (text, integer), so a PostgreSQL dialect can be added later without
 * changing the repositories: timestamps are ISO 8601 UTC strings, JSON is text, booleans are
 * integers 0/1.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** Key/value settings that belong to the store: counters and one-off markers. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  disabled_at: string | null;
  /** 1: the web pages ask for a new password at the next sign-in (migration 003). */
  must_change_password: Generated<number>;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface SessionsTable {
  /** sha256 of the session id: a copy of the table does not let anyone sign in. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON object; never personal data. */
  detail: string;
  request_id: string | null;
}

export interface LexiconEntriesTable {
  id: string;
  status: string;
  /** Goes up on every change to the entry; it is the entry's ETag. */
  revision: number;
  approved_revision: number | null;
  pending_revision: number | null;
  created_at: string;
  updated_at: string;
}

export interface LexiconRevisionsTable {
  entry_id: string;
  revision: number;
  action: string;
  /** The entry as JSON (file format) when this step carries content, else null. */
  content: string | null;
  actor_name: string;
  actor_id: string;
  actor_role: string;
  reason: string;
  at: string;
  /** The lexicon version this step produced (approve/retire/import), else null. */
  lexicon_version: number | null;
}

export interface LexiconVersionsTable {
  version: number;
  /** JSON array: every approved entry at this version, sorted by id. */
  entries: string;
  created_at: string;
  actor_name: string;
  summary: string;
}

export interface TemplatesTable {
  id: string;
  latest_version: number;
  published_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface TemplateVersionsTable {
  template_id: string;
  version: number;
  source: string;
  status: string;
  comment: string;
  created_at: string;
  created_by: string;
  published_at: string | null;
  published_by: string | null;
}

export interface DocumentsTable {
  id: string;
  template_id: string;
  template_version: number;
  lexicon_version: number;
  format: string;
  created_at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  /** The data as JSON; null once erased under the retention policy. */
  data: string | null;
  data_sha256: string;
  /** JSON FindingSummary. */
  findings_summary: string;
  /** JSON: { pdf?: {sha256, bytes}, html?: ..., text?: ... }. */
  outputs: string;
  erased_at: string | null;
  batch_id: string | null;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  request_sha256: string;
  document_id: string;
  created_at: string;
}

/** Every table. Migrations appended by other areas add their tables here too. */
export interface Database {
  meta: MetaTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  lexicon_entries: LexiconEntriesTable;
  lexicon_revisions: LexiconRevisionsTable;
  lexicon_versions: LexiconVersionsTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  documents: DocumentsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocumentRow = Insertable<DocumentsTable>;

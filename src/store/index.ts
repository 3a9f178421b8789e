/**
 * The store's public face: the `Store` and its repositories, roles, and the migration list
 * other areas append to.
 */
export { Store, type StoreOptions, type SeedInput } from './store.js';
export { ROLES, type Role, isRole, type Actor, type ChangeContext, SYSTEM_ACTOR } from './types.js';
export { type User, type NewUser, type SignInCheck, UserRepository } from './users.js';
export { type ApiToken, type TokenCredential, TokenRepository, BOOTSTRAP_TOKEN_ID } from './tokens.js';
export { type Session, type SignInFailure, SessionRepository } from './sessions.js';
export { type AuditEvent, type AuditQuery, AuditRepository, recordAudit } from './audit.js';
export {
  type LexiconContent,
  type LexiconEntryRecord,
  type LexiconRevision,
  type LexiconSnapshot,
  type LexiconStatus,
  LEXICON_STATUSES,
  LEXICON_ACTIONS,
  LexiconRepository,
  entryEtag,
} from './lexicon.js';
export { type PublishExpectation, type TemplateRecord, type TemplateVersionRecord, type TemplateVersionStatus, TemplateRepository } from './templates.js';
export { type DocumentRecord, type NewDocument, type OutputDigest, type IdempotencyClaim, DocumentRepository } from './documents.js';
export { type Db, type StoreDialect, writeTransaction, withTransaction, databaseFile, isPostgres, isPostgresUrl, lockFor } from './db.js';
export { type StoreChange, type StoreChanges, POLL_MS } from './changes.js';
export { MIGRATIONS, type StoreMigration, migrateToLatest } from './migrations/index.js';
export { canonicalJson } from './meta.js';
export { type BucketTake, type SharedCounters, RateCounters, rateLimitFile } from './rate-limits.js';
export { PgRateCounters } from './pg-counters.js';
export { hashSecret, verifySecret, safeEqual, sha256, generateToken, parseToken, randomId } from './secrets.js';
export type { Database } from './schema.js';

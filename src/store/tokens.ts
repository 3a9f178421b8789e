/**
 * API tokens for systems (finance, case management) and scripts. The secret part is kept
 * only as an scrypt hash; `POST /api/tokens` shows the token once.
 */
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { type Db, withTransaction, writeTransaction } from './db.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { ApiTokenRow } from './schema.js';
import { generateToken, hashSecret } from './secrets.js';
import type { ChangeContext, Role } from './types.js';

/** A token as the API lists it (never the secret or its hash). */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

/** What authentication needs to know about a token. */
export interface TokenCredential {
  id: string;
  name: string;
  role: Role;
  secretHash: string;
  revoked: boolean;
}

function toToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
    revokedAt: row.revoked_at,
  };
}

/** The id of the token made from PLAINLY_BOOTSTRAP_TOKEN (which has no id of its own). */
export const BOOTSTRAP_TOKEN_ID = 'bootstrap';

/** API tokens: create (returns the token once), list, revoke, look up for sign-in. */
export class TokenRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  /** Every token, newest first. */
  async list(): Promise<ApiToken[]> {
    const rows = await this.runtime.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(toToken);
  }

  /** One token, or undefined. */
  async get(id: string): Promise<ApiToken | undefined> {
    const row = await this.runtime.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  /** The hash and state of a token, for authentication. */
  async credential(id: string): Promise<TokenCredential | undefined> {
    const row = await this.runtime.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'role', 'secret_hash', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, name: row.name, role: row.role as Role, secretHash: row.secret_hash, revoked: row.revoked_at !== null } : undefined;
  }

  /**
   * Creates a token and returns it with its secret (the only time the secret is available).
   * `presetToken` (PLAINLY_BOOTSTRAP_TOKEN) is stored under the id `bootstrap`.
   */
  async create(
    context: ChangeContext,
    input: { name: string; role: Role; presetToken?: string },
    inTrx?: Db,
  ): Promise<{ token: string; record: ApiToken }> {
    const generated = generateToken();
    const id = input.presetToken ? BOOTSTRAP_TOKEN_ID : generated.id;
    const token = input.presetToken ?? generated.token;
    // Generated tokens carry their id, so only the secret part is hashed; a preset token is hashed whole.
    const secretHash = await hashSecret(input.presetToken ?? generated.secret);
    const at = nowIso(this.runtime);
    await withTransaction(this.runtime.db, inTrx, async (trx) => {
      await trx
        .insertInto('api_tokens')
        .values({
          id,
          name: input.name,
          role: input.role,
          secret_hash: secretHash,
          created_at: at,
          created_by: context.actor.name,
          last_used_at: null,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
      await recordAudit(trx, context, at, 'token.create', { type: 'token', id }, { name: input.name, role: input.role });
    });
    const record: ApiToken = {
      id,
      name: input.name,
      role: input.role,
      createdAt: at,
      createdBy: context.actor.name,
      lastUsedAt: null,
      revoked: false,
      revokedAt: null,
    };
    return { token, record };
  }

  /**
   * Revokes a token; it stops working at once.
   * @throws AppError NOT_FOUND when there is no such token.
   */
  async revoke(context: ChangeContext, id: string): Promise<ApiToken> {
    const at = nowIso(this.runtime);
    await writeTransaction(this.runtime.db, async (trx) => {
      const row = await trx.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', `There is no API token with id "${id}".`);
      if (row.revoked_at !== null) return;
      await trx.updateTable('api_tokens').set({ revoked_at: at, revoked_by: context.actor.name }).where('id', '=', id).execute();
      await recordAudit(trx, context, at, 'token.revoke', { type: 'token', id });
    });
    return (await this.get(id))!;
  }

  /** Notes when a token was last used (callers throttle this; it is a write). */
  async touch(id: string): Promise<void> {
    await writeTransaction(this.runtime.db, async (trx) => {
      await trx.updateTable('api_tokens').set({ last_used_at: nowIso(this.runtime) }).where('id', '=', id).execute();
    });
  }
}

/**
 * Web sessions. The cookie holds a random session id; the table holds only its sha256, so a
 * copy of the database cannot be used to sign in. Each session has a CSRF token that the web
 * pages put in forms and that state-changing requests must send back.
 */
import { randomId, sha256 } from './secrets.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import { writeTransaction } from './db.js';
import type { User } from './users.js';
import type { Role } from './types.js';

/** A live session with its user. */
export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/** Sessions: start, look up, end. */
export class SessionRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  /** Starts a session for a user; returns the session id for the cookie (shown only now). */
  async create(userId: string, lifetimeHours: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }> {
    const sessionId = randomId();
    const csrfToken = randomId();
    const now = this.runtime.now();
    const expiresAt = new Date(now.getTime() + lifetimeHours * 3_600_000).toISOString();
    await writeTransaction(this.runtime.db, async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id_hash: sha256(sessionId), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt })
        .execute();
    });
    return { sessionId, csrfToken, expiresAt };
  }

  /** The session for a cookie value, if it exists, has not expired and its user is enabled. */
  async get(sessionId: string): Promise<Session | undefined> {
    const row = await this.runtime.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf_token',
        'sessions.expires_at',
        'users.id',
        'users.username',
        'users.display_name',
        'users.role',
        'users.created_at',
        'users.updated_at',
        'users.disabled_at',
      ])
      .where('sessions.id_hash', '=', sha256(sessionId))
      .executeTakeFirst();
    if (!row || row.disabled_at !== null || row.expires_at <= nowIso(this.runtime)) return undefined;
    return {
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
      user: {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role as Role,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        disabled: false,
      },
    };
  }

  /** Ends a session (sign out). */
  async delete(sessionId: string): Promise<void> {
    await writeTransaction(this.runtime.db, async (trx) => {
      await trx.deleteFrom('sessions').where('id_hash', '=', sha256(sessionId)).execute();
    });
  }

  /** Removes expired sessions; returns how many. */
  async deleteExpired(): Promise<number> {
    return writeTransaction(this.runtime.db, async (trx) => {
      const result = await trx.deleteFrom('sessions').where('expires_at', '<=', nowIso(this.runtime)).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}

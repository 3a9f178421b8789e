/**
 * Web sessions. The cookie holds a random session id; the table holds only its sha256, so a
 * copy of the database cannot be used to sign in. Each session has a CSRF token that the web
 * pages put in forms and that state-changing requests must send back.
 *
 * Signing in and out are in the audit log (who and when; never the password, the typed
 * username of a failed attempt, or the client's address).
 */
import { randomId, sha256 } from './secrets.js';
import { recordAudit } from './audit.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import { writeTransaction } from './db.js';
import { type User, toUser } from './users.js';
import { type Actor, SYSTEM_ACTOR } from './types.js';

/** A live session with its user. */
export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/** Why a sign-in failed, as the audit log records it. */
export type SignInFailure = 'unknown-username' | 'wrong-password' | 'disabled';

function userActor(user: Pick<User, 'id' | 'username' | 'role'>): Actor {
  return { kind: 'user', id: user.id, name: user.username, role: user.role };
}

/** Sessions: start, look up, end. */
export class SessionRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  /**
   * Starts a session for a user who has just signed in; returns the session id for the
   * cookie (shown only now). The sign-in is audited in the same transaction.
   */
  async create(
    user: Pick<User, 'id' | 'username' | 'role'>,
    lifetimeHours: number,
    requestId?: string,
  ): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }> {
    const sessionId = randomId();
    const csrfToken = randomId();
    const now = this.runtime.now();
    const expiresAt = new Date(now.getTime() + lifetimeHours * 3_600_000).toISOString();
    await writeTransaction(this.runtime.db, async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id_hash: sha256(sessionId), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt })
        .execute();
      await recordAudit(trx, { actor: userActor(user), requestId }, now.toISOString(), 'user.sign-in', { type: 'user', id: user.id }, { expiresAt });
    });
    return { sessionId, csrfToken, expiresAt };
  }

  /**
   * Records a failed sign-in. The actor is the system (nobody is signed in); the target is
   * the account when the username exists, else `unknown` — the typed username is not kept
   * (people sometimes type their password into it).
   */
  async recordFailedSignIn(reason: SignInFailure, userId: string | undefined, requestId?: string): Promise<void> {
    await writeTransaction(this.runtime.db, async (trx) => {
      await recordAudit(trx, { actor: SYSTEM_ACTOR, requestId }, nowIso(this.runtime), 'user.sign-in-failed', { type: 'user', id: userId ?? 'unknown' }, { reason });
    });
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
        'users.must_change_password',
      ])
      .where('sessions.id_hash', '=', sha256(sessionId))
      .executeTakeFirst();
    if (!row || row.disabled_at !== null || row.expires_at <= nowIso(this.runtime)) return undefined;
    return { csrfToken: row.csrf_token, expiresAt: row.expires_at, user: toUser(row) };
  }

  /** Ends a session (sign out), audited as the session's user. */
  async delete(sessionId: string, requestId?: string): Promise<void> {
    await writeTransaction(this.runtime.db, async (trx) => {
      const row = await trx
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.role'])
        .where('sessions.id_hash', '=', sha256(sessionId))
        .executeTakeFirst();
      if (!row) return;
      await trx.deleteFrom('sessions').where('id_hash', '=', sha256(sessionId)).execute();
      await recordAudit(trx, { actor: userActor({ ...row, role: row.role as User['role'] }), requestId }, nowIso(this.runtime), 'user.sign-out', { type: 'user', id: row.id });
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

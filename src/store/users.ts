/**
 * People who sign in to the web pages. Passwords are kept only as scrypt hashes.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { type Db, lockFor, withTransaction, writeTransaction } from './db.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { UserRow } from './schema.js';
import { hashSecret, sha256, verifySecret } from './secrets.js';
import type { ChangeContext, Role } from './types.js';

/** A user as the API shows it (never the password hash). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  disabled: boolean;
  /** True when the web pages should ask for a new password at sign-in (the first start's admin). */
  mustChangePassword: boolean;
}

/** A new user. */
export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  /** Ask for a new password at the first sign-in (default false). */
  mustChangePassword?: boolean;
}

/** How a sign-in attempt went. `userId` names the account when the username exists. */
export type SignInCheck =
  | { ok: true; user: User }
  | { ok: false; reason: 'unknown-username' | 'wrong-password' | 'disabled'; userId?: string };

/** Maps a users row to a `User` (shared with sessions, which join the same columns). */
export function toUser(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'created_at' | 'updated_at' | 'disabled_at' | 'must_change_password'>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password === 1,
  };
}

// A fixed hash to verify against when the username is unknown, so a sign-in attempt takes
// the same time whether or not the user exists.
let decoyHash: Promise<string> | undefined;

/** Users: create, change, disable, and check a password. */
export class UserRepository {
  constructor(private readonly runtime: StoreRuntime) {}

  /** Every user, by username. */
  async list(): Promise<User[]> {
    const rows = await this.runtime.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  /** One user, or undefined. */
  async get(id: string): Promise<User | undefined> {
    const row = await this.runtime.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /**
   * Creates a user (in the caller's transaction when `inTrx` is given: the first start).
   * @throws AppError CONFLICT when the username is taken.
   */
  async create(context: ChangeContext, input: NewUser, inTrx?: Db): Promise<User> {
    const passwordHash = await hashSecret(input.password);
    const id = randomUUID();
    const at = nowIso(this.runtime);
    return withTransaction(this.runtime.db, inTrx, async (trx) => {
      // Two people creating the same username at once on PostgreSQL: the second is told CONFLICT.
      await lockFor(trx, `username:${input.username}`);
      const existing = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
      if (existing) throw new AppError('CONFLICT', `There is already a user called "${input.username}" (username).`);
      await trx
        .insertInto('users')
        .values({
          id,
          username: input.username,
          display_name: input.displayName,
          role: input.role,
          password_hash: passwordHash,
          created_at: at,
          created_by: context.actor.name,
          updated_at: at,
          disabled_at: null,
          must_change_password: input.mustChangePassword ? 1 : 0,
        })
        .execute();
      await recordAudit(trx, context, at, 'user.create', { type: 'user', id }, { username: input.username, role: input.role, mustChangePassword: input.mustChangePassword ?? false });
      return toUser((await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    });
  }

  /**
   * Changes a user's role, name, password or disabled state (an administrator's change).
   * @throws AppError NOT_FOUND when there is no such user.
   */
  async update(
    context: ChangeContext,
    id: string,
    change: { displayName?: string; role?: Role; password?: string; disabled?: boolean; mustChangePassword?: boolean },
  ): Promise<User> {
    const passwordHash = change.password === undefined ? undefined : await hashSecret(change.password);
    const at = nowIso(this.runtime);
    await writeTransaction(this.runtime.db, async (trx) => {
      const row = await trx.selectFrom('users').select(['id', 'disabled_at']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', `There is no user with id "${id}".`);
      await trx
        .updateTable('users')
        .set({
          updated_at: at,
          ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
          ...(change.disabled !== undefined ? { disabled_at: change.disabled ? (row.disabled_at ?? at) : null } : {}),
          ...(change.mustChangePassword !== undefined ? { must_change_password: change.mustChangePassword ? 1 : 0 } : {}),
        })
        .where('id', '=', id)
        .execute();
      // A disabled user or a new password ends every session.
      if (change.disabled || passwordHash !== undefined) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await recordAudit(trx, context, at, 'user.update', { type: 'user', id }, {
        fields: Object.keys(change).filter((key) => (change as Record<string, unknown>)[key] !== undefined),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.mustChangePassword !== undefined ? { mustChangePassword: change.mustChangePassword } : {}),
      });
    });
    return (await this.get(id))!;
  }

  /**
   * A person changes their own password (or an administrator sets one): stores the new hash,
   * clears `mustChangePassword`, and ends every other session of the user — all but
   * `keepSessionId`, the session the change was made in, so the person stays signed in.
   * With `currentPassword`, the change is refused unless it is right.
   * @throws AppError NOT_FOUND (no such user), VALIDATION_FAILED (current password wrong,
   *   or the new one is the same as the current one).
   */
  async changePassword(
    context: ChangeContext,
    id: string,
    newPassword: string,
    options: { currentPassword?: string; keepSessionId?: string } = {},
  ): Promise<User> {
    const row = await this.runtime.db.selectFrom('users').select(['id', 'password_hash']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `There is no user with id "${id}".`);
    if (options.currentPassword !== undefined && !(await verifySecret(options.currentPassword, row.password_hash))) {
      throw new AppError('VALIDATION_FAILED', 'The current password is not right.', { errors: [{ path: 'currentPassword', message: 'is not right' }] });
    }
    if (await verifySecret(newPassword, row.password_hash)) {
      throw new AppError('VALIDATION_FAILED', 'The new password must be different from the current one.', {
        errors: [{ path: 'newPassword', message: 'must be different from the current password' }],
      });
    }
    const passwordHash = await hashSecret(newPassword);
    const at = nowIso(this.runtime);
    await writeTransaction(this.runtime.db, async (trx) => {
      // Compare-and-set on the hash read above: two changes at once cannot both win silently.
      const result = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: 0, updated_at: at })
        .where('id', '=', id)
        .where('password_hash', '=', row.password_hash)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new AppError('PRECONDITION_FAILED', 'The password was changed by someone else a moment ago. Sign in again with the new one.');
      }
      let sessions = trx.deleteFrom('sessions').where('user_id', '=', id);
      if (options.keepSessionId) sessions = sessions.where('id_hash', '!=', sha256(options.keepSessionId));
      await sessions.execute();
      await recordAudit(trx, context, at, 'user.password-change', { type: 'user', id }, { self: context.actor.kind === 'user' && context.actor.id === id });
    });
    return (await this.get(id))!;
  }

  /**
   * Checks a username and password, saying why a sign-in fails (for the audit log; the
   * person is only ever told "username or password is not right"). Takes about the same
   * time whether or not the username exists.
   */
  async checkSignIn(username: string, password: string): Promise<SignInCheck> {
    const row = await this.runtime.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      decoyHash ??= hashSecret('not a password');
      await verifySecret(password, await decoyHash);
      return { ok: false, reason: 'unknown-username' };
    }
    if (!(await verifySecret(password, row.password_hash))) return { ok: false, reason: 'wrong-password', userId: row.id };
    if (row.disabled_at !== null) return { ok: false, reason: 'disabled', userId: row.id };
    return { ok: true, user: toUser(row) };
  }

  /**
   * Checks a username and password. Returns the user when they match and the user is not
   * disabled; otherwise undefined, taking about the same time either way.
   */
  async verifyPassword(username: string, password: string): Promise<User | undefined> {
    const check = await this.checkSignIn(username, password);
    return check.ok ? check.user : undefined;
  }
}

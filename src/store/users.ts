/**
 * People who sign in to the web pages. Passwords are kept only as scrypt hashes.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/index.js';
import { recordAudit } from './audit.js';
import { writeTransaction } from './db.js';
import { type StoreRuntime, nowIso } from './runtime.js';
import type { UserRow } from './schema.js';
import { hashSecret, verifySecret } from './secrets.js';
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
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabled: row.disabled_at !== null,
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
   * Creates a user.
   * @throws AppError CONFLICT when the username is taken.
   */
  async create(context: ChangeContext, input: { username: string; displayName: string; role: Role; password: string }): Promise<User> {
    const passwordHash = await hashSecret(input.password);
    const id = randomUUID();
    const at = nowIso(this.runtime);
    await writeTransaction(this.runtime.db, async (trx) => {
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
        })
        .execute();
      await recordAudit(trx, context, at, 'user.create', { type: 'user', id }, { username: input.username, role: input.role });
    });
    return (await this.get(id))!;
  }

  /**
   * Changes a user's role, name, password or disabled state.
   * @throws AppError NOT_FOUND when there is no such user.
   */
  async update(
    context: ChangeContext,
    id: string,
    change: { displayName?: string; role?: Role; password?: string; disabled?: boolean },
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
        })
        .where('id', '=', id)
        .execute();
      // A disabled user or a new password ends every session.
      if (change.disabled || passwordHash !== undefined) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await recordAudit(trx, context, at, 'user.update', { type: 'user', id }, {
        fields: Object.keys(change).filter((key) => (change as Record<string, unknown>)[key] !== undefined),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      });
    });
    return (await this.get(id))!;
  }

  /**
   * Checks a username and password. Returns the user when they match and the user is not
   * disabled; otherwise undefined, taking about the same time either way.
   */
  async verifyPassword(username: string, password: string): Promise<User | undefined> {
    const row = await this.runtime.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      decoyHash ??= hashSecret('not a password');
      await verifySecret(password, await decoyHash);
      return undefined;
    }
    const ok = await verifySecret(password, row.password_hash);
    return ok && row.disabled_at === null ? toUser(row) : undefined;
  }
}

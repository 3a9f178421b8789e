/**
 * Who does things, as the store records them. Roles live here because the store is where
 * users and tokens are kept; the HTTP layer decides what each role may do.
 */

/** The roles a user or token can have. `admin` can do everything. */
export const ROLES = ['admin', 'policy', 'finance', 'coproduction', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** True for one of `ROLES`. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The person or system behind a change, as the audit log names it. */
export interface Actor {
  kind: 'token' | 'user' | 'system';
  id: string;
  name: string;
  role: Role | 'system';
}

/** The actor plus the request that carried the change (for the audit log). */
export interface ChangeContext {
  actor: Actor;
  requestId?: string;
}

/** The store's own actor, for start-up imports and retention sweeps. */
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: 'Plainly', role: 'system' };

/**
 * People and keys: API tokens (returned once), users for the web pages, the audit log, and
 * "who am I". Only admin manages tokens and users.
 */
import { z } from 'zod';
import { AppError, PasswordSchema } from '../../core/index.js';
import { readSessionCookie } from '../../app/auth.js';
import { RoleSchema } from '../../app/schemas.js';
import { NameSchema, UsernameSchema } from '../../app/users.js';
import { type AnyRoute, defineRoute } from './registry.js';

const ADMIN = [] as const; // admin only (admin is always allowed)

const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().nullable(),
    revoked: z.boolean(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean().meta({ description: 'The web pages ask for a new password at the next sign-in (the first start’s admin user, or when an admin set it).' }),
  })
  .meta({ id: 'User' });

const AuditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ kind: z.string(), id: z.string(), name: z.string(), role: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

const TokenIdParams = z.strictObject({ id: z.string().regex(/^([a-z0-9]{12}|bootstrap)$/, 'is not a token id') });
const UserIdParams = z.strictObject({ id: z.uuid({ error: 'is not a user id' }) });

export const adminRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/me',
    summary: 'Who the token or session belongs to, and its role',
    tags: ['People'],
    access: 'any',
    responses: {
      200: {
        description: 'The caller',
        schema: z.object({
          kind: z.enum(['token', 'user']),
          id: z.string(),
          name: z.string(),
          role: RoleSchema,
          mustChangePassword: z.boolean().optional().meta({ description: 'Users only: true when they should choose a new password (POST /api/me/password).' }),
        }),
      },
    },
    handler: async ({ res, app, principal }) => {
      const { kind, id, name, role } = principal!;
      const user = kind === 'user' ? await app.store.users.get(id) : undefined;
      res.json({ kind, id, name, role, ...(user ? { mustChangePassword: user.mustChangePassword } : {}) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/password',
    summary: 'Change your own password (people signed in to the web pages; clears mustChangePassword)',
    description:
      'Your other sessions end; the one that sent this stays signed in. API tokens have no password (409). A wrong current password is 422 naming `currentPassword`.',
    tags: ['People'],
    access: 'any',
    body: z.strictObject({ currentPassword: z.string().max(200), newPassword: PasswordSchema }),
    responses: { 200: { description: 'Changed', schema: UserSchema }, 409: { description: 'The caller is an API token, which has no password' } },
    handler: async ({ req, res, app, principal, body, change }) => {
      if (principal!.kind !== 'user') {
        throw new AppError('CONFLICT', 'This request came with an API token, and tokens have no password. Sign in to the web pages to change your password.');
      }
      // Per address, like sign-in: the current password must not be guessable through this route.
      await app.auth.limitPasswordAttempts(req);
      const user = await app.store.users.changePassword(change(), principal!.id, body.newPassword, {
        currentPassword: body.currentPassword,
        keepSessionId: readSessionCookie(req),
      });
      res.json(user);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tokens',
    summary: 'Create an API token; the token is in this response only',
    tags: ['People'],
    access: ADMIN,
    body: z.strictObject({ name: NameSchema, role: RoleSchema }),
    responses: { 201: { description: 'Created. Store the token now: it is not shown again.', schema: TokenSchema.extend({ token: z.string() }) } },
    handler: async ({ res, app, body, change }) => {
      const { token, record } = await app.store.tokens.create(change(), { name: body.name, role: body.role });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({ ...record, token });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tokens',
    summary: 'Every API token (never the secrets)',
    tags: ['People'],
    access: ADMIN,
    responses: { 200: { description: 'Tokens, newest first', schema: z.object({ tokens: z.array(TokenSchema) }) } },
    handler: async ({ res, app }) => {
      res.json({ tokens: await app.store.tokens.list() });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/tokens/:id',
    summary: 'Revoke a token; it stops working at once',
    tags: ['People'],
    access: ADMIN,
    params: TokenIdParams,
    responses: { 200: { description: 'Revoked', schema: TokenSchema } },
    handler: async ({ res, app, params, change }) => {
      res.json(await app.store.tokens.revoke(change(), params.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users',
    summary: 'Create a user for the web pages',
    tags: ['People'],
    access: ADMIN,
    body: z.strictObject({
      username: UsernameSchema,
      displayName: NameSchema,
      role: RoleSchema,
      password: PasswordSchema,
      mustChangePassword: z.boolean().default(false).meta({ description: 'Ask them to choose their own password at the first sign-in.' }),
    }),
    responses: { 201: { description: 'Created', schema: UserSchema }, 409: { description: 'The username is taken' } },
    handler: async ({ res, app, body, change }) => {
      res.status(201).json(await app.store.users.create(change(), body));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users',
    summary: 'Every user',
    tags: ['People'],
    access: ADMIN,
    responses: { 200: { description: 'Users by username', schema: z.object({ users: z.array(UserSchema) }) } },
    handler: async ({ res, app }) => {
      res.json({ users: await app.store.users.list() });
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/users/:id',
    summary: "Change a user's name, role or password, or disable them (a new password or disabling ends their sessions)",
    tags: ['People'],
    access: ADMIN,
    params: UserIdParams,
    body: z
      .strictObject({
        displayName: NameSchema.optional(),
        role: RoleSchema.optional(),
        password: PasswordSchema.optional(),
        disabled: z.boolean().optional(),
        mustChangePassword: z.boolean().optional(),
      })
      .refine((value) => Object.keys(value).length > 0, 'needs at least one of displayName, role, password, disabled, mustChangePassword'),
    responses: { 200: { description: 'Changed', schema: UserSchema } },
    handler: async ({ res, app, params, body, change }) => {
      res.json(await app.store.users.update(change(), params.id, body));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log: who did what, to what, when (newest first)',
    tags: ['People'],
    access: ADMIN,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.coerce.number().int().positive().optional(),
      action: z.string().max(60).optional(),
      targetType: z.string().max(60).optional(),
      targetId: z.string().max(200).optional(),
    }),
    responses: { 200: { description: 'Events', schema: z.object({ events: z.array(AuditEventSchema) }) } },
    handler: async ({ res, app, query }) => {
      res.json({ events: await app.store.audit.list(query) });
    },
  }),
];

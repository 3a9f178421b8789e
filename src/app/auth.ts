/**
 * Who is calling, and may they? Systems send `Authorization: Bearer <token>`; people use
 * the web pages with a session cookie. Both become a `Principal` with one role.
 *
 * Token checks: the token's id finds its row (so a revoked token fails at once, in every
 * process); the secret is checked against its scrypt hash. scrypt is deliberately slow, so
 * after one successful check this process remembers the sha256 of the secret and compares
 * later requests with that in constant time — the hash at rest stays scrypt.
 *
 * Guessing is limited per account (or token id) *and* client address: 30 tries a minute at
 * one account from one address, so someone guessing one person's password does not lock out
 * everyone else behind the same proxy, nor that person from elsewhere. A looser limit per
 * address (300 a minute, over every account and token) bounds trying many accounts, and the
 * scrypt work one address can cause.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../core/index.js';
import { type Actor, type ChangeContext, type Role, type Store, BOOTSTRAP_TOKEN_ID, type User, parseToken, safeEqual, verifySecret } from '../store/index.js';
import type { TokenBucketLimiter } from './rate-limit.js';

/** The limits on guessing passwords and token secrets (both buckets are in the shared counters). */
export interface SignInLimits {
  /** Tries a minute at one account or token id from one address. */
  perAccount: TokenBucketLimiter;
  /** Tries a minute from one address, over every account and token. */
  perAddress: TokenBucketLimiter;
}

/**
 * What a session of someone who must choose a new password may still call in the API: the
 * password change itself, and "who am I" (which is how a client learns that it must).
 */
export const OPEN_BEFORE_PASSWORD_CHANGE: ReadonlySet<string> = new Set(['POST /api/me/password', 'GET /api/me', 'HEAD /api/me']);

/** An authenticated caller. */
export interface Principal extends Actor {
  kind: 'token' | 'user';
  role: Role;
}

/**
 * Who may call a route: `public` (no sign-in), `any` (any role), or a list of roles.
 * `admin` may always call.
 */
export type Access = 'public' | 'any' | readonly Role[];

/** True when the principal's role allows `access`. */
export function allows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'any' || role === 'admin') return true;
  return access.includes(role);
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'plainly_session';
/** The header the web pages send the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sha256Buffer(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Checks tokens and sessions against the store. */
export class Authenticator {
  /** token id -> sha256 of a secret that passed scrypt, and the hash it passed against. */
  private readonly verified = new Map<string, { digest: Buffer; secretHash: string }>();
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly store: Store,
    /** Limits sign-in attempts (and checks of new or wrong tokens) per account and address. */
    private readonly limits: SignInLimits,
  ) {}

  /**
   * Counts one try at `subject` (an account or a token id) from `address`, first against the
   * account-and-address bucket, then the address's own: a refused try at one account costs
   * the address nothing, so hammering one account does not use up everyone else's tries.
   * @throws AppError RATE_LIMITED.
   */
  private async limitTry(subject: string, address: string, what: string): Promise<void> {
    await this.limits.perAccount.enforce(`${subject}|${address}`, what, 1, 'sign-in');
    await this.limits.perAddress.enforce(address, 'sign-in attempts from your network address', 1, 'sign-in');
  }

  /**
   * The principal for a bearer token.
   * @throws AppError UNAUTHENTICATED when the token is unknown, wrong or revoked.
   */
  async fromToken(token: string, clientKey: string): Promise<Principal> {
    const parsed = parseToken(token) ?? { id: BOOTSTRAP_TOKEN_ID, secret: token };
    const credential = await this.store.tokens.credential(parsed.id);
    let ok = false;
    if (credential && !credential.revoked) {
      const cached = this.verified.get(credential.id);
      const digest = sha256Buffer(parsed.secret);
      if (cached && cached.secretHash === credential.secretHash && timingSafeEqual(cached.digest, digest)) {
        ok = true;
      } else {
        // scrypt is deliberately costly: only so many uncached checks a minute per token id
        // and address (a wrong secret for one token does not hold up another token).
        await this.limitTry(`token:${credential.id}`, clientKey, 'sign-in attempts with this token');
        ok = await verifySecret(parsed.secret, credential.secretHash);
        if (ok) this.verified.set(credential.id, { digest, secretHash: credential.secretHash });
      }
    }
    if (!ok || !credential) {
      throw new AppError('UNAUTHENTICATED', credential?.revoked ? 'This API token has been revoked. Ask an administrator for a new one.' : 'The API token is not valid.');
    }
    this.touch(credential.id);
    return { kind: 'token', id: credential.id, name: credential.name, role: credential.role };
  }

  /** Notes a token's last use, at most once a minute per token (it is a write). */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < 60_000) return;
    this.lastTouched.set(id, now);
    this.store.tokens.touch(id).catch(() => undefined);
  }

  /** The session for a cookie value, as a principal with its CSRF token, or undefined. */
  async fromSession(sessionId: string): Promise<{ principal: Principal; csrfToken: string; user: User } | undefined> {
    const session = await this.store.sessions.get(sessionId);
    if (!session) return undefined;
    const { user } = session;
    return { principal: { kind: 'user', id: user.id, name: user.username, role: user.role }, csrfToken: session.csrfToken, user };
  }

  /**
   * Authenticates a request: a bearer token, or else a session cookie. With a cookie, a
   * state-changing request must also send the session's CSRF token (header `X-CSRF-Token`
   * or form field `_csrf`), so another site cannot act in someone's name.
   * @throws AppError UNAUTHENTICATED, FORBIDDEN (CSRF), RATE_LIMITED (too many failures).
   */
  async authenticate(req: Request): Promise<Principal> {
    return (await this.caller(req)).principal;
  }

  /**
   * As `authenticate`, with the signed-in user for a session (undefined for a token), for
   * checks that need more than the role (`mustChangePassword`).
   * @throws AppError UNAUTHENTICATED, FORBIDDEN (CSRF), RATE_LIMITED (too many failures).
   */
  async caller(req: Request): Promise<{ principal: Principal; user?: User }> {
    const header = req.headers.authorization;
    const clientKey = clientKeyOf(req);
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
      return { principal: await this.fromToken(match[1], clientKey) };
    }
    const sessionId = readSessionCookie(req);
    if (sessionId) {
      const session = await this.fromSession(sessionId);
      if (!session) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.get(CSRF_HEADER) ?? (typeof req.body === 'object' && req.body ? (req.body as Record<string, unknown>)._csrf : undefined);
        if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
          throw new AppError('FORBIDDEN', 'This form has expired or did not come from Plainly. Reload the page and try again.');
        }
      }
      return { principal: session.principal, user: session.user };
    }
    throw new AppError('UNAUTHENTICATED', 'Sign-in is needed: send "Authorization: Bearer <token>".');
  }

  /**
   * Checks a username and password and starts a session (for the web sign-in page). Both
   * outcomes go in the audit log: a success as the user, a failure with the account it was
   * for (when the username exists) and why — never the password or the typed username.
   * `user.mustChangePassword` tells the page to ask for a new password first.
   * @throws AppError RATE_LIMITED after too many attempts at this account from this client
   * address (or from this address at all).
   */
  async signIn(
    username: string,
    password: string,
    clientKey: string,
    lifetimeHours = 12,
    requestId?: string,
  ): Promise<{ sessionId: string; csrfToken: string; expiresAt: string; user: User } | undefined> {
    await this.limitTry(accountKey(username), clientKey, 'sign-in attempts for this account');
    const check = await this.store.users.checkSignIn(username, password);
    if (!check.ok) {
      await this.store.sessions.recordFailedSignIn(check.reason, check.userId, requestId);
      return undefined;
    }
    const session = await this.store.sessions.create(check.user, lifetimeHours, requestId);
    return { ...session, user: check.user };
  }

  /**
   * Counts a password check against the same limits as signing in to that account from this
   * address (for routes that ask for the current password, so they cannot be used to guess
   * it faster). The account is the signed-in caller's (`res.locals.principal`).
   * @throws AppError RATE_LIMITED.
   */
  async limitPasswordAttempts(req: Request): Promise<void> {
    const principal = req.res?.locals.principal as Principal | undefined;
    await this.limitTry(principal ? accountKey(principal.name) : 'account:unknown', clientKeyOf(req), 'sign-in attempts for this account');
  }

  /** Ends a session (audited as its user). */
  async signOut(sessionId: string, requestId?: string): Promise<void> {
    await this.store.sessions.delete(sessionId, requestId);
  }
}

/**
 * The client's address, the key for per-address limits: `req.ip`, which is the connection's
 * address unless `PLAINLY_TRUST_PROXY` says which proxies' X-Forwarded-For to believe.
 */
export function clientKeyOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * The limit key for sign-ins to a username: a digest, because the counters file should not
 * hold what people typed (sometimes their password, in the wrong box). Usernames match exactly
 * at sign-in, so the digest of the exact text is the account.
 */
function accountKey(username: string): string {
  return `account:${createHash('sha256').update(username).digest('base64url').slice(0, 22)}`;
}

/** The app setting that holds PLAINLY_COOKIE_SECURE (set by createApp). */
export const COOKIE_SECURE_SETTING = 'plainly cookie secure';

/**
 * True when cookies on this response must be `Secure`: the request came over HTTPS
 * (`req.secure`, which believes X-Forwarded-Proto only from a trusted proxy), or
 * PLAINLY_COOKIE_SECURE is true (for a proxy that does not send X-Forwarded-Proto).
 */
export function secureCookies(req: Request): boolean {
  return req.secure || req.app?.get(COOKIE_SECURE_SETTING) === true;
}

/**
 * The session id from the request's cookie, if any. (Only our own cookie is read, and its
 * value is base64url, so a split on ";" and "=" is all the parsing needed.)
 */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Sets (or, with `sessionId` null, clears) the session cookie: HttpOnly, SameSite=Lax, and
 * Secure when `secureCookies` says so (or `options.secure` is true).
 */
export function setSessionCookie(res: Response, sessionId: string | null, options: { expiresAt?: string; secure?: boolean } = {}): void {
  const base = { httpOnly: true, sameSite: 'lax' as const, secure: options.secure === true || secureCookies(res.req), path: '/' };
  if (sessionId === null) res.clearCookie(SESSION_COOKIE, base);
  else res.cookie(SESSION_COOKIE, sessionId, { ...base, ...(options.expiresAt ? { expires: new Date(options.expiresAt) } : {}) });
}

/** The principal a previous middleware put on the response, or throws UNAUTHENTICATED. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign-in is needed.');
  return principal;
}

/** The change context (actor and request id) for store writes. */
export function changeContext(req: Request, res: Response): ChangeContext {
  return { actor: principalOf(res), requestId: typeof req.id === 'string' ? req.id : undefined };
}

/**
 * Middleware: authenticates the request and checks its role against `access`; puts the
 * principal on `res.locals.principal`. For the web router: pages use it the same way the
 * API routes do.
 */
export function requireAccess(authenticator: Authenticator, access: Access): RequestHandler {
  return async (req, res, next) => {
    if (access === 'public') return next();
    const { principal, user } = await authenticator.caller(req);
    res.locals.principal = principal;
    res.locals.principalId = `${principal.kind}:${principal.id}`;
    // Whoever set the password (the first start's console, an administrator) may still know
    // it: until the person chooses their own, their session can do nothing else. The web
    // pages redirect to the password page for the same reason (passwordGate).
    if (user?.mustChangePassword && !OPEN_BEFORE_PASSWORD_CHANGE.has(`${req.method} ${req.path}`)) {
      throw new AppError(
        'FORBIDDEN',
        'Change your password first: your password was set by someone else, so until you choose your own this session can only change it (POST /api/me/password, or the "Change your password" page) or sign out.',
        { passwordChangeRequired: true },
      );
    }
    if (!allows(access, principal.role)) {
      throw new AppError(
        'FORBIDDEN',
        `Your role (${principal.role}) cannot do this; it needs ${access === 'any' ? 'any role' : [...access, 'admin'].join(' or ')}.`,
      );
    }
    next();
  };
}

/**
 * Per-caller limits. Requests are charged by what they cost, not counted: each token or user
 * has a token bucket of `PLAINLY_RATE_LIMIT_PER_MINUTE` cost units a minute (bursts up to the
 * same), and each request takes its cost from `REQUEST_COSTS` (a plain read 1, a PDF render 10,
 * an impact analysis 30). Expensive requests also take one of
 * `PLAINLY_CONCURRENT_EXPENSIVE_REQUESTS` places while they run, so one caller cannot fill
 * every worker with renders at once, however slowly it spends its budget.
 *
 * The buckets and the places live in the store's shared counters (`store.rateCounters`, a
 * SQLite file in the data directory, or tables in the PostgreSQL database), so every process
 * and instance on the store draws from the same ones, whatever `PLAINLY_WORKERS` is and
 * however many instances run.
 *
 * The API charges every route (`mountRoutes`); the web pages charge signed-in GET pages
 * (`pageLimits`: previews render PDFs and draw them with pdftoppm) and forms (`actionGuard`).
 */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../core/index.js';
import type { SharedCounters } from '../store/index.js';
import type { Principal } from './auth.js';

/** Outcome of taking one request from a bucket. */
export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until this request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/** Which limit refused a request: the `limit` member of a RATE_LIMITED problem. */
export type LimitName = 'requests' | 'concurrent' | 'sign-in';

/** Per-key token buckets, shared across processes. */
export class TokenBucketLimiter {
  constructor(
    private readonly counters: SharedCounters,
    /** Names this limiter's buckets, so two limiters never share a key. */
    private readonly name: string,
    /** Cost units allowed per minute (and the burst size). */
    readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Takes `cost` (default 1) for `key`. A cost above the whole bucket is charged as the whole
   * bucket, so every request can eventually run.
   */
  async take(key: string, cost = 1): Promise<RateDecision> {
    const charged = Math.min(Math.max(cost, 0), this.perMinute);
    const { allowed, tokens } = await this.counters.take(`${this.name}|${key}`, this.perMinute, this.now(), charged);
    if (allowed) return { allowed, remaining: Math.floor(tokens), retryAfterSeconds: 0 };
    const perSecond = this.perMinute / 60;
    return { allowed, remaining: Math.floor(tokens), retryAfterSeconds: Math.max(1, Math.ceil((charged - tokens) / perSecond)) };
  }

  /**
   * Takes `cost` for `key` or throws RATE_LIMITED with the wait in `retryAfterSeconds` (the
   * error handlers turn it into a Retry-After header) and the limit's name in `limit`.
   */
  async enforce(key: string, what = 'requests', cost = 1, limit: LimitName = 'requests', setting?: string): Promise<RateDecision> {
    const decision = await this.take(key, cost);
    if (!decision.allowed) {
      const wait = `Try again in ${decision.retryAfterSeconds} second${decision.retryAfterSeconds === 1 ? '' : 's'}.`;
      const allowance = cost > 1 ? `this one costs ${Math.min(cost, this.perMinute)} of the ${this.perMinute} a minute allowed` : `the limit is ${this.perMinute} a minute`;
      throw new AppError('RATE_LIMITED', `Too many ${what}: ${allowance}${setting ? ` (${setting})` : ''}. ${wait}`, {
        retryAfterSeconds: decision.retryAfterSeconds,
        limit,
      });
    }
    return decision;
  }
}

/** What one kind of request costs. */
export interface RequestCost {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An Express-style path (`:name` is one segment), an API route's or a web page's. */
  path: string;
  /** Cost units taken from the caller's bucket (1 = a plain read). */
  cost: number;
  /** Takes one of the caller's places for expensive requests while it runs. */
  expensive: boolean;
  /** What makes it cost that (for the docs and for whoever tunes the table). */
  why: string;
}

/**
 * What requests cost, as data (docs/api.md "Limits" shows it). Anything not listed costs 1
 * and is not expensive: reads, lint, and proposing a lexicon entry (its few examples cost
 * about one lint). The unit is about a plain lint of a short text (1–2 ms of CPU); a final
 * PDF render measures about ten times that (`npm run bench:http`).
 */
export const REQUEST_COSTS: readonly RequestCost[] = [
  // The API.
  { method: 'POST', path: '/api/templates/:id/render', cost: 10, expensive: true, why: 'fills, checks and lays out a document (PDF)' },
  { method: 'POST', path: '/api/templates/:id/check', cost: 5, expensive: false, why: 'fills and checks a document' },
  { method: 'GET', path: '/api/documents/:id/pdf', cost: 10, expensive: true, why: 'makes the document again and checks its sha256' },
  { method: 'GET', path: '/api/documents/:id/html', cost: 10, expensive: true, why: 'makes the document again and checks its sha256' },
  { method: 'GET', path: '/api/documents/:id/text', cost: 10, expensive: true, why: 'makes the document again and checks its sha256' },
  { method: 'PUT', path: '/api/templates/:id', cost: 5, expensive: false, why: 'compiles and checks the new version with its example' },
  { method: 'POST', path: '/api/templates/:id/versions/:version/publish', cost: 5, expensive: false, why: 'compiles and checks the version with its example' },
  { method: 'GET', path: '/api/templates/:id/versions/:a/compare/:b', cost: 10, expensive: true, why: 'checks both versions with their examples and diffs them' },
  { method: 'POST', path: '/api/lexicon/impact', cost: 30, expensive: true, why: 'checks every published template twice, with and without the change' },
  { method: 'POST', path: '/api/lexicon/import', cost: 20, expensive: true, why: 'validates a whole word list and runs every entry’s examples' },
  { method: 'POST', path: '/api/lexicon/entries/:id/approve', cost: 5, expensive: false, why: 'runs the examples and compiles a new lexicon version' },
  { method: 'POST', path: '/api/batches', cost: 50, expensive: true, why: 'reads and checks a whole spreadsheet before the letters are queued' },
  { method: 'GET', path: '/api/batches/:id/output', cost: 5, expensive: false, why: 'streams a ZIP of every letter' },
  // The web pages.
  { method: 'GET', path: '/templates/:id', cost: 5, expensive: false, why: 'checks the version with its example' },
  { method: 'GET', path: '/templates/:id/edit', cost: 5, expensive: false, why: 'checks the version with its example' },
  { method: 'POST', path: '/templates/:id/edit', cost: 5, expensive: false, why: 'checks (and may save) a version' },
  { method: 'POST', path: '/templates/:id/versions/:version/publish', cost: 5, expensive: false, why: 'compiles and checks the version with its example' },
  { method: 'GET', path: '/templates/:id/versions/:version/preview', cost: 20, expensive: true, why: 'renders a PDF and draws its first page with pdftoppm' },
  { method: 'GET', path: '/templates/:id/versions/:version/preview.html', cost: 10, expensive: true, why: 'renders the document' },
  { method: 'GET', path: '/templates/:id/versions/:version/preview.pdf', cost: 10, expensive: true, why: 'renders the document' },
  { method: 'GET', path: '/templates/:id/versions/:version/pages/:page', cost: 10, expensive: true, why: 'draws a PDF page with pdftoppm' },
  { method: 'POST', path: '/templates/:id/design/preview', cost: 10, expensive: true, why: 'fills, checks and lays out the unsaved letter (pictures of its pages: 10 more for each page drawn with pdftoppm)' },
  { method: 'GET', path: '/templates/:id/compare', cost: 10, expensive: true, why: 'checks both versions with their examples and diffs them' },
  { method: 'GET', path: '/lexicon/entries/:id', cost: 10, expensive: true, why: 'with a suggestion waiting, or ?impact=retire, checks every published template twice (known only once the entry is read, so every view pays part of it)' },
  { method: 'POST', path: '/lexicon/entries/:id/decide', cost: 5, expensive: false, why: 'runs the examples and compiles a new lexicon version' },
  { method: 'POST', path: '/lexicon/upload', cost: 20, expensive: true, why: 'validates a whole word list and runs every entry’s examples' },
  { method: 'POST', path: '/letters', cost: 50, expensive: true, why: 'reads and checks a whole spreadsheet' },
  { method: 'POST', path: '/check/files', cost: 30, expensive: true, why: 'reads up to 10 Word, PDF or HTML files (or ZIPs of them) and checks each' },
  { method: 'GET', path: '/documents/:id/document.pdf', cost: 10, expensive: true, why: 'makes the document again and checks its sha256' },
  { method: 'GET', path: '/letters/batches/:id/letters.zip', cost: 5, expensive: false, why: 'streams a ZIP of every letter' },
  { method: 'GET', path: '/letters/batches/:id/print.pdf', cost: 5, expensive: false, why: 'streams one PDF of every letter' },
];

/** A request that is not in the table. */
const DEFAULT_COST: Omit<RequestCost, 'method' | 'path'> = { cost: 1, expensive: false, why: 'a read or a small change' };

const COMPILED = REQUEST_COSTS.map((rule) => ({
  rule,
  // `:name` is one path segment, or the part of one before a dot (`:page.png`, as Express reads it).
  pattern: new RegExp(`^${rule.path.replace(/[.+*?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
}));

/** The cost of a request (`HEAD` costs what `GET` does). */
export function costOf(method: string, path: string): Omit<RequestCost, 'method' | 'path'> {
  const verb = method === 'HEAD' ? 'GET' : method;
  for (const { rule, pattern } of COMPILED) if (rule.method === verb && pattern.test(path)) return rule;
  return DEFAULT_COST;
}

/** The key a caller's limits are kept under: `token:<id>` or `user:<id>`. */
export function callerKey(principal: Pick<Principal, 'kind' | 'id'>): string {
  return `${principal.kind}:${principal.id}`;
}

/** The lease key for a caller's expensive requests in flight (in the shared counters). */
export function expensiveKey(principal: Pick<Principal, 'kind' | 'id'>): string {
  return `expensive|${callerKey(principal)}`;
}

/**
 * When a caller with no free place is told to try again. Expensive requests take from under a
 * second (a render) to a few seconds (impact on every template), so a short wait is right.
 */
export const CONCURRENT_RETRY_SECONDS = 2;

/** Marks a response whose request has been charged (in `res.locals`). */
const CHARGED = 'plainlyCharged';

/** The cost-per-minute bucket and the places for expensive requests, for every caller. */
export class RequestLimits {
  constructor(
    private readonly counters: SharedCounters,
    /** The per-caller bucket (`PLAINLY_RATE_LIMIT_PER_MINUTE`). */
    readonly bucket: TokenBucketLimiter,
    /** Expensive requests at once per caller (`PLAINLY_CONCURRENT_EXPENSIVE_REQUESTS`). */
    readonly concurrent: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Charges a request to its caller: takes a place if it is expensive (given back when the
   * response closes, however it ends), then its cost from the bucket. Sets RateLimit-Limit
   * and RateLimit-Remaining.
   * @throws AppError RATE_LIMITED (`limit` is `concurrent` or `requests`), with retryAfterSeconds.
   */
  async charge(req: Request, res: Response, principal: Pick<Principal, 'kind' | 'id'>): Promise<void> {
    // Once per request: a guard that runs twice (an upload's error path) must not pay twice,
    // nor take a second place and so wait for itself. Marked before the first await, so a
    // second call while the first waits for the counters does not pay either.
    if (res.locals[CHARGED] === true) return;
    res.locals[CHARGED] = true;
    try {
      await this.chargeOnce(req, res, principal);
    } catch (error) {
      res.locals[CHARGED] = false;
      throw error;
    }
  }

  private async chargeOnce(req: Request, res: Response, principal: Pick<Principal, 'kind' | 'id'>): Promise<void> {
    const { cost, expensive } = costOf(req.method, req.path);
    let lease: string | undefined;
    if (expensive) {
      lease = await this.counters.acquire(expensiveKey(principal), this.concurrent, this.now());
      if (!lease) {
        throw new AppError(
          'RATE_LIMITED',
          `Too many expensive requests at once (renders, previews, comparisons, impact, batches): the limit is ${this.concurrent} at a time per user or token (PLAINLY_CONCURRENT_EXPENSIVE_REQUESTS). Wait for one to finish, then try again in ${CONCURRENT_RETRY_SECONDS} seconds.`,
          { retryAfterSeconds: CONCURRENT_RETRY_SECONDS, limit: 'concurrent' },
        );
      }
    }
    try {
      const decision = await this.bucket.enforce(callerKey(principal), 'requests', cost, 'requests', 'PLAINLY_RATE_LIMIT_PER_MINUTE');
      res.setHeader('RateLimit-Limit', String(this.bucket.perMinute));
      res.setHeader('RateLimit-Remaining', String(decision.remaining));
    } catch (error) {
      if (lease) await this.release(lease);
      throw error;
    }
    if (lease) {
      const id = lease;
      // 'close' comes after the last byte is sent or when the client goes away: either way the
      // place is free again (at once if the client went away while the place was being taken).
      if (res.closed) void this.release(id);
      else res.once('close', () => void this.release(id));
    }
  }

  /** Gives a place back; a failure only leaves it to expire (LEASE_MAX_MS), so it is not thrown. */
  private async release(id: string): Promise<void> {
    try {
      await this.counters.release(id);
    } catch {
      // Swept later, or given back when its instance is found gone.
    }
  }
}

/**
 * Middleware for the web pages: charges signed-in GET (and HEAD) pages by `REQUEST_COSTS`
 * (forms are charged by `actionGuard`, after their CSRF check). Runs after the session is
 * loaded; pages for people who are not signed in (the sign-in page, redirects) are cheap and
 * have their own limits.
 */
export function pageLimits(limits: RequestLimits): RequestHandler {
  return async (req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (principal && (req.method === 'GET' || req.method === 'HEAD')) await limits.charge(req, res, principal);
    next();
  };
}

/**
 * How a route is declared: method, path, who may call it, zod schemas for everything it
 * reads, its responses, and the handler. One declaration drives three things, so they cannot
 * drift apart: request validation, the access check, and the OpenAPI document.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../../core/index.js';
import { type Access, type ChangeContext, type Principal, type ServiceContext as AppContext, requireAccess } from '../../app/index.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented response. */
export interface ResponseSpec {
  description: string;
  /** JSON schema of the body (for `application/json`, the default). */
  schema?: z.ZodType;
  /** Content types for non-JSON bodies (PDF, HTML, YAML, CSV). */
  contentTypes?: string[];
  /** Response headers worth documenting (ETag, X-Document-Id, ...). */
  headers?: Record<string, string>;
}

/** What a handler gets: validated input, the caller, and the app. */
export interface HandlerContext<P, Q, B, H> {
  req: Request;
  res: Response;
  app: AppContext;
  params: P;
  query: Q;
  body: B;
  headers: H;
  /** The caller; undefined only on public routes. */
  principal: Principal | undefined;
  /** Actor and request id for store writes (throws on public routes). */
  change: () => ChangeContext;
}

/** A route declaration. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, H = unknown> {
  method: HttpMethod;
  /** Express-style path, e.g. `/api/templates/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** Request headers the route reads (validated; documented as parameters). */
  headers?: z.ZodType<H>;
  /** A JSON body. */
  body?: z.ZodType<B>;
  /** The most bytes of JSON body this route reads (default: the 1 MB JSON limit); for a route that takes a file as base64. */
  jsonLimitBytes?: (context: AppContext) => number;
  /**
   * The JSON body may be left out (DELETE with an optional comment): a request without one is
   * validated as `{}`, so the schema's defaults and optional fields apply.
   */
  bodyOptional?: boolean;
  /** A text body (YAML, CSV) instead of JSON: the handler gets the string. */
  textBody?: { contentTypes: string[]; description: string };
  responses: Record<number, ResponseSpec>;
  handler: (context: HandlerContext<P, Q, B, H>) => Promise<void>;
}

/** A route with its types erased, for lists. */
export type AnyRoute = RouteSpec<any, any, any, any>;

/** Declares a route (an identity function that keeps the handler's input types). */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined, H = Record<string, never>>(
  spec: RouteSpec<P, Q, B, H>,
): AnyRoute {
  return spec as AnyRoute;
}

/** Turns zod issues into `{path, message}` problems. `prefix` names where the value was. */
export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const join = (parts: PropertyKey[]) => [prefix, ...parts.map(String)].filter(Boolean).join('.') || '(body)';
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: join([...issue.path, key]), message: 'is not a field this request accepts' });
    } else {
      problems.push({ path: join(issue.path), message: issue.message });
    }
  }
  return problems;
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string, problems: FieldProblem[]): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push(...zodProblems(result.error, prefix));
  return undefined as T;
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** Body parsers for one route: JSON (1 MB), or text for imports (the upload limit). */
function bodyParsers(route: AnyRoute, context: AppContext): RequestHandler[] {
  if (route.body) {
    const json = express.json({ limit: route.jsonLimitBytes?.(context) ?? context.limits.jsonBytes, strict: false, type: () => true });
    return [
      (req, _res, next) => {
        if (!hasBody(req)) return next();
        if (!req.is(['application/json', 'application/*+json'])) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send this request's body as JSON with "Content-Type: application/json" (it came as ${req.get('content-type') ?? 'no type'}).`);
        }
        next();
      },
      json,
    ];
  }
  if (route.textBody) {
    const types = route.textBody.contentTypes;
    const text = express.text({ limit: context.limits.uploadBytes, type: () => true, defaultCharset: 'utf-8' });
    return [
      (req, _res, next) => {
        if (!hasBody(req)) return next();
        if (!req.is(types)) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send this file as ${types.join(' or ')} (it came as ${req.get('content-type') ?? 'no type'}).`);
        }
        next();
      },
      text,
    ];
  }
  return [];
}

/** Lower-cased request headers as a plain object, for header schemas. */
function headerObject(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') out[key.toLowerCase()] = value;
  return out;
}

/** Mounts routes on a router: access check, rate limit, body parsing, validation, handler. */
export function mountRoutes(router: Router, routes: readonly AnyRoute[], context: AppContext): void {
  for (const route of routes) {
    const access = requireAccess(context.auth, route.access);
    const rateLimit: RequestHandler = async (req, res, next) => {
      const principal = res.locals.principal as Principal | undefined;
      // Charged by cost (REQUEST_COSTS in ../rate-limit.ts), not by count.
      if (principal) await context.requestLimits.charge(req, res, principal);
      next();
    };
    const handle: RequestHandler = async (req, res) => {
      const problems: FieldProblem[] = [];
      const params = parsePart(route.params, req.params, 'path', problems);
      const query = parsePart(route.query, { ...(req.query as Record<string, unknown>) }, 'query', problems);
      const headers = parsePart(route.headers, headerObject(req), 'header', problems);
      let body: unknown;
      if (route.body) {
        if (hasBody(req)) body = parsePart(route.body, req.body, '', problems);
        else if (route.bodyOptional) body = parsePart(route.body, {}, '', problems);
        else problems.push({ path: '(body)', message: 'a JSON body is needed' });
      } else if (route.textBody) {
        if (!hasBody(req) || typeof req.body !== 'string') problems.push({ path: '(body)', message: `a ${route.textBody.contentTypes[0]} body is needed` });
        else body = req.body;
      }
      if (problems.length > 0) {
        throw new AppError('VALIDATION_FAILED', `Some of the request is not right: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, { errors: problems });
      }
      const principal = res.locals.principal as Principal | undefined;
      await route.handler({
        req,
        res,
        app: context,
        params,
        query,
        body,
        headers,
        principal,
        change: () => {
          if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign-in is needed.');
          return { actor: principal, requestId: typeof req.id === 'string' ? req.id : undefined };
        },
      });
    };
    router[route.method](route.path, access, rateLimit, ...bodyParsers(route, context), handle);
  }
}

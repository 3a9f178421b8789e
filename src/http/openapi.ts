/**
 * The OpenAPI 3.1 document, generated from the route declarations (the same zod schemas
 * that validate requests), and the readable docs page (Swagger UI from swagger-ui-dist,
 * served from node_modules under the same Content-Security-Policy as everything else: no
 * inline script, the page's start-up code is a file of its own).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { AppError, ERROR_CATALOGUE } from '../core/index.js';
import { ProblemSchema } from '../app/schemas.js';
import type { AnyRoute } from './routes/registry.js';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request could not be read (bad JSON)',
  401: 'No token, or the token is not valid or revoked',
  403: 'Your role does not allow this',
  413: 'The body is too large',
  415: 'The body is not of a type this route accepts',
  422: 'Some of the data is not right (every problem is listed in `errors`)',
  429: 'Too many requests (see Retry-After)',
};

/**
 * The operationId of every route, by `METHOD /express/path`: camelCase, verb first. Generated
 * clients name their functions and types after these, so they are a contract: never rename
 * one. A new route needs an entry here (buildOpenApi refuses a route without one, and
 * tests/http/openapi-contract.test.ts checks they are unique and that none is left over).
 */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  'POST /api/lint': 'lintText',
  'GET /api/templates': 'listTemplates',
  'GET /api/templates/:id': 'getTemplate',
  'PUT /api/templates/:id': 'saveTemplateDraft',
  'GET /api/templates/:id/versions': 'listTemplateVersions',
  'GET /api/templates/:id/versions/:version': 'getTemplateVersion',
  'POST /api/templates/:id/versions/:version/publish': 'publishTemplateVersion',
  'GET /api/templates/:id/versions/:a/compare/:b': 'compareTemplateVersions',
  'POST /api/templates/:id/check': 'checkTemplateData',
  'POST /api/templates/:id/render': 'renderDocument',
  'GET /api/documents': 'listDocuments',
  'GET /api/documents/:id': 'getDocument',
  'GET /api/documents/:id/pdf': 'getDocumentPdf',
  'GET /api/documents/:id/html': 'getDocumentHtml',
  'GET /api/documents/:id/text': 'getDocumentText',
  'POST /api/batches': 'startBatch',
  'GET /api/batches/:id': 'getBatch',
  'GET /api/batches/:id/problems': 'getBatchProblems',
  'GET /api/batches/:id/output': 'getBatchOutput',
  'GET /api/lexicon': 'getLexicon',
  'GET /api/lexicon/entries': 'listLexiconEntries',
  'POST /api/lexicon/entries': 'proposeLexiconEntry',
  'GET /api/lexicon/entries/:id': 'getLexiconEntry',
  'PUT /api/lexicon/entries/:id': 'proposeLexiconEntryChange',
  'DELETE /api/lexicon/entries/:id': 'retireLexiconEntry',
  'POST /api/lexicon/entries/:id/approve': 'approveLexiconEntry',
  'POST /api/lexicon/entries/:id/reject': 'rejectLexiconEntry',
  'POST /api/lexicon/entries/:id/propose-retirement': 'proposeLexiconEntryRetirement',
  'GET /api/lexicon/history': 'getLexiconHistory',
  'POST /api/lexicon/validate': 'validateLexiconEntry',
  'POST /api/lexicon/impact': 'analyseLexiconImpact',
  'GET /api/lexicon/export': 'exportLexicon',
  'POST /api/lexicon/import': 'importLexicon',
  'GET /api/lexicon/versions/:version': 'getLexiconVersion',
  'GET /api/me': 'getMe',
  'POST /api/me/password': 'changeMyPassword',
  'POST /api/tokens': 'createToken',
  'GET /api/tokens': 'listTokens',
  'DELETE /api/tokens/:id': 'revokeToken',
  'POST /api/users': 'createUser',
  'GET /api/users': 'listUsers',
  'PATCH /api/users/:id': 'updateUser',
  'GET /api/audit': 'listAuditEvents',
};

/** The key of a route in OPERATION_IDS. */
export function operationKey(route: Pick<AnyRoute, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** A route's operationId; a route without one is a mistake in this file, said at once. */
function operationIdOf(route: AnyRoute): string {
  const id = OPERATION_IDS[operationKey(route)];
  if (!id) throw new AppError('INTERNAL', `The route ${operationKey(route)} has no operationId: add one to OPERATION_IDS in src/http/openapi.ts.`);
  return id;
}

/**
 * The license the API description names (package.json's, as an SPDX identifier; OpenAPI 3.1
 * takes an identifier instead of a URL).
 */
export const API_LICENSE = { name: 'MIT', identifier: 'MIT' } as const;

/** Express `/a/:id` to OpenAPI `/a/{id}`. */
function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Builds the OpenAPI document for these routes. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): unknown {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from POST /api/tokens (or the bootstrap token printed on first start).',
  });
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const content: Record<string, unknown> = {};
      if (spec.schema) content['application/json'] = { schema: spec.schema };
      for (const type of spec.contentTypes ?? []) content[type] = { schema: { type: 'string', format: type.includes('pdf') ? 'binary' : undefined } };
      responses[status] = {
        description: spec.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
        ...(spec.headers
          ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
          : {}),
      };
    }
    const errorStatuses = new Set<number>([400, 429]);
    if (route.access !== 'public') errorStatuses.add(401).add(403);
    if (route.body || route.textBody) errorStatuses.add(413).add(415);
    if (route.body || route.textBody || route.query || route.params) errorStatuses.add(422);
    for (const status of errorStatuses) {
      if (responses[status]) continue;
      responses[status] = { description: ERROR_DESCRIPTIONS[status], content: { 'application/problem+json': { schema: ProblemSchema } } };
    }
    for (const [status, value] of Object.entries(responses)) {
      const response = value as { content?: Record<string, unknown>; description: string };
      if (Number(status) >= 400 && !response.content) response.content = { 'application/problem+json': { schema: ProblemSchema } };
    }
    const who =
      route.access === 'public' ? 'No sign-in needed.' : route.access === 'any' ? 'Any role.' : `Roles: ${[...route.access, 'admin'].join(', ')}.`;
    registry.registerPath({
      method: route.method,
      path: openApiPath(route.path),
      operationId: operationIdOf(route),
      summary: route.summary,
      description: [route.description, `**Who:** ${who}`].filter(Boolean).join('\n\n'),
      tags: route.tags,
      ...(route.access === 'public' ? { security: [] } : { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(route.params ? { params: route.params as never } : {}),
        ...(route.query ? { query: route.query as never } : {}),
        ...(route.headers ? { headers: route.headers as never } : {}),
        ...(route.body ? { body: { required: !route.bodyOptional, content: { 'application/json': { schema: route.body } } } } : {}),
        ...(route.textBody
          ? { body: { required: true, description: route.textBody.description, content: Object.fromEntries(route.textBody.contentTypes.map((t) => [t, { schema: { type: 'string' } }])) } }
          : {}),
      },
      responses: responses as never,
    });
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Plainly API',
      version,
      license: API_LICENSE,
      description:
        'Renders council direct-payment letters and checks them for plain, respectful language. Every error is `application/problem+json` with a stable `code`: ' +
        Object.keys(ERROR_CATALOGUE).join(', ') +
        '.',
    },
    servers: [{ url: '/' }],
  });
}

const require = createRequire(import.meta.url);

/** The folder swagger-ui-dist is installed in. */
function swaggerUiDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plainly API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" aria-label="Plainly API reference"></main>
<noscript><p>This page needs JavaScript. The API description is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
});
`;

/** `/api/openapi.json` and `/api/docs` (public: they hold no personal data). */
export function docsRouter(document: () => unknown): Router {
  const router = express.Router();
  let cached: string | undefined;
  router.get('/api/openapi.json', (_req, res) => {
    cached ??= JSON.stringify(document());
    res.type('application/json').send(cached);
  });
  router.get('/api/docs', (_req, res) => {
    res.type('html').send(DOCS_HTML);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir(), { index: false, maxAge: '1d', fallthrough: false }));
  return router;
}

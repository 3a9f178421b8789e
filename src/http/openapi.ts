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
<link rel="stylesheet" href="/api/docs/plainly-docs.css">
</head>
<body>
<main id="swagger-ui" aria-label="Plainly API reference"></main>
<noscript><p>This page needs JavaScript. The API description is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

// WCAG 2.2 AA (issue 15, tests/web/api-docs.test.ts): no deep links (Swagger UI puts a link
// inside each operation's button, a nested control), and every select it draws gets the name
// of the label it sits beside (its server and content-type lists have none); React redraws
// them, so a watcher names them again.
const DOCS_INIT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  function name() {
    root.querySelectorAll('select:not([aria-label])').forEach(function (select) {
      var label = select.id === 'servers' ? 'Servers'
        : select.closest('.response-control-media-type, .content-type-wrapper, .body-param-content-type') ? 'Media type'
        : (select.closest('tr') && select.closest('tr').querySelector('.parameter__name')) ? 'Value of ' + select.closest('tr').querySelector('.parameter__name').textContent.trim()
        : 'Choose a value';
      select.setAttribute('aria-label', label);
    });
    // Code examples scroll sideways: reachable with the keyboard.
    root.querySelectorAll('.highlight-code pre:not([tabindex]), pre.microlight:not([tabindex])').forEach(function (pre) {
      pre.setAttribute('tabindex', '0');
    });
  }
  new MutationObserver(name).observe(root, { childList: true, subtree: true });
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: false, persistAuthorization: false, onComplete: name });
});
`;

/** Colours and target sizes that meet WCAG 2.2 AA on top of Swagger UI's own stylesheet. */
const DOCS_CSS = `.swagger-ui .info .title small { background-color: #383f47; }
.swagger-ui .info .title small.version-stamp { background-color: #2d6100; }
.swagger-ui .info .title small pre { color: #ffffff; }
.swagger-ui .info .url, .swagger-ui .info .base-url { color: #0b0c0c; }
.swagger-ui .info a, .swagger-ui a.nostyle, .swagger-ui .info__license__url .link, .swagger-ui .info .link { color: #1a65a6; }
.swagger-ui .info a { display: inline-block; min-height: 24px; min-width: 24px; padding: 2px 0; }
.swagger-ui .opblock .opblock-summary-description { color: #0b0c0c; }
.swagger-ui .parameter__type, .swagger-ui .parameter__in, .swagger-ui .prop-format, .swagger-ui .response-col_links { color: #383f47; }
.swagger-ui .opblock-tag small { color: #383f47; }
.swagger-ui .btn, .swagger-ui select, .swagger-ui .opblock-summary-control, .swagger-ui .expand-operation, .swagger-ui .model-box-control { min-height: 24px; min-width: 24px; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1f7a4f; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d5a8e; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b21f1f; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #2a6e6a; }
.swagger-ui .btn.authorize, .swagger-ui .btn.authorize span { color: #1f6b45; border-color: #1f6b45; }
.swagger-ui .btn.authorize svg { fill: #1f6b45; }
.swagger-ui .btn span, .swagger-ui .btn { color: #0b0c0c; }
.swagger-ui .btn.execute, .swagger-ui .btn.execute span { color: #ffffff; background-color: #1d5a8e; border-color: #1d5a8e; }
.swagger-ui .json-schema-2020-12-expand-deep-button, .swagger-ui .json-schema-2020-12__attribute, .swagger-ui .json-schema-2020-12-keyword__name--secondary, .swagger-ui .json-schema-2020-12-keyword__value--secondary { color: #383f47; }
.swagger-ui .json-schema-2020-12-keyword__value--warning, .swagger-ui .json-schema-2020-12__attribute--primary { color: #8a1f11; }
.swagger-ui .model-title, .swagger-ui .model .property.primitive, .swagger-ui .prop-type, .swagger-ui .model-hint { color: #383f47; }
.swagger-ui .response-col_status, .swagger-ui .response-col_description, .swagger-ui .tab li, .swagger-ui .opblock-description-wrapper p, .swagger-ui table thead tr td, .swagger-ui table thead tr th { color: #0b0c0c; }
.swagger-ui .parameter__name.required span, .swagger-ui .parameter__name.required::after { color: #8a1f11; }
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
  router.get('/api/docs/plainly-docs.css', (_req, res) => {
    res.type('text/css').send(DOCS_CSS);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir(), { index: false, maxAge: '1d', fallthrough: false }));
  return router;
}

// Cowbell's own API as an OpenAPI 3.1 document, generated from the app's routes: every path and
// method Hono has, the request schemas validate() checks, and the permission gate() serves
// (lib/openapi/annotate.ts). Built once on first request and kept: routes do not change at run time.
import type { Hono } from 'hono';
import { findTargetHandler } from 'hono/utils/handler';
import type { Env } from '../../env.ts';
import { ROUTE_DOC, type RouteDoc } from '../../lib/openapi/annotate.ts';

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'issues'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code (server/lib/error-codes.ts).' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/**
 * Only Cowbell's own API: mailcow's /api/v1 is mailcow's (documented by mailcow), the rest is the app.
 * addy.io's alias endpoint shares the /api/v1 prefix but is Cowbell's password-manager API: it stays.
 */
const NOT_COWBELL_API = /^(?!\/api\/)|^\/api\/v1\/(?!aliases$)/;

/** What a route's mark says, in hono-openapi's terms (its own mark on the same middleware). */
async function markRoutes(app: Hono<never>) {
  const { resolver, uniqueSymbol } = await import('hono-openapi');
  for (const route of app.routes) {
    const handler = findTargetHandler(route.handler) as unknown as Record<symbol, unknown>;
    const doc = handler[ROUTE_DOC] as RouteDoc | undefined;
    if (!doc || handler[uniqueSymbol]) continue;
    if (doc.kind === 'input') handler[uniqueSymbol] = { target: doc.target, ...resolver(doc.schema) };
    else {
      const description = `Permission \`${doc.action}\`, held by: ${doc.roles.join(', ')}.${doc.stepUp ? ' A browser session must have confirmed its identity within the last few minutes (step-up).' : ''}`;
      handler[uniqueSymbol] = { spec: { description, 'x-cowbell-permission': doc.action, security: [{ session: [] }] } };
    }
  }
  return import('hono-openapi');
}

export async function openApiDocument(app: Hono<never>, env: Env, version: string) {
  const base = env.BASE_PATH === '/' ? '' : env.BASE_PATH;
  const { generateSpecs } = await markRoutes(app);
  return generateSpecs(app, {
    documentation: {
      openapi: '3.1.0',
      info: {
        title: 'Cowbell API',
        version,
        description: 'The API behind the Cowbell app. Signed-in browser sessions call it with the session cookie; '
          + 'every state-changing call also sends the `X-CSRF-Token` header echoing the `cowbell_csrf` cookie. '
          + 'Errors always have the body `{ error: { code, message, issues } }`. mailcow-compatible scripts use `/api/v1` with an API key instead.',
      },
      // Relative: "Try it out" calls the origin the page came from, whatever name reached it.
      servers: [{ url: base === '' ? '/' : base }],
      components: {
        schemas: { Error: ERROR_BODY as never },
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cowbell_session', description: 'The session cookie set by POST /api/session (with the __Host- prefix over HTTPS).' },
        },
      },
    },
    includeEmptyPaths: true,
    exclude: NOT_COWBELL_API,
    excludeStaticFile: false,
    defaultOptions: {
      ALL: {
        responses: {
          200: { description: 'Success: the JSON answer.' },
          401: errorResponse('Not signed in (`unauthenticated`).'),
          403: errorResponse('Signed in but not allowed (`forbidden`, `step_up_required`, `csrf_failed`).'),
        },
      },
    },
  });
}

// Cowbell's OpenAPI document and its interactive page: public, like the source they describe.
import { everyone, type RouteCase } from './kit.ts';

export const routes: Record<string, RouteCase> = {
  'GET /api/openapi.json': { request: () => ({ path: '/api/openapi.json' }), expect: everyone(200) },
  'GET /api/docs': { request: () => ({ path: '/api/docs' }), expect: everyone(200) },
  'GET /api/docs/init.js': { request: () => ({ path: '/api/docs/init.js' }), expect: everyone(200) },
  'GET /api/docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}': { request: () => ({ path: '/api/docs/swagger-ui.css' }), expect: everyone(200) },
};

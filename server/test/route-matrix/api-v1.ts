// mailcow's /api/v1: an API key is its only credential. A session (cookie and CSRF header sent)
// gets mailcow's 401 for every actor; what each key may do is proven in features/api-v1.
import { everyone, json, type RouteCase } from './kit.ts';

export const routes: Record<string, RouteCase> = {
  'ALL /api/v1/*': { request: () => ({ path: '/api/v1/add/mailbox', init: json('POST', { local_part: 'x', domain: 'y.test' }) }), expect: everyone(401) },
};

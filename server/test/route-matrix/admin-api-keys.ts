import { api } from '../../../db/schema/access.ts';
import { cowbellApiKeys } from '../../../db/schema/cowbell.ts';
import { makeScopedKey, mailcowKeyValue } from '../v1-harness.ts';
import { ctx, eq, json, only, signedInAnd, uid, W, type RouteCase } from './kit.ts';

/** A scoped key of A's domain admin. */
const keyOfDaIn = async () => {
  const { key, id } = await makeScopedKey(ctx, W.daIn, { access: 'ro' });
  return { id, prefix: key.slice(0, 14) };
};
const keyExists = async (id: number) => (await ctx.deps.db.$count(cowbellApiKeys, eq(cowbellApiKeys.id, id))) === 1;

// mailcow's API keys are shared by every test file's database rows, so the writes prove the gate
// with an access level that does not exist (the admin reaches validation: 400) or a change that
// changes nothing; api-key.test.ts proves what they do, in a database of its own.
export const routes: Record<string, RouteCase> = {
  'GET /api/admin/api-keys': {
    request: () => ({ path: '/api/admin/api-keys' }),
    expect: only(['admin']),
  },
  'POST /api/admin/api-keys/:access': {
    request: () => ({ path: '/api/admin/api-keys/xx', init: json('POST', { skipIpCheck: true }) }),
    expect: signedInAnd({ admin: 400 }),
  },
  'PATCH /api/admin/api-keys/:access': {
    prepare: async () => {
      await ctx.deps.db.insert(api).values({ apiKey: mailcowKeyValue(), access: 'ro', allowFrom: '192.0.2.1', created: '2000-01-01 00:00:00' });
      return {};
    },
    request: () => ({ path: '/api/admin/api-keys/ro', init: json('PATCH', {}) }),
    expect: only(['admin']),
  },
  'POST /api/admin/api-keys/:access/regenerate': {
    request: () => ({ path: '/api/admin/api-keys/xx/regenerate', init: { method: 'POST' } }),
    expect: signedInAnd({ admin: 400 }),
  },
  'DELETE /api/admin/api-keys/:access': {
    request: () => ({ path: '/api/admin/api-keys/xx', init: { method: 'DELETE' } }),
    expect: signedInAnd({ admin: 400 }),
  },
  // Scoped keys: each domain admin its own, admins everyone's; only a domain admin makes one.
  'GET /api/admin/scoped-keys': {
    prepare: keyOfDaIn,
    request: () => ({ path: '/api/admin/scoped-keys' }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body, p) => body.includes(String(p.prefix)), by: ['daIn', 'admin'] },
  },
  'POST /api/admin/scoped-keys': {
    prepare: async () => ({ name: `k${uid()}` }),
    request: (p) => ({ path: '/api/admin/scoped-keys', init: json('POST', { name: p.name, access: 'ro' }) }),
    expect: signedInAnd({ daIn: 201, daOut: 201, admin: 403 }),
    effect: { check: async (p) => (await ctx.deps.db.$count(cowbellApiKeys, eq(cowbellApiKeys.name, String(p.name)))) === 1, by: ['daIn', 'daOut'] },
  },
  'DELETE /api/admin/scoped-keys/:id': {
    prepare: keyOfDaIn,
    request: (p) => ({ path: `/api/admin/scoped-keys/${p.id}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => !(await keyExists(Number(p.id))), by: ['daIn', 'admin'] },
  },
  // mailcow's logs: admins only, as in mailcow's UI.
  'GET /api/admin/logs/ui': {
    request: () => ({ path: '/api/admin/logs/ui' }),
    expect: only(['admin']),
  },
  'GET /api/admin/logs/api': {
    request: () => ({ path: '/api/admin/logs/api' }),
    expect: only(['admin']),
  },
};

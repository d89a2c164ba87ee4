import { domain, tagsDomain } from '../../../db/schema/mail.ts';
import { insertDomain } from '../../lib/mailcow/provision.ts';
import { ctx, eq, json, only, signedInAnd, uid, world, type RouteCase } from './kit.ts';

const exists = async (name: string) => (await ctx.deps.db.$count(domain, eq(domain.domain, name))) === 1;

export const routes: Record<string, RouteCase> = {
  // mailcow's add/delete domain: admins only; domain admins edit their own domains (GAL and tags here).
  'POST /api/admin/domains': {
    prepare: async () => ({ name: `new-${uid()}.test` }),
    request: (p) => ({ path: '/api/admin/domains', init: json('POST', { domain: p.name }) }),
    expect: only(['admin'], 201),
    effect: { check: (p) => exists(String(p.name)), by: ['admin'] },
  },
  'GET /api/admin/domains/:domain': {
    request: () => ({ path: `/api/admin/domains/${world.domainOfA}` }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
  },
  'PATCH /api/admin/domains/:domain': {
    prepare: async () => { await ctx.deps.db.delete(tagsDomain).where(eq(tagsDomain.domain, world.domainOfA)); return {}; },
    request: () => ({ path: `/api/admin/domains/${world.domainOfA}`, init: json('PATCH', { tags: ['matrix'] }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async () => (await ctx.deps.db.$count(tagsDomain, eq(tagsDomain.domain, world.domainOfA))) === 1, by: ['daIn', 'admin'] },
  },
  'GET /api/admin/domains/:domain/delete-preview': {
    request: () => ({ path: `/api/admin/domains/${world.domainOfA}/delete-preview` }),
    expect: only(['admin']),
  },
  'DELETE /api/admin/domains/:domain': {
    prepare: async () => { const name = `del-${uid()}.test`; await insertDomain(ctx.deps.db, name, { redis: ctx.deps.redis }); return { name }; },
    request: (p) => ({ path: `/api/admin/domains/${p.name}`, init: { method: 'DELETE' } }),
    expect: only(['admin']),
    effect: { check: async (p) => !(await exists(String(p.name))), by: ['admin'] },
  },
};

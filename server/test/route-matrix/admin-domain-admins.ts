import { and, eq } from 'drizzle-orm';
import { admin, daAcl, userAcl } from '../../../db/schema/access.ts';
import { insertDomainAdmin } from '../../lib/mailcow/provision.ts';
import { ctx, json, only, signedInAnd, uid, W, world, type RouteCase } from './kit.ts';

const isDomainAdmin = async (name: string) => (await ctx.deps.db.$count(admin, and(eq(admin.username, name), eq(admin.superadmin, 0)))) === 1;
/** A throwaway domain admin of A's domain, so no write touches the accounts the matrix signs in as. */
const spare = async () => { const name = `spare${uid()}`; await insertDomainAdmin(ctx.deps.db, name, world.hash, [world.domainOfA]); return { name }; };
const aclOfA = async () => (await ctx.deps.db.select().from(userAcl).where(eq(userAcl.username, W.userA)))[0];

export const routes: Record<string, RouteCase> = {
  // mailcow's domain_admin get/add/edit/delete and acl edit domainadmin: admins only.
  'GET /api/admin/domain-admins': {
    request: () => ({ path: '/api/admin/domain-admins' }),
    expect: only(['admin']),
    shows: { check: (body) => body.includes(`"${W.daIn}"`), by: ['admin'] },
  },
  'POST /api/admin/domain-admins': {
    prepare: async () => ({ name: `new${uid()}` }),
    request: (p) => ({ path: '/api/admin/domain-admins', init: json('POST', { username: p.name, domains: [world.domainOfA] }) }),
    expect: only(['admin'], 201),
    effect: { check: (p) => isDomainAdmin(String(p.name)), by: ['admin'] },
  },
  'PATCH /api/admin/domain-admins/:username': {
    prepare: spare,
    request: (p) => ({ path: `/api/admin/domain-admins/${p.name}`, init: json('PATCH', { forceTfa: true }) }),
    expect: only(['admin']),
    effect: { check: async (p) => (JSON.parse((await ctx.deps.db.select().from(admin).where(eq(admin.username, String(p.name))))[0].attributes ?? '{}') as { force_tfa?: string }).force_tfa === '1', by: ['admin'] },
  },
  'DELETE /api/admin/domain-admins/:username': {
    prepare: spare,
    request: (p) => ({ path: `/api/admin/domain-admins/${p.name}`, init: { method: 'DELETE' } }),
    expect: only(['admin']),
    effect: { check: async (p) => !(await isDomainAdmin(String(p.name))), by: ['admin'] },
  },
  // A domain admin reads its own ACL and nobody else's.
  'GET /api/admin/domain-admins/:username/acl': {
    request: () => ({ path: `/api/admin/domain-admins/${W.daIn}/acl` }),
    expect: signedInAnd({ daIn: 200, daOut: 403, admin: 200 }),
  },
  'PUT /api/admin/domain-admins/:username/acl': {
    prepare: spare,
    request: (p) => ({ path: `/api/admin/domain-admins/${p.name}/acl`, init: json('PUT', { acl: { domain_desc: true } }) }),
    expect: only(['admin']),
    effect: { check: async (p) => (await ctx.deps.db.select().from(daAcl).where(eq(daAcl.username, String(p.name))))[0].domainDesc === 1, by: ['admin'] },
  },
  // A mailbox's ACL: its domain's admin and admins; the owner may not change its own (mailcow).
  'GET /api/admin/mailboxes/:username/acl': {
    request: () => ({ path: `/api/admin/mailboxes/${W.userA}/acl` }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
  },
  'PUT /api/admin/mailboxes/:username/acl': {
    prepare: async () => { await ctx.deps.db.update(userAcl).set({ spamScore: 1 }).where(eq(userAcl.username, W.userA)); return {}; },
    request: () => ({ path: `/api/admin/mailboxes/${W.userA}/acl`, init: json('PUT', { acl: { spam_score: false } }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async () => (await aclOfA()).spamScore === 0, by: ['daIn', 'admin'] },
  },
};

import { senderAcl } from '../../../db/schema/mail.ts';
import { ctx, W, world, only, signedInAnd, json, eq, type RouteCase } from './kit.ts';

export const routes: Record<string, RouteCase> = {
  'GET /api/admin/overview': { request: () => ({ path: '/api/admin/overview' }), expect: only(['daIn', 'daOut', 'admin']) },
  'GET /api/admin/domains': {
    request: () => ({ path: '/api/admin/domains' }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { domains: { name: string }[] }).domains.some((d) => d.name === world.domainOfA), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/mailboxes': {
    request: () => ({ path: `/api/admin/mailboxes?q=${encodeURIComponent(W.userA)}` }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { items: { username: string }[] }).items.some((m) => m.username === W.userA), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/domain-names': {
    request: () => ({ path: '/api/admin/domain-names' }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { domains: { name: string }[] }).domains.some((d) => d.name === world.domainOfA), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/search': {
    request: () => ({ path: `/api/admin/search?q=${encodeURIComponent(W.userA)}` }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { hits: { id: string }[] }).hits.some((h) => h.id === W.userA), by: ['daIn', 'admin'] },
  },
  // A mailbox's send-as grants: its domain's admins only; another domain's admin finds no such mailbox.
  'GET /api/admin/mailboxes/:username/sender-acl': {
    request: () => ({ path: `/api/admin/mailboxes/${encodeURIComponent(W.userA)}/sender-acl` }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
  },
  'PUT /api/admin/mailboxes/:username/sender-acl': {
    prepare: async () => { await ctx.deps.db.delete(senderAcl).where(eq(senderAcl.loggedInAs, W.userA)); return {}; },
    request: () => ({ path: `/api/admin/mailboxes/${encodeURIComponent(W.userA)}/sender-acl`, init: json('PUT', { internal: [`@${world.domainOfA}`] }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async () => (await ctx.deps.db.select().from(senderAcl).where(eq(senderAcl.loggedInAs, W.userA))).length > 0, by: ['daIn', 'admin'] },
  },
};

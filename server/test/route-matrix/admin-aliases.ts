import { inArray } from 'drizzle-orm';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import { daAcl } from '../../../db/schema/access.ts';
import { ctx, eq, json, only, signedInAnd, uid, W, world, type RouteCase } from './kit.ts';

/** An alias of A's domain made for one call, so each actor edits or deletes its own. */
async function aliasOfDomainA() {
  const address = `m${uid()}@${world.domainOfA}`;
  const [{ id }] = await ctx.deps.db.insert(alias).values({ address, goto: W.userA, domain: world.domainOfA }).$returningId();
  return { id, address };
}
async function aliasDomainOfA() {
  const name = `ad${uid()}.test`;
  await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: name, targetDomain: world.domainOfA });
  return { name };
}
const aliasRow = async (id: string | number) => (await ctx.deps.db.select().from(alias).where(eq(alias.id, Number(id))))[0];
const aliasDomainRow = async (name: string | number) => (await ctx.deps.db.select().from(aliasDomain).where(eq(aliasDomain.aliasDomain, String(name))))[0];

// Aliases and alias domains are for A's domain admin and admins; another domain's admin finds none of
// A's to change and may not add any in A's domain; users may do none of it.
export const routes: Record<string, RouteCase> = {
  'GET /api/admin/aliases': {
    prepare: aliasOfDomainA,
    request: (p) => ({ path: `/api/admin/aliases?q=${p.address}` }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body, p) => body.includes(`"id":${p.id},`), by: ['daIn', 'admin'] },
  },
  'POST /api/admin/aliases': {
    prepare: async () => ({ address: `n${uid()}@${world.domainOfA}` }),
    request: (p) => ({ path: '/api/admin/aliases', init: json('POST', { addresses: [p.address], goto: W.userA }) }),
    // Each address answers for itself: daOut's is refused inside a 200.
    expect: only(['daIn', 'daOut', 'admin']),
    effect: { check: async (p) => (await ctx.deps.db.$count(alias, eq(alias.address, String(p.address)))) === 1, by: ['daIn', 'admin'] },
  },
  'POST /api/admin/aliases/bulk': {
    prepare: aliasOfDomainA,
    request: (p) => ({ path: '/api/admin/aliases/bulk', init: json('POST', { ids: [p.id], action: 'deactivate' }) }),
    expect: only(['daIn', 'daOut', 'admin']),
    effect: { check: async (p) => Number((await aliasRow(p.id)).active) === 0, by: ['daIn', 'admin'] },
  },
  'PATCH /api/admin/aliases/:id': {
    prepare: aliasOfDomainA,
    request: (p) => ({ path: `/api/admin/aliases/${p.id}`, init: json('PATCH', { gotoSpam: true }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => (await aliasRow(p.id)).goto === 'spam@localhost', by: ['daIn', 'admin'] },
  },
  'DELETE /api/admin/aliases/:id': {
    prepare: aliasOfDomainA,
    request: (p) => ({ path: `/api/admin/aliases/${p.id}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => !(await aliasRow(p.id)), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/alias-domains': {
    prepare: aliasDomainOfA,
    request: (p) => ({ path: `/api/admin/alias-domains?q=${p.name}` }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body, p) => body.includes(`"${p.name}"`), by: ['daIn', 'admin'] },
  },
  'POST /api/admin/alias-domains': {
    // A's domain admin holds da_acl alias_domains here; without it mailcow refuses (alias-domain.test.ts).
    prepare: async () => {
      await ctx.deps.db.update(daAcl).set({ aliasDomains: 1 }).where(eq(daAcl.username, W.daIn));
      await ctx.deps.db.update(daAcl).set({ aliasDomains: 1 }).where(eq(daAcl.username, W.daOut));
      return { name: `new${uid()}.test` };
    },
    request: (p) => ({ path: '/api/admin/alias-domains', init: json('POST', { aliasDomain: p.name, targetDomain: world.domainOfA }) }),
    expect: signedInAnd({ daIn: 201, daOut: 403, admin: 201 }),
    effect: { check: async (p) => Boolean(await aliasDomainRow(p.name)), by: ['daIn', 'admin'] },
    // Back to mailcow's default (off), so no later row runs with the flag.
    cleanup: async () => { await ctx.deps.db.update(daAcl).set({ aliasDomains: 0 }).where(inArray(daAcl.username, [W.daIn, W.daOut])); },
  },
  'PATCH /api/admin/alias-domains/:aliasDomain': {
    prepare: aliasDomainOfA,
    request: (p) => ({ path: `/api/admin/alias-domains/${p.name}`, init: json('PATCH', { active: false }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => Number((await aliasDomainRow(p.name)).active) === 0, by: ['daIn', 'admin'] },
  },
  'DELETE /api/admin/alias-domains/:aliasDomain': {
    prepare: aliasDomainOfA,
    request: (p) => ({ path: `/api/admin/alias-domains/${p.name}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => !(await aliasDomainRow(p.name)), by: ['daIn', 'admin'] },
  },
};

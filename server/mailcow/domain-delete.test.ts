// delete/domain and its preview, checked against what a real mailcow removed
// (server/test/fixtures/mailcow-domains/captured.json, "delete").
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin, daAcl, domainAdmins } from '../../db/schema/access.ts';
import { alias, aliasDomain, domain, mailbox, quota2, senderAcl, spamalias, tagsDomain } from '../../db/schema/mail.ts';
import captured from '../test/fixtures/mailcow-domains/captured.json' with { type: 'json' };
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertDomainAdmin } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { createDomain, deleteDomain, domainDeletePreview } from './domain.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.9' });

async function world() {
  const w = await seedWorld(ctx);
  return { ...w, admin: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), alice: as(w.user, 'user') };
}
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

describe('deleting a domain', () => {
  it('previews what goes and refuses while mailboxes remain (domain_not_empty)', async () => {
    const w = await world();
    const ad = `ad-${uid()}.test`;
    await db().insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await db().insert(alias).values({ address: `al@${w.domain}`, goto: w.user, domain: w.domain });
    expect(await domainDeletePreview(ctx.deps, w.admin, w.domain))
      .toEqual({ domain: w.domain, mailboxes: 1, aliases: 1, aliasDomains: [ad], domainAdmins: 1, deletable: false });
    const e = await deleteDomain(ctx.deps, w.admin, w.domain).then(() => null, (err: AppError) => err);
    expect(e).toMatchObject({ code: 'conflict' });
    expect(e!.message).toContain(captured.delete.withMailbox.msg[0]);
    expect(await db().$count(domain, eq(domain.domain, w.domain))).toBe(1);
  });

  it('removes the rows mailcow removes, orphaned domain admins and the Redis fields', async () => {
    const w = await world();
    const name = `gone-${uid()}.test`;
    const ad = `ad-${uid()}.test`;
    await createDomain(ctx.deps, w.admin, { domain: name, tags: ['a'], rlValue: 5, rlFrame: 'm' });
    await db().insert(aliasDomain).values({ aliasDomain: ad, targetDomain: name });
    await ctx.deps.redis.hset('DOMAIN_MAP', ad, '1');
    await db().insert(alias).values({ address: `al@${name}`, goto: w.user, domain: name });
    await db().insert(senderAcl).values({ loggedInAs: `x@${name}`, sendAs: w.user });
    await db().insert(quota2).values({ username: `x@${name}`, bytes: 0, messages: 0 });
    await db().insert(spamalias).values({ address: `s@${name}`, goto: w.user, description: '', validity: 0 });
    // One domain admin only of this domain (goes), and w's, which keeps its other domain.
    const lone = `da${uid()}`;
    await insertDomainAdmin(db(), lone, w.hash, [name]);
    await db().insert(domainAdmins).values({ username: w.domainAdmin, domain: name, active: 1 });

    const fx = captured.delete.afterMailboxRemoved;
    expect(await deleteDomain(ctx.deps, w.admin, name)).toMatchObject({ aliases: 1, aliasDomains: [ad], domainAdmins: 2, deletable: true });
    expect(await db().$count(domain, eq(domain.domain, name))).toBe(fx.rowsLeft.domain);
    expect(await db().$count(alias, eq(alias.domain, name))).toBe(fx.rowsLeft.alias);
    expect(await db().$count(aliasDomain, eq(aliasDomain.aliasDomain, ad))).toBe(0);
    expect(await db().$count(tagsDomain, eq(tagsDomain.domain, name))).toBe(fx.rowsLeft.tags_domain);
    expect(await db().$count(senderAcl, like(senderAcl.loggedInAs, `%@${name}`))).toBe(0);
    expect(await db().$count(quota2, eq(quota2.username, `x@${name}`))).toBe(0);
    expect(await db().$count(spamalias, eq(spamalias.address, `s@${name}`))).toBe(0);
    expect(await db().$count(domainAdmins, eq(domainAdmins.domain, name))).toBe(0);
    expect(await db().$count(admin, eq(admin.username, lone))).toBe(0);
    expect(await db().$count(daAcl, eq(daAcl.username, lone))).toBe(0);
    expect(await db().$count(admin, eq(admin.username, w.domainAdmin))).toBe(1);
    expect(await db().$count(mailbox, eq(mailbox.username, w.user))).toBe(1);
    expect(await ctx.deps.redis.hexists('DOMAIN_MAP', name)).toBe(0);
    expect(await ctx.deps.redis.hexists('RL_VALUE', name)).toBe(0);
    // As mailcow, the DKIM key stays (a "blind" key in mailcow's DKIM list until an admin removes it).
    expect(await ctx.deps.redis.hexists('DKIM_SELECTORS', name)).toBe(Number(captured.dkim.keptAfterDomainDelete));
    // mailcow leaves the alias domain's DOMAIN_MAP field behind (fixture); Cowbell removes it with the alias domain.
    expect(fx.redis['DOMAIN_MAP ad-cap.example (its alias domain)']).toBe(true);
    expect(await ctx.deps.redis.hexists('DOMAIN_MAP', ad)).toBe(0);
  });

  it('is for admins only, and answers not_found for no such domain', async () => {
    const w = await world();
    const name = `e-${uid()}.test`;
    await createDomain(ctx.deps, w.admin, { domain: name });
    await db().insert(domainAdmins).values({ username: w.domainAdmin, domain: name, active: 1 });
    expect(await codeOf(deleteDomain(ctx.deps, w.da, name))).toBe('forbidden');
    expect(await codeOf(domainDeletePreview(ctx.deps, w.da, name))).toBe('forbidden');
    expect(await codeOf(deleteDomain(ctx.deps, w.alice, name))).toBe('forbidden');
    expect(await codeOf(deleteDomain(ctx.deps, w.admin, `none-${uid()}.test`))).toBe('not_found');
    expect(await codeOf(deleteDomain(ctx.deps, w.admin, name))).toBe('ok');
  });
});

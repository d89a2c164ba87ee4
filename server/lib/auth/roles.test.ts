// Every route names who may call it; these prove each denial.
import { count, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { alias, aliasDomain, domain, mailbox } from '../../../db/schema/mail.ts';
import { insertDomain, insertMailbox } from '../mailcow/provision.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

async function as(who: 'anonymous' | 'user' | 'admin' | 'domain_admin' | 'tfa_pending') {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  if (who === 'tfa_pending') {
    await ctx.deps.db.insert(tfa).values({ keyId: 'k', username: w.user, authmech: 'totp', secret: 'X', active: 1 });
  }
  const name = { anonymous: null, user: w.user, tfa_pending: w.user, admin: w.admin, domain_admin: w.domainAdmin }[who];
  if (name) expect((await client.signIn(name)).status).toBe(200);
  return { client, w };
}

describe.each([
  ['GET /api/me', (c: ReturnType<typeof createTestClient>) => c.api.me.$get(), ['user']],
  ['GET /api/admin/overview', (c: ReturnType<typeof createTestClient>) => c.api.admin.overview.$get(), ['admin', 'domain_admin']],
] as const)('%s', (_name, call, allowed) => {
  it.each(['anonymous', 'tfa_pending', 'user', 'admin', 'domain_admin'] as const)('as %s', async (who) => {
    const { client } = await as(who);
    const res = await call(client);
    const expected = (allowed as readonly string[]).includes(who) ? 200 : who === 'anonymous' || who === 'tfa_pending' ? 401 : 403;
    expect(res.status).toBe(expected);
  });
});

describe('what each role sees', () => {
  it('shows a user their mailbox, quota and last logins', async () => {
    const { client, w } = await as('user');
    const home = await (await client.api.me.$get()).json();
    expect(home).toMatchObject({ username: w.user, name: 'alice', quota: { limitBytes: 3072 * 1048576, usedBytes: 0 } });
    expect(home.lastLogins).toEqual([expect.objectContaining({ service: 'MAILCOWUI' })]);
  });

  it('counts only the domains a domain admin manages, aliases on alias domains included', async () => {
    const { client, w } = await as('domain_admin');
    const other = `o${uid()}.test`;
    await insertDomain(ctx.deps.db, other);
    await insertMailbox(ctx.deps.db, { localPart: 'x', domain: other, passwordHash: w.hash });
    const ad = `a${uid()}.test`;
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await ctx.deps.db.insert(alias).values([
      { address: `sales@${w.domain}`, goto: w.user, domain: w.domain },
      { address: `info@${ad}`, goto: w.user, domain: ad },
      { address: `info@${other}`, goto: `x@${other}`, domain: other },
    ]);
    expect(await (await client.api.admin.overview.$get()).json()).toMatchObject({ domains: 1, mailboxes: 1, aliases: 2 });
  });

  it('counts everything for an admin', async () => {
    const { client, w } = await as('admin');
    await ctx.deps.db.insert(alias).values({ address: `sales@${w.domain}`, goto: w.user, domain: w.domain });
    const everything = async () => {
      const [[d], [m], [a]] = await Promise.all([
        ctx.deps.db.select({ n: count() }).from(domain),
        ctx.deps.db.select({ n: count() }).from(mailbox).where(eq(mailbox.kind, '')),
        ctx.deps.db.select({ n: count() }).from(alias).where(ne(alias.address, alias.goto)),
      ]);
      return { domains: d.n, mailboxes: m.n, aliases: a.n };
    };
    // Other files add rows meanwhile (and remove none): the answer lies between two direct counts.
    const before = await everything();
    const counts = await (await client.api.admin.overview.$get()).json();
    const after = await everything();
    for (const key of ['domains', 'mailboxes', 'aliases'] as const) {
      expect(counts[key]).toBeGreaterThanOrEqual(before[key]);
      expect(counts[key]).toBeLessThanOrEqual(after[key]);
    }
  });

  it('answers unknown API routes with a JSON not_found', async () => {
    const res = await ctx.app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

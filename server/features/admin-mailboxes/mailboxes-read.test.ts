// Reading one mailbox or domain for the edit forms, the bulk edit's per-address answers, and the
// command palette's search, each in the actor's scope.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alias, mailbox } from '../../../db/schema/mail.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { seedWorld, signedInClient, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();
const { db } = ctx.deps;

const signedIn = (name: string) => signedInClient(ctx, name);
const activeOf = async (u: string) => (await db.select({ a: mailbox.active }).from(mailbox).where(eq(mailbox.username, u)))[0]?.a;

describe('one mailbox or domain for its form', () => {
  it('answers every editable field in scope and not found beyond it', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const da = await signedIn(w.domainAdmin);
    const one = da.api.admin.mailboxes[':username'];
    const res = await one.$get({ param: { username: w.user } });
    expect(res.status).toBe(200);
    expect((await res.json()).mailbox).toMatchObject({ username: w.user, quota: 3072, active: 1, forcePwUpdate: false, protocolAccess: { imap: true } });
    expect((await one.$get({ param: { username: other.user } })).status).toBe(404);
    const domain = await da.api.admin.domains[':domain'].$get({ param: { domain: w.domain } });
    expect((await domain.json()).domain).toMatchObject({ domain: w.domain, mailboxes: 10, quota: 10240, gal: true });
    expect((await da.api.admin.domains[':domain'].$get({ param: { domain: other.domain } })).status).toBe(404);
  });
});

describe('bulk edit', () => {
  it('changes each mailbox in scope and answers for every address on its own', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const bob = await insertMailbox(db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const da = await signedIn(w.domainAdmin);
    const res = await da.api.admin.mailboxes.$patch({ json: { usernames: [w.user, bob, other.user, 'not an address'], patch: { active: 2 } } });
    expect(res.status).toBe(200);
    expect((await res.json()).outcomes).toEqual([
      { username: w.user, ok: true }, { username: bob, ok: true },
      { username: other.user, ok: false, code: 'not_found', message: expect.any(String) },
      { username: 'not an address', ok: false, code: 'validation_failed', message: expect.any(String) },
    ]);
    expect([await activeOf(w.user), await activeOf(bob), await activeOf(other.user)]).toEqual([2, 2, 1]);
    // The self alias follows, as every edit through the mailbox service does.
    expect((await db.select({ a: alias.active }).from(alias).where(eq(alias.address, bob)))[0]?.a).toBe(2);
    const over = await da.api.admin.mailboxes.$patch({ json: { usernames: [bob], patch: { quota: 999999 } } });
    expect((await over.json()).outcomes[0]).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses an empty patch, a per-mailbox field, too many addresses and mailbox users', async () => {
    const w = await seedWorld(ctx);
    const admin = await signedIn(w.admin);
    const send = (json: unknown) => admin.api.admin.mailboxes.$patch({ json: json as never });
    expect((await send({ usernames: [w.user], patch: {} })).status).toBe(400);
    expect((await send({ usernames: [w.user], patch: { password: 'x' } })).status).toBe(400);
    expect((await send({ usernames: Array.from({ length: 501 }, (_, i) => `u${i}@${w.domain}`), patch: { active: 1 } })).status).toBe(400);
    expect((await send({ usernames: [], patch: { active: 1 } })).status).toBe(400);
    const user = await signedIn(w.user);
    expect((await user.api.admin.mailboxes.$patch({ json: { usernames: [w.user], patch: { active: 0 } } })).status).toBe(403);
  });
});

describe('palette search', () => {
  it('finds domains, mailboxes by address or name and aliases in scope, prefix first', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const bob = await insertMailbox(db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash, name: 'Robert Alice' });
    await db.insert(alias).values({ address: `alist@${w.domain}`, goto: w.user, domain: w.domain, active: 1 });
    const da = await signedIn(w.domainAdmin);
    const search = async (q: string) => (await (await da.api.admin.search.$get({ query: { q } })).json()).hits;
    expect(await search(w.domain)).toEqual(expect.arrayContaining([{ kind: 'domain', id: w.domain, label: w.domain }]));
    const hits = await search(`ali`);
    expect(hits.filter((h) => h.id.endsWith(w.domain))).toEqual(expect.arrayContaining([
      { kind: 'mailbox', id: w.user, label: `alice <${w.user}>` }, { kind: 'mailbox', id: bob, label: `Robert Alice <${bob}>` },
      { kind: 'alias', id: `alist@${w.domain}`, label: `alist@${w.domain}` },
    ]));
    expect(hits.some((h) => h.id.endsWith(other.domain))).toBe(false);
    expect((await da.api.admin.search.$get({ query: { q: '' } })).status).toBe(400);
  });
});

// mailcow's rules for regular aliases, called on the service (no routes yet).
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { logs } from '../../db/schema/audit.ts';
import { alias, aliasDomain, domain, mailbox, senderAcl, spamalias } from '../../db/schema/mail.ts';
import { sogoStaticView } from '../../db/schema/sogo.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { createAlias, deleteAlias, editAlias, getAlias } from './alias.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.9' });

async function world() {
  const w = await seedWorld(ctx);
  const bob = await insertMailbox(db(), { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
  return { ...w, bob, admin: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), alice: as(w.user, 'user') };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: AppError) => err);
  expect(e, 'expected a refusal').not.toBeNull();
  return { code: e!.code, issues: e!.issues.map((i) => `${i.path}:${i.code}`) };
}

const viewAliases = async (user: string) => (await db().select().from(sogoStaticView).where(eq(sogoStaticView.cUid, user)))[0]?.aliases;
const auditOf = (address: string) => db().select().from(logs).where(like(logs.msg, `%"${address}"%`)).orderBy(logs.id);

describe('creating an alias', () => {
  it('normalises and de-duplicates the targets, applies the column defaults and logs as mailcow', async () => {
    const w = await world();
    const created = await createAlias(ctx.deps, w.da, { address: ` Sales@${w.domain.toUpperCase()} `, goto: `${w.user}, ${w.bob.toUpperCase()};${w.user}\nx@example.org` });
    expect(created).toMatchObject({ address: `sales@${w.domain}`, goto: [w.user, w.bob, 'x@example.org'], domain: w.domain, catchAll: false,
      active: true, sogoVisible: true, senderAllowed: true, internal: false });
    const [row] = await db().select().from(alias).where(eq(alias.id, created.id));
    expect(row.goto).toBe(`${w.user},${w.bob},x@example.org`);
    const [log] = await auditOf(`sales@${w.domain}`);
    expect(log).toMatchObject({ type: 'success', user: w.domainAdmin, role: 'domainadmin', remote: '198.51.100.9' });
    expect(JSON.parse(log.msg!)).toEqual(['alias_added', `sales@${w.domain}`, created.id]);
    expect(JSON.parse(log.call!)).toEqual(['mailbox', 'add', 'alias', { address: `sales@${w.domain}`, goto: `${w.user},${w.bob},x@example.org` }, null]);
  });

  it('stores explicit false flags, comments, and the special targets by flag', async () => {
    const w = await world();
    const a = await createAlias(ctx.deps, w.admin, { address: `a@${w.domain}`, gotoSpam: true, goto: w.user, active: false, sogoVisible: false,
      senderAllowed: false, internal: true, publicComment: 'p', privateComment: 'q' });
    expect(a).toMatchObject({ goto: ['spam@localhost'], active: false, sogoVisible: false, senderAllowed: false, internal: true, publicComment: 'p', privateComment: 'q' });
    expect((await createAlias(ctx.deps, w.admin, { address: `b@${w.domain}`, gotoNull: true, gotoHam: true })).goto).toEqual(['null@localhost']);
    expect((await createAlias(ctx.deps, w.admin, { address: `c@${w.domain}`, gotoHam: true })).goto).toEqual(['ham@localhost']);
  });

  it('takes a catch-all and an alias domain address', async () => {
    const w = await world();
    const ad = `a${uid()}.test`;
    await db().insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    expect(await createAlias(ctx.deps, w.da, { address: `@${w.domain}`, goto: w.user })).toMatchObject({ address: `@${w.domain}`, catchAll: true });
    expect(await createAlias(ctx.deps, w.da, { address: `info@${ad}`, goto: w.user })).toMatchObject({ domain: ad });
  });

  it('refuses bad input with paths', async () => {
    const w = await world();
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: 'not an address', goto: w.user }))).toEqual({ code: 'validation_failed', issues: ['address:invalid'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@${w.domain}`, goto: `${w.user}, bad` }))).toEqual({ code: 'validation_failed', issues: ['goto.1:invalid'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@${w.domain}`, goto: ' , ' }))).toEqual({ code: 'validation_failed', issues: ['goto:required'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@${w.domain}` }))).toEqual({ code: 'validation_failed', issues: ['goto:required'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@${w.domain}`, goto: w.user, publicComment: 'é'.repeat(81) })))
      .toEqual({ code: 'validation_failed', issues: ['publicComment:too_long'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@${w.domain}`, goto: `${w.user},x@${w.domain}` }))).toEqual({ code: 'validation_failed', issues: ['goto.1:invalid'] });
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `x@nowhere${uid()}.test`, goto: w.user }))).toEqual({ code: 'validation_failed', issues: ['address:invalid'] });
  });

  it('refuses an address already in use: alias, mailbox, mailbox through an alias domain, time-limited alias', async () => {
    const w = await world();
    const ad = `a${uid()}.test`;
    await db().insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await createAlias(ctx.deps, w.admin, { address: `taken@${w.domain}`, goto: w.user });
    await db().insert(spamalias).values({ address: `spam.alias@${w.domain}`, goto: w.user, description: '', validity: 2e9 });
    for (const address of [`taken@${w.domain}`, w.bob, `bob@${ad}`, `spam.alias@${w.domain}`]) {
      expect(await refusal(createAlias(ctx.deps, w.admin, { address, goto: w.user })), address).toEqual({ code: 'validation_failed', issues: ['address:invalid'] });
    }
  });

  it('refuses a resource as target', async () => {
    const w = await world();
    const room = await insertMailbox(db(), { localPart: 'room', domain: w.domain, passwordHash: w.hash });
    await db().update(mailbox).set({ kind: 'location' }).where(eq(mailbox.username, room));
    expect(await refusal(createAlias(ctx.deps, w.admin, { address: `r@${w.domain}`, goto: [w.user, room] }))).toEqual({ code: 'validation_failed', issues: ['goto.1:invalid'] });
  });

  it("counts the domain's aliases (alias domains included, mailboxes not) against its maximum", async () => {
    const w = await world();
    const ad = `a${uid()}.test`;
    await db().insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await db().update(domain).set({ aliases: 2 }).where(eq(domain.domain, w.domain));
    await createAlias(ctx.deps, w.admin, { address: `one@${w.domain}`, goto: w.user });
    await createAlias(ctx.deps, w.admin, { address: `two@${ad}`, goto: w.user });
    expect((await refusal(createAlias(ctx.deps, w.admin, { address: `three@${w.domain}`, goto: w.user }))).code).toBe('conflict');
  });

  it("refuses a domain admin another domain's aliases, and every mailbox user", async () => {
    const w = await world();
    const other = await world();
    expect((await refusal(createAlias(ctx.deps, w.da, { address: `x@${other.domain}`, goto: w.user }))).code).toBe('forbidden');
    expect((await refusal(createAlias(ctx.deps, w.alice, { address: `x@${w.domain}`, goto: w.user }))).code).toBe('forbidden');
    const a = await createAlias(ctx.deps, other.admin, { address: `y@${other.domain}`, goto: other.user });
    expect((await refusal(getAlias(ctx.deps, w.da, { id: a.id }))).code).toBe('not_found');
    expect((await refusal(deleteAlias(ctx.deps, w.da, { id: a.id }))).code).toBe('not_found');
    expect((await refusal(editAlias(ctx.deps, w.alice, { id: a.id, active: false }))).code).toBe('forbidden');
  });
});

describe('editing and deleting an alias', () => {
  it('changes what is given, drops the duplicate sender_acl rows and logs alias_modified', async () => {
    const w = await world();
    const a = await createAlias(ctx.deps, w.da, { address: `team@${w.domain}`, goto: w.user });
    await db().insert(senderAcl).values([{ loggedInAs: w.bob, sendAs: a.address }, { loggedInAs: w.user, sendAs: `@${w.domain}` }]);
    const edited = await editAlias(ctx.deps, w.da, { id: a.id, goto: [w.user, w.bob], publicComment: 'hi' });
    expect(edited).toMatchObject({ goto: [w.user, w.bob], publicComment: 'hi', active: true });
    expect(await db().select().from(senderAcl).where(and(eq(senderAcl.loggedInAs, w.bob), eq(senderAcl.sendAs, a.address)))).toEqual([]);
    expect(await db().select().from(senderAcl).where(eq(senderAcl.sendAs, `@${w.domain}`))).toHaveLength(1);
    const [, log] = await auditOf(a.address);
    expect(JSON.parse(log.msg!)).toEqual(['alias_modified', a.address]);
    expect(JSON.parse(log.call!)).toEqual(['mailbox', 'edit', 'alias', { id: [a.id], goto: `${w.user},${w.bob}`, public_comment: 'hi' }, null]);
  });

  it('moves an alias only to a free address in an administered domain, and never touches a mailbox self row', async () => {
    const w = await world();
    const a = await createAlias(ctx.deps, w.da, { address: `old@${w.domain}`, goto: w.user });
    expect(await refusal(editAlias(ctx.deps, w.da, { id: a.id, address: w.bob }))).toEqual({ code: 'validation_failed', issues: ['address:invalid'] });
    expect((await editAlias(ctx.deps, w.da, { id: a.id, address: `new@${w.domain}` })).address).toBe(`new@${w.domain}`);
    const [self] = await db().select().from(alias).where(eq(alias.address, w.user));
    expect((await refusal(deleteAlias(ctx.deps, w.admin, { id: self.id }))).code).toBe('not_found');
  });

  it('deletes the alias and every sender_acl row for it', async () => {
    const w = await world();
    const a = await createAlias(ctx.deps, w.admin, { address: `gone@${w.domain}`, goto: w.user });
    await db().insert(senderAcl).values({ loggedInAs: w.bob, sendAs: a.address });
    await deleteAlias(ctx.deps, w.admin, { id: a.id });
    expect(await db().select().from(alias).where(eq(alias.id, a.id))).toEqual([]);
    expect(await db().select().from(senderAcl).where(eq(senderAcl.sendAs, a.address))).toEqual([]);
    const logged = await auditOf(a.address);
    expect(JSON.parse(logged[logged.length - 1].call!)).toEqual(['mailbox', 'delete', 'alias', { id: [a.id] }, null]);
  });
});

describe("SOGo's static view", () => {
  it('lists an alias for its targets only while active, sogo_visible and not a catch-all, and drops it on delete', async () => {
    const w = await world();
    const shown = await createAlias(ctx.deps, w.admin, { address: `shown@${w.domain}`, goto: [w.user, w.bob] });
    await createAlias(ctx.deps, w.admin, { address: `hidden@${w.domain}`, goto: w.user, sogoVisible: false });
    await createAlias(ctx.deps, w.admin, { address: `off@${w.domain}`, goto: w.user, active: false });
    await createAlias(ctx.deps, w.admin, { address: `@${w.domain}`, goto: w.user });
    expect(await viewAliases(w.user)).toBe(`shown@${w.domain}`);
    expect(await viewAliases(w.bob)).toBe(`shown@${w.domain}`);
    await editAlias(ctx.deps, w.admin, { id: shown.id, goto: w.user });
    expect(await viewAliases(w.bob)).toBe('');
    await deleteAlias(ctx.deps, w.admin, { id: shown.id });
    expect(await viewAliases(w.user)).toBe('');
  });
});

// Granting and removing send-as rights with mailcow's rules (reference 5.2): replace-all per kind,
// `*` for admins only, entries within the caller's domains, hidden entries kept, external entries
// only with extend_sender_acl and only for domains not hosted here, aliases allowed by goto skipped.
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { daAcl } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import { alias, senderAcl } from '../../db/schema/mail.ts';
import { sogoStaticView } from '../../db/schema/sogo.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { AppError } from '../lib/errors.ts';
import { insertDomain, insertDomainAdmin, insertMailbox } from '../lib/mailcow/provision.ts';
import { createTestClient, PASSWORD, seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { getSenderAcl, setSenderAcl } from './sender-acl.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '192.0.2.7' });

/** A's domain with its domain admin, a second domain (another domain admin's), and an admin. */
async function world() {
  const w = await seedWorld(ctx);
  const other = `o${uid()}.test`;
  await insertDomain(db(), other);
  const daOther = `dao${uid()}`;
  await insertDomainAdmin(db(), daOther, w.hash, [other]);
  await insertMailbox(db(), { localPart: 'carol', domain: other, passwordHash: w.hash });
  return { ...w, other, daOther, admin: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin') };
}

const rows = async (user: string, external: number) => (await db().select({ v: senderAcl.sendAs }).from(senderAcl)
  .where(and(eq(senderAcl.loggedInAs, user), eq(senderAcl.external, external)))).map((r) => r.v).sort();

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('internal entries', () => {
  it('replace all of the user\'s internal rows; a bare domain is stored as @domain; the audit row is mailcow\'s', async () => {
    const w = await world();
    await setSenderAcl(ctx.deps, w.admin, w.user, { internal: [`@${w.other}`, `carol@${w.other}`, w.domain] });
    expect(await rows(w.user, 0)).toEqual([`@${w.domain}`, `@${w.other}`, `carol@${w.other}`]);
    const view = await setSenderAcl(ctx.deps, w.admin, w.user, { internal: [`carol@${w.other}`] });
    expect(await rows(w.user, 0)).toEqual([`carol@${w.other}`]);
    expect(view.internal).toEqual([{ value: `carol@${w.other}`, kind: 'address', editable: true }]);
    const [log] = await db().select().from(logs).where(eq(logs.user, w.admin.username)).orderBy(desc(logs.id)).limit(1);
    expect(log).toMatchObject({ type: 'success', role: 'admin', remote: '192.0.2.7' });
    expect(JSON.parse(log.msg!)).toEqual(['mailbox_modified', w.user]);
    expect(JSON.parse(log.call!)).toEqual(['mailbox', 'edit', 'mailbox', { username: [w.user], sender_acl: [`carol@${w.other}`] }, null]);
    await setSenderAcl(ctx.deps, w.admin, w.user, { internal: [] });
    expect(await rows(w.user, 0)).toEqual([]);
  });

  it('* is for admins only, and stands alone', async () => {
    const w = await world();
    const denied = await refusal(setSenderAcl(ctx.deps, w.da, w.user, { internal: ['*'] }));
    expect(denied.code).toBe('forbidden');
    expect(denied.issues).toEqual([expect.objectContaining({ path: 'internal.0', code: 'invalid' })]);
    expect(await rows(w.user, 0)).toEqual([]);
    const [log] = await db().select().from(logs).where(eq(logs.user, w.domainAdmin)).orderBy(desc(logs.id)).limit(1);
    expect([log.type, JSON.parse(log.msg!)]).toEqual(['danger', ['sender_acl_invalid', '*']]);
    await setSenderAcl(ctx.deps, w.admin, w.user, { internal: [`@${w.domain}`, '*'] });
    expect(await rows(w.user, 0)).toEqual(['*']);
    await db().delete(senderAcl).where(eq(senderAcl.loggedInAs, w.user));
  });

  it("refuses a domain admin domains and addresses outside their domains, and anything not hosted here", async () => {
    const w = await world();
    const outside = await refusal(setSenderAcl(ctx.deps, w.da, w.user, { internal: [`@${w.domain}`, `@${w.other}`, `carol@${w.other}`] }));
    expect(outside.code).toBe('forbidden');
    expect(outside.issues.map((i) => i.path)).toEqual(['internal.1', 'internal.2']);
    const unknown = await refusal(setSenderAcl(ctx.deps, w.da, w.user, { internal: [`@nowhere${uid()}.test`, `ghost@${w.domain}`, 'not an entry'] }));
    expect(unknown.code).toBe('validation_failed');
    expect(unknown.issues.map((i) => i.path)).toEqual(['internal.0', 'internal.1', 'internal.2']);
    // Nothing was written by either refusal.
    expect(await rows(w.user, 0)).toEqual([]);
    const bob = await insertMailbox(db(), { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    await setSenderAcl(ctx.deps, w.da, w.user, { internal: [`@${w.domain}`, bob, w.user] });
    // The own address is allowed by its self alias already: not stored.
    expect(await rows(w.user, 0)).toEqual([`@${w.domain}`, bob]);
  });

  it("keeps what the caller may not see: another domain's entries and an admin's *", async () => {
    const w = await world();
    await setSenderAcl(ctx.deps, w.admin, w.user, { internal: [`@${w.other}`, `carol@${w.other}`] });
    const seen = await getSenderAcl(ctx.deps, w.da, w.user);
    expect(seen.internal.map((e) => [e.value, e.editable])).toEqual([[`@${w.other}`, false], [`carol@${w.other}`, false]]);
    expect(seen.mayGrantAny).toBe(false);
    await setSenderAcl(ctx.deps, w.da, w.user, { internal: [`@${w.domain}`] });
    expect(await rows(w.user, 0)).toEqual([`@${w.domain}`, `@${w.other}`, `carol@${w.other}`]);
    await setSenderAcl(ctx.deps, w.da, w.user, { internal: [] });
    expect(await rows(w.user, 0)).toEqual([`@${w.other}`, `carol@${w.other}`]);
    await setSenderAcl(ctx.deps, w.admin, w.user, { internal: ['*'] });
    await setSenderAcl(ctx.deps, w.da, w.user, { internal: [`@${w.domain}`] });
    expect(await rows(w.user, 0)).toEqual(['*']);
    await db().delete(senderAcl).where(eq(senderAcl.loggedInAs, w.user));
  });

  it('skips aliases the user may send as already, and stores an override for one that blocks it', async () => {
    const w = await world();
    await db().insert(alias).values([
      { address: `team@${w.domain}`, goto: `bob@${w.domain},${w.user}`, domain: w.domain, senderAllowed: 1 },
      { address: `noreply@${w.domain}`, goto: w.user, domain: w.domain, senderAllowed: 0 },
    ]);
    const view = await setSenderAcl(ctx.deps, w.da, w.user, { internal: [`team@${w.domain}`, `noreply@${w.domain}`] });
    expect(await rows(w.user, 0)).toEqual([`noreply@${w.domain}`]);
    // As mailcow's fixed_sender_aliases: the user's own address (its self alias) counts too.
    expect(view.fixedAliases).toEqual({ allowed: [w.user, `team@${w.domain}`].sort(), blocked: [`noreply@${w.domain}`] });
  });
});

describe('external entries', () => {
  it('need extend_sender_acl, reach only domains not hosted here, and show in SOGo', async () => {
    const w = await world();
    const ext = `x${uid()}.example`;
    const noAcl = await refusal(setSenderAcl(ctx.deps, w.da, w.user, { external: [`boss@${ext}`] }));
    expect(noAcl.code).toBe('forbidden');
    expect((await getSenderAcl(ctx.deps, w.da, w.user)).mayEditExternal).toBe(false);
    await db().update(daAcl).set({ extendSenderAcl: 1 }).where(eq(daAcl.username, w.domainAdmin));
    const hosted = await refusal(setSenderAcl(ctx.deps, w.da, w.user, { external: [`boss@${ext}`, `@${w.other}`, `someone@${w.domain}`, '*'] }));
    expect(hosted.code).toBe('validation_failed');
    expect(hosted.issues.map((i) => i.path)).toEqual(['external.1', 'external.2', 'external.3']);
    const view = await setSenderAcl(ctx.deps, w.da, w.user, { external: [`boss@${ext}`, ext, `Boss@${ext}`] });
    expect(view.external.sort()).toEqual([`@${ext}`, `boss@${ext}`]);
    expect(await rows(w.user, 0)).toEqual([]);
    const [row] = await db().select().from(sogoStaticView).where(eq(sogoStaticView.cUid, w.user));
    expect(row.extAcl).toBe(`boss@${ext}`);
    await setSenderAcl(ctx.deps, w.da, w.user, { external: [] });
    expect(await rows(w.user, 1)).toEqual([]);
    expect((await db().select().from(sogoStaticView).where(eq(sogoStaticView.cUid, w.user)))[0].extAcl).toBe('');
  });

  it("refuses more external addresses than SOGo's ext_acl column holds, before anything is written", async () => {
    const w = await world();
    await setSenderAcl(ctx.deps, w.admin, w.user, { external: [`kept@x${uid()}.example`] });
    const before = await rows(w.user, 1);
    // 30 addresses of about 240 characters: well within the request's limits, far beyond ext_acl's 6,144.
    const long = Array.from({ length: 30 }, (_, i) => `${'a'.repeat(60)}${i}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}.example`);
    const tooMany = await refusal(setSenderAcl(ctx.deps, w.admin, w.user, { external: long }));
    expect(tooMany.code).toBe('validation_failed');
    expect(tooMany.issues).toEqual([expect.objectContaining({ path: 'external' })]);
    expect(await rows(w.user, 1)).toEqual(before);
    // Domains are not SOGo From addresses (ext_acl leaves them out): any number of them fits.
    const domains = long.map((a, i) => `@${i}${a.split('@')[1]}`);
    await setSenderAcl(ctx.deps, w.admin, w.user, { external: domains });
    expect((await rows(w.user, 1)).length).toBe(30);
  });
});

describe('over the API', () => {
  it("answers a domain admin of another domain as if A's mailbox did not exist", async () => {
    const w = await world();
    const client = createTestClient(ctx);
    expect((await client.signIn(w.daOther, PASSWORD)).status).toBe(200);
    const param = { username: w.user };
    expect((await client.api.admin.mailboxes[':username']['sender-acl'].$get({ param })).status).toBe(404);
    const put = await client.api.admin.mailboxes[':username']['sender-acl'].$put({ param, json: { internal: [`@${w.other}`] } });
    expect(put.status).toBe(404);
    expect(await rows(w.user, 0)).toEqual([]);
  });

  it('refuses * from a domain admin with a 403 that names the entry', async () => {
    const w = await world();
    const client = createTestClient(ctx);
    expect((await client.signIn(w.domainAdmin, PASSWORD)).status).toBe(200);
    const res = await client.api.admin.mailboxes[':username']['sender-acl'].$put({ param: { username: w.user }, json: { internal: ['*'] } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden', issues: [{ path: 'internal.0' }] } });
  });

  it('takes a request that changes nothing as a mistake', async () => {
    const w = await world();
    const client = createTestClient(ctx);
    expect((await client.signIn(w.admin.username, PASSWORD)).status).toBe(200);
    const res = await client.api.admin.mailboxes[':username']['sender-acl'].$put({ param: { username: w.user }, json: {} });
    expect(res.status).toBe(400);
  });
});

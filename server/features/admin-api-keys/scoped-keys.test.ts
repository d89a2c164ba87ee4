// Cowbell's scoped keys: a domain admin's own, made through the service and used through /api/v1;
// an admin sees and revokes everyone's; the keys go with their owner.
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { logs } from '../../../db/schema/audit.ts';
import { cowbellApiKeys } from '../../../db/schema/cowbell.ts';
import { admin, daAcl, domainAdmins } from '../../../db/schema/access.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope } from '../../lib/authz/domain-scope.ts';
import type { AppError } from '../../lib/errors.ts';
import { insertDomainAdmin } from '../../lib/mailcow/provision.ts';
import { deleteDomainAdmin, editDomainAdmin } from '../../mailcow/domain-admin.service.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { v1 } from '../../test/v1-harness.ts';
import { checkApiKey } from '../api-v1/key-auth.ts';
import { createScopedKey, listScopedKeys, revokeScopedKey } from './scoped-keys.service.ts';

const ctx = useTestApp();
const as = (username: string, role: Actor['role'], freshProof = true): Actor => ({ kind: 'session', username, role, ip: '198.51.100.7', freshProof });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: AppError) => ({ code: e.code, issues: e.issues }));
const status = async (key: string, peer = '127.0.0.1') => (await v1(ctx, key, { peer }).get('get/status/version')).status;

async function world() {
  const w = await seedWorld(ctx);
  return { ...w, da: as(w.domainAdmin, 'domain_admin'), adm: as(w.admin, 'admin') };
}

describe('a domain admin\'s own keys', () => {
  it('are shown once when made, then only by prefix, and act as their owner within its domains', async () => {
    const w = await world();
    const made = await createScopedKey(ctx.deps, w.da, { name: ' deploy ', access: 'rw', allowFrom: '127.0.0.1, 192.0.2.0/24' });
    expect(made.secret).toMatch(/^cowbell-[0-9a-f]{48}$/);
    expect(made.key).toMatchObject({ username: w.domainAdmin, name: 'deploy', access: 'rw', prefix: made.secret.slice(0, 14), allowFrom: ['127.0.0.1', '192.0.2.0/24'],
      expiresAt: null, lastUsedAt: null, lastUsedIp: null, active: true });
    expect(JSON.stringify(await listScopedKeys(ctx.deps, w.da))).not.toContain(made.secret);
    const [stored] = await ctx.deps.db.select().from(cowbellApiKeys).where(eq(cowbellApiKeys.id, made.key.id));
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await status(made.secret)).toBe(200);
    expect(await status(made.secret, '203.0.113.5')).toBe(401);
    const [listed] = await listScopedKeys(ctx.deps, w.da);
    expect(listed).toMatchObject({ id: made.key.id, lastUsedIp: '127.0.0.1', lastUsedAt: expect.stringMatching(/Z$/) });
    // Its scope is its owner's: A's domain, nothing else.
    const check = await checkApiKey(ctx.deps, made.secret, '127.0.0.1');
    if (!check.ok) throw new Error('the key was refused');
    expect(check.actor).toMatchObject({ kind: 'api_key', role: 'domain_admin', username: w.domainAdmin, apiAccess: 'rw' });
    expect(await domainScope(ctx.deps.db, check.actor)).toEqual({ all: false, domains: [w.domain], aliasDomains: [] });
    const [row] = await ctx.deps.db.select().from(logs).where(eq(logs.user, w.domainAdmin)).orderBy(desc(logs.id)).limit(1);
    expect(JSON.parse(row.call!)).toEqual(['cowbell_api_key', 'add', { name: 'deploy', access: 'rw', expires_at: null, allow_from: '127.0.0.1,192.0.2.0/24' }]);
    expect(row.call).not.toContain(made.secret);
  });

  it('expire when told, and refuse a past expiry and bad allow-list entries', async () => {
    const w = await world();
    const soon = new Date(ctx.clock.now + 60_000).toISOString();
    const made = await createScopedKey(ctx.deps, w.da, { name: 'short', access: 'ro', expiresAt: soon });
    expect(made.key.expiresAt).toBe(new Date(Math.floor(ctx.clock.now / 1000 + 60) * 1000).toISOString());
    expect(await status(made.secret)).toBe(200);
    ctx.clock.advance(61_000);
    expect(await status(made.secret)).toBe(401);
    expect((await failure(createScopedKey(ctx.deps, w.da, { name: 'old', access: 'ro', expiresAt: new Date(ctx.clock.now - 1000).toISOString() })))?.issues)
      .toEqual([expect.objectContaining({ path: 'expiresAt' })]);
    expect((await failure(createScopedKey(ctx.deps, w.da, { name: 'bad', access: 'ro', allowFrom: '127.0.0.1 10.0.0.0/33 ::1/129' })))?.issues?.map((i) => i.path))
      .toEqual(['allowFrom.1', 'allowFrom.2']);
  });

  it('are revoked by their owner or an admin; another domain admin is told there is no such key', async () => {
    const w = await world();
    const other = await world();
    const a = await createScopedKey(ctx.deps, w.da, { name: 'a', access: 'ro' });
    const b = await createScopedKey(ctx.deps, w.da, { name: 'b', access: 'ro' });
    expect((await failure(revokeScopedKey(ctx.deps, other.da, a.key.id)))?.code).toBe('not_found');
    expect((await listScopedKeys(ctx.deps, other.da)).map((k) => k.id)).not.toContain(a.key.id);
    await revokeScopedKey(ctx.deps, w.da, a.key.id);
    expect(await status(a.secret)).toBe(401);
    expect((await listScopedKeys(ctx.deps, w.adm, w.domainAdmin)).map((k) => k.id)).toEqual([b.key.id]);
    expect((await listScopedKeys(ctx.deps, w.adm)).map((k) => k.id)).toContain(b.key.id);
    await revokeScopedKey(ctx.deps, w.adm, b.key.id);
    expect(await status(b.secret)).toBe(401);
  });

  it('are made by domain admins with a fresh proof only, never by a key', async () => {
    const w = await world();
    expect((await failure(createScopedKey(ctx.deps, as(w.domainAdmin, 'domain_admin', false), { name: 'x', access: 'ro' })))?.code).toBe('step_up_required');
    expect((await failure(createScopedKey(ctx.deps, w.adm, { name: 'x', access: 'ro' })))?.code).toBe('forbidden');
    expect((await failure(listScopedKeys(ctx.deps, as(w.user, 'user'))))?.code).toBe('forbidden');
    const keyActor: Actor = { kind: 'api_key', username: w.domainAdmin, role: 'domain_admin', ip: '127.0.0.1', apiAccess: 'rw' };
    expect((await failure(createScopedKey(ctx.deps, keyActor, { name: 'x', access: 'ro' })))?.code).toBe('forbidden');
  });
});

describe('keys and their owner', () => {
  it('follow a renamed domain admin and go when it is deleted; a new account of the old name gets none', async () => {
    const w = await world();
    const made = await createScopedKey(ctx.deps, w.da, { name: 'ci', access: 'ro' });
    const renamed = `ren${uid()}`;
    await editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { username: renamed });
    expect(await status(made.secret)).toBe(200);
    const again = await createScopedKey(ctx.deps, as(renamed, 'domain_admin'), { name: 'ci2', access: 'ro' });
    await deleteDomainAdmin(ctx.deps, w.adm, renamed);
    expect(await ctx.deps.db.$count(cowbellApiKeys, eq(cowbellApiKeys.username, renamed))).toBe(0);
    expect(await status(again.secret)).toBe(401);
  });

  it('a key left behind by an owner deleted outside Cowbell does not pass to a new account of that name', async () => {
    const w = await world();
    const made = await createScopedKey(ctx.deps, w.da, { name: 'left', access: 'ro' });
    // mailcow's own delete/domain-admin: the account's rows, none of Cowbell's.
    for (const table of [admin, domainAdmins, daAcl]) await ctx.deps.db.delete(table).where(eq(table.username, w.domainAdmin));
    expect(await status(made.secret)).toBe(401);
    // mailcow's created has whole seconds: the first owner is dated back, so the new one is another account.
    await ctx.deps.db.update(cowbellApiKeys).set({ ownerCreated: '2000-01-01 00:00:00' }).where(eq(cowbellApiKeys.id, made.key.id));
    await insertDomainAdmin(ctx.deps.db, w.domainAdmin, w.hash, [w.domain]);
    expect(await status(made.secret)).toBe(401);
  });

  /** A key whose owner was deleted outside Cowbell, and an older account that may take the owner's name. */
  async function orphanedKeyAndOlderAccount() {
    const w = await world();
    const older = `old${uid()}`;
    await insertDomainAdmin(ctx.deps.db, older, w.hash, [w.domain]);
    await ctx.deps.db.update(admin).set({ created: '2000-01-01 00:00:00' }).where(eq(admin.username, older));
    const made = await createScopedKey(ctx.deps, w.da, { name: 'left', access: 'rw' });
    for (const table of [admin, domainAdmins, daAcl]) await ctx.deps.db.delete(table).where(eq(table.username, w.domainAdmin));
    return { w, older, made };
  }

  it('nor to an older account renamed to that name (its created time would let the key through)', async () => {
    const { w, older, made } = await orphanedKeyAndOlderAccount();
    await editDomainAdmin(ctx.deps, w.adm, older, { username: w.domainAdmin });
    expect(await status(made.secret)).toBe(401);
    expect(await ctx.deps.db.$count(cowbellApiKeys, eq(cowbellApiKeys.id, made.key.id))).toBe(0);
  });

  it('nor to an older account renamed to that name in mailcow\'s own UI (keys are bound to the account, not its name)', async () => {
    const { w, older, made } = await orphanedKeyAndOlderAccount();
    // mailcow's edit/domain-admin username_new: the rows change their name; Cowbell's keys are not told.
    for (const table of [admin, domainAdmins, daAcl]) await ctx.deps.db.update(table).set({ username: w.domainAdmin }).where(eq(table.username, older));
    expect(await status(made.secret)).toBe(401);
  });
});

// App passwords from the app: made (and shown) once, stored as mailcow stores them, managed only by
// their owner, expiring through the periodic job. That the real Dovecot honours all this is proven in
// server/test/mailstack/app-passwords.test.ts.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appPasswd, userAcl } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { cowbellAppPasswdExpiry } from '../../../db/schema/cowbell.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { createAppPassword, editAppPassword, expireAppPasswords, listAppPasswords } from '../../mailcow/app-passwd.service.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({ STEP_UP_MINUTES: '5' });
const HOUR = 3600_000;
const SHAPE = /^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){5}$/;

async function signedInUser() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w.user)).status).toBe(200);
  const api = client.api['app-passwords'];
  const create = (json: { name: string; protocols: string[]; expiresAt?: string | null }) => api.$post({ json: json as never });
  const list = async () => (await (await api.$get()).json()).appPasswords;
  const edit = (id: number, json: Record<string, unknown>) => api[':id'].$patch({ param: { id: String(id) }, json: json as never });
  const revoke = (id: number) => api[':id'].$delete({ param: { id: String(id) } });
  const actor: Actor = { kind: 'session', username: w.user, role: 'user', ip: '192.0.2.1', freshProof: true };
  return { w, client, create, list, edit, revoke, actor };
}

const issues = async (res: Response) => ((await res.json()) as { error: { code: string; issues: { path: string; code: string }[] } }).error;
const rowOf = async (id: number) => (await ctx.deps.db.select().from(appPasswd).where(eq(appPasswd.id, id)))[0];

describe('making an app password', () => {
  it('generates the password, shows it once and stores only mailcow\'s hash, the name escaped and the domain copied', async () => {
    const { w, create, list } = await signedInUser();
    const res = await create({ name: `Tom's <Mail> & "Co"`, protocols: ['smtp_access', 'imap_access', 'imap_access'] });
    expect(res.status).toBe(201);
    const { appPassword, password } = await res.json();
    expect(password).toMatch(SHAPE);
    expect(appPassword).toEqual({ id: expect.any(Number), name: `Tom's <Mail> & "Co"`, protocols: ['imap_access', 'smtp_access'], active: true,
      created: expect.any(String), modified: null, expiresAt: null, expired: false });
    const row = await rowOf(appPassword.id);
    expect(row).toMatchObject({ name: 'Tom&#039;s &lt;Mail&gt; &amp; &quot;Co&quot;', mailbox: w.user, domain: w.domain, active: 1,
      imapAccess: 1, smtpAccess: 1, davAccess: 0, easAccess: 0, pop3Access: 0, sieveAccess: 0 });
    expect(row.password).toMatch(/^\{BLF-CRYPT\}\$2y\$/);
    expect(await ctx.deps.hasher.verify(row.password, password)).toBe(true);
    const listed = await list();
    expect(listed).toEqual([appPassword]);
    expect(JSON.stringify(listed)).not.toContain(row.password.slice(12));
    const [logged] = await ctx.deps.db.select().from(logs).where(and(eq(logs.user, w.user), eq(logs.msg, '"app_passwd_added"')));
    expect(logged.call).not.toContain(password);
  });

  it('reads a name mailcow escaped as the user typed it', async () => {
    const { w, list } = await signedInUser();
    await ctx.deps.db.insert(appPasswd).values({ name: 'a &amp;lt; b', mailbox: w.user, domain: w.domain, password: '{BLF-CRYPT}x' });
    expect((await list()).map((a) => a.name)).toEqual(['a &lt; b']);
  });

  it('refuses a missing or long name, no or unknown protocols, and an expiry in the past or more than a year ahead', async () => {
    const { create } = await signedInUser();
    const refused = async (json: Parameters<typeof create>[0], path: string, code: string) => {
      const res = await create(json);
      expect(res.status).toBe(400);
      expect((await issues(res)).issues[0]).toMatchObject({ path, code });
    };
    await refused({ name: ' ', protocols: ['imap_access'] }, 'name', 'required');
    await refused({ name: 'x'.repeat(65), protocols: ['imap_access'] }, 'name', 'too_long');
    await refused({ name: "'".repeat(60), protocols: ['imap_access'] }, 'name', 'too_long');
    await refused({ name: 'n', protocols: [] }, 'protocols', 'required');
    await refused({ name: 'n', protocols: ['ftp_access'] }, 'protocols.0', 'invalid');
    await refused({ name: 'n', protocols: ['imap_access'], expiresAt: 'tomorrow' }, 'expiresAt', 'invalid');
    await refused({ name: 'n', protocols: ['imap_access'], expiresAt: new Date(ctx.clock.now - 1000).toISOString() }, 'expiresAt', 'too_short');
    await refused({ name: 'n', protocols: ['imap_access'], expiresAt: new Date(ctx.clock.now + 366 * 24 * HOUR).toISOString() }, 'expiresAt', 'too_long');
    expect((await create({ name: 'n', protocols: ['imap_access'], expiresAt: new Date(ctx.clock.now + 364 * 24 * HOUR).toISOString() })).status).toBe(201);
  });

  it('needs a fresh proof of identity, and mailcow\'s app_passwds ACL', async () => {
    const { w, client, create, list } = await signedInUser();
    ctx.clock.advance(6 * 60_000);
    const stale = await create({ name: 'Phone', protocols: ['imap_access'] });
    expect(stale.status).toBe(403);
    expect((await issues(stale)).code).toBe('step_up_required');
    expect(await list()).toEqual([]);
    await ctx.deps.db.update(userAcl).set({ appPasswds: 0 }).where(eq(userAcl.username, w.user));
    expect((await client.api['app-passwords'].$get()).status).toBe(403);
  });
});

describe('managing app passwords', () => {
  it('switches, renames, changes protocols and revokes; another user sees none of it and gets 404', async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    const { appPassword: made } = await (await a.create({ name: 'Laptop', protocols: ['imap_access'] })).json();
    expect(await b.list()).toEqual([]);
    expect((await b.edit(made.id, { active: false })).status).toBe(404);
    expect((await b.revoke(made.id)).status).toBe(404);
    expect((await rowOf(made.id)).active).toBe(1);

    const res = await a.edit(made.id, { active: false, name: 'Old laptop', protocols: ['pop3_access', 'sieve_access'] });
    expect(res.status).toBe(200);
    expect((await res.json()).appPassword).toMatchObject({ name: 'Old laptop', active: false, protocols: ['pop3_access', 'sieve_access'], modified: expect.any(String) });
    expect(await rowOf(made.id)).toMatchObject({ active: 0, imapAccess: 0, pop3Access: 1, sieveAccess: 1 });
    expect((await a.edit(made.id, {})).status).toBe(400);
    expect((await a.edit(made.id, { protocols: [] })).status).toBe(400);

    expect((await a.revoke(made.id)).status).toBe(204);
    expect(await rowOf(made.id)).toBeUndefined();
    expect((await a.revoke(made.id)).status).toBe(404);
    expect((await a.edit(made.id, { active: true })).status).toBe(404);
  });
});

describe('expiry', () => {
  it('is switched off by the job once due, said so in the list, and only a new expiry turns it on again', async () => {
    const { w, actor } = await signedInUser();
    const inAnHour = new Date(ctx.clock.now + HOUR).toISOString();
    const { appPassword: made } = await createAppPassword(ctx.deps, actor, { name: 'Trip', protocols: ['imap_access'], expiresAt: inAnHour });
    expect(made).toMatchObject({ expiresAt: inAnHour.replace(/\.\d+Z$/, '.000Z'), expired: false, active: true });
    expect(await expireAppPasswords(ctx.deps, [w.user])).toEqual({ expired: 0, orphans: expect.any(Number) });

    ctx.clock.advance(2 * HOUR);
    expect((await listAppPasswords(ctx.deps, actor))[0]).toMatchObject({ expired: true, active: true });
    expect((await expireAppPasswords(ctx.deps, [w.user])).expired).toBe(1);
    expect((await listAppPasswords(ctx.deps, actor))[0]).toMatchObject({ expired: true, active: false });

    await expect(editAppPassword(ctx.deps, actor, made, { active: true })).rejects.toMatchObject({ code: 'conflict' });
    const renewed = await editAppPassword(ctx.deps, actor, made, { active: true, expiresAt: new Date(ctx.clock.now + HOUR).toISOString() });
    expect(renewed).toMatchObject({ active: true, expired: false });
    expect(await editAppPassword(ctx.deps, actor, made, { expiresAt: null })).toMatchObject({ expiresAt: null, expired: false });
    expect(await ctx.deps.db.select().from(cowbellAppPasswdExpiry).where(eq(cowbellAppPasswdExpiry.appPasswdId, made.id))).toEqual([]);
  });

  it('forgets the expiry of an app password deleted elsewhere (mailcow\'s UI)', async () => {
    const { actor } = await signedInUser();
    const { appPassword: made } = await createAppPassword(ctx.deps, actor, { name: 'Gone', protocols: ['imap_access'],
      expiresAt: new Date(ctx.clock.now + HOUR).toISOString() });
    await ctx.deps.db.delete(appPasswd).where(eq(appPasswd.id, made.id));
    await expireAppPasswords(ctx.deps, [actor.username]);
    expect(await ctx.deps.db.select().from(cowbellAppPasswdExpiry).where(eq(cowbellAppPasswdExpiry.appPasswdId, made.id))).toEqual([]);
  });
});

describe('giving an app password more power', () => {
  it('needs a fresh proof to switch it back on, widen its protocols or lengthen its life; narrowing never does', async () => {
    const { create, edit } = await signedInUser();
    const { appPassword } = await (await create({ name: 'Phone', protocols: ['imap_access'], expiresAt: new Date(ctx.clock.now + 24 * HOUR).toISOString() })).json();
    ctx.clock.advance(6 * 60_000);
    expect((await edit(appPassword.id, { active: false })).status).toBe(200);
    expect((await edit(appPassword.id, { protocols: [] })).status).toBe(400);
    expect((await edit(appPassword.id, { expiresAt: new Date(ctx.clock.now + 2 * HOUR).toISOString() })).status).toBe(200);
    for (const widen of [{ active: true }, { protocols: ['imap_access', 'smtp_access'] }, { expiresAt: null },
      { expiresAt: new Date(ctx.clock.now + 48 * HOUR).toISOString() }]) {
      const res = await edit(appPassword.id, widen);
      expect((await issues(res)).code, JSON.stringify(widen)).toBe('step_up_required');
    }
    expect(Number((await rowOf(appPassword.id)).active)).toBe(0);
  });
});


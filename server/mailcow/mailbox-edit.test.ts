// Changing and deleting mailboxes through the one service: the rows compared with a real mailcow's
// capture, the self alias following `active`, the quota limits, every side row a delete removes, denials.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appPasswd, tfa, userAcl } from '../../db/schema/access.ts';
import { cowbellAliasReminderOptins } from '../../db/schema/cowbell.ts';
import { alias, mailbox, quota2, senderAcl, spamalias } from '../../db/schema/mail.ts';
import { pushover } from '../../db/schema/quarantine.ts';
import { useTestApp } from '../test/helpers.ts';
import { captured, inDomain, mailboxWorld, refusal, rowsOf, setDaAcl, STAMP, withTagsTable } from '../test/mailbox-fixture.ts';
import { createMailbox, deleteMailbox, editMailbox } from './mailbox.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const PW = 'Secret-123';

beforeAll(() => withTagsTable(ctx));

/** The capture's mailbox, created the way mailcow's was. */
async function fixWorld() {
  const w = await mailboxWorld(ctx);
  const fix = `fix@${w.domain}`;
  await createMailbox(ctx.deps, w.admin, { localPart: 'fix', domain: w.domain, name: 'Fix Ture', password: PW, quota: 150,
    forcePwUpdate: true, tlsEnforceIn: true, tlsEnforceOut: false, sogoAccess: false, tags: ['t1', 't2'] });
  return { ...w, fix };
}

describe('editing a mailbox', () => {
  it('adds the tags sent instead of replacing them when asked (mailcow\'s edit/mailbox)', async () => {
    const w = await fixWorld();
    await editMailbox(ctx.deps, w.admin, w.fix, { tags: ['t3', 't1'] }, { addTags: true });
    expect((await rowsOf(ctx, w.fix)).tags).toEqual(['t1', 't2', 't3']);
  });

  it('changes the rows as mailcow does, the self alias and SOGo following active 2 and back', async () => {
    const w = await fixWorld();
    const before = (await rowsOf(ctx, w.fix)).mailbox!.attributes.passwd_update;
    const view = await editMailbox(ctx.deps, w.admin, w.fix, { name: 'Fixed', quota: 120, active: 2, forceTfa: true,
      protocolAccess: { imap: true, pop3: false, smtp: true, sieve: false, eas: false, dav: false }, tags: ['t3'] });
    const want = inDomain(captured.edit, w.domain);
    const rows = await rowsOf(ctx, w.fix);
    expect(rows.mailbox).toMatchObject({ name: want.mailbox.name, quota: want.mailbox.quota, active: want.mailbox.active });
    expect(rows.mailbox!.attributes).toEqual({ ...want.mailbox.attributes, passwd_update: before });
    expect(rows.alias[0].active).toBe(want.alias_active);
    expect(rows.sogo).toEqual([]);
    expect(rows.tags).toEqual(['t3']);
    expect(view).toMatchObject({ name: 'Fixed', quota: 120, active: 2, forceTfa: true, protocolAccess: { imap: true, pop3: false } });

    await editMailbox(ctx.deps, w.admin, w.fix, { quarantineNotification: 'daily', quarantineCategory: 'all' });
    expect((await rowsOf(ctx, w.fix)).mailbox!.attributes).toMatchObject(captured.edit_quarantine);

    await editMailbox(ctx.deps, w.admin, w.fix, { active: 1, password: 'Other-456' });
    const after = await rowsOf(ctx, w.fix);
    expect(after.alias[0].active).toBe(1);
    expect(after.sogo).toMatchObject([inDomain(captured.edit_active_1_password.sogo_static_view, w.domain)]);
    expect(after.mailbox!.attributes.passwd_update).toMatch(STAMP);
    expect(await ctx.deps.hasher.verify(String(after.mailbox!.password), 'Other-456')).toBe(true);
  });

  it("holds a new quota to the domain's maximum and to what the other mailboxes leave", async () => {
    const w = await fixWorld();
    await createMailbox(ctx.deps, w.admin, { localPart: 'b', domain: w.domain, password: PW, quota: 140 });
    expect(await refusal(editMailbox(ctx.deps, w.admin, w.fix, { quota: 201 }))).toEqual({ code: 'conflict', issues: ['quota:invalid'] });
    // 300 MiB for the domain, 140 taken by b: 160 are left for fix.
    await expect(editMailbox(ctx.deps, w.admin, w.fix, { quota: 161 })).rejects.toThrow('Only 160 MiB');
    expect((await editMailbox(ctx.deps, w.admin, w.fix, { quota: 160 })).quota).toBe(160);
  });

  it('refuses a weak password, an empty change, and a domain admin outside its domain or its da_acl', async () => {
    const w = await fixWorld();
    expect(await refusal(editMailbox(ctx.deps, w.admin, w.fix, { password: 'abc' }))).toEqual({ code: 'validation_failed', issues: ['password:too_short'] });
    expect((await refusal(editMailbox(ctx.deps, w.admin, w.fix, {}))).code).toBe('validation_failed');
    expect(await refusal(editMailbox(ctx.deps, w.alice, w.fix, { name: 'x' }))).toMatchObject({ code: 'forbidden' });
    const outsider = { ...w.da, username: `daout-${w.domainAdmin}` };
    await db().execute(sql`INSERT INTO admin (username, password, superadmin, active) VALUES (${outsider.username}, ${w.hash}, 0, 1)`);
    expect(await refusal(editMailbox(ctx.deps, outsider, w.fix, { name: 'x' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(editMailbox(ctx.deps, w.da, `nobody@${w.domain}`, { name: 'x' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(editMailbox(ctx.deps, w.da, w.fix, { quota: 0 }))).toMatchObject({ code: 'forbidden' });
    await setDaAcl(ctx, w.domainAdmin, { protocolAccess: 0, sogoAccess: 0 });
    expect(await refusal(editMailbox(ctx.deps, w.da, w.fix, { protocolAccess: { imap: false } }))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(editMailbox(ctx.deps, w.da, w.fix, { sogoAccess: true }))).toMatchObject({ code: 'forbidden' });
    expect((await editMailbox(ctx.deps, w.da, w.fix, { name: 'By DA', forcePwUpdate: false })).name).toBe('By DA');
    // An unlimited mailbox may stay unlimited without the flag (mailcow: "if already 0 == ok").
    await db().update(mailbox).set({ quota: 0 }).where(eq(mailbox.username, w.fix));
    expect((await editMailbox(ctx.deps, w.da, w.fix, { quota: 0, name: 'Still' })).quota).toBe(0);
  });
});

describe('deleting a mailbox', () => {
  it('removes every row mailcow removes and takes it out of shared aliases', async () => {
    const w = await fixWorld();
    const d = captured.delete.before;
    const at = (s: string) => s.replaceAll('mbcap.test', w.domain).replaceAll('plain@', 'alice@');
    await db().insert(senderAcl).values(d.sender_acl.map(([sendAs, loggedInAs, external]: [string, string, number]) => ({ sendAs: at(sendAs), loggedInAs: at(loggedInAs), external })));
    await db().insert(alias).values(d.alias.map(([address, goto]: [string, string]) => ({ address: at(address), goto: at(goto), domain: w.domain })));
    await db().insert(spamalias).values({ address: at(d.spamalias[0]), goto: w.fix, description: '', validity: 2_000_000_000 });
    await db().insert(pushover).values({ username: w.fix, key: 'k', token: 't', attributes: '{}' });
    await db().insert(tfa).values({ keyId: 'k', username: w.fix, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
    await db().insert(appPasswd).values({ name: 'a', mailbox: w.fix, domain: w.domain, password: w.hash });
    await ctx.deps.redis.hset('RL_VALUE', w.fix, '10 / 1h');
    await db().insert(cowbellAliasReminderOptins).values({ username: w.fix });

    await deleteMailbox(ctx.deps, w.admin, w.fix);
    const rows = await rowsOf(ctx, w.fix);
    expect(rows).toEqual({ mailbox: undefined, quota2: [], quota2replica: [], alias: [], userAcl: [], tags: [], sogo: [] });
    expect(await db().select().from(senderAcl).where(eq(senderAcl.loggedInAs, w.fix))).toEqual([]);
    expect(await db().select().from(senderAcl).where(eq(senderAcl.sendAs, w.fix))).toEqual([]);
    expect(await db().select().from(spamalias).where(eq(spamalias.goto, w.fix))).toEqual([]);
    expect(await db().select().from(pushover).where(eq(pushover.username, w.fix))).toEqual([]);
    expect(await db().select().from(tfa).where(eq(tfa.username, w.fix))).toEqual([]);
    expect(await db().select().from(appPasswd).where(eq(appPasswd.mailbox, w.fix))).toEqual([]);
    const left = (await db().select({ address: alias.address, goto: alias.goto }).from(alias).where(eq(alias.domain, w.domain))).map((r) => [r.address, r.goto]);
    expect(left.sort()).toEqual(captured.delete.after.alias.map(([a, g]: [string, string]) => [at(a), at(g)]).sort());
    expect(await ctx.deps.redis.hget('RL_VALUE', w.fix)).toBeNull();
    expect(await db().select().from(cowbellAliasReminderOptins).where(eq(cowbellAliasReminderOptins.username, w.fix))).toEqual([]);
    // Others' rows stay.
    expect(await db().select().from(quota2).where(eq(quota2.username, w.user))).toHaveLength(1);
    expect(await db().select().from(userAcl).where(eq(userAcl.username, w.user))).toHaveLength(1);
  });

  it('is refused to users and to domain admins of other domains (who are told there is no such mailbox)', async () => {
    const w = await fixWorld();
    expect(await refusal(deleteMailbox(ctx.deps, w.alice, w.fix))).toMatchObject({ code: 'forbidden' });
    const outsider = { ...w.da, username: `daout-${w.domainAdmin}` };
    expect(await refusal(deleteMailbox(ctx.deps, outsider, w.fix))).toMatchObject({ code: 'not_found' });
    await deleteMailbox(ctx.deps, w.da, w.fix);
    expect(await refusal(deleteMailbox(ctx.deps, w.admin, w.fix))).toMatchObject({ code: 'not_found' });
  });
});

// The user's own password change (mailcow's edit/self) through the API: current password, mailcow's
// PASSWD_POLICY, mailcow's hash and attributes, its audit rows, and the account's other sessions.
import { desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { logs } from '../../db/schema/audit.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { parseAttributes } from '../lib/mailcow/attributes.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../test/helpers.ts';
import { DEFAULT_PASSWORD_POLICY, passwordPolicyIssues } from './password-policy.ts';

// Its own Redis database: the tests set mailcow's global PASSWD_POLICY.
const ctx = useTestApp({}, 13);
const NEW = 'Brand-New-Pass-7';

beforeEach(async () => { await ctx.deps.redis.del(mailcowKeys.passwordPolicy); });

async function signedInUser() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w.user)).status).toBe(200);
  return { w, client };
}

const change = (client: ReturnType<typeof createTestClient>, body: { currentPassword: string; password: string; password2?: string }) =>
  client.api.account.password.$put({ json: { password2: body.password, ...body } });

const row = async (username: string) => (await ctx.deps.db.select().from(mailbox).where(eq(mailbox.username, username)))[0];
const lastAudit = async (user: string) => (await ctx.deps.db.select().from(logs).where(eq(logs.user, user)).orderBy(desc(logs.id)).limit(1))[0];

describe('changing one\'s own password', () => {
  it('stores mailcow\'s hash, stamps passwd_update, clears force_pw_update and logs as mailcow', async () => {
    const { w, client } = await signedInUser();
    await ctx.deps.db.update(mailbox).set({ attributes: '{"force_pw_update":"0","passwd_update":"0","quarantine_notification":"daily"}' }).where(eq(mailbox.username, w.user));
    const res = await change(client, { currentPassword: PASSWORD, password: NEW });
    expect(res.status).toBe(200);
    const after = await row(w.user);
    expect(after.password).toMatch(/^\{BLF-CRYPT\}\$2[aby]\$/);
    expect(await ctx.deps.hasher.verify(after.password, NEW)).toBe(true);
    const attrs = parseAttributes(after.attributes);
    expect(attrs).toMatchObject({ force_pw_update: '0', quarantine_notification: 'daily' });
    expect(attrs.passwd_update).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const audit = await lastAudit(w.user);
    expect(audit).toMatchObject({ type: 'success', role: 'user' });
    expect(JSON.parse(audit.msg!)).toEqual(['mailbox_modified', w.user]);
    expect(JSON.parse(audit.call!)).toEqual(['edit_user_account', { user_old_pass: '*', user_new_pass: '*', user_new_pass2: '*' }]);
    expect(audit.call).not.toContain(NEW);
    // The new password signs in, the old one no longer does.
    expect((await createTestClient(ctx).signIn(w.user, NEW)).status).toBe(200);
    expect((await createTestClient(ctx).signIn(w.user, PASSWORD)).status).toBe(401);
  });

  it('refuses a wrong current password under its field, logs access_denied and counts it as a failed sign-in', async () => {
    const { w, client } = await signedInUser();
    const before = (await row(w.user)).password;
    const res = await change(client, { currentPassword: 'not-it', password: NEW });
    expect(res.status).toBe(400);
    const body = await res.json() as unknown as { error: { issues: { path: string; code: string }[] } };
    expect(body.error.issues).toEqual([expect.objectContaining({ path: 'currentPassword', code: 'invalid' })]);
    expect((await row(w.user)).password).toBe(before);
    const audit = await lastAudit(w.user);
    expect(audit.type).toBe('danger');
    expect(JSON.parse(audit.msg!)).toBe('access_denied');
    // Guessing the current password hits the sign-in limiter of the account.
    let last = 0;
    for (let i = 0; i < ctx.deps.env.SIGNIN_MAX_FAILURES_PER_ACCOUNT; i++) last = (await change(client, { currentPassword: `guess${i}`, password: NEW })).status;
    expect(last).toBe(429);
    expect((await change(client, { currentPassword: PASSWORD, password: NEW })).status).toBe(429);
  });

  it('applies mailcow\'s PASSWD_POLICY from Redis, naming each rule broken', async () => {
    const { w, client } = await signedInUser();
    // Defaults when the hash is missing: 6 characters, nothing else.
    let res = await change(client, { currentPassword: PASSWORD, password: 'abc' });
    expect(res.status).toBe(400);
    expect((await res.json() as unknown as { error: { issues: { code: string }[] } }).error.issues.map((i) => i.code)).toEqual(['too_short']);

    await ctx.deps.redis.hset(mailcowKeys.passwordPolicy, { length: '10', chars: '1', special_chars: '1', lowerupper: '1', numbers: '1' });
    res = await change(client, { currentPassword: PASSWORD, password: 'abcdefgh' });
    expect(res.status).toBe(400);
    const issues = (await res.json() as unknown as { error: { issues: { path: string; code: string }[] } }).error.issues;
    expect(issues.map((i) => i.code)).toEqual(['too_short', 'needs_special_chars', 'needs_lowerupper', 'needs_numbers']);
    expect(issues.every((i) => i.path === 'password')).toBe(true);

    res = await change(client, { currentPassword: PASSWORD, password: NEW, password2: `${NEW}x` });
    expect(res.status).toBe(400);
    expect((await res.json() as unknown as { error: { issues: { path: string; code: string }[] } }).error.issues).toEqual([expect.objectContaining({ path: 'password2', code: 'mismatch' })]);

    expect((await change(client, { currentPassword: PASSWORD, password: 'Long-enough-1' })).status).toBe(200);
    expect(await ctx.deps.hasher.verify((await row(w.user)).password, 'Long-enough-1')).toBe(true);
  });

  it('measures length in bytes and letters in ASCII, as mailcow\'s PHP does', () => {
    const policy = { ...DEFAULT_PASSWORD_POLICY, length: 6, chars: true };
    expect(passwordPolicyIssues(policy, 'ééé').map((i) => i.code)).toEqual(['needs_letters']);
    expect(passwordPolicyIssues(policy, 'éé1').map((i) => i.code)).toEqual(['too_short', 'needs_letters']);
  });

  it('ends the account\'s other sessions and keeps the one that made the change', async () => {
    const { w, client } = await signedInUser();
    const other = createTestClient(ctx);
    expect((await other.signIn(w.user)).status).toBe(200);
    const bystander = createTestClient(ctx);
    const b = await seedWorld(ctx);
    expect((await bystander.signIn(b.user)).status).toBe(200);

    const res = await change(client, { currentPassword: PASSWORD, password: NEW });
    expect(await res.json()).toEqual({ endedSessions: 1 });
    expect((await client.api.me.$get()).status).toBe(200);
    expect((await other.api.me.$get()).status).toBe(401);
    expect((await bystander.api.me.$get()).status).toBe(200);
    // Still there once the session is checked against its account again.
    ctx.clock.advance(60_000);
    expect((await client.api.me.$get()).status).toBe(200);
  });

  it('is only ever the caller\'s own password: an admin\'s changes its admin row, never a mailbox', async () => {
    const w = await seedWorld(ctx);
    const admin = createTestClient(ctx);
    expect((await admin.signIn(w.admin)).status).toBe(200);
    expect((await change(admin, { currentPassword: PASSWORD, password: NEW })).status).toBe(200);
    expect(await ctx.deps.hasher.verify((await row(w.user)).password, PASSWORD)).toBe(true);
    // B's change is B's, whatever the body says: there is no field naming a mailbox.
    const { w: a } = await signedInUser();
    const bName = (await seedWorld(ctx)).user;
    const bClient = createTestClient(ctx);
    expect((await bClient.signIn(bName)).status).toBe(200);
    const res = await bClient.api.account.password.$put({ json: { currentPassword: PASSWORD, password: NEW, password2: NEW, username: a.user } as never });
    expect(res.status).toBe(200);
    expect(await ctx.deps.hasher.verify((await row(a.user)).password, PASSWORD)).toBe(true);
    expect(await ctx.deps.hasher.verify((await row(bName)).password, NEW)).toBe(true);
  });
});

// mailcow's force_tfa: an account with it and no second factor must set one up at its next sign-in;
// until then only the factor routes, its session and sign-out answer.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';
import { addMailcowTotp, errorCode, pendingClient, totpCodeAt } from '../../test/tfa-helpers.ts';

const ctx = useTestApp({ STEP_UP_MINUTES: '5' });
const forceTfa = JSON.stringify({ force_tfa: '1' });

async function forcedUser() {
  const w = await seedWorld(ctx);
  await ctx.deps.db.update(mailbox).set({ attributes: forceTfa }).where(eq(mailbox.username, w.user));
  const client = createTestClient(ctx);
  const res = await client.signIn(w.user);
  return { w, client, session: (await res.json()).session };
}

describe('force_tfa', () => {
  it('signs in held to setting up a second factor: only the factor routes and sign-out work', async () => {
    const { client, session } = await forcedUser();
    expect(session).toMatchObject({ state: 'active', mustEnrolTfa: true });
    const me = await client.api.me.$get();
    expect(me.status).toBe(403);
    expect(await errorCode(me)).toBe('tfa_enrolment_required');
    expect(await errorCode(await client.api.account.sessions.$get())).toBe('tfa_enrolment_required');
    expect(await errorCode(await client.api.account['recovery-codes'].$get())).toBe('tfa_enrolment_required');
    expect((await client.api.account.factors.$get()).status).toBe(200);
    expect((await client.api.session.$get()).status).toBe(200);
    expect((await client.api.session.$delete()).status).toBe(204);
  });

  it('opens up once a factor is added; past the step-up window that first takes the password again', async () => {
    const { client } = await forcedUser();
    ctx.clock.advance(30 * 60_000 - 10_000); // just inside the idle limit, far past the step-up window
    // Held to enrolment is no licence to skip the password for ever (whoever holds the session had
    // only the password): the confirmation stays open to it, as the factor routes do.
    expect(await errorCode(await client.api.account.factors.totp.setup.$post())).toBe('step_up_required');
    expect((await client.api.account.confirm.$post({ json: { password: PASSWORD } })).status).toBe(200);
    const setup = await client.api.account.factors.totp.setup.$post();
    expect(setup.status).toBe(200);
    const { secret } = await setup.json();
    expect((await client.api.account.factors.totp.$post({ json: { keyId: 'Phone', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(201);
    const after = (await (await client.api.session.$get()).json()).session;
    expect(after?.mustEnrolTfa).toBe(false);
    expect((await client.api.me.$get()).status).toBe(200);
    expect((await client.api.account['recovery-codes'].$post()).status).toBe(201);
  });

  it('ends another session still held to enrolment once the account has a factor', async () => {
    const { w, client } = await forcedUser();
    const other = createTestClient(ctx);
    expect((await (await other.signIn(w.user)).json()).session.mustEnrolTfa).toBe(true);
    const { secret } = await (await client.api.account.factors.totp.setup.$post()).json();
    expect((await client.api.account.factors.totp.$post({ json: { keyId: 'Phone', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(201);
    // The other one had only the password: it must not go on to add a factor of its own.
    ctx.clock.advance(3_000);
    expect((await (await other.api.session.$get()).json()).session).toBeNull();
    expect((await other.api.account.factors.totp.setup.$post()).status).toBe(401);
    expect((await (await client.api.session.$get()).json()).session?.state).toBe('active');
  });

  it('does not force anything on an account that has a factor (even one switched off for the next login)', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(mailbox).set({ attributes: forceTfa }).where(eq(mailbox.username, w.user));
    await addMailcowTotp(ctx, w.user, { active: 0 });
    const res = await createTestClient(ctx).signIn(w.user);
    expect((await res.json()).session).toMatchObject({ state: 'active', mustEnrolTfa: false });
    // …and the factor is back on for the sign-in after that.
    await pendingClient(ctx, w.user);
  });

  it('applies to admins too (admin.attributes)', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(admin).set({ attributes: forceTfa }).where(eq(admin.username, w.admin));
    const client = createTestClient(ctx);
    expect((await (await client.signIn(w.admin)).json()).session.mustEnrolTfa).toBe(true);
    expect(await errorCode(await client.api.admin.overview.$get())).toBe('tfa_enrolment_required');
  });

  it('lets a forced password change go first', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(mailbox).set({ attributes: JSON.stringify({ force_tfa: '1', force_pw_update: '1' }) }).where(eq(mailbox.username, w.user));
    const client = createTestClient(ctx);
    expect((await (await client.signIn(w.user)).json()).session).toMatchObject({ mustChangePassword: true, mustEnrolTfa: true });
    expect(await errorCode(await client.api.account.factors.$get())).toBe('password_change_required');
    const changed = await client.api.account.password.$put({ json: { currentPassword: 'Correct-Horse-9', password: 'Brand-New-Pass-7', password2: 'Brand-New-Pass-7' } });
    expect(changed.status).toBe(200);
    expect((await client.api.account.factors.$get()).status).toBe(200);
    expect(await errorCode(await client.api.me.$get())).toBe('tfa_enrolment_required');
  });
});

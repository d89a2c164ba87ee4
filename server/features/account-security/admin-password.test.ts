// An admin's or domain admin's own password, and mailcow's force_pw_update on its admin row: held
// to the change, then everything, with the row and the log as mailcow keeps them.
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

describe('an administrator\'s own password', () => {
  it('a domain admin told to change it reaches nothing else until it has, then signs in with the new one', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(admin).set({ attributes: '{"force_tfa":"0","force_pw_update":"1"}' }).where(eq(admin.username, w.domainAdmin));
    const client = createTestClient(ctx);
    expect((await client.signIn(w.domainAdmin)).status).toBe(200);
    expect((await (await client.api.session.$get()).json()).session).toMatchObject({ role: 'domain_admin', mustChangePassword: true });
    const held = await client.api.admin.overview.$get();
    expect(held.status).toBe(403);
    expect((await held.json() as unknown as { error: { code: string } }).error.code).toBe('password_change_required');

    const wrong = await client.api.account.password.$put({ json: { currentPassword: 'not-it', password: 'Fresh-Pass-42', password2: 'Fresh-Pass-42' } });
    expect(wrong.status).toBe(400);
    const res = await client.api.account.password.$put({ json: { currentPassword: PASSWORD, password: 'Fresh-Pass-42', password2: 'Fresh-Pass-42' } });
    expect(res.status).toBe(200);
    expect((await client.api.admin.overview.$get()).status).toBe(200);
    const [row] = await ctx.deps.db.select({ password: admin.password, attributes: admin.attributes }).from(admin).where(eq(admin.username, w.domainAdmin));
    expect(JSON.parse(row.attributes!)).toEqual({ force_tfa: '0', force_pw_update: '0' });
    expect(await ctx.deps.hasher.verify(row.password, 'Fresh-Pass-42')).toBe(true);
    const logged = await ctx.deps.db.select({ type: logs.type, msg: logs.msg }).from(logs)
      .where(and(eq(logs.user, w.domainAdmin), like(logs.call, '["domain_admin","edit"%')));
    expect(logged.map((l) => [l.type, JSON.parse(l.msg ?? 'null')])).toEqual([['danger', 'access_denied'], ['success', ['domain_admin_modified', w.domainAdmin]]]);

    const again = createTestClient(ctx);
    expect((await again.signIn(w.domainAdmin, 'Fresh-Pass-42')).status).toBe(200);
    expect((await again.api.admin.overview.$get()).status).toBe(200);
  });

  it('an admin changes its own, and the password policy applies to it', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    expect((await client.signIn(w.admin)).status).toBe(200);
    const short = await client.api.account.password.$put({ json: { currentPassword: PASSWORD, password: 'x', password2: 'x' } });
    expect(short.status).toBe(400);
    expect((await client.api.account.password.$put({ json: { currentPassword: PASSWORD, password: 'Admin-Fresh-9', password2: 'Admin-Fresh-9' } })).status).toBe(200);
    const [row] = await ctx.deps.db.select({ password: admin.password }).from(admin).where(eq(admin.username, w.admin));
    expect(await ctx.deps.hasher.verify(row.password, 'Admin-Fresh-9')).toBe(true);
  });
});

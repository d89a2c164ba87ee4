// mailcow's two API keys through their one service: admin_api()'s rules, the allow-list parser, the
// audit rows, and the key check that follows each change. A database of its own: "the rw key" is
// whatever row has that level, and other files make such rows.
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { seedWorld, useTestApp } from '../test/helpers.ts';
import { usePrivateDatabase } from '../test/private-database.ts';
import { v1 } from '../test/v1-harness.ts';
import { parseAllowFrom } from './api-key.rules.ts';
import { createMailcowKey, deleteMailcowKey, editMailcowKey, listMailcowKeys, regenerateMailcowKey } from './api-key.service.ts';

const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() });
const as = (username: string, role: Actor['role'], freshProof = true): Actor => ({ kind: 'session', username, role, ip: '198.51.100.4', freshProof });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: AppError) => ({ code: e.code, issues: e.issues }));
const KEY_SHAPE = /^[0-9A-F]{6}(-[0-9A-F]{6}){4}$/;
const clear = () => ctx.deps.db.delete(api);

describe('allow_from as mailcow reads it', () => {
  it('splits on space, comma, semicolon and newline, trims and drops repeats', () => {
    expect(parseAllowFrom(' 10.0.0.0/8,192.0.2.1;2001:db8::/32\n192.0.2.1  ::1 ')).toEqual(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32', '::1']);
    expect(parseAllowFrom('0.0.0.0/0 ::/0 1.2.3.4/32 ::1/128')).toHaveLength(4);
  });

  it('refuses each bad entry by its place and names it', () => {
    const bad = ['10.0.0.0/33', '::1/129', 'foo', '1.2.3', '01.2.3.4', '10.0.0.1/', '10.0.0.1/-1', 'fe80::1%eth0', '1.2.3.4/8/8'];
    let thrown: unknown;
    try { parseAllowFrom(['192.0.2.1', ...bad].join(', ')); } catch (e) { thrown = e; }
    const issues = (thrown as AppError).issues;
    expect((thrown as AppError).code).toBe('validation_failed');
    expect(issues.map((i) => i.path)).toEqual(bad.map((_, i) => `allowFrom.${i + 1}`));
    bad.forEach((entry, i) => expect(issues[i].message).toContain(`"${entry}"`));
  });

  it('refuses a list longer than the column', () => {
    const long = Array.from({ length: 60 }, (_, i) => `192.0.2.${i}`).join(' ');
    expect(() => parseAllowFrom(long)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('the ro and rw keys', () => {
  it('makes a key in mailcow\'s format, lists it whole, and logs as admin_api does', async () => {
    await clear();
    const w = await seedWorld(ctx);
    const made = await createMailcowKey(ctx.deps, as(w.admin, 'admin'), 'rw', { allowFrom: '192.0.2.1, 10.0.0.0/8' });
    expect(made).toMatchObject({ access: 'rw', allowFrom: ['192.0.2.1', '10.0.0.0/8'], skipIpCheck: false, active: true });
    expect(made.key).toMatch(KEY_SHAPE);
    expect((await db().select().from(api).where(eq(api.access, 'rw')))[0]).toMatchObject({ apiKey: made.key, allowFrom: '192.0.2.1,10.0.0.0/8' });
    expect(await listMailcowKeys(ctx.deps, as(w.admin, 'admin'))).toEqual({ ro: null, rw: made });
    const [row] = await db().select().from(logs).orderBy(desc(logs.id)).limit(1);
    expect(row).toMatchObject({ user: w.admin, role: 'admin', remote: '198.51.100.4', type: 'success' });
    expect(JSON.parse(row.msg!)).toBe('admin_api_modified');
    expect(JSON.parse(row.call!)).toEqual(['admin_api', { admin_api: { rw: '' }, allow_from: '192.0.2.1, 10.0.0.0/8' }]);
    expect(row.call).not.toContain(made.key);
    expect((await failure(createMailcowKey(ctx.deps, as(w.admin, 'admin'), 'rw', { allowFrom: '192.0.2.1' })))?.code).toBe('conflict');
  });

  it('refuses an empty list unless the IP check is skipped, and keeps allow_from while it is', async () => {
    await clear();
    const adm = as((await seedWorld(ctx)).admin, 'admin');
    expect(await failure(createMailcowKey(ctx.deps, adm, 'ro', {}))).toMatchObject({ code: 'validation_failed', issues: [{ path: 'allowFrom', code: 'required' }] });
    expect(await failure(createMailcowKey(ctx.deps, adm, 'ro', { allowFrom: ' ,; \n' }))).toMatchObject({ code: 'validation_failed' });
    const skipping = await createMailcowKey(ctx.deps, adm, 'ro', { skipIpCheck: true });
    expect(skipping).toMatchObject({ allowFrom: [], skipIpCheck: true });
    await editMailcowKey(ctx.deps, adm, 'ro', { skipIpCheck: false, allowFrom: '192.0.2.9' });
    // With the check skipped again, a list sent along is checked but allow_from stays as it was (mailcow).
    expect(await editMailcowKey(ctx.deps, adm, 'ro', { skipIpCheck: true, allowFrom: '203.0.113.1' })).toMatchObject({ allowFrom: ['192.0.2.9'], skipIpCheck: true });
    expect((await failure(editMailcowKey(ctx.deps, adm, 'ro', { skipIpCheck: true, allowFrom: 'foo' })))?.issues).toEqual([expect.objectContaining({ path: 'allowFrom.0' })]);
    expect(await failure(editMailcowKey(ctx.deps, adm, 'ro', { skipIpCheck: false, allowFrom: '' }))).toMatchObject({ code: 'validation_failed' });
  });

  it('edits, regenerates and deletes, and /api/v1 follows each change', async () => {
    await clear();
    const adm = as((await seedWorld(ctx)).admin, 'admin');
    const { key } = await createMailcowKey(ctx.deps, adm, 'rw', { allowFrom: '192.0.2.1' });
    const status = async (k: string) => (await v1(ctx, k, { peer: '127.0.0.1' }).get('get/status/version')).status;
    expect(await status(key)).toBe(401);
    await editMailcowKey(ctx.deps, adm, 'rw', { allowFrom: '127.0.0.1 192.0.2.1' });
    expect(await status(key)).toBe(200);
    await editMailcowKey(ctx.deps, adm, 'rw', { active: false });
    expect(await status(key)).toBe(401);
    await editMailcowKey(ctx.deps, adm, 'rw', { active: true });
    const renewed = await regenerateMailcowKey(ctx.deps, adm, 'rw');
    expect(renewed.key).toMatch(KEY_SHAPE);
    expect(renewed.key).not.toBe(key);
    expect(renewed.allowFrom).toEqual(['127.0.0.1', '192.0.2.1']);
    expect([await status(key), await status(renewed.key)]).toEqual([401, 200]);
    const [row] = await db().select().from(logs).orderBy(desc(logs.id)).limit(1);
    expect(JSON.parse(row.call!)).toEqual(['admin_api', { admin_api_regen_key: { rw: '' } }]);
    await deleteMailcowKey(ctx.deps, adm, 'rw');
    expect(await status(renewed.key)).toBe(401);
    expect((await failure(regenerateMailcowKey(ctx.deps, adm, 'rw')))?.code).toBe('not_found');
  });

  it('is for admins only, and making or widening a key needs a fresh proof', async () => {
    await clear();
    const w = await seedWorld(ctx);
    const stale = as(w.admin, 'admin', false);
    expect((await failure(listMailcowKeys(ctx.deps, as(w.domainAdmin, 'domain_admin'))))?.code).toBe('forbidden');
    expect((await failure(createMailcowKey(ctx.deps, as(w.domainAdmin, 'domain_admin'), 'rw', { skipIpCheck: true })))?.code).toBe('forbidden');
    expect((await failure(createMailcowKey(ctx.deps, stale, 'rw', { skipIpCheck: true })))?.code).toBe('step_up_required');
    await createMailcowKey(ctx.deps, as(w.admin, 'admin'), 'rw', { allowFrom: '192.0.2.1' });
    expect((await failure(regenerateMailcowKey(ctx.deps, stale, 'rw')))?.code).toBe('step_up_required');
    expect((await failure(editMailcowKey(ctx.deps, stale, 'rw', { skipIpCheck: true })))?.code).toBe('step_up_required');
    // Switching it off or deleting it narrows what the key does: no proof needed.
    expect(await editMailcowKey(ctx.deps, stale, 'rw', { active: false })).toMatchObject({ active: false });
    await deleteMailcowKey(ctx.deps, stale, 'rw');
    const key: Actor = { kind: 'api_key', username: 'API', role: 'admin', ip: '127.0.0.1', apiAccess: 'rw' };
    expect((await failure(listMailcowKeys(ctx.deps, key)))?.code).toBe('forbidden');
  });
});

function db() { return ctx.deps.db; }

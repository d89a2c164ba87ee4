// /api/v1 get/last-login (reference 10.2): sasl_log groups with mailcow's shapes, ui for admins only.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appPasswd } from '../../../db/schema/access.ts';
import { logs, saslLog } from '../../../db/schema/audit.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { objectOf } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const publicIp = () => `84.${[1, 2, 3].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

async function withSignIns() {
  const w = await seedWorld(ctx);
  const [app] = await ctx.deps.db.insert(appPasswd).values({ name: 'Tom&#039;s phone', mailbox: w.user, domain: w.domain, password: 'x' }).$returningId();
  const [germany, unknown] = [publicIp(), publicIp()];
  await ctx.deps.redis.hset(mailcowKeys.ipCountry, germany, 'DE');
  await ctx.deps.db.insert(saslLog).values([
    { service: 'imap', appPassword: app.id, username: w.user, realRip: germany, datetime: sql`NOW() - INTERVAL 1 HOUR` },
    { service: 'smtp', appPassword: 0, username: w.user, realRip: unknown, datetime: sql`NOW() - INTERVAL 2 HOUR` },
    { service: 'MAILCOWUI', appPassword: 0, username: w.user, realRip: '172.22.1.9', datetime: sql`NOW() - INTERVAL 3 HOUR` },
    { service: 'pop3', appPassword: 0, username: w.user, realRip: germany, datetime: sql`NOW() - INTERVAL 10 DAY` },
  ]);
  return { ...w, app, germany, unknown };
}

describe('last logins over /api/v1', () => {
  it('groups sasl_log as mailcow does, places from the cache only, internal addresses named so', async () => {
    const w = await withSignIns();
    const api = v1(ctx, await makeMailcowKey(ctx));
    const res = await api.get(`get/last-login/${w.user}`);
    expect(res.status).toBe(200);
    const body = await objectOf(res);
    expect(body.ui).toBe(false);
    const sasl = body.sasl as Record<string, unknown>[];
    expect(sasl.map((r) => Object.keys(r))).toEqual([
      ['real_rip', 'datetime', 'service', 'app_password', 'app_password_name', 'location'],
      ['real_rip', 'datetime', 'service', 'app_password', 'app_password_name', 'location'],
      ['real_rip', 'datetime', 'service', 'app_password', 'app_password_name'],
    ]);
    expect(sasl.map((r) => ({ ...r, datetime: STAMP.test(String(r.datetime)) }))).toEqual([
      { real_rip: w.germany, datetime: true, service: 'imap', app_password: w.app.id, app_password_name: 'Tom&#039;s phone', location: 'DE' },
      { real_rip: w.unknown, datetime: true, service: 'smtp', app_password: 0, app_password_name: null, location: false },
      { real_rip: 'Web/EAS/Internal (172.22.1.9)', datetime: true, service: 'MAILCOWUI', app_password: 0, app_password_name: null },
    ]);
    // Days: the tenth-day pop3 login only within 11; nonsense falls back to 7.
    expect(((await objectOf(api.get(`get/last-login/${w.user}/11`))).sasl as unknown[])).toHaveLength(4);
    expect(((await objectOf(api.get(`get/last-login/${w.user}/x`))).sasl as unknown[])).toHaveLength(3);
    expect(await ctx.deps.redis.hexists(mailcowKeys.ipCountry, w.unknown)).toBe(0);
  });

  it('shows an admin the web sign-in before the latest from mailcow\'s check_login rows', async () => {
    const w = await withSignIns();
    const row = (time: number, remote: string) => ({ type: 'success', msg: '""', call: JSON.stringify(['check_login', w.user, 'x']), user: w.user, role: 'user', remote, time });
    await ctx.deps.db.insert(logs).values([row(1_700_000_000, '10.0.0.1'), row(1_700_000_100, '10.0.0.2'), row(1_700_000_200, '10.0.0.3')]);
    const api = v1(ctx, await makeMailcowKey(ctx, { access: 'ro' }));
    expect((await objectOf(api.get(`get/last-login/${w.user}`))).ui).toEqual({ remote: '10.0.0.2', time: 1_700_000_100 });
  });

  it('keeps scoped keys to their domains, without ui', async () => {
    const w = await withSignIns();
    const mine = await objectOf(v1(ctx, (await makeScopedKey(ctx, w.domainAdmin)).key).get(`get/last-login/${w.user}`));
    expect(mine.ui).toEqual([]);
    expect(mine.sasl).toHaveLength(3);
    const out = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    const refused = await out.get(`get/last-login/${w.user}`);
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 200, body: { ui: [], sasl: [] } });
    expect(await (await out.get('get/last-login')).text()).toBe('{}');
  });

  it('resets: a scoped key its domains\' sasl_log rows only, an admin key the check_login rows too, a read-only key nothing', async () => {
    const w = await withSignIns();
    const row = { type: 'success', msg: '""', call: JSON.stringify(['check_login', w.user]), user: w.user, role: 'user', remote: '10.0.0.1', time: 1_700_000_000 };
    await ctx.deps.db.insert(logs).values([row, row]);
    const sasl = () => ctx.deps.db.select().from(saslLog).where(eq(saslLog.username, w.user));
    const checkLogins = async () => (await ctx.deps.db.select().from(logs).where(eq(logs.user, w.user))).length;
    const ro = await v1(ctx, await makeMailcowKey(ctx, { access: 'ro' })).get(`get/reset-last-login/${w.user}`);
    expect(ro.status).toBe(403);
    const out = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect(await (await out.get(`get/reset-last-login/${w.user}`)).text()).toBe('true');
    expect(await sasl()).toHaveLength(4);
    expect(await (await v1(ctx, (await makeScopedKey(ctx, w.domainAdmin)).key).get(`get/reset-last-login/${w.user}`)).text()).toBe('true');
    expect([await sasl(), await checkLogins()]).toEqual([[], 2]);
    expect(await (await v1(ctx, await makeMailcowKey(ctx)).get(`get/reset-last-login/${w.user}`)).text()).toBe('true');
    expect(await checkLogins()).toBe(0);
  });
});

// Recent sign-ins: mailcow's sasl_log grouped like its last-login list, with app password names, the
// place of each address and the device of Cowbell's own web sign-ins.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appPasswd } from '../../../db/schema/access.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function signedIn(username: string) {
  const client = createTestClient(ctx);
  await client.api.session.$get();
  const res = await client.api.session.$post({ json: { username, password: PASSWORD } }, { headers: { 'user-agent': FIREFOX } });
  expect(res.status).toBe(200);
  return client;
}
const publicIp = () => `84.${[1, 2, 3].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

describe('recent sign-ins', () => {
  it('lists web sign-ins with their device and mail logins with app password and place, newest first', async () => {
    const w = await seedWorld(ctx);
    const [app] = await ctx.deps.db.insert(appPasswd).values({ name: 'Tom&#039;s &quot;phone&quot;', mailbox: w.user, domain: w.domain, password: 'x' }).$returningId();
    const germany = publicIp();
    const unknown = publicIp();
    await ctx.deps.redis.hset(mailcowKeys.ipCountry, germany, 'DE');
    await ctx.deps.db.insert(saslLog).values([
      { service: 'imap', appPassword: app.id, username: w.user, realRip: germany, datetime: sql`NOW() - INTERVAL 1 HOUR` },
      { service: 'smtp', appPassword: 0, username: w.user, realRip: unknown, datetime: sql`NOW() - INTERVAL 2 HOUR` },
    ]);
    const client = await signedIn(w.user);
    const res = await client.api.account['sign-ins'].$get({ query: {} });
    expect(res.status).toBe(200);
    const { signIns } = await res.json();
    expect(signIns.map((s) => s.service)).toEqual(['MAILCOWUI', 'imap', 'smtp']);
    expect(signIns[0]).toMatchObject({ device: 'Firefox on Linux', place: { internal: true }, appPassword: null });
    expect(signIns[1]).toMatchObject({ ip: germany, place: { country: 'DE' }, appPassword: { id: app.id, name: 'Tom\'s "phone"' }, device: null });
    expect(signIns[2]).toMatchObject({ ip: unknown, place: null, appPassword: null });
  });

  it('keeps to the days asked for (7 by default, up to 31) and to the caller\'s own rows', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const [othersApp] = await ctx.deps.db.insert(appPasswd).values({ name: 'not yours', mailbox: other.user, domain: other.domain, password: 'x' }).$returningId();
    await ctx.deps.db.insert(saslLog).values([
      { service: 'pop3', appPassword: 0, username: w.user, realRip: publicIp(), datetime: sql`NOW() - INTERVAL 10 DAY` },
      // An id that names another mailbox's app password never reveals its name.
      { service: 'imap', appPassword: othersApp.id, username: w.user, realRip: publicIp(), datetime: sql`NOW() - INTERVAL 1 DAY` },
      { service: 'imap', appPassword: 0, username: other.user, realRip: publicIp() },
    ]);
    const client = await signedIn(w.user);
    const week = (await (await client.api.account['sign-ins'].$get({ query: {} })).json()).signIns;
    expect(week.map((s) => s.service)).toEqual(['MAILCOWUI', 'imap']);
    expect(week[1].appPassword).toEqual({ id: othersApp.id, name: null });
    const month = (await (await client.api.account['sign-ins'].$get({ query: { days: '31' } })).json()).signIns;
    expect(month.map((s) => s.service)).toEqual(['MAILCOWUI', 'imap', 'pop3']);
  });

  it('refuses days outside 1..31, and accounts that are not mailboxes', async () => {
    const w = await seedWorld(ctx);
    const client = await signedIn(w.user);
    for (const days of ['0', '32', 'x', '1.5']) expect((await client.api.account['sign-ins'].$get({ query: { days } })).status).toBe(400);
    const admin = createTestClient(ctx);
    expect((await admin.signIn(w.admin)).status).toBe(200);
    expect((await admin.api.account['sign-ins'].$get({ query: {} })).status).toBe(403);
  });

});

import { cowbellAliasReminderOptins } from '../../../db/schema/cowbell.ts';
import { alias, spamalias } from '../../../db/schema/mail.ts';
import { ctx, W, world, only, USERS, forA, objectOfA, SEES_A, json, eq, uid, type RouteCase } from './kit.ts';

/** A time-limited alias of A's, straight into mailcow's table. */
async function timeLimitedOfA() {
  const address = `t${uid()}.x@${world.domainOfA}`;
  await ctx.deps.db.insert(spamalias).values({ address, goto: W.userA, description: 'matrix', validity: Math.floor(Date.now() / 1000) + 3600 });
  return { address };
}

const timeLimited = async (address: string | number) => (await ctx.deps.db.select().from(spamalias).where(eq(spamalias.address, String(address))))[0];

export const routes: Record<string, RouteCase> = {
  'GET /api/aliases': {
    prepare: async () => {
      const address = `d${uid()}@${world.domainOfA}`;
      await ctx.deps.db.insert(alias).values({ address, goto: W.userA, domain: world.domainOfA });
      return { address };
    },
    request: () => ({ path: `/api/aliases?limit=100&username=${encodeURIComponent(W.userA)}` }),
    expect: forA(),
    shows: { check: (body, p) => (JSON.parse(body) as { items: { address: string }[] }).items.some((i) => i.address === p.address), by: SEES_A },
  },
  'GET /api/aliases/defaults': { request: () => ({ path: '/api/aliases/defaults' }), expect: only(USERS) },
  'PUT /api/aliases/defaults': { request: () => ({ path: '/api/aliases/defaults', init: json('PUT', { validity: '1d' }) }), expect: only(USERS) },
  // A user's own choice: B turning reminders on or off never touches A's.
  'GET /api/alias-reminders': {
    prepare: async () => { await ctx.deps.db.insert(cowbellAliasReminderOptins).ignore().values({ username: W.userA }); return {}; },
    request: () => ({ path: '/api/alias-reminders' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { enabled: boolean }).enabled, by: ['userA'] },
  },
  'PUT /api/alias-reminders': {
    prepare: async () => { await ctx.deps.db.delete(cowbellAliasReminderOptins).where(eq(cowbellAliasReminderOptins.username, W.userA)); return {}; },
    request: () => ({ path: '/api/alias-reminders', init: json('PUT', { enabled: true }) }),
    expect: only(USERS),
    effect: { check: async () => (await ctx.deps.db.select().from(cowbellAliasReminderOptins).where(eq(cowbellAliasReminderOptins.username, W.userA))).length > 0, by: ['userA'] },
  },
  'GET /api/aliases/time-limited': {
    prepare: timeLimitedOfA,
    request: () => ({ path: `/api/aliases/time-limited?limit=100&username=${encodeURIComponent(W.userA)}` }),
    expect: forA(),
    shows: { check: (body, p) => (JSON.parse(body) as { items: { address: string }[] }).items.some((i) => i.address === p.address), by: SEES_A },
  },
  'POST /api/aliases/time-limited': {
    request: () => ({ path: '/api/aliases/time-limited', init: json('POST', { username: W.userA, description: 'matrix' }) }),
    expect: forA(201),
  },
  'PATCH /api/aliases/time-limited/:address': {
    prepare: timeLimitedOfA,
    request: (p) => ({ path: `/api/aliases/time-limited/${encodeURIComponent(p.address)}`, init: json('PATCH', { validity: 'permanent' }) }),
    expect: objectOfA(),
    effect: { check: async (p) => Number((await timeLimited(p.address)).permanent) === 1, by: SEES_A },
  },
  'DELETE /api/aliases/time-limited/:address': {
    prepare: timeLimitedOfA,
    request: (p) => ({ path: `/api/aliases/time-limited/${encodeURIComponent(p.address)}`, init: { method: 'DELETE' } }),
    expect: objectOfA(204),
    effect: { check: async (p) => (await timeLimited(p.address)) === undefined, by: SEES_A },
  },
};

import { pushover } from '../../../db/schema/quarantine.ts';
import { ctx, W, only, USERS, json, eq, type RouteCase } from './kit.ts';

const PUSHOVER_KEY = 'a'.repeat(30);

/** A's Pushover row, straight into mailcow's table. */
async function pushoverOfA() {
  await ctx.deps.db.insert(pushover).values({ username: W.userA, key: PUSHOVER_KEY, token: PUSHOVER_KEY, title: 'matrix' })
    .onDuplicateKeyUpdate({ set: { title: 'matrix' } });
  return {};
}

export const routes: Record<string, RouteCase> = {
  // A user's own Pushover row: B reading or writing never sees or touches A's. Verify goes nowhere here
  // (the key is refused before any request), so it only proves who gets past the gate.
  'GET /api/pushover': {
    prepare: pushoverOfA,
    request: () => ({ path: '/api/pushover' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { settings: { title: string } | null }).settings?.title === 'matrix', by: ['userA'] },
  },
  'PUT /api/pushover': {
    prepare: async () => { await ctx.deps.db.delete(pushover).where(eq(pushover.username, W.userA)); return {}; },
    request: () => ({ path: '/api/pushover', init: json('PUT', { key: PUSHOVER_KEY, token: PUSHOVER_KEY }) }),
    expect: only(USERS),
    effect: { check: async () => (await ctx.deps.db.select().from(pushover).where(eq(pushover.username, W.userA))).length > 0, by: ['userA'] },
  },
  'DELETE /api/pushover': {
    prepare: pushoverOfA,
    request: () => ({ path: '/api/pushover', init: { method: 'DELETE' } }),
    expect: only(USERS, 204),
    effect: { check: async () => (await ctx.deps.db.select().from(pushover).where(eq(pushover.username, W.userA))).length === 0, by: ['userA'] },
  },
  'POST /api/pushover/verify': {
    request: () => ({ path: '/api/pushover/verify', init: json('POST', { key: 'short', token: 'short' }) }),
    expect: only(USERS, 400),
  },
};

import { sogoUserProfile } from '../../../db/schema/sogo.ts';
import { ctx, W, only, USERS, json, eq, type RouteCase } from './kit.ts';

/** User A's SOGo preferences (c_defaults), or undefined when A has none. */
const profileOfA = async () => (await ctx.deps.db.select().from(sogoUserProfile).where(eq(sogoUserProfile.cUid, W.userA)))[0]?.cDefaults ?? undefined;

const resetProfileOfA = async () => { await ctx.deps.db.delete(sogoUserProfile).where(eq(sogoUserProfile.cUid, W.userA)); return {}; };

export const routes: Record<string, RouteCase> = {
  // A user's own From identities: an address in the path that is not theirs to send as is refused (400).
  'GET /api/identities': {
    request: () => ({ path: '/api/identities' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { identities: { address: string }[] }).identities.some((i) => i.address === W.userA), by: ['userA'] },
  },
  'PUT /api/identities/:address': {
    prepare: resetProfileOfA,
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}`, init: json('PUT', { displayName: 'Matrix', replyTo: null, signature: '' }) }),
    expect: { ...only(USERS), userB: 400 },
    effect: { check: async () => (await profileOfA())?.includes('Matrix') ?? false, by: ['userA'] },
  },
  'PUT /api/identities/:address/default': {
    prepare: resetProfileOfA,
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}/default`, init: { method: 'PUT' } }),
    expect: { ...only(USERS), userB: 400 },
    effect: { check: async () => (await profileOfA()) !== undefined, by: ['userA'] },
  },
  'DELETE /api/identities/:address': {
    prepare: async () => {
      await resetProfileOfA();
      await ctx.deps.db.insert(sogoUserProfile).values({ cUid: W.userA, cDefaults: JSON.stringify({ SOGoMailIdentities: [{ email: W.userA, fullName: 'Kept' }] }) });
      return {};
    },
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}`, init: { method: 'DELETE' } }),
    expect: { ...only(USERS), userB: 404 },
    effect: { check: async () => !((await profileOfA())?.includes('Kept') ?? false), by: ['userA'] },
  },
};

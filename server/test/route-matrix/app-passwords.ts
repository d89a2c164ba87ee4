import { appPasswd } from '../../../db/schema/access.ts';
import { ctx, W, world, only, USERS, json, eq, uid, type RouteCase } from './kit.ts';

/** An app password of A's, straight into mailcow's table. */
async function appPasswordOfA() {
  const name = `matrix ${uid()}`;
  const [res] = await ctx.deps.db.insert(appPasswd).values({ name, mailbox: W.userA, domain: world.domainOfA, password: world.hash });
  return { id: res.insertId, name };
}

const rowOf = async (id: string | number) => (await ctx.deps.db.select().from(appPasswd).where(eq(appPasswd.id, Number(id))))[0];

// A mailbox user's own: B is told A's ids do not exist; administrators have none (mailcow would let
// them act for a mailbox in scope; Cowbell keeps app passwords to their owner).
export const routes: Record<string, RouteCase> = {
  'GET /api/app-passwords': {
    prepare: appPasswordOfA,
    request: () => ({ path: '/api/app-passwords' }),
    expect: only(USERS),
    shows: { check: (body, p) => (JSON.parse(body) as { appPasswords: { id: number }[] }).appPasswords.some((a) => a.id === p.id), by: ['userA'] },
  },
  'POST /api/app-passwords': {
    request: () => ({ path: '/api/app-passwords', init: json('POST', { name: 'Phone', protocols: ['imap_access', 'smtp_access'] }) }),
    expect: only(USERS, 201),
  },
  'PATCH /api/app-passwords/:id': {
    prepare: appPasswordOfA,
    request: (p) => ({ path: `/api/app-passwords/${p.id}`, init: json('PATCH', { active: false }) }),
    expect: { ...only(USERS), userB: 404 },
    effect: { check: async (p) => Number((await rowOf(p.id)).active) === 0, by: ['userA'] },
  },
  'DELETE /api/app-passwords/:id': {
    prepare: appPasswordOfA,
    request: (p) => ({ path: `/api/app-passwords/${p.id}`, init: { method: 'DELETE' } }),
    expect: { ...only(USERS, 204), userB: 404 },
    effect: { check: async (p) => (await rowOf(p.id)) === undefined, by: ['userA'] },
  },
};

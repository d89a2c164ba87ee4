import { and } from 'drizzle-orm';
import { tfa } from '../../../db/schema/access.ts';
import { ctx, W, only, everyone, signedInAnd, SIGNED_IN, json, eq, type RouteCase } from './kit.ts';

const A_KEY = 'matrix key of A';

/** Two second factors of A (so one may go without being the last), straight into mailcow's table; the id of one. */
async function factorsOfA() {
  const rows = await ctx.deps.db.insert(tfa).values([
    { username: W.userA, keyId: A_KEY, authmech: 'webauthn', keyHandle: 'AAAA', publicKey: 'pem', active: 1 },
    { username: W.userA, keyId: A_KEY, authmech: 'webauthn', keyHandle: 'BBBB', publicKey: 'pem', active: 1 },
  ]).$returningId();
  return { id: rows[0].id };
}
const rowExists = async (id: number) => (await ctx.deps.db.select({ id: tfa.id }).from(tfa).where(and(eq(tfa.id, id), eq(tfa.username, W.userA)))).length > 0;
/** A signs in without a second step in the other cases. */
const cleanup = async () => { await ctx.deps.db.delete(tfa).where(eq(tfa.username, W.userA)); };
const factorsOfAGone = async () => (await ctx.deps.db.select({ id: tfa.id }).from(tfa).where(eq(tfa.username, W.userA))).length === 0;

export const routes: Record<string, RouteCase> = {
  // A wrong code: anonymous and signed-in sessions owe no second factor (401), the pending one is told the code is wrong (401).
  'POST /api/session/tfa': { request: () => ({ path: '/api/session/tfa', init: json('POST', { method: 'totp', code: '000000' }) }), expect: everyone(401) },
  'GET /api/account/factors': {
    prepare: factorsOfA,
    cleanup,
    request: () => ({ path: '/api/account/factors' }),
    expect: only(SIGNED_IN),
    shows: { check: (body) => body.includes(A_KEY), by: ['userA'] },
  },
  'POST /api/account/factors/totp/setup': { request: () => ({ path: '/api/account/factors/totp/setup', init: { method: 'POST' } }), expect: only(SIGNED_IN) },
  // No setup started in this session: nothing to confirm (404) for any account.
  'POST /api/account/factors/totp': {
    request: () => ({ path: '/api/account/factors/totp', init: json('POST', { keyId: 'x', code: '000000' }) }),
    expect: signedInAnd({ userA: 404, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
  },
  // An OTP of the wrong length is refused before any validation server is asked.
  'POST /api/account/factors/yubi_otp': {
    request: () => ({ path: '/api/account/factors/yubi_otp', init: json('POST', { keyId: 'x', clientId: '1', secretKey: 'c2VjcmV0c2VjcmV0', otp: 'short' }) }),
    expect: signedInAnd({ userA: 400, userB: 400, daIn: 400, daOut: 400, admin: 400 }),
  },
  'DELETE /api/account/factors/:id': {
    prepare: factorsOfA,
    cleanup,
    request: (p) => ({ path: `/api/account/factors/${p.id}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ userA: 204, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
    effect: { check: async (p) => !(await rowExists(Number(p.id))), by: ['userA'] },
  },
  // "Two-factor sign-in off": each account's own rows only.
  'DELETE /api/account/factors': {
    prepare: factorsOfA,
    cleanup,
    request: () => ({ path: '/api/account/factors', init: { method: 'DELETE' } }),
    expect: only(SIGNED_IN, 204),
    effect: { check: factorsOfAGone, by: ['userA'] },
  },
  'GET /api/account/recovery-codes': { request: () => ({ path: '/api/account/recovery-codes' }), expect: only(SIGNED_IN) },
  // Only A has a factor here; the others have nothing for codes to stand in for.
  'POST /api/account/recovery-codes': {
    prepare: factorsOfA,
    cleanup,
    request: () => ({ path: '/api/account/recovery-codes', init: { method: 'POST' } }),
    expect: signedInAnd({ userA: 201, userB: 409, daIn: 409, daOut: 409, admin: 409 }),
  },
};

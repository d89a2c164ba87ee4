import { createHash } from 'node:crypto';
import { and, sql } from 'drizzle-orm';
import { fido2 } from '../../../db/schema/access.ts';
import { mailcowPasskey } from '../webauthn-fixture.ts';
import { ctx, eq, everyone, json, only, signedInAnd, SIGNED_IN, W, type RouteCase } from './kit.ts';

// Well-formed answers no challenge was made for: they pass validation and reach the service.
const id = Buffer.alloc(16, 7).toString('base64url');
const assertion = { response: { id, rawId: id, type: 'public-key', clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' } } };
const registration = { response: { id, rawId: id, type: 'public-key', clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'oA' } } };

/** Every signed-in actor gets this status past the gate. */
const allSignedIn = (status: number) => signedInAnd(Object.fromEntries(SIGNED_IN.map((a) => [a, status])));
/** Only the session that owes its second factor gets past pendingSession(). */
const pendingOnly = (status: number) => ({ ...everyone(401), tfaPending: status });

/** A fresh passkey of A's, named as mailcow names it. */
async function passkeyOfA() {
  const cred = await mailcowPasskey(ctx, W.userA);
  return { id: createHash('sha256').update(cred.id).digest('hex') };
}
const rowOf = (p: Record<string, string | number>) => ctx.deps.db.select({ name: fido2.friendlyName }).from(fido2)
  .where(and(eq(fido2.username, W.userA), sql`SHA2(${fido2.credentialId}, 256) = ${p.id}`));

export const routes: Record<string, RouteCase> = {
  // tina owes a TOTP code, not a key: nothing to ask for (404); anyone else is not in the middle of a sign-in.
  'POST /api/session/tfa/webauthn/options': { request: () => ({ path: '/api/session/tfa/webauthn/options', init: { method: 'POST' } }), expect: pendingOnly(404) },
  'POST /api/session/tfa/webauthn': { request: () => ({ path: '/api/session/tfa/webauthn', init: json('POST', assertion) }), expect: pendingOnly(400) },
  'POST /api/session/passkey/options': { request: () => ({ path: '/api/session/passkey/options', init: { method: 'POST' } }), expect: everyone(200) },
  'POST /api/session/passkey': { request: () => ({ path: '/api/session/passkey', init: json('POST', assertion) }), expect: everyone(400) },
  'POST /api/account/factors/webauthn/options': { request: () => ({ path: '/api/account/factors/webauthn/options', init: { method: 'POST' } }), expect: only(SIGNED_IN) },
  'POST /api/account/factors/webauthn': { request: () => ({ path: '/api/account/factors/webauthn', init: json('POST', { keyId: 'k', ...registration }) }), expect: allSignedIn(400) },
  // No key or passkey on file for the matrix accounts.
  'POST /api/account/confirm/webauthn/options': { request: () => ({ path: '/api/account/confirm/webauthn/options', init: { method: 'POST' } }), expect: allSignedIn(404) },
  'POST /api/account/confirm/webauthn': { request: () => ({ path: '/api/account/confirm/webauthn', init: json('POST', assertion) }), expect: allSignedIn(400) },
  'GET /api/account/passkeys': {
    prepare: passkeyOfA,
    request: () => ({ path: '/api/account/passkeys' }),
    expect: only(SIGNED_IN),
    shows: { check: (body, p) => body.includes(String(p.id)), by: ['userA'] },
  },
  'POST /api/account/passkeys/options': { request: () => ({ path: '/api/account/passkeys/options', init: { method: 'POST' } }), expect: only(SIGNED_IN) },
  'POST /api/account/passkeys': { request: () => ({ path: '/api/account/passkeys', init: json('POST', registration) }), expect: allSignedIn(400) },
  'PATCH /api/account/passkeys/:id': {
    prepare: passkeyOfA,
    request: (p) => ({ path: `/api/account/passkeys/${p.id}`, init: json('PATCH', { friendlyName: 'renamed' }) }),
    expect: signedInAnd({ userA: 204, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
    effect: { check: async (p) => (await rowOf(p))[0]?.name === 'renamed', by: ['userA'] },
  },
  'DELETE /api/account/passkeys/:id': {
    prepare: passkeyOfA,
    request: (p) => ({ path: `/api/account/passkeys/${p.id}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ userA: 204, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
    effect: { check: async (p) => (await rowOf(p)).length === 0, by: ['userA'] },
  },
};

import { createTestClient } from '../helpers.ts';
import { expect } from 'vitest';
import { ctx, W, world, only, everyone, signedInAnd, USERS, SIGNED_IN, json, uid, type RouteCase } from './kit.ts';

/** A's session in another browser, and its handle in A's list of sessions. */
const otherSessionOfA: { handle: string; client: ReturnType<typeof createTestClient> | null } = { handle: '', client: null };

export async function newSessionOfA() {
  const client = createTestClient(ctx);
  expect((await client.signIn(W.userA)).status).toBe(200);
  const { sessions } = await (await client.api.account.sessions.$get()).json();
  Object.assign(otherSessionOfA, { handle: sessions.find((s) => s.current)!.id, client });
  return otherSessionOfA;
}

export const routes: Record<string, RouteCase> = {
  'GET /api/health': { request: () => ({ path: '/api/health' }), expect: everyone(200) },
  'GET /api/session': { request: () => ({ path: '/api/session' }), expect: everyone(200) },
  'POST /api/session': { request: () => ({ path: '/api/session', init: json('POST', { username: `nobody${uid()}@${world.domainOfA}`, password: 'x' }) }), expect: everyone(401) },
  'DELETE /api/session': { request: () => ({ path: '/api/session', init: { method: 'DELETE' } }), expect: everyone(204) },
  // A wrong current password: a user is refused at the check (400), anyone else at the gate.
  'PUT /api/account/password': {
    request: () => ({ path: '/api/account/password', init: json('PUT', { currentPassword: 'wrong', password: 'New-Password-1', password2: 'New-Password-1' }) }),
    expect: signedInAnd({ userA: 400, userB: 400, daIn: 400, daOut: 400, admin: 400 }),
  },
  // Step-up with a wrong password: refused at the check (401) for any signed-in account, at the gate for the rest.
  'POST /api/account/confirm': { request: () => ({ path: '/api/account/confirm', init: json('POST', { password: 'wrong' }) }), expect: signedInAnd({ userA: 401, userB: 401, daIn: 401, daOut: 401, admin: 401 }) },
  'GET /api/account/sessions': {
    request: () => ({ path: '/api/account/sessions' }),
    expect: only(SIGNED_IN),
    shows: { check: (body) => (JSON.parse(body) as { sessions: { id: string }[] }).sessions.some((s) => s.id === otherSessionOfA.handle), by: ['userA'] },
  },
  'DELETE /api/account/sessions': { request: () => ({ path: '/api/account/sessions', init: { method: 'DELETE' } }), expect: only(SIGNED_IN) },
  'DELETE /api/account/sessions/:handle': {
    prepare: async () => ({ handle: (await newSessionOfA()).handle }),
    request: (p) => ({ path: `/api/account/sessions/${p.handle}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ userA: 204, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
    effect: { check: async () => (await (await otherSessionOfA.client!.api.session.$get()).json()).session === null, by: ['userA'] },
  },
  'GET /api/account/sign-ins': { request: () => ({ path: '/api/account/sign-ins' }), expect: only(USERS) },
  'GET /api/me': { request: () => ({ path: '/api/me' }), expect: only(USERS) },
};

// What every part of the route matrix shares: the app, the actors, and the shorthands for who gets
// which status. Each feature's routes live in their own file beside this one; route-matrix.test.ts
// joins them and checks that together they name every route the app registers.
import { eq } from 'drizzle-orm';
import { tfa } from '../../../db/schema/access.ts';
import { insertDomain, insertDomainAdmin, insertMailbox } from '../../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../helpers.ts';
import { enableQuarantine } from '../quarantine-helpers.ts';

export const ctx = useTestApp({}, 14);

// tfaPending: the password was right, the second factor is still owed (it may reach nothing more than anonymous).
export const ACTORS = ['anonymous', 'tfaPending', 'userA', 'userB', 'daIn', 'daOut', 'admin'] as const;
export type ActorName = (typeof ACTORS)[number];
export type Expect = number | Record<ActorName, number>;
type Params = Record<string, string | number>;

export interface RouteCase {
  /** What the call needs that must be fresh for each actor (an item to delete, a device to remove). */
  prepare?: () => Promise<Params>;
  request: (p: Params) => { path: string; init?: RequestInit };
  /** Undoes what `prepare` made that would change the next sign-in (a second factor of A makes it pending). */
  cleanup?: () => Promise<void>;
  expect: Expect;
  /** For writes whose status is the same for all: did it take effect? (true = must have changed). */
  effect?: { check: (p: Params) => Promise<boolean>; by: ActorName[] };
  /** For reads: does the answer show user A's object? Only `by` may see it. */
  shows?: { check: (body: string, p: Params) => boolean; by: ActorName[] };
}

/** The accounts each actor signs in as, and A's domain; filled in by seedMatrixWorld. */
export const W: Record<ActorName, string> = { anonymous: '', tfaPending: '', userA: '', userB: '', daIn: '', daOut: '', admin: '' };
export const world = { domainOfA: '', hash: '' };

/** Allowed roles → their status; others get 403 when signed in, 401 when not. */
export function only(allowed: ActorName[], ok = 200): Record<ActorName, number> {
  return Object.fromEntries(ACTORS.map((a) => [a, allowed.includes(a) ? ok : a === 'anonymous' || a === 'tfaPending' ? 401 : 403])) as Record<ActorName, number>;
}
export const everyone = (status: number) => only([...ACTORS], status);
export const signedInAnd = (codes: Partial<Record<ActorName, number>>) => ({ ...only([]), ...codes });
export const USERS: ActorName[] = ['userA', 'userB'];
/** A's mailbox named with mailcow's `username`: A, the domain admin of A's domain and admins; B and the other domain's admin are refused. */
export const forA = (ok = 200) => signedInAnd({ userA: ok, userB: 403, daIn: ok, daOut: 403, admin: ok });
/** One of A's objects by its key: whoever may not see it is told it does not exist. */
export const objectOfA = (ok = 200) => signedInAnd({ userA: ok, userB: 404, daIn: ok, daOut: 404, admin: ok });
export const SEES_A: ActorName[] = ['userA', 'daIn', 'admin'];
export const SIGNED_IN: ActorName[] = ['userA', 'userB', 'daIn', 'daOut', 'admin'];

export const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** A with B beside it in one domain, that domain's admin, another domain's admin, an admin, and a user owing a second factor. */
export async function seedMatrixWorld() {
  await enableQuarantine(ctx);
  const w = await seedWorld(ctx);
  world.domainOfA = w.domain;
  world.hash = w.hash;
  W.userA = w.user;
  W.userB = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
  W.daIn = w.domainAdmin;
  W.tfaPending = await insertMailbox(ctx.deps.db, { localPart: 'tina', domain: w.domain, passwordHash: w.hash });
  await ctx.deps.db.insert(tfa).values({ keyId: 'key', username: W.tfaPending, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
  W.admin = w.admin;
  const other = `o${uid()}.test`;
  await insertDomain(ctx.deps.db, other, { redis: ctx.deps.redis });
  W.daOut = `daout${uid()}`;
  await insertDomainAdmin(ctx.deps.db, W.daOut, w.hash, [other]);
}

export { eq, uid };

// Sessions live in Redis under the SHA-256 of an opaque random id, so a Redis dump holds no usable
// cookie. Each account also has a set of its session hashes, so all of them can be ended at once
// (a password change, a disabled account).
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../redis-keys.ts';
import type { Role } from '../roles.ts';
import type { ProofMethod } from './step-up.ts';

export interface TfaMethod {
  id: number;
  keyId: string;
  authmech: string;
}

export interface Session {
  /** The account's name as stored (never as typed: "Óscar" and "oscar" are one account). */
  username: string;
  role: Role;
  /** `tfa_pending`: the password was right, a second factor is still owed; nothing else is allowed. */
  state: 'active' | 'tfa_pending';
  tfaMethods: TfaMethod[];
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  /** Fingerprint of the account's password and state at sign-in; a change ends the session. */
  accountStamp: string;
  /** When the account was last checked against the database. */
  checkedAt: number;
  /** The browser and address it was made from, for the account's list of its sessions. */
  userAgent?: string;
  ip?: string;
  /** mailcow's force_pw_update at sign-in: nothing but a password change until it is done. */
  mustChangePassword?: boolean;
  /** mailcow's force_tfa with no factor on file: nothing but setting one up (and signing out) until it is done. */
  mustEnrolTfa?: boolean;
  /** Wrong codes given to this session while it is tfa_pending (bounded; see second-factor.service.ts). */
  tfaAttempts?: number;
  /** When and how the user last proved who they are (sign-in, or a step-up confirmation). */
  provedAt?: number;
  provedBy?: ProofMethod;
}

/** A session as its account's list shows it: a handle that is neither the cookie nor its Redis key. */
export interface ListedSession {
  handle: string;
  session: Session;
  current: boolean;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export type NewSession = Omit<Session, 'csrf' | 'createdAt' | 'lastSeenAt' | 'checkedAt'>;

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
const handleOf = (idHash: string) => createHash('sha256').update(`handle:${idHash}`).digest('base64url').slice(0, 22);
export const newToken = () => randomBytes(32).toString('base64url');

export function createSessionStore(redis: Redis, limits: SessionLimits, now: () => number) {
  const ttl = (s: Session, at: number) =>
    Math.max(1, Math.min(limits.idleMs, s.createdAt + limits.absoluteMs - at));

  /**
   * `existing`: only if the session is still there (XX), so a request that loaded the session before a
   * sign-out cannot write it back afterwards.
   */
  async function save(id: string, s: Session, at: number, existing = true) {
    const idHash = hashId(id);
    const value = JSON.stringify(s);
    const written = existing
      ? await redis.set(keys.session(idHash), value, 'PX', ttl(s, at), 'XX')
      : await redis.set(keys.session(idHash), value, 'PX', ttl(s, at));
    if (written === null) return;
    // The index outlives every session in it; stale members are dropped when the set is read.
    await redis.multi().sadd(keys.accountSessions(s.username), idHash).pexpire(keys.accountSessions(s.username), limits.absoluteMs).exec();
  }

  async function destroyHashes(username: string, idHashes: string[]) {
    if (idHashes.length === 0) return;
    await redis.multi().del(...idHashes.map(keys.session)).srem(keys.accountSessions(username), ...idHashes).exec();
  }

  return {
    async create(data: NewSession): Promise<{ id: string; session: Session }> {
      const at = now();
      const id = newToken();
      const session: Session = { ...data, csrf: newToken(), createdAt: at, lastSeenAt: at, checkedAt: at };
      await save(id, session, at, false);
      return { id, session };
    },

    /** Loads a live session and slides its idle expiry; expired ones are deleted and read as absent. */
    async load(id: string): Promise<Session | null> {
      const raw = await redis.get(keys.session(hashId(id)));
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      const at = now();
      if (at - session.lastSeenAt > limits.idleMs || at - session.createdAt > limits.absoluteMs) {
        await destroyHashes(session.username, [hashId(id)]);
        return null;
      }
      // Sliding the idle window costs a write; a few seconds of precision is plenty.
      if (at - session.lastSeenAt > 5_000) {
        session.lastSeenAt = at;
        await save(id, session, at);
      }
      return session;
    },

    /** Records that the account was found unchanged just now. */
    async markChecked(id: string, session: Session): Promise<void> {
      const at = now();
      session.checkedAt = at;
      session.lastSeenAt = at;
      await save(id, session, at);
    },

    async destroy(id: string): Promise<void> {
      const raw = await redis.get(keys.session(hashId(id)));
      const username = raw ? (JSON.parse(raw) as Session).username : null;
      await redis.del(keys.session(hashId(id)));
      if (username) await redis.srem(keys.accountSessions(username), hashId(id));
    },

    /** Writes a changed session back (only while it still exists). */
    async update(id: string, session: Session): Promise<void> {
      await save(id, session, now());
    },

    /** The account's live sessions, oldest first; `currentId` is marked. Stale index entries are dropped. */
    async listFor(username: string, currentId?: string): Promise<ListedSession[]> {
      const hashes = await redis.smembers(keys.accountSessions(username));
      if (hashes.length === 0) return [];
      const raws = await redis.mget(...hashes.map(keys.session));
      const at = now();
      const current = currentId ? hashId(currentId) : null;
      const listed: ListedSession[] = [];
      const stale: string[] = [];
      hashes.forEach((h, i) => {
        const s = raws[i] ? (JSON.parse(raws[i]!) as Session) : null;
        if (!s || s.username !== username || at - s.lastSeenAt > limits.idleMs || at - s.createdAt > limits.absoluteMs) stale.push(h);
        else listed.push({ handle: handleOf(h), session: s, current: h === current });
      });
      await destroyHashes(username, stale);
      return listed.sort((a, b) => a.session.createdAt - b.session.createdAt);
    },

    /** Ends the account's session with this handle; false when the account has none such. */
    async destroyByHandle(username: string, handle: string): Promise<boolean> {
      const hash = (await redis.smembers(keys.accountSessions(username))).find((h) => handleOf(h) === handle);
      if (!hash) return false;
      await destroyHashes(username, [hash]);
      return true;
    },

    /** Ends every session of an account, except `keepId` (the one making the change). */
    async destroyAllFor(username: string, keepId?: string): Promise<number> {
      const keep = keepId ? hashId(keepId) : null;
      const hashes = (await redis.smembers(keys.accountSessions(username))).filter((h) => h !== keep);
      await destroyHashes(username, hashes);
      return hashes.length;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

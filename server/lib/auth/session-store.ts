// Sessions live in Redis under the SHA-256 of an opaque random id, so a Redis dump holds no usable cookie.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../redis-keys.ts';
import type { Role } from '../roles.ts';

export interface TfaMethod {
  id: number;
  keyId: string;
  authmech: string;
}

export interface Session {
  username: string;
  role: Role;
  /** `tfa_pending`: the password was right, a second factor is still owed; nothing else is allowed. */
  state: 'active' | 'tfa_pending';
  tfaMethods: TfaMethod[];
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function createSessionStore(redis: Redis, limits: SessionLimits, now: () => number) {
  const ttl = (s: Session, at: number) =>
    Math.max(1, Math.min(limits.idleMs, s.createdAt + limits.absoluteMs - at));

  async function save(id: string, s: Session, at: number) {
    await redis.set(keys.session(hashId(id)), JSON.stringify(s), 'PX', ttl(s, at));
  }

  return {
    async create(data: Omit<Session, 'csrf' | 'createdAt' | 'lastSeenAt'>): Promise<{ id: string; session: Session }> {
      const at = now();
      const id = newToken();
      const session: Session = { ...data, csrf: newToken(), createdAt: at, lastSeenAt: at };
      await save(id, session, at);
      return { id, session };
    },

    /** Loads a live session and slides its idle expiry; expired ones are deleted and read as absent. */
    async load(id: string): Promise<Session | null> {
      const raw = await redis.get(keys.session(hashId(id)));
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      const at = now();
      if (at - session.lastSeenAt > limits.idleMs || at - session.createdAt > limits.absoluteMs) {
        await redis.del(keys.session(hashId(id)));
        return null;
      }
      // Sliding the idle window costs a write; a few seconds of precision is plenty.
      if (at - session.lastSeenAt > 5_000) {
        session.lastSeenAt = at;
        await save(id, session, at);
      }
      return session;
    },

    async destroy(id: string): Promise<void> {
      await redis.del(keys.session(hashId(id)));
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

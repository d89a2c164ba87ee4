// What new-mail push remembers per user in Redis: the messages already pushed (against repeated
// events), the burst the next notification sums up, and the instants of recent pushes (the cap's
// rolling window). All expire on their own. One script judges all three at once, atomically, in one
// round trip: two events racing cannot both take the cap's last place, nor both push one message.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../../lib/redis-keys.ts';
import type { NewMailSettings } from './rules.schema.ts';

/** Mail arriving less than this long after the previous one joins its notification ("4 new messages"). */
const BURST_MS = 5 * 60_000;
/**
 * How long a pushed message is remembered against a repeated event. The Lua script never retries
 * (max_attempts 1), and a redelivered mail gets a new UID: repeats come from a replayed request, soon.
 */
const SEEN_SECONDS = 3600;
// KEYS: seen, burst, pushes. ARGV: seen seconds, burst ms, now, window start, cap count, member,
// window ms, unseen (-1: unknown).
// The cap: at most `count` pushes in the window that ends now. A push exactly one window old has just
// left it; one stamped later than now (another server's clock running ahead) still counts, erring
// towards fewer pushes. Only the window is kept: a longer window chosen later starts empty.
// Capped mail still counts into the burst: the next notification that goes out says how much came.
// The Inbox's unseen count bounds the burst: mail the user has read since is not news.
const ADMIT = `
if not redis.call('set', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return {-1, 0} end
local count = redis.call('incr', KEYS[2])
local unseen = tonumber(ARGV[8])
if unseen >= 1 and count > unseen then count = unseen; redis.call('set', KEYS[2], count) end
redis.call('pexpire', KEYS[2], ARGV[2])
redis.call('zremrangebyscore', KEYS[3], '-inf', ARGV[4])
if redis.call('zcard', KEYS[3]) >= tonumber(ARGV[5]) then return {count, 0} end
redis.call('zadd', KEYS[3], ARGV[3], ARGV[6])
redis.call('pexpire', KEYS[3], ARGV[7])
return {count, 1}`;

export interface MessageId {
  folder: string;
  uidvalidity: number;
  uid: number;
}

export type Admission = { outcome: 'duplicate' } | { outcome: 'capped'; count: number } | { outcome: 'push'; count: number };

/**
 * For a mail the rules would push: whether it was pushed before, else how many the burst holds now
 * and whether the cap lets this push out (it takes its place in the window if so).
 */
export async function admitPush(redis: Redis, username: string, message: MessageId, now: number, cap: NewMailSettings['cap'],
  inboxUnseen: number | null): Promise<Admission> {
  const messageKey = createHash('sha256').update(`${message.folder}\0${message.uidvalidity}\0${message.uid}`).digest('base64url').slice(0, 22);
  const windowMs = cap.minutes * 60_000;
  const [count, pushed] = (await redis.eval(ADMIT, 3, keys.newMailSeen(username, messageKey), keys.newMailBurst(username),
    keys.newMailPushes(username), SEEN_SECONDS, BURST_MS, now, now - windowMs, cap.count,
    `${now}:${randomBytes(6).toString('base64url')}`, windowMs, inboxUnseen ?? -1)) as [number, number];
  if (count === -1) return { outcome: 'duplicate' };
  return pushed === 1 ? { outcome: 'push', count } : { outcome: 'capped', count };
}

// The per-user cap and the burst, judged by push-state.ts's Redis script against a real Redis.
import { describe, expect, it } from 'vitest';
import { uid, useTestApp } from '../../test/helpers.ts';
import { admitPush } from './push-state.ts';

const ctx = useTestApp();
const NOW = Date.UTC(2026, 0, 14, 12, 0);
const MIN = 60_000;
let nextUid = 1;
const admit = (user: string, at: number, cap = { count: 3, minutes: 10 }, unseen: number | null = null, folder = 'INBOX') =>
  admitPush(ctx.deps.redis, user, { folder, uidvalidity: 1, uid: nextUid++ }, at, cap, unseen);
const outcomes = async (user: string, times: number[], cap?: { count: number; minutes: number }) => {
  const out: string[] = [];
  for (const t of times) out.push((await admit(user, t, cap)).outcome);
  return out;
};

describe('the cap', () => {
  it('lets `count` pushes through in any window, and holds back the next', async () => {
    expect(await outcomes(`a${uid()}`, [NOW - 9 * MIN, NOW - 2 * MIN, NOW - MIN, NOW])).toEqual(['push', 'push', 'push', 'capped']);
  });

  it('drops a push exactly one window old, and keeps one a millisecond younger', async () => {
    expect(await outcomes(`b${uid()}`, [NOW - 10 * MIN, NOW - 2 * MIN, NOW - MIN, NOW])).toEqual(['push', 'push', 'push', 'push']);
    expect(await outcomes(`c${uid()}`, [NOW - 10 * MIN + 1, NOW - 2 * MIN, NOW - MIN, NOW])).toEqual(['push', 'push', 'push', 'capped']);
  });

  it('counts a push stamped ahead of now (another server\'s clock), erring towards fewer pushes', async () => {
    const user = `d${uid()}`;
    expect(await outcomes(user, [NOW + 5_000, NOW - MIN, NOW - MIN])).toEqual(['push', 'push', 'push']);
    expect((await admit(user, NOW)).outcome).toBe('capped');
  });

  it('allows exactly one push per day with a cap of 1 in 1440 minutes', async () => {
    const one = { count: 1, minutes: 1440 };
    expect(await outcomes(`e${uid()}`, [NOW - 1439 * MIN, NOW], one)).toEqual(['push', 'capped']);
    expect(await outcomes(`f${uid()}`, [NOW - 1440 * MIN, NOW], one)).toEqual(['push', 'push']);
  });

  it('takes no place for a capped mail, and the burst still counts it', async () => {
    const user = `g${uid()}`;
    const cap = { count: 1, minutes: 1 };
    expect(await admit(user, NOW, cap)).toEqual({ outcome: 'push', count: 1 });
    expect(await admit(user, NOW + 1000, cap)).toEqual({ outcome: 'capped', count: 2 });
    expect(await admit(user, NOW + MIN, cap)).toEqual({ outcome: 'push', count: 3 });
  });

  it('is judged atomically: of twenty racing events under a cap of 5, five push', async () => {
    const user = `h${uid()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => admit(user, NOW, { count: 5, minutes: 10 })));
    expect(results.filter((r) => r.outcome === 'push')).toHaveLength(5);
  });
});

describe('repeats and the burst', () => {
  it('pushes one message once, however often it is reported', async () => {
    const user = `i${uid()}`;
    const message = { folder: 'INBOX', uidvalidity: 7, uid: 42 };
    const cap = { count: 10, minutes: 10 };
    expect((await admitPush(ctx.deps.redis, user, message, NOW, cap, null)).outcome).toBe('push');
    expect(await admitPush(ctx.deps.redis, user, message, NOW, cap, null)).toEqual({ outcome: 'duplicate' });
    expect((await admitPush(ctx.deps.redis, user, { ...message, folder: 'Lists' }, NOW, cap, null)).outcome).toBe('push');
  });

  it('is bounded by the Inbox unseen count: what was read since is not news', async () => {
    const user = `j${uid()}`;
    const cap = { count: 10, minutes: 10 };
    expect((await admit(user, NOW, cap, 1)).outcome === 'push' && (await admit(user, NOW, cap, 5))).toEqual({ outcome: 'push', count: 2 });
    expect(await admit(user, NOW, cap, 1)).toEqual({ outcome: 'push', count: 1 });
    expect(await admit(user, NOW, cap, null, 'Lists')).toEqual({ outcome: 'push', count: 2 });
  });
});

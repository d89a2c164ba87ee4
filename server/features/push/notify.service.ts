// What happens when mail lands in a mailbox's quarantine: one notification per device for the whole
// burst of new items, private by default, with one-tap actions when it is about a single item.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs, cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import { issueToken } from './action-tokens.ts';
import { QUARANTINE_PUSH_ACTIONS, type PushPayload } from './push.schema.ts';
import type { DeliveryOptions } from './sender.ts';
import { pushText } from './push-text.ts';

export interface SendJob {
  subscriptionId: number;
  payload: PushPayload;
  /** How the push service treats it; unset: kept a day, never replaced (quarantine, reminders). */
  delivery?: DeliveryOptions;
}

type Fresh = { id: number; sender: string; subject: string | null; action: string };

async function payloadFor(deps: Deps, sub: typeof subs.$inferSelect, fresh: Fresh[], total: number, badge: number): Promise<PushPayload> {
  const text = pushText(sub.locale);
  const latest = fresh[0];
  const category = fresh.every((f) => f.action.trim() === 'reject') ? text.reject : text.junk;
  const single = total === 1;
  const body = single && Number(sub.showDetails) === 1
    ? text.detailBody(latest.sender, latest.subject ?? '') : text.privateBody(category);
  const actions = single
    ? await Promise.all(QUARANTINE_PUSH_ACTIONS.map(async (action) => ({ action, title: text[action],
      token: await issueToken(deps.redis, { itemId: latest.id, subscriptionId: sub.id, username: sub.username, action }) })))
    : [];
  // A device that takes new-mail pushes badges the Inbox's unseen count, as a mail app does.
  return { kind: 'quarantine', title: single ? text.one : text.many(total), body, badge: Number(sub.newMail) === 1 ? -1 : badge,
    tag: 'cowbell-quarantine',
    url: single ? `/quarantine/${latest.id}` : '/quarantine', actions };
}

/**
 * Claims the recipient's unannounced items for this notification: only rows still unclaimed are taken
 * (the UPDATE re-checks pushed_at on the current row), so two jobs racing for a mailbox, in one process
 * or several, never both announce an item. A job retried with the same `claim` finds its rows again.
 */
async function claimItems(deps: Deps, rcpt: string, claim: string): Promise<{ latest: Fresh[]; total: number }> {
  const unclaimed = await deps.db.select({ id: items.id }).from(items).where(and(eq(items.rcpt, rcpt), isNull(items.pushedAt)));
  if (unclaimed.length > 0) {
    await deps.db.update(items).set({ pushedAt: sql`NOW()`, pushClaim: claim })
      .where(and(inArray(items.id, unclaimed.map((r) => r.id)), isNull(items.pushedAt)));
  }
  const mine = and(eq(items.rcpt, rcpt), eq(items.pushClaim, claim));
  const latest: Fresh[] = await deps.db.select({ id: items.id, sender: quarantine.sender, subject: quarantine.subject, action: quarantine.action })
    .from(items).innerJoin(quarantine, eq(quarantine.id, items.id)).where(mine).orderBy(desc(items.id)).limit(50);
  if (latest.length === 0) return { latest, total: 0 };
  const [{ n: total }] = await deps.db.select({ n: count() }).from(items).innerJoin(quarantine, eq(quarantine.id, items.id)).where(mine);
  return { latest, total };
}

/** Claims the recipient's new items and returns one send job per device (none without devices or news). */
export async function prepareQuarantinePush(deps: Deps, rcpt: string, claim: string = randomUUID()): Promise<SendJob[]> {
  const { latest, total } = await claimItems(deps, rcpt, claim);
  if (total === 0) return [];
  const [{ n: badge }] = await deps.db.select({ n: count() }).from(items).where(and(eq(items.rcpt, rcpt), eq(items.reviewed, 0)));
  const devices = await deps.db.select().from(subs).where(eq(subs.username, rcpt));
  return Promise.all(devices.map(async (sub) => ({ subscriptionId: sub.id, payload: await payloadFor(deps, sub, latest, total, badge) })));
}

export function testPayload(locale: string): PushPayload {
  const text = pushText(locale);
  return { kind: 'test', title: text.testTitle, body: text.testBody, url: '/settings', badge: -1, tag: 'cowbell-test', actions: [] };
}

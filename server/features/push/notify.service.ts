// What happens when mail lands in a mailbox's quarantine: one notification per device for the whole
// burst of new items, private by default, with one-tap actions when it is about a single item.
import { and, count, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs, cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import { issueToken } from './action-tokens.ts';
import { PUSH_ACTIONS, type PushPayload } from './push.schema.ts';
import { pushText } from './push-text.ts';

export interface SendJob {
  subscriptionId: number;
  payload: PushPayload;
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
    ? await Promise.all(PUSH_ACTIONS.map(async (action) => ({ action, title: text[action],
      token: await issueToken(deps.redis, { itemId: latest.id, subscriptionId: sub.id, username: sub.username, action }) })))
    : [];
  return { kind: 'quarantine', title: single ? text.one : text.many(total), body, badge, tag: 'cowbell-quarantine',
    url: single ? `/quarantine/${latest.id}` : '/quarantine', actions };
}

/** Marks the recipient's new items as pushed and returns one send job per device (none without devices). */
export async function prepareQuarantinePush(deps: Deps, rcpt: string): Promise<SendJob[]> {
  const fresh: Fresh[] = await deps.db.select({ id: items.id, sender: quarantine.sender, subject: quarantine.subject, action: quarantine.action })
    .from(items).innerJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(eq(items.rcpt, rcpt), isNull(items.pushedAt))).orderBy(desc(items.id)).limit(50);
  if (fresh.length === 0) return [];
  const top = fresh[0].id;
  const [marked] = await deps.db.update(items).set({ pushedAt: sql`NOW()` })
    .where(and(eq(items.rcpt, rcpt), isNull(items.pushedAt), lte(items.id, top)));
  const [{ n: badge }] = await deps.db.select({ n: count() }).from(items).where(and(eq(items.rcpt, rcpt), eq(items.reviewed, 0)));
  const devices = await deps.db.select().from(subs).where(eq(subs.username, rcpt));
  return Promise.all(devices.map(async (sub) => ({ subscriptionId: sub.id, payload: await payloadFor(deps, sub, fresh, marked.affectedRows, badge) })));
}

export function testPayload(locale: string): PushPayload {
  const text = pushText(locale);
  return { kind: 'test', title: text.testTitle, body: text.testBody, url: '/settings', badge: -1, tag: 'cowbell-test', actions: [] };
}

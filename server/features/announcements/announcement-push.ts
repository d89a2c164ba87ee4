// When an announcement is switched on or changed, it is pushed to the devices of mailbox users who
// opted in. A chore compares what the keys hold with what was last seen, so a change made in mailcow's
// own UI is pushed as well as one made in Cowbell or through /api/v1; GETSET makes one Cowbell the
// one that sends, however many run the chore.
import { inArray } from 'drizzle-orm';
import { cowbellAnnouncementOptins as optins, cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';
import type { QueuedSend } from '../../jobs/push-queue.ts';
import { pushText } from '../push/push-text.ts';
import { readAnnouncement } from '../../mailcow/ui-texts.service.ts';
import { announcementPlainText } from './announcement-text.ts';
import { toView } from './announcement.service.ts';

const BODY_CHARS = 240;

export async function pushAnnouncement(deps: Deps, queueSends: (sends: QueuedSend[]) => Promise<void>): Promise<{ pushes: number }> {
  const view = toView(await readAnnouncement(deps));
  const seen = view.active ? view.id : 'off';
  const before = await deps.redis.set(keys.announcementSeen, seen, 'GET');
  // The first look only learns the state: an announcement that was on before Cowbell watched is not news.
  if (!view.active || before === null || before === seen) return { pushes: 0 };
  const chars = [...announcementPlainText(view.segments)];
  const body = chars.length > BODY_CHARS ? `${chars.slice(0, BODY_CHARS - 1).join('')}…` : chars.join('');
  const users = (await deps.db.select({ username: optins.username }).from(optins)).map((r) => r.username);
  const sends: QueuedSend[] = [];
  for (let i = 0; i < users.length; i += 500) {
    for (const sub of await deps.db.select().from(subs).where(inArray(subs.username, users.slice(i, i + 500)))) {
      sends.push({ id: `announcement-${view.id}-${deps.now()}-${sub.id}`, data: { subscriptionId: sub.id, payload: {
        kind: 'announcement', title: pushText(sub.locale).announcement[view.type], body, url: '/', badge: -1, tag: 'cowbell-announcement', actions: [] } } });
    }
  }
  try {
    if (sends.length > 0) await queueSends(sends);
  } catch (e) {
    // Not queued: the next round sees the change again.
    await deps.redis.set(keys.announcementSeen, before);
    throw e;
  }
  return { pushes: sends.length };
}

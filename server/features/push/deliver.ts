import { eq, sql } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import { pathUnderBase } from '../../lib/base-path.ts';
import type { PushError, PushPayload } from './push.schema.ts';
import { sendPush, type DeliveryOptions, type SendOutcome } from './sender.ts';
import { vapidKeys } from './vapid.ts';

export class RetryLater extends Error {
  constructor(readonly error: PushError) {
    super(`push not delivered (${error}); will retry`);
  }
}

/** Push services want a contact: mailto: or an https: URL (a plain-http PUBLIC_URL does not qualify). */
export const pushSubject = (deps: Deps) => deps.env.PUSH_SUBJECT
  ?? (deps.env.PUBLIC_URL.startsWith('https:') ? deps.env.PUBLIC_URL : `mailto:postmaster@${new URL(deps.env.PUBLIC_URL).hostname}`);

/**
 * Sends one payload to one device. A vanished subscription (404/410) is deleted; 429/5xx and network
 * errors throw RetryLater so the queue tries again with backoff; other answers are recorded as the
 * device's lastError, a closed code (the user sees "the push service refused", not what it answered).
 */
export async function deliver(deps: Deps, subscriptionId: number, payload: PushPayload, delivery: DeliveryOptions = {}): Promise<SendOutcome | 'no_device'> {
  const [sub] = await deps.db.select().from(subs).where(eq(subs.id, subscriptionId));
  if (!sub) return 'no_device';
  // Payloads name app paths ("/quarantine/5"); the notification opens them where the app is served.
  // An absolute URL (new mail's webmail link) already says where it goes.
  const url = /^https?:\/\//i.test(payload.url) ? payload.url : pathUnderBase(deps.env, payload.url);
  const { outcome, error } = await sendPush(sub, { ...payload, url },
    { ...delivery, vapid: await vapidKeys(deps.db), subject: pushSubject(deps), localServices: deps.env.PUSH_LOCAL_SERVICES });
  if (outcome === 'sent') await deps.db.update(subs).set({ lastSuccessAt: sql`NOW()`, lastError: null }).where(eq(subs.id, sub.id));
  else if (outcome === 'gone') await deps.db.delete(subs).where(eq(subs.id, sub.id));
  else await deps.db.update(subs).set({ lastError: error }).where(eq(subs.id, sub.id));
  if (outcome === 'retry') throw new RetryLater(error ?? 'unreachable');
  return outcome;
}

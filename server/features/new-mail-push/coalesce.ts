// Mail often comes in bursts (a thread, a Sieve rule copying to two folders); the caller gathers the
// events of a short window and sends one notification that counts them and names the latest.
import { senderLabel } from './addresses.ts';
import type { NewMailEvent } from './rules.ts';

export interface NewMailSummary {
  count: number;
  /** The latest mail's sender as a reader knows it: display name, else address; '' if unknown. */
  sender: string;
  /** The latest mail's subject, trimmed; '' if none. */
  subject: string;
  /** receivedAt of the latest mail (ms). */
  latestAt: number;
}

/** One summary for a burst of events, in any order; null for none. Equal instants: the later in the list is the latest. */
export function coalesce(events: readonly NewMailEvent[]): NewMailSummary | null {
  if (events.length === 0) return null;
  const latest = events.reduce((a, b) => (b.receivedAt >= a.receivedAt ? b : a));
  return { count: events.length, sender: senderLabel(latest.from), subject: latest.subject.trim(), latestAt: latest.receivedAt };
}

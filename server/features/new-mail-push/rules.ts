// Whether one new mail pushes, and why. Pure: the caller brings the event, the user's parsed
// settings and the clock, so every rule can be explained and tested.
//
// The order below is the precedence, first match wins:
//   disabled → already seen → muted (sender, then domain) → folder not chosen → bulk → quiet hours → push.
// The per-user cap comes after all of these, in Redis (push-state.ts), where it is judged atomically
// with taking a place in its window; a VIP counts against it too (a forged VIP From must not flood).
// Mail that arrives already read (a Sieve rule set \Seen, or the user's own copy) never pushes.
// A VIP (by exact address) skips the mute, bulk and quiet-hours steps: someone named as a person
// beats a domain mute and the list heuristics. A VIP does not skip the folder choice (mail that
// Sieve filed away was filed on purpose).
import { domainOf } from '../../mailcow/alias.rules.ts';
import { senderAddress } from './addresses.ts';
import { BULK_KEYWORD } from './new-mail.schema.ts';
import { inQuietHours } from './quiet-hours.ts';
import { canonicalFolder, type NewMailSettings } from './rules.schema.ts';

/** A MessageNew event as Cowbell's Dovecot Lua script reports it (docs/research/new-mail-push.md). */
export interface NewMailEvent {
  user: string;
  /** The folder the mail really went to, after Sieve: "INBOX", "Lists/dev", "Junk". */
  folder: string;
  /** The raw From header: `"Name" <a@b>` or `a@b`. */
  from: string;
  /** Dovecot sends none as nil (JSON null); the route that parses the event makes that ''. */
  subject: string;
  unseen?: number;
  listId?: string;
  precedence?: string;
  rspamdBulk?: boolean;
  /** IMAP system flags at delivery ("\\Seen" when Sieve marked it read). */
  flags?: readonly string[];
  /** IMAP keywords at delivery: BULK_KEYWORD when Cowbell's Sieve script saw List-Id or a bulk Precedence. */
  keywords?: readonly string[];
  /** ms since the epoch. */
  receivedAt: number;
}

export type PushReason = 'vip' | 'allowed';
/** `cap` is push-state.ts's, after these rules. */
export type SkipReason = 'disabled' | 'seen' | 'muted_sender' | 'muted_domain' | 'folder_not_chosen' | 'bulk' | 'quiet_hours' | 'cap';
export type NewMailDecision = { push: true; reason: PushReason } | { push: false; reason: SkipReason };

export interface DecisionContext {
  /** When the push would go out (ms); quiet hours are judged at this instant. */
  now: number;
}

/** Precedence values that mark mail sent to many (RFC 2076; "junk" is what old list servers use). */
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

const bulkKeyword = BULK_KEYWORD.toLowerCase();
/** IMAP compares flags and keywords without regard to case (RFC 3501 2.3.2). */
const has = (list: readonly string[] | undefined, name: string) => (list ?? []).some((f) => f.toLowerCase() === name);

/** List or bulk mail: a List-Id, a bulk Precedence, rspamd's verdict, or the keyword Cowbell's Sieve script sets for them. */
export function isBulk(event: NewMailEvent): boolean {
  return (event.listId?.trim() ?? '') !== ''
    || BULK_PRECEDENCE.has(event.precedence?.trim().toLowerCase() ?? '')
    || event.rspamdBulk === true
    || has(event.keywords, bulkKeyword);
}

/** Settings must come parsed by newMailSettings: its lists are lowercased and INBOX is canonical. */
export function explainNewMail(event: NewMailEvent, settings: NewMailSettings, context: DecisionContext): NewMailDecision {
  if (!settings.enabled) return { push: false, reason: 'disabled' };
  if (has(event.flags, '\\seen')) return { push: false, reason: 'seen' };
  const address = senderAddress(event.from);
  const vip = address !== '' && settings.vip.includes(address);
  if (!vip && address !== '') {
    if (settings.muted.includes(address)) return { push: false, reason: 'muted_sender' };
    if (address.includes('@') && settings.muted.includes(`@${domainOf(address)}`)) return { push: false, reason: 'muted_domain' };
  }
  if (!settings.folders.includes(canonicalFolder(event.folder))) return { push: false, reason: 'folder_not_chosen' };
  if (!vip && isBulk(event)) return { push: false, reason: 'bulk' };
  if (!vip && inQuietHours(settings.quiet, context.now)) return { push: false, reason: 'quiet_hours' };
  return { push: true, reason: vip ? 'vip' : 'allowed' };
}

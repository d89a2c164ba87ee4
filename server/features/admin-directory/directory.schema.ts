import { z } from 'zod';
import type { EffectiveRateLimit } from '../../mailcow/ratelimit.schema.ts';
import { decodeCursor, MAILBOX_SORTS, type MailboxCursor } from './mailbox-cursor.ts';

/**
 * The mailbox list's query. username (primary key) and domain (its index carries the primary key)
 * sort any number of mailboxes; name, quota and used bytes have no index on mailcow's tables (none
 * may be added): within one domain its index narrows the rows to sort, across domains Cowbell's own
 * copy of them is walked along its indexes (server/mailcow/mailbox-sort-copy.ts; bench/admin-mailboxes.ts).
 */
export const mailboxQuerySchema = z.object({
  /** Part of the address or the name. */
  q: z.string().trim().max(200).optional(),
  /** One domain's mailboxes (within the viewer's domains, never beyond). */
  domain: z.string().trim().toLowerCase().max(255).optional(),
  /** mailbox.active: 1 active, 2 login disallowed (mail still arrives), 0 off. */
  state: z.enum(['0', '1', '2']).transform(Number).optional(),
  sort: z.enum(MAILBOX_SORTS).default('username'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  /** Opaque keyset cursor from the previous page's nextCursor; only valid with the same sort and direction. */
  cursor: z.string().max(1200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
}).transform((v, ctx) => {
  if (v.cursor === undefined) return { ...v, after: null as MailboxCursor | null };
  const after = decodeCursor(v.cursor, v.sort, v.dir);
  if (!after) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'Not a cursor of this list, sort and direction.' });
    return z.NEVER;
  }
  return { ...v, after };
});
export type MailboxQuery = z.output<typeof mailboxQuerySchema>;

export type LimitExhausted = 'mailboxes' | 'aliases' | 'quota';

/** What a domain picker needs: cheap at any number of mailboxes. */
export interface DomainName {
  name: string;
  active: boolean;
  /** Alias domains that point at this domain (they are in a domain admin's scope too). */
  aliasDomains: string[];
}

/** A domain with mailcow's statistics: a read of every mailbox row (about 0.5 s of database time at 100,000). */
export interface DomainView extends DomainName {
  description: string;
  /** Mailboxes (not resources) and the domain's maximum. */
  mailboxes: number;
  maxMailboxes: number;
  /** Aliases of the domain and its alias domains (not the mailboxes' own rows), and the maximum. */
  aliases: number;
  maxAliases: number;
  /** Bytes: the mailboxes' quotas together, the domain's quota, a mailbox's maximum and default. */
  quotaAllocated: number;
  quota: number;
  maxQuota: number;
  defQuota: number;
  /** What Dovecot counts in use (quota2), over all the domain's mailboxes. */
  bytes: number;
  messages: number;
  /** What can no longer grow, as mailcow refuses it: no mailbox left, no alias left, no quota left to give. */
  limitsExhausted: LimitExhausted[];
}

export interface LastLogins {
  imap: string | null;
  pop3: string | null;
  smtp: string | null;
  /** SOGo: its single sign-on from the mailcow UI (SSO) or its own password form (SOGO). */
  web: string | null;
}

export interface MailboxView {
  username: string;
  name: string;
  domain: string;
  active: 0 | 1 | 2;
  /** Bytes; 0 is unlimited. */
  quota: number;
  bytes: number;
  messages: number;
  /** sasl_log's latest time per service, as stored ("YYYY-MM-DD HH:MM:SS", server time), or null. */
  lastLogin: LastLogins;
  /** The rate limit rspamd applies: the mailbox's own, else its domain's (mailcow's rl / rl_scope). */
  rateLimit: EffectiveRateLimit | null;
}

export interface MailboxPage {
  items: MailboxView[];
  nextCursor: string | null;
}

export const searchQuerySchema = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(20).default(8) });

export interface SearchHit { kind: 'domain' | 'mailbox' | 'alias'; id: string; label: string }

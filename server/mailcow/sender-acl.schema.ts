import { z } from 'zod';
import { mailboxParam } from './mailbox.schema.ts';

/** mailcow's edit form takes a few dozen at most; a request is bounded all the same. */
export const MAX_SENDER_ACL_ENTRIES = 200;

const entries = z.array(z.string().trim().min(1).max(255)).max(MAX_SENDER_ACL_ENTRIES);

/**
 * Replace-all per kind, as mailcow's edit/mailbox `sender_acl` and `extended_sender_acl`: a kind that
 * is sent replaces all of the user's rows of that kind (`[]` removes them); a kind left out is untouched.
 * internal: hosted addresses (aliases, mailboxes), hosted domains (`example.org` or `@example.org`)
 * and `*` (admins only). external: addresses or domains NOT hosted here.
 */
export const senderAclInput = z.object({
  internal: entries.optional(),
  external: entries.optional(),
}).refine((v) => v.internal !== undefined || v.external !== undefined, 'Nothing to change.');
export type SenderAclInput = z.infer<typeof senderAclInput>;

/** The mailbox whose grants these are (the same parameter as the mailbox routes'). */
export const senderAclParam = mailboxParam;

export interface SenderAclEntry {
  /** As stored: an address, `@domain`, or `*`. */
  value: string;
  kind: 'address' | 'domain' | 'any' | 'invalid';
  /** False for entries someone with more rights set (a domain outside the caller's, `*` for a domain admin): kept on every save. */
  editable: boolean;
}

export interface SenderAclView {
  username: string;
  /** sender_acl rows with external = 0. */
  internal: SenderAclEntry[];
  /** sender_acl rows with external = 1 (addresses and `@domain`s not hosted here). */
  external: string[];
  /** Aliases whose goto lists the user: allowed already (sender_allowed = 1), or blocked unless granted here. */
  fixedAliases: { allowed: string[]; blocked: string[] };
  /** Hosted domains the caller may still grant. */
  selectableDomains: string[];
  /** Only admins may grant `*`. */
  mayGrantAny: boolean;
  /** External entries need the ACL extend_sender_acl (admins always). */
  mayEditExternal: boolean;
}

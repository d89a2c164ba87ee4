// Requests for mailcow's add/edit/delete mailbox (reference 1.1, 1.2), shared by the admin routes,
// the client's forms and a later CSV import (which turns each row into a CreateMailboxInput).
import { z } from 'zod';
import { normaliseAddress, normaliseDomain } from '../lib/mailcow/addresses.ts';
import { rateLimitInput } from './ratelimit.schema.ts';

/** mailcow's $TAGGING_LIMIT. */
export const MAX_TAGS = 25;
export const QUARANTINE_NOTIFICATIONS = ['never', 'hourly', 'daily', 'weekly'] as const;
export const QUARANTINE_CATEGORIES = ['reject', 'add_header', 'all'] as const;
export const PROTOCOLS = ['imap', 'pop3', 'smtp', 'sieve', 'eas', 'dav'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** 0 off, 1 on, 2 "disallow login, keep receiving" (reference 10.1). */
const active = z.union([z.literal(0), z.literal(1), z.literal(2)]);
/** MiB, as mailcow's API and UI take it; 0 is unlimited (da_acl unlimited_quota). */
const quota = z.number().int().min(0).max(8796093022207);
/** mailcow strips a leading `<` and a trailing `>` (ltrim/rtrim), the way it is pasted from a From line. */
const name = z.string().max(255).transform((v) => v.trim().replace(/^<+/, '').replace(/>+$/, '').trim());
const password = z.string().max(255);
const protocolAccess = z.object(Object.fromEntries(PROTOCOLS.map((p) => [p, z.boolean().optional()])) as Record<Protocol, z.ZodOptional<z.ZodBoolean>>);
const tags = z.array(z.string().trim().min(1).max(255)).max(MAX_TAGS).transform((list) => [...new Set(list)]);

const settings = {
  name: name.optional(),
  quota: quota.optional(),
  /** The same again, as mailcow's password2; when left out the password counts as confirmed. */
  password2: password.optional(),
  active: active.optional(),
  forcePwUpdate: z.boolean().optional(),
  forceTfa: z.boolean().optional(),
  tlsEnforceIn: z.boolean().optional(),
  tlsEnforceOut: z.boolean().optional(),
  sogoAccess: z.boolean().optional(),
  protocolAccess: protocolAccess.optional(),
  quarantineNotification: z.enum(QUARANTINE_NOTIFICATIONS).optional(),
  quarantineCategory: z.enum(QUARANTINE_CATEGORIES).optional(),
  tags: tags.optional(),
};

/**
 * A new mailbox. `password` empty or left out: Cowbell generates one and returns it once. A value
 * in `{SCHEME}…` form is stored as it is (reference 2). The address is checked here, field by field,
 * and arrives in the service as `username` in stored form (lowercase, punycode domain).
 */
export const createMailboxInput = z.object({
  localPart: z.string().trim().min(1).max(64),
  domain: z.string().trim().min(1).max(255),
  password: password.optional(),
  ...settings,
  /** mailcow's add/mailbox rl_value/rl_frame: the new mailbox's own rate limit (needs the ratelimit ACL). */
  rateLimit: rateLimitInput.optional(),
}).transform((v, ctx) => {
  const domain = normaliseDomain(v.domain);
  if (!domain) {
    ctx.addIssue({ code: 'custom', path: ['domain'], message: 'Not a domain name.' });
    return z.NEVER;
  }
  const username = normaliseAddress(`${v.localPart}@${domain}`);
  if (!username) {
    ctx.addIssue({ code: 'custom', path: ['localPart'], message: 'Not a valid local part of an address.' });
    return z.NEVER;
  }
  return { ...v, domain, localPart: username.slice(0, username.lastIndexOf('@')), username };
});
export type CreateMailboxInput = z.input<typeof createMailboxInput>;
export type NewMailboxRequest = z.output<typeof createMailboxInput>;

/** What to change; what is left out stays as it is. `tags` replaces the mailbox's tags. */
export const editMailboxInput = z.object({ password: password.min(1).optional(), ...settings })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');
export type EditMailboxInput = z.input<typeof editMailboxInput>;

/** The settings one change may set on many mailboxes at once; names, passwords and tags are per mailbox. */
const { name: _name, password2: _password2, tags: _tags, ...shared } = settings;
export const BULK_EDIT_MAX = 500;
export const bulkEditMailboxesInput = z.strictObject({
  usernames: z.array(z.string().max(255)).min(1).max(BULK_EDIT_MAX),
  patch: z.strictObject(shared).refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.'),
});
export type BulkEditMailboxesInput = z.input<typeof bulkEditMailboxesInput>;
export type BulkEditOutcome = { username: string; ok: true } | { username: string; ok: false; code: string; message: string };

export const mailboxParam = z.object({
  username: z.string().max(255).transform((v, ctx) => {
    const address = normaliseAddress(v);
    if (address) return address;
    ctx.addIssue({ code: 'custom', message: 'Not a mailbox address.' });
    return z.NEVER;
  }),
});

export interface MailboxView {
  username: string;
  localPart: string;
  domain: string;
  name: string;
  /** MiB; 0 is unlimited. */
  quota: number;
  active: 0 | 1 | 2;
  forcePwUpdate: boolean;
  forceTfa: boolean;
  tlsEnforceIn: boolean;
  tlsEnforceOut: boolean;
  sogoAccess: boolean;
  protocolAccess: Record<Protocol, boolean>;
  quarantineNotification: (typeof QUARANTINE_NOTIFICATIONS)[number];
  quarantineCategory: (typeof QUARANTINE_CATEGORIES)[number];
  tags: string[];
}

/** A created mailbox; `generatedPassword` only when Cowbell made the password (shown once, never stored in clear). */
export interface CreatedMailbox { mailbox: MailboxView; generatedPassword?: string }
